#include "LiveBench.h"

#include "DemoBench.h"

#include "Clock.h"
#include "backend/LocalBackend.h"
#include "engine/EngineEvents.h"
#include "engine/IdSource.h"
#include "engine/IdentityEngine.h"
#include "live/LiveSessionModel.h"
#include "live/SessionsPage.h"
#include "overview/OverviewPage.h"
#include "store/SqliteStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSet>
#include <QTableView>
#include <QTextStream>
#include <QThread>

#include <atomic>

namespace mandate::bench {

namespace {

constexpr int kSessions = 4000;
constexpr int kDecisions = 5000;
constexpr int kRevocations = 1000;
constexpr int kEvents = kSessions + kDecisions + kRevocations;

// Passes the burst on to the console and notes when it was committed.
class Stopwatch final : public EngineEvents
{
public:
    explicit Stopwatch(EngineEvents &next) : m_next(next) {}
    void committed(const QList<AuditEvent> &events) override
    {
        m_events += int(events.size());
        m_timer.start();
        m_started.store(true);
        m_next.committed(events);
    }
    bool started() const { return m_started.load(); }
    qint64 elapsedNs() const { return m_timer.nsecsElapsed(); }
    int events() const { return m_events; }

private:
    EngineEvents &m_next;
    QElapsedTimer m_timer;
    std::atomic<bool> m_started{false};
    int m_events = 0;
};

// One transaction of 4,000 delegations (with tokens), 5,000 decisions and 1,000 revocations,
// on a thread of its own with its own connection, as another node of the same store would.
class Burst final : public QThread
{
public:
    Burst(QString path, EngineEvents &events) : m_path(std::move(path)), m_events(events) {}
    QString error;
    QStringList kept;
    QStringList revoked;

protected:
    void run() override
    {
        auto store = SqliteStore::open(m_path, SqliteStore::OpenMode::OpenExisting);
        if (!store) {
            error = store.error().message;
            return;
        }
        SystemClock clock;
        RandomIdSource ids;
        IdentityEngine engine(**store, clock, ids);
        AgentQuery query;
        query.filter.status = AgentStatus::Active;
        query.filter.owner = OwnerFilter::Active;
        // Low-risk agents: the demo's starter policies let them hold any scope of their
        // ceiling without a person's approval, so every delegation of the burst is granted.
        query.filter.risk = RiskTier::Low;
        query.limit = 200;
        auto agents = (*store)->agents(query);
        if (!agents || agents->agents.isEmpty()) {
            error = QStringLiteral("no active agent to delegate to");
            return;
        }
        // Signing keys first, outside the burst.
        (void)engine.jwks();
        engine.setEvents(&m_events);
        QStringList sessions;
        auto ok = engine.transaction([&]() -> Status {
            for (int i = 0; i < kSessions; ++i) {
                const Agent &a = agents->agents.at(i % agents->agents.size());
                auto issued = engine.startSession(Actor::human(a.ownerId),
                                                  {a.id, a.ownerId, {}, QStringLiteral("Burst task %1").arg(i),
                                                   ScopeSet(QStringList{a.ceiling.values().constFirst()}), 30 * 60 * 1000});
                if (!issued)
                    return std::unexpected(issued.error());
                sessions << issued->session.id;
            }
            for (int i = 0; i < kDecisions; ++i) {
                DecisionRecord d;
                d.sessionId = sessions.at(i % sessions.size());
                d.action = QStringLiteral("docs:read");
                d.resource = QStringLiteral("Document::\"doc_%1\"").arg(i);
                d.decision = i % 7 == 0 ? Decision::Deny : Decision::Allow;
                if (auto r = engine.recordDecision(Actor::system(), d); !r)
                    return r;
            }
            for (int i = 0; i < kRevocations; ++i) {
                auto r = engine.revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, sessions.at(i)},
                                       QStringLiteral("burst"));
                if (!r)
                    return std::unexpected(r.error());
            }
            return {};
        });
        if (!ok) {
            error = ok.error().message;
            return;
        }
        revoked = sessions.mid(0, kRevocations);
        kept = sessions.mid(kRevocations);
    }

private:
    QString m_path;
    EngineEvents &m_events;
};

} // namespace

BenchGroup liveGroup()
{
    return BenchGroup{
        QStringLiteral("live"),
        {QStringLiteral("ui.event_burst_10k_ms")},
        [](BenchContext &context, BenchReport &report, QString *error) {
            if (!ensureStore(context, error))
                return false;
            auto backend = LocalBackend::open(context.storePath);
            if (!backend) {
                *error = backend.error().message;
                return false;
            }
            ui::SessionsPage sessions(**backend);
            sessions.resize(1440, 900);
            sessions.show();
            sessions.activate();
            ui::OverviewPage overview(**backend);
            overview.resize(1440, 900);
            overview.show();
            overview.activate();
            QElapsedTimer wait;
            wait.start();
            while ((!sessions.isReady() || !overview.isReady()) && wait.elapsed() < 60'000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            if (!sessions.isReady() || !overview.isReady()) {
                *error = QStringLiteral("the live pages did not load within 60 s");
                return false;
            }
            ui::LiveSessionModel *model = sessions.model();
            const int before = model->rowCount();
            auto decisions = [&overview] {
                qint64 n = 0;
                for (const ActivityBucket &b : overview.history().buckets())
                    n += b.allow + b.deny + b.stepUp;
                return n;
            };
            const qint64 decisionsBefore = decisions();

            Stopwatch stopwatch((*backend)->events());
            Burst burst(context.storePath, stopwatch);
            burst.start();
            // Consistent: every kept session is a named row, no revoked one is, the proxy and
            // the view have caught up, and the overview counted the decisions.
            auto consistent = [&] {
                if (!burst.isFinished() || !burst.error.isEmpty())
                    return false;
                if (model->rowCount() < before + int(burst.kept.size()))
                    return false;
                for (const QString &id : std::as_const(burst.revoked)) {
                    if (model->rowOfSession(id) >= 0)
                        return false;
                }
                for (const QString &id : std::as_const(burst.kept)) {
                    const int row = model->rowOfSession(id);
                    if (row < 0 || model->sessionAt(row).agentName.isEmpty())
                        return false;
                }
                return sessions.proxy()->rowCount() == model->rowCount()
                       && decisions() >= decisionsBefore + kDecisions;
            };
            wait.restart();
            while (!consistent() && wait.elapsed() < 120'000) {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
                if (!stopwatch.started())
                    QThread::msleep(1);
            }
            burst.wait();
            if (!burst.error.isEmpty()) {
                *error = burst.error;
                return false;
            }
            if (!consistent()) {
                *error = QStringLiteral("the views were not consistent within 120 s of the burst");
                return false;
            }
            // The view paints what the model now holds.
            sessions.table()->viewport()->repaint();
            const double ms = stopwatch.elapsedNs() / 1e6;
            report.set(QStringLiteral("ui.event_burst_10k_ms"), ms);
            report.set(QStringLiteral("ui.event_burst_events"), stopwatch.events());
            if (context.verbose)
                QTextStream(stderr) << "  burst of " << stopwatch.events() << " events: " << ms << " ms\n";
            return true;
        }};
}

} // namespace mandate::bench
