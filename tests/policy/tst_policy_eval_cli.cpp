// mandatectl policy eval as scripts use it: the built binary reads JSON Lines shaped like
// cedar-wasm's isAuthorized input and answers one line per request.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {

struct Run
{
    int code = -1;
    QList<QJsonObject> lines;
    QString err;
    bool allJson = true;
};

Run mandatectl(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(MANDATE_BIN_DIR "/mandatectl"), arguments);
    Run run;
    if (!process.waitForStarted()) {
        run.err = QStringLiteral("mandatectl did not start");
        return run;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.err = QStringLiteral("mandatectl did not finish");
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.err = QString::fromUtf8(process.readAllStandardError());
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        run.allJson = run.allJson && doc.isObject();
        run.lines << doc.object();
    }
    return run;
}

QString data(const char *name)
{
    return QStringLiteral(MANDATE_POLICY_TEST_DATA "/") + QLatin1StringView(name);
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out << item.toString();
    out.sort();
    return out;
}

QStringList errorIds(const QJsonObject &answer)
{
    QStringList out;
    for (const QJsonValue &e : answer.value(u"errors").toArray())
        out << e.toObject().value(u"policyId").toString();
    return out;
}

} // namespace

class TestPolicyEvalCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void answersEachLine();
    void readsStandardInput();
    void badLinesAreReportedAndSkipped();
    void missingInput();
    void unreadableFile();
};

void TestPolicyEvalCli::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(MANDATE_BIN_DIR "/mandatectl")),
             MANDATE_BIN_DIR "/mandatectl");
}

void TestPolicyEvalCli::answersEachLine()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("eval"),
                                QStringLiteral("--input"), data("eval-good.jsonl")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QVERIFY(run.allJson);
    QCOMPARE(run.lines.size(), 4);

    // A permit and a linked template both determine the first decision.
    QCOMPARE(run.lines[0].value(u"decision").toString(), QStringLiteral("allow"));
    QCOMPARE(strings(run.lines[0].value(u"reason")),
             (QStringList{QStringLiteral("alice-plan"), QStringLiteral("policy0")}));
    QVERIFY(run.lines[0].value(u"errors").toArray().isEmpty());

    // Forbid wins over the staff permit; the reason is the forbid.
    QCOMPARE(run.lines[1].value(u"decision").toString(), QStringLiteral("deny"));
    QCOMPARE(strings(run.lines[1].value(u"reason")), QStringList{QStringLiteral("policy1")});

    // A missing attribute is an error of that policy, not of the request.
    QCOMPARE(run.lines[2].value(u"decision").toString(), QStringLiteral("deny"));
    QVERIFY(run.lines[2].value(u"reason").toArray().isEmpty());
    QCOMPARE(errorIds(run.lines[2]), QStringList{QStringLiteral("policy2")});
    QVERIFY(run.lines[2]
                    .value(u"errors")
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(u"message")
                    .toString()
                    .contains(u"level"));

    // Extension values in the context (ip, datetime) as __extn escapes.
    QCOMPARE(run.lines[3].value(u"decision").toString(), QStringLiteral("allow"));
    QCOMPARE(strings(run.lines[3].value(u"reason")),
             (QStringList{QStringLiteral("alice-plan"), QStringLiteral("policy3")}));
}

void TestPolicyEvalCli::readsStandardInput()
{
    QFile file(data("eval-good.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("eval"),
                                QStringLiteral("--input"), QStringLiteral("-")},
                               file.readAll());
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.lines.size(), 4);
    QCOMPARE(run.lines[1].value(u"decision").toString(), QStringLiteral("deny"));
}

void TestPolicyEvalCli::badLinesAreReportedAndSkipped()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("eval"),
                                QStringLiteral("--input"), data("eval-mixed.jsonl")});
    QCOMPARE(run.code, 1);
    QVERIFY(run.allJson);
    // Six lines, one blank: five answers, in order.
    QCOMPARE(run.lines.size(), 5);
    QCOMPARE(run.lines[0].value(u"decision").toString(), QStringLiteral("allow"));

    QCOMPARE(run.lines[1].value(u"line").toInt(), 2);
    QVERIFY(run.lines[1].value(u"error").toString().contains(u"not JSON"));
    QVERIFY(!run.lines[1].contains(u"decision"));

    QCOMPARE(run.lines[2].value(u"line").toInt(), 3);
    const QString policyError = run.lines[2].value(u"error").toString();
    QVERIFY2(policyError.contains(u"staticPolicies") && policyError.contains(u"line 1"),
             qPrintable(policyError));

    QCOMPARE(run.lines[3].value(u"decision").toString(), QStringLiteral("deny"));
    QCOMPARE(strings(run.lines[3].value(u"reason")), QStringList{QStringLiteral("policy1")});

    QCOMPARE(run.lines[4].value(u"line").toInt(), 6);
    QVERIFY(run.lines[4].value(u"error").toString().contains(u"template"));
    QVERIFY(run.err.contains(u"3 lines"));
}

void TestPolicyEvalCli::missingInput()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("eval")});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(u"--input"));
}

void TestPolicyEvalCli::unreadableFile()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("eval"),
                                QStringLiteral("--input"), data("no-such-file.jsonl")});
    QCOMPARE(run.code, 1);
    QVERIFY(run.lines.isEmpty());
    QVERIFY(run.err.contains(u"no-such-file.jsonl"));
}

QTEST_GUILESS_MAIN(TestPolicyEvalCli)
#include "tst_policy_eval_cli.moc"
