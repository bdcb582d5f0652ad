// mandatectl as scripts use it: the built binary, its JSON and its exit codes.

#include "store/SqliteStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mandate;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QString err;
};

Run mandatectl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MANDATE_BIN_DIR "/mandatectl"), arguments);
    Run run;
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("mandatectl did not finish");
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

QJsonArray jsonArray(const Run &run)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        qWarning() << "not a JSON array:" << error.errorString() << run.out.left(200);
    return doc.array();
}

QJsonObject jsonObject(const Run &run)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        qWarning() << "not a JSON object:" << error.errorString() << run.out.left(200);
    return doc.object();
}

} // namespace

class TestMandatectl final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void version();
    void usageErrors();
    void agentsList();
    void agentsListLimit();
    void agentsListFilter();
    void humansListByRole();
    void humansListBadRole();
    void auditVerifyIntact();
    void demoRefusesExistingStore();
    void missingFile();
    void notAStore();
    void auditVerifyNamesTamperedEvent(); // last: it breaks the store

private:
    QTemporaryDir m_dir;
    QString m_db;
    QJsonObject m_demo;
};

void TestMandatectl::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(MANDATE_BIN_DIR "/mandatectl")),
             MANDATE_BIN_DIR "/mandatectl");
    m_db = m_dir.filePath(QStringLiteral("demo.mandate"));
    const Run run = mandatectl({QStringLiteral("demo"), QStringLiteral("--db"), m_db,
                                QStringLiteral("--agents"), QStringLiteral("300"),
                                QStringLiteral("--seed"), QStringLiteral("3"),
                                QStringLiteral("--now"), QStringLiteral("2026-03-02T09:30:00Z")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QLatin1StringView("%]")), "progress goes to standard error");
    m_demo = jsonObject(run);
    QCOMPARE(m_demo.value(QLatin1StringView("agents")).toInt(), 300);
    QVERIFY(m_demo.value(QLatin1StringView("humans")).toInt() >= 20);
    QVERIFY(m_demo.value(QLatin1StringView("sessions")).toInt() > 0);
    QVERIFY(m_demo.value(QLatin1StringView("decisions")).toInt() > 0);
    QVERIFY(m_demo.value(QLatin1StringView("audit_events")).toInt() > 0);
    QCOMPARE(m_demo.value(QLatin1StringView("audit_head")).toString().size(), 64);
    QCOMPARE(m_demo.value(QLatin1StringView("now")).toString(),
             QStringLiteral("2026-03-02T09:30:00.000Z"));
}

void TestMandatectl::version()
{
    const Run run = mandatectl({QStringLiteral("version")});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonObject(run).value(QLatin1StringView("mandatectl")).toString(),
             QStringLiteral(MANDATE_VERSION));
    QCOMPARE(mandatectl({QStringLiteral("--help")}).code, 0);
    QCOMPARE(
            mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--help")})
                    .code,
            0);
}

void TestMandatectl::usageErrors()
{
    QCOMPARE(mandatectl({}).code, 2);
    QCOMPARE(mandatectl({QStringLiteral("frobnicate")}).code, 2);
    QCOMPARE(mandatectl({QStringLiteral("agents")}).code, 2);
    QCOMPARE(mandatectl({QStringLiteral("agents"), QStringLiteral("list")}).code, 2); // no --db
    QCOMPARE(mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"),
                         m_db, QStringLiteral("--limit"), QStringLiteral("zero")})
                     .code,
             2);
    QCOMPARE(mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"),
                         m_db, QStringLiteral("--colour")})
                     .code,
             2);
    const Run tooMany = mandatectl({QStringLiteral("demo"), QStringLiteral("--db"),
                                    m_dir.filePath(QStringLiteral("big.mandate")),
                                    QStringLiteral("--agents"), QStringLiteral("5000001")});
    QCOMPARE(tooMany.code, 2);
    QVERIFY(tooMany.err.contains(QLatin1StringView("5000000")));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("big.mandate"))));
}

