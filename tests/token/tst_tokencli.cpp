// mandatectl's credential commands as scripts use them: the built binary, its JSON and exit
// codes, from token start to revocation.

#include "TestStores.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryFile>

using namespace mandate;
using namespace mandate::test;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QString err;

    QJsonObject object() const { return QJsonDocument::fromJson(out).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(out).array(); }
};

Run mandatectl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MANDATE_BIN_DIR "/mandatectl"), arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestTokenCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startExchangeIntrospectRevoke()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human alice = f.human(QStringLiteral("Alice Martin"));
        const Agent planner = f.agent(QStringLiteral("Planner"), alice, QStringLiteral("invoices:read mail:send"));
        const Agent worker = f.agent(QStringLiteral("Worker"), alice, QStringLiteral("invoices:read mail:send"));
        const QString db = f.path;
        f.engine.reset();
        f.store.reset();

        const Run started = mandatectl({QStringLiteral("token"), QStringLiteral("start"), QStringLiteral("--db"), db,
                                        QStringLiteral("--agent"), planner.id, QStringLiteral("--human"), alice.id,
                                        QStringLiteral("--task"), QStringLiteral("Reconcile November"),
                                        QStringLiteral("--scopes"), QStringLiteral("invoices:read mail:send"),
                                        QStringLiteral("--ttl"), QStringLiteral("600")});
        QVERIFY2(started.code == 0, qPrintable(started.err));
        const QJsonObject root = started.object();
        for (const char *key : {"session", "token", "expires_at", "scopes"})
            QVERIFY2(root.contains(QLatin1StringView(key)), key);
        QCOMPARE(root.value(QStringLiteral("scopes")).toArray().size(), 2);
        const QString rootToken = root.value(QStringLiteral("token")).toString();

        // Asking for more than the agent may hold: exit 1, the scope named.
        const Run beyond = mandatectl({QStringLiteral("token"), QStringLiteral("start"), QStringLiteral("--db"), db,
                                       QStringLiteral("--agent"), planner.id, QStringLiteral("--human"), alice.id,
                                       QStringLiteral("--task"), QStringLiteral("x"), QStringLiteral("--scopes"),
                                       QStringLiteral("payments:refund")});
        QCOMPARE(beyond.code, 1);
        QVERIFY(beyond.err.contains(QStringLiteral("payments:refund")));

        const Run exchanged = mandatectl({QStringLiteral("token"), QStringLiteral("exchange"), QStringLiteral("--db"), db,
                                          QStringLiteral("--subject-token"), rootToken, QStringLiteral("--actor"),
                                          worker.id, QStringLiteral("--scopes"), QStringLiteral("invoices:read")});
        QVERIFY2(exchanged.code == 0, qPrintable(exchanged.err));
        const QJsonObject child = exchanged.object();
        const QString childToken = child.value(QStringLiteral("token")).toString();
        QCOMPARE(child.value(QStringLiteral("scopes")).toArray(), QJsonArray{QStringLiteral("invoices:read")});

        const Run more = mandatectl({QStringLiteral("token"), QStringLiteral("exchange"), QStringLiteral("--db"), db,
                                     QStringLiteral("--subject-token"), childToken, QStringLiteral("--actor"), worker.id,
                                     QStringLiteral("--scopes"), QStringLiteral("invoices:read mail:send")});
        QCOMPARE(more.code, 1);
        QCOMPARE(more.object().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_scope"));
        QVERIFY(more.object().value(QStringLiteral("error_description")).toString().contains(QStringLiteral("mail:send")));

        const Run introspected = mandatectl({QStringLiteral("token"), QStringLiteral("introspect"),
                                             QStringLiteral("--db"), db, childToken});
        QVERIFY2(introspected.code == 0, qPrintable(introspected.err));
        const QJsonObject answer = introspected.object();
        QCOMPARE(answer.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(answer.value(QStringLiteral("sid")).toString(), child.value(QStringLiteral("session")).toString());
        QCOMPARE(answer.value(QStringLiteral("client_id")).toString(), worker.id);
        QVERIFY(answer.value(QStringLiteral("act")).isObject());

        const Run sessions = mandatectl({QStringLiteral("sessions"), QStringLiteral("list"), QStringLiteral("--db"), db,
                                         QStringLiteral("--active")});
        QCOMPARE(sessions.code, 0);
        QCOMPARE(sessions.array().size(), 2);
        for (const char *key : {"id", "agent", "human", "parent", "depth", "scopes", "status", "issued_at", "expires_at"})
            QVERIFY2(sessions.array().at(0).toObject().contains(QLatin1StringView(key)), key);

        const QStringList revokeRoot{QStringLiteral("revoke"), QStringLiteral("--db"), db, QStringLiteral("--session"),
                                     root.value(QStringLiteral("session")).toString()};
        const Run dry = mandatectl(revokeRoot + QStringList{QStringLiteral("--dry-run")});
        QVERIFY2(dry.code == 0, qPrintable(dry.err));
        const QJsonObject dryCounts = dry.object().value(QStringLiteral("counts")).toObject();
        QCOMPARE(dryCounts.value(QStringLiteral("sessions")).toInt(), 2);
        QCOMPARE(dryCounts.value(QStringLiteral("sub_agent_sessions")).toInt(), 1);
        QCOMPARE(dryCounts.value(QStringLiteral("tokens")).toInt(), 2);
        QCOMPARE(dry.object().value(QStringLiteral("dry_run")).toBool(), true);
        QCOMPARE(mandatectl({QStringLiteral("token"), QStringLiteral("introspect"), QStringLiteral("--db"), db, childToken}).code, 0);

        const Run revoked = mandatectl(revokeRoot);
        QVERIFY2(revoked.code == 0, qPrintable(revoked.err));
        QCOMPARE(revoked.object().value(QStringLiteral("counts")).toObject(), dryCounts);
        QCOMPARE(revoked.object().value(QStringLiteral("dry_run")).toBool(), false);

        const Run after = mandatectl({QStringLiteral("token"), QStringLiteral("introspect"), QStringLiteral("--db"), db, childToken});
        QCOMPARE(after.code, 1);
        QCOMPARE(after.object(), (QJsonObject{{QStringLiteral("active"), false}}));
        QVERIFY(after.err.contains(QStringLiteral("revoked")));

        const Run jwks = mandatectl({QStringLiteral("jwks"), QStringLiteral("--db"), db});
        QCOMPARE(jwks.code, 0);
        const QJsonArray keys = jwks.object().value(QStringLiteral("keys")).toArray();
        QCOMPARE(keys.size(), 1);
        QVERIFY(!keys.at(0).toObject().contains(QStringLiteral("d")));

        // The audit chain holds every step and is intact.
        const Run audit = mandatectl({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
        QVERIFY2(audit.code == 0, qPrintable(audit.err));
    }

    void keysMayActAndAudiences()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human alice = f.human(QStringLiteral("Alice Martin"));
        const Agent planner = f.agent(QStringLiteral("Planner"), alice, QStringLiteral("invoices:read"), {});
        const Agent worker = f.agent(QStringLiteral("Worker"), alice, QStringLiteral("invoices:read"), {});
        const QString db = f.path;
        f.engine.reset();
        f.store.reset();
        auto startRoot = [&] {
            return mandatectl({QStringLiteral("token"), QStringLiteral("start"), QStringLiteral("--db"), db,
                               QStringLiteral("--agent"), planner.id, QStringLiteral("--human"), alice.id,
                               QStringLiteral("--task"), QStringLiteral("Reconcile"), QStringLiteral("--scopes"),
                               QStringLiteral("invoices:read")});
        };
        const Run first = startRoot();
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const QString firstToken = first.object().value(QStringLiteral("token")).toString();
        const QStringList exchange{QStringLiteral("token"), QStringLiteral("exchange"), QStringLiteral("--db"), db,
                                   QStringLiteral("--subject-token"), firstToken, QStringLiteral("--actor"), worker.id};

        // may_act: the planner names no one yet, so the worker is refused; then it is allowed.
        const Run refused = mandatectl(exchange);
        QCOMPARE(refused.code, 1);
        QCOMPARE(refused.object().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        const Run set = mandatectl({QStringLiteral("agents"), QStringLiteral("may-act"), QStringLiteral("--db"), db,
                                    QStringLiteral("--agent"), planner.id, QStringLiteral("--set"), worker.id});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        QCOMPARE(set.object().value(QStringLiteral("may_act")).toArray(), QJsonArray{worker.id});
        QCOMPARE(mandatectl({QStringLiteral("agents"), QStringLiteral("may-act"), QStringLiteral("--db"), db,
                             QStringLiteral("--agent"), planner.id, QStringLiteral("--set"), QStringLiteral("agt_nobody")})
                     .code,
                 1);
        QCOMPARE(mandatectl(exchange).code, 0);

        // An audience this issuer does not serve: invalid_target, nothing issued.
        const Run target = mandatectl(exchange + QStringList{QStringLiteral("--audience"), QStringLiteral("https://elsewhere.example")});
        QCOMPARE(target.code, 1);
        QCOMPARE(target.object().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_target"));

        // Rotation to EdDSA: the old token stays active, the new one is EdDSA, both keys published.
        const Run rotated = mandatectl({QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--db"), db,
                                        QStringLiteral("--alg"), QStringLiteral("EdDSA")});
        QVERIFY2(rotated.code == 0, qPrintable(rotated.err));
        QCOMPARE(rotated.object().value(QStringLiteral("alg")).toString(), QStringLiteral("EdDSA"));
        QVERIFY(!rotated.object().value(QStringLiteral("previous")).toString().isEmpty());
        QCOMPARE(rotated.object().value(QStringLiteral("jwks")).toObject().value(QStringLiteral("keys")).toArray().size(), 2);
        const Run second = startRoot();
        QVERIFY2(second.code == 0, qPrintable(second.err));
        const QString secondToken = second.object().value(QStringLiteral("token")).toString();
        const QJsonObject header = QJsonDocument::fromJson(
                QByteArray::fromBase64(secondToken.section(u'.', 0, 0).toLatin1(),
                                       QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)).object();
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("EdDSA"));
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), rotated.object().value(QStringLiteral("kid")).toString());
        for (const QString &token : {firstToken, secondToken})
            QCOMPARE(mandatectl({QStringLiteral("token"), QStringLiteral("introspect"), QStringLiteral("--db"), db, token}).code, 0);
        QCOMPARE(mandatectl({QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("--db"), db,
                             QStringLiteral("--alg"), QStringLiteral("HS256")}).code,
                 2);
        const Run audit = mandatectl({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
        QVERIFY2(audit.code == 0, qPrintable(audit.err));
    }

    void policiesFromTheCommandLine()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human alice = f.human(QStringLiteral("Alice Martin"));
        const Agent clerk = f.agent(QStringLiteral("Invoice Clerk"), alice, QStringLiteral("invoices:read invoices:approve"));
        const QString db = f.path;
        f.engine.reset();
        f.store.reset();
        const QString policies = QStringLiteral(MANDATE_TEST_DATA "/policies/mandate-small.cedar");

        // A set that does not validate against Mandate's schema is refused, with where.
        QTemporaryFile bad;
        QVERIFY(bad.open());
        bad.write("permit(principal, action == Action::\"teleport\", resource);");
        bad.close();
        const Run refused = mandatectl({QStringLiteral("policy"), QStringLiteral("publish"), QStringLiteral("--db"), db,
                                        QStringLiteral("--policies"), bad.fileName()});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("policy0 (line 1, column 1)")), qPrintable(refused.err));

        const Run published = mandatectl({QStringLiteral("policy"), QStringLiteral("publish"), QStringLiteral("--db"), db,
                                          QStringLiteral("--policies"), policies, QStringLiteral("--comment"),
                                          QStringLiteral("invoices")});
        QVERIFY2(published.code == 0, qPrintable(published.err));
        QCOMPARE(published.object().value(QStringLiteral("version")).toInt(), 1);

        const Run started = mandatectl({QStringLiteral("token"), QStringLiteral("start"), QStringLiteral("--db"), db,
                                        QStringLiteral("--agent"), clerk.id, QStringLiteral("--human"), alice.id,
                                        QStringLiteral("--task"), QStringLiteral("Approve"), QStringLiteral("--scopes"),
                                        QStringLiteral("invoices:approve")});
        QVERIFY2(started.code == 0, qPrintable(started.err));
        const QString token = started.object().value(QStringLiteral("token")).toString();
        const QStringList ask{QStringLiteral("authorize"), QStringLiteral("--db"), db, QStringLiteral("--token"), token,
                              QStringLiteral("--action"), QStringLiteral("invoices:approve"), QStringLiteral("--resource"),
                              QStringLiteral("Invoice::\"inv_7\"")};
        const Run small = mandatectl(ask + QStringList{QStringLiteral("--context"), QStringLiteral("{\"amount\": 80}")});
        QVERIFY2(small.code == 0, qPrintable(small.err));
        QCOMPARE(small.object().value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        QCOMPARE(small.object().value(QStringLiteral("policies")).toArray(), QJsonArray{QStringLiteral("approve-small-invoices")});
        const Run large = mandatectl(ask + QStringList{QStringLiteral("--context"), QStringLiteral("{\"amount\": 900}")});
        QCOMPARE(large.code, 1);
        QCOMPARE(large.object().value(QStringLiteral("decision")).toString(), QStringLiteral("step_up"));
        QVERIFY(!large.object().value(QStringLiteral("step_up_request")).toString().isEmpty());
        QCOMPARE(mandatectl(ask + QStringList{QStringLiteral("--context"), QStringLiteral("[1]")}).code, 2);

        const Run whatIf = mandatectl({QStringLiteral("policy"), QStringLiteral("whatif"), QStringLiteral("--db"), db,
                                       QStringLiteral("--policies"), bad.fileName(), QStringLiteral("--agent"), clerk.id,
                                       QStringLiteral("--human"), alice.id, QStringLiteral("--action"),
                                       QStringLiteral("invoices:approve"), QStringLiteral("--resource"),
                                       QStringLiteral("Invoice::\"inv_7\"")});
        QCOMPARE(whatIf.code, 1); // the draft does not validate

        // Replay against a draft that permits nothing: both recorded decisions would change.
        QTemporaryFile empty;
        QVERIFY(empty.open());
        empty.write("forbid(principal, action, resource);");
        empty.close();
        const Run replayed = mandatectl({QStringLiteral("policy"), QStringLiteral("replay"), QStringLiteral("--db"), db,
                                         QStringLiteral("--policies"), empty.fileName()});
        QVERIFY2(replayed.code == 0, qPrintable(replayed.err));
        QCOMPARE(replayed.object().value(QStringLiteral("decisions")).toInt(), 2);
        QCOMPARE(replayed.object().value(QStringLiteral("changed")).toInt(), 2);
        QCOMPARE(replayed.object().value(QStringLiteral("transitions")).toObject().value(QStringLiteral("allow->deny")).toInt(), 1);

        const Run second = mandatectl({QStringLiteral("policy"), QStringLiteral("publish"), QStringLiteral("--db"), db,
                                       QStringLiteral("--policies"), empty.fileName()});
        QVERIFY2(second.code == 0, qPrintable(second.err));
        QCOMPARE(mandatectl(ask + QStringList{QStringLiteral("--context"), QStringLiteral("{\"amount\": 80}")}).code, 1);
        const Run rolled = mandatectl({QStringLiteral("policy"), QStringLiteral("rollback"), QStringLiteral("--db"), db,
                                       QStringLiteral("--version"), QStringLiteral("1")});
        QVERIFY2(rolled.code == 0, qPrintable(rolled.err));
        QCOMPARE(mandatectl(ask + QStringList{QStringLiteral("--context"), QStringLiteral("{\"amount\": 80}")}).code, 0);
        const Run versions = mandatectl({QStringLiteral("policy"), QStringLiteral("versions"), QStringLiteral("--db"), db});
        QCOMPARE(versions.array().size(), 2);
        QCOMPARE(versions.array().at(1).toObject().value(QStringLiteral("live")).toBool(), true);
        const Run audit = mandatectl({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
        QVERIFY2(audit.code == 0, qPrintable(audit.err));
    }

    void usageErrors()
    {
        QCOMPARE(mandatectl({QStringLiteral("token")}).code, 2);
        QCOMPARE(mandatectl({QStringLiteral("token"), QStringLiteral("start"), QStringLiteral("--db"), QStringLiteral("x")}).code, 2);
        QCOMPARE(mandatectl({QStringLiteral("revoke"), QStringLiteral("--db"), QStringLiteral("x")}).code, 2);
        QCOMPARE(mandatectl({QStringLiteral("revoke"), QStringLiteral("--db"), QStringLiteral("x"), QStringLiteral("--agent"),
                             QStringLiteral("a"), QStringLiteral("--human"), QStringLiteral("h")}).code, 2);
        QCOMPARE(mandatectl({QStringLiteral("token"), QStringLiteral("introspect"), QStringLiteral("--db"), QStringLiteral("x")}).code, 2);
        QCOMPARE(mandatectl({QStringLiteral("token"), QStringLiteral("introspect"), QStringLiteral("--db"), QStringLiteral("x"),
                             QStringLiteral("a"), QStringLiteral("b")}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestTokenCli)
#include "tst_tokencli.moc"
