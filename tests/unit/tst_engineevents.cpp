#include "TestStores.h"

#include "backend/LocalBackend.h"
#include "engine/EngineEvents.h"

#include <QSignalSpy>
#include <QThread>

using namespace mandate;
using namespace mandate::test;

namespace {

class Recorder final : public EngineEvents
{
public:
    void committed(const QList<AuditEvent> &events) override { batches << events; }
    QList<QList<AuditEvent>> batches;
};

} // namespace

// The engine's change events are its audit events, told once the outermost transaction has
// committed, and never for one that rolled back; LocalBackend hands them to the GUI thread.
class TestEngineEvents final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eventsAreTheCommittedAuditEvents()
    {
        Fixture f;
        QVERIFY(f.open());
        Recorder recorder;
        f.engine->setEvents(&recorder);
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Agent agent = f.agent(QStringLiteral("Invoice Reconciler"), owner, QStringLiteral("invoices:read payments:read"));
        QCOMPARE(recorder.batches.size(), 2);
        QCOMPARE(recorder.batches.at(0).size(), 1);
        QCOMPARE(recorder.batches.at(0).constFirst().type, QStringLiteral("human.added"));
        QCOMPARE(recorder.batches.at(1).constFirst().type, QStringLiteral("agent.registered"));

        auto issued = f.engine->startSession(Actor::human(owner.id),
                                             {agent.id, owner.id, {}, QStringLiteral("Reconcile"),
                                              *ScopeSet::parse(u"invoices:read"), 0});
        QVERIFY(issued);
        const AuditEvent started = recorder.batches.constLast().constFirst();
        QCOMPARE(started.type, QStringLiteral("session.started"));
        QCOMPARE(started.sessionId, issued->session.id);
        // Sealed: exactly what the audit log holds, sequence number and hash included.
        auto stored = f.store->auditEvents(started.seq, 1);
        QVERIFY(stored && stored->size() == 1);
        QCOMPARE(stored->constFirst().hash, started.hash);
        QVERIFY(!started.hash.isEmpty());
    }

    void nestedTransactionsTellOnceAndRollbacksNever()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Agent agent = f.agent(QStringLiteral("Invoice Reconciler"), owner, QStringLiteral("invoices:read"));
        Recorder recorder;
        f.engine->setEvents(&recorder);

        auto ok = f.engine->transaction([&]() -> Status {
            for (int i = 0; i < 3; ++i) {
                auto opened = f.engine->openSession(Actor::human(owner.id),
                                                    {agent.id, owner.id, {}, QStringLiteral("Task %1").arg(i),
                                                     *ScopeSet::parse(u"invoices:read"), 0});
                if (!opened)
                    return std::unexpected(opened.error());
                if (!recorder.batches.isEmpty())
                    return fail(ErrorCode::Internal, QStringLiteral("told before the commit"));
            }
            return {};
        });
        QVERIFY2(ok, qPrintable(ok ? QString() : ok.error().message));
        QCOMPARE(recorder.batches.size(), 1);
        QCOMPARE(recorder.batches.constFirst().size(), 3);
        QVERIFY(recorder.batches.constFirst().at(0).seq < recorder.batches.constFirst().at(2).seq);

        // A change that fails after auditing rolls back: nothing is told, and the next commit
        // does not carry the rolled-back events along.
        recorder.batches.clear();
        auto failed = f.engine->transaction([&]() -> Status {
            auto opened = f.engine->openSession(Actor::human(owner.id),
                                                {agent.id, owner.id, {}, QStringLiteral("Doomed"),
                                                 *ScopeSet::parse(u"invoices:read"), 0});
            if (!opened)
                return std::unexpected(opened.error());
            return fail(ErrorCode::Conflict, QStringLiteral("changed my mind"));
        });
        QVERIFY(!failed);
        QVERIFY(recorder.batches.isEmpty());
        QVERIFY(f.engine->setAgentStatus(Actor::system(), agent.id, AgentStatus::Suspended, QStringLiteral("test")));
        // Suspending the agent revokes its live sessions in the same transaction: one batch.
        QCOMPARE(recorder.batches.size(), 1);
        QCOMPARE(recorder.batches.constFirst().size(), 2);
        QCOMPARE(recorder.batches.constFirst().at(0).type, QStringLiteral("agent.status_changed"));
        QCOMPARE(recorder.batches.constFirst().at(1).type, QStringLiteral("agent.sessions_revoked"));

        // A refusal that changes nothing tells nothing.
        recorder.batches.clear();
        QVERIFY(!f.engine->openSession(Actor::human(owner.id), {agent.id, owner.id, {}, QStringLiteral("Refused"),
                                                                *ScopeSet::parse(u"invoices:read"), 0}));
        QVERIFY(recorder.batches.isEmpty());
    }

    // A batch whose commit does not wait for the disk is told of once it is durable, and not
    // before; a plain commit after it makes it durable too, and tells its events first.
    void deferredCommitsTellOnceDurable()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Agent agent = f.agent(QStringLiteral("Invoice Reconciler"), owner, QStringLiteral("invoices:read"));
        Recorder recorder;
        f.engine->setEvents(&recorder);
        auto openSessions = [&](int count) {
            return [&, count]() -> Status {
                for (int i = 0; i < count; ++i) {
                    auto opened = f.engine->openSession(Actor::human(owner.id),
                                                        {agent.id, owner.id, {}, QStringLiteral("Batch %1").arg(i),
                                                         *ScopeSet::parse(u"invoices:read"), 0});
                    if (!opened)
                        return std::unexpected(opened.error());
                }
                return {};
            };
        };

        auto first = f.engine->transactionDeferringSync(openSessions(2));
        QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
        auto second = f.engine->transactionDeferringSync(openSessions(3));
        QVERIFY(second);
        QVERIFY(*second > *first);
        QVERIFY(recorder.batches.isEmpty());
        // Committed all the same: another connection reads them before they are durable.
        auto other = SqliteStore::open(f.path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(other);
        QCOMPARE((*other)->sessions(SessionQuery{})->size(), 5);

        QVERIFY(f.engine->waitUntilDurable(*first));
        QCOMPARE(recorder.batches.size(), 1);
        QCOMPARE(recorder.batches.constFirst().size(), 2);
        QVERIFY(f.engine->waitUntilDurable(*first)); // again: nothing told twice
        QCOMPARE(recorder.batches.size(), 1);

        // A plain transaction's commit syncs the log: the second batch is told first.
        auto third = f.engine->transaction(openSessions(1));
        QVERIFY(third);
        QCOMPARE(recorder.batches.size(), 3);
        QCOMPARE(recorder.batches.at(1).size(), 3);
        QCOMPARE(recorder.batches.at(2).size(), 1);
        QVERIFY(recorder.batches.at(1).constLast().seq < recorder.batches.at(2).constFirst().seq);
        QVERIFY(f.engine->waitUntilDurable(*second));
        QCOMPARE(recorder.batches.size(), 3);

        // Never inside another transaction; a number never given is an error.
        auto nested = f.engine->transaction([&]() -> Status {
            auto inner = f.engine->transactionDeferringSync(openSessions(1));
            return inner ? Status{} : std::unexpected(inner.error());
        });
        QVERIFY(!nested);
        auto none = f.engine->waitUntilDurable(0);
        QVERIFY(!none);
        QVERIFY(none.error().code == ErrorCode::Internal);
        auto later = f.engine->waitUntilDurable(*second + 100);
        QVERIFY(!later);
        QVERIFY(later.error().code == ErrorCode::Internal);
    }

    void backendDeliversBatchesOnTheGuiThread()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Agent agent = f.agent(QStringLiteral("Invoice Reconciler"), owner, QStringLiteral("invoices:read"));
        auto root = f.engine->openSession(Actor::human(owner.id), {agent.id, owner.id, {}, QStringLiteral("Root"),
                                                                   *ScopeSet::parse(u"invoices:read"), 0});
        QVERIFY(root);
        // The backend's clock is the system's: a session opened at the fixture's fixed time
        // has expired for it, which revocation does not mind (the subtree is the same).
        f.engine.reset();
        f.store.reset();

        auto backend = LocalBackend::open(f.path);
        QVERIFY(backend);
        QThread *gui = QThread::currentThread();
        QList<QThread *> deliveredOn;
        QList<QList<AuditEvent>> batches;
        connect(backend->get(), &Backend::eventsCommitted, this, [&](const QList<AuditEvent> &events) {
            deliveredOn << QThread::currentThread();
            batches << events;
        });
        auto changed = (*backend)->setAgentStatus(agent.id, AgentStatus::Suspended, QStringLiteral("Leaked key"));
        QTRY_VERIFY(changed.isFinished());
        QVERIFY(changed.result());
        QTRY_COMPARE(batches.size(), 1);
        QCOMPARE(deliveredOn.constFirst(), gui);
        QStringList types;
        for (const AuditEvent &e : batches.constFirst())
            types << e.type;
        // Suspending revokes live sessions first (none are live by the system clock), then
        // changes the status; the audit names the console's operator and the reason.
        QVERIFY(types.contains(QStringLiteral("agent.status_changed")));
        const AuditEvent &last = batches.constFirst().constLast();
        QVERIFY(last.actor.startsWith(QStringLiteral("console:")));
        QVERIFY(last.detail.contains(QStringLiteral("Leaked key")));
    }
};

QTEST_GUILESS_MAIN(TestEngineEvents)
#include "tst_engineevents.moc"