void TestMandatectl::agentsList()
{
    const Run run = mandatectl(
            {QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"), m_db});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonArray agents = jsonArray(run);
    QCOMPARE(agents.size(), 100); // the default limit
    QString previous;
    for (const QJsonValue &value : agents) {
        const QJsonObject a = value.toObject();
        for (const char *field : {"id", "name", "owner", "owner_id", "status", "risk", "model"})
            QVERIFY2(!a.value(QLatin1StringView(field)).toString().isEmpty(), field);
        QVERIFY(a.value(QLatin1StringView("id")).toString().startsWith(QLatin1StringView("agt_")));
        QVERIFY(a.value(QLatin1StringView("owner_id"))
                        .toString()
                        .startsWith(QLatin1StringView("hum_")));
        QVERIFY(a.value(QLatin1StringView("ceiling")).isArray());
        QVERIFY(!a.value(QLatin1StringView("ceiling")).toArray().isEmpty());
        const QString name = a.value(QLatin1StringView("name")).toString();
        QVERIFY2(QString::compare(previous, name, Qt::CaseInsensitive) <= 0, qPrintable(name));
        previous = name;
    }
}

void TestMandatectl::agentsListLimit()
{
    const Run seven =
            mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--limit"), QStringLiteral("7")});
    QCOMPARE(seven.code, 0);
    QCOMPARE(jsonArray(seven).size(), 7);
    const Run all =
            mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--limit"), QStringLiteral("100000")});
    QCOMPARE(all.code, 0);
    QCOMPARE(jsonArray(all).size(), 300);
}

void TestMandatectl::agentsListFilter()
{
    const Run all =
            mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--limit"), QStringLiteral("1000")});
    const QJsonArray agents = jsonArray(all);
    QCOMPARE(agents.size(), 300);
    // Filter by the owner of the first agent: a word every match must carry somewhere.
    const QJsonObject first = agents.first().toObject();
    const QString owner = first.value(QLatin1StringView("owner")).toString();
    const Run filtered = mandatectl({QStringLiteral("agents"), QStringLiteral("list"),
                                     QStringLiteral("--db"), m_db, QStringLiteral("--limit"),
                                     QStringLiteral("1000"), QStringLiteral("--filter"), owner});
    QVERIFY2(filtered.code == 0, qPrintable(filtered.err));
    const QJsonArray matches = jsonArray(filtered);
    QVERIFY(!matches.isEmpty());
    QVERIFY(matches.size() < agents.size());
    bool foundFirst = false;
    for (const QJsonValue &value : matches)
        foundFirst = foundFirst
                     || value.toObject().value(QLatin1StringView("id"))
                                == first.value(QLatin1StringView("id"));
    QVERIFY(foundFirst);

    const Run none =
            mandatectl({QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--filter"), QStringLiteral("zzzqqqxxx")});
    QCOMPARE(none.code, 0);
    QVERIFY(jsonArray(none).isEmpty());
    QVERIFY(QJsonDocument::fromJson(none.out).isArray());
}

void TestMandatectl::humansListByRole()
{
    const Run run =
            mandatectl({QStringLiteral("humans"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--role"), QStringLiteral("approver")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonArray humans = jsonArray(run);
    QVERIFY(humans.size() >= 3);
    for (const QJsonValue &value : humans) {
        const QJsonObject h = value.toObject();
        for (const char *field : {"id", "name", "email", "department", "status"})
            QVERIFY2(!h.value(QLatin1StringView(field)).toString().isEmpty(), field);
        QVERIFY(h.value(QLatin1StringView("roles"))
                        .toArray()
                        .contains(QJsonValue(QStringLiteral("approver"))));
    }
    const Run everyone =
            mandatectl({QStringLiteral("humans"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--limit"), QStringLiteral("5")});
    QCOMPARE(everyone.code, 0);
    QCOMPARE(jsonArray(everyone).size(), 5);
}

void TestMandatectl::humansListBadRole()
{
    const Run run =
            mandatectl({QStringLiteral("humans"), QStringLiteral("list"), QStringLiteral("--db"),
                        m_db, QStringLiteral("--role"), QStringLiteral("wizard")});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(QLatin1StringView("iam-admin")));
    QVERIFY(run.err.contains(QLatin1StringView("approver")));
    QVERIFY(run.err.contains(QLatin1StringView("auditor")));
    QVERIFY(run.out.isEmpty());
}

void TestMandatectl::auditVerifyIntact()
{
    const Run run = mandatectl(
            {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), m_db});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject result = jsonObject(run);
    QCOMPARE(result.value(QLatin1StringView("intact")).toBool(), true);
    const qint64 events = result.value(QLatin1StringView("events")).toInteger();
    QCOMPARE(events, m_demo.value(QLatin1StringView("audit_events")).toInteger());
    const QJsonObject head = result.value(QLatin1StringView("head")).toObject();
    QCOMPARE(head.value(QLatin1StringView("seq")).toInteger(), events);
    QCOMPARE(head.value(QLatin1StringView("hash")).toString(),
             m_demo.value(QLatin1StringView("audit_head")).toString());
}

void TestMandatectl::demoRefusesExistingStore()
{
    const QByteArray before = fileDigest(m_db);
    const Run run = mandatectl({QStringLiteral("demo"), QStringLiteral("--db"), m_db,
                                QStringLiteral("--agents"), QStringLiteral("10")});
    QCOMPARE(run.code, 1);
    QVERIFY(run.err.contains(QLatin1StringView("not empty")));
    QVERIFY(run.out.isEmpty());
    QCOMPARE(fileDigest(m_db), before);
}

void TestMandatectl::missingFile()
{
    const QString missing = m_dir.filePath(QStringLiteral("missing.mandate"));
    for (const QStringList &command :
         {QStringList{QStringLiteral("agents"), QStringLiteral("list")},
          QStringList{QStringLiteral("humans"), QStringLiteral("list")},
          QStringList{QStringLiteral("audit"), QStringLiteral("verify")}}) {
        const Run run = mandatectl(command + QStringList{QStringLiteral("--db"), missing});
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains(QLatin1StringView("There is no Mandate store")),
                 qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
        QVERIFY2(!QFile::exists(missing), "a missing store is never created by accident");
    }
}

void TestMandatectl::notAStore()
{
    const QString text = m_dir.filePath(QStringLiteral("readme.txt"));
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("This is not a database, it is a text file long enough to have a header of a "
                "hundred bytes. "
                "Lorem ipsum dolor sit amet.\n");
    }
    const QByteArray before = fileDigest(text);
    const Run run = mandatectl(
            {QStringLiteral("agents"), QStringLiteral("list"), QStringLiteral("--db"), text});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(QLatin1StringView("not an SQLite database")), qPrintable(run.err));
    QCOMPARE(fileDigest(text), before);
}

void TestMandatectl::auditVerifyNamesTamperedEvent()
{
    {
        auto opened = SqliteStore::open(m_db, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(opened);
        SqliteStore &store = **opened;
        QVERIFY(store.execForTest(QStringLiteral("DROP TRIGGER audit_events_no_update")));
        QVERIFY(store.execForTest(QStringLiteral("DROP TRIGGER audit_events_no_delete")));
        QVERIFY(store.execForTest(QStringLiteral(
                "UPDATE audit_events SET resource = 'Payment::\"pay_1\"' WHERE seq = 42")));
    }
    const Run run = mandatectl(
            {QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), m_db});
    QCOMPARE(run.code, 1);
    const QJsonObject result = jsonObject(run);
    QCOMPARE(result.value(QLatin1StringView("intact")).toBool(), false);
    QCOMPARE(result.value(QLatin1StringView("first_broken_seq")).toInteger(), 42);
    QVERIFY(!result.value(QLatin1StringView("problem")).toString().isEmpty());
    QCOMPARE(result.value(QLatin1StringView("events_checked")).toInteger(), 41);
    QVERIFY2(run.err.contains(QLatin1StringView("42")), qPrintable(run.err));
    QCOMPARE(run.err.count(u'\n'), 1); // one line for people
}

QTEST_GUILESS_MAIN(TestMandatectl)
#include "tst_mandatectl.moc"
