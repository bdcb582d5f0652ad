#include "TestStores.h"

#include "backend/LocalBackend.h"

#include <QThread>

using namespace mandate;
using namespace mandate::test;

class TestLocalBackend final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesWhatIsNotAStore()
    {
        QTemporaryDir dir;
        auto missing = LocalBackend::open(dir.filePath(QStringLiteral("absent.mandate")));
        QVERIFY(!missing);
        QVERIFY(missing.error().code == ErrorCode::StoreUnavailable);
    }

    void answersOnWorkerThreads()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Human sponsor = f.human(QStringLiteral("Lars Nilsson"));
        Agent a;
        a.name = QStringLiteral("Invoice Reconciler");
        a.ownerId = owner.id;
        a.sponsorIds = {sponsor.id};
        a.purpose = QStringLiteral("Matches invoices to payments");
        a.ceiling = *ScopeSet::parse(u"invoices:read payments:read");
        auto agent = f.engine->registerAgent(Actor::system(), a);
        QVERIFY(agent);
        for (int i = 0; i < 3; ++i) {
            f.clock.advanceMs(1000);
            QVERIFY(f.engine->openSession(Actor::human(owner.id),
                                          {agent->id, owner.id, {}, QStringLiteral("Task %1").arg(i),
                                           *ScopeSet::parse(u"invoices:read"), 0}));
        }
        f.engine.reset();
        f.store.reset();

        auto backend = LocalBackend::open(f.path);
        QVERIFY2(backend, qPrintable(backend ? QString() : backend.error().message));
        QVERIFY((*backend)->connectionDescription().contains(QStringLiteral("test.mandate")));

        QThread *guiThread = QThread::currentThread();
        QThread *ranOn = nullptr;
        auto page = (*backend)->agents(AgentQuery{}).then([&](Result<AgentPage> r) {
            ranOn = QThread::currentThread();
            return r;
        });
        page.waitForFinished();
        QVERIFY(ranOn && ranOn != guiThread);
        QVERIFY(page.result());
        QCOMPARE(page.result()->agents.size(), 1);

        // Several calls at once, each on a worker with its own connection.
        QList<QFuture<Result<qint64>>> counts;
        for (int i = 0; i < 8; ++i)
            counts << (*backend)->countAgents({});
        for (auto &c : counts) {
            c.waitForFinished();
            QCOMPARE(c.result().value(), 1);
        }

        auto details = (*backend)->agentDetails(agent->id);
        details.waitForFinished();
        QVERIFY(details.result());
        QCOMPARE(details.result()->owner->name, QStringLiteral("Amara Okafor"));
        QCOMPARE(details.result()->sponsors.size(), 1);
        QCOMPARE(details.result()->sponsors.first().name, QStringLiteral("Lars Nilsson"));
        QCOMPARE(details.result()->recentSessions.size(), 3);
        QCOMPARE(details.result()->recentSessions.first().task, QStringLiteral("Task 2")); // newest first

        auto unknown = (*backend)->agentDetails(QStringLiteral("agt_nope"));
        unknown.waitForFinished();
        QVERIFY(!unknown.result());
        QVERIFY(unknown.result().error().code == ErrorCode::NotFound);

        auto verify = (*backend)->verifyAudit();
        verify.waitForFinished();
        QVERIFY(verify.result() && verify.result()->intact);

        auto summary = (*backend)->summary();
        summary.waitForFinished();
        QCOMPARE(summary.result()->humans, 2);
        QCOMPARE(summary.result()->agents, 1);
    }
};

QTEST_GUILESS_MAIN(TestLocalBackend)
#include "tst_localbackend.moc"
