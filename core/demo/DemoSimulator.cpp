#include "DemoSimulator.h"

#include "../Clock.h"
#include "../JsonText.h"
#include "../engine/EngineEvents.h"
#include "../engine/IdSource.h"
#include "../engine/IdentityEngine.h"
#include "../store/SqliteStore.h"
#include "DemoCatalogue.h"

#include <QRandomGenerator64>
#include <QThread>
#include <QTimer>

#include <array>

namespace mandate {

namespace {

// What happens per second at pace 1.
constexpr double kRootsPerS = 0.2;
constexpr double kExchangesPerS = 0.15;
constexpr double kDecisionsPerS = 1.2;
constexpr double kStepUpsPerS = 0.05;
constexpr double kMisbehaviourPerS = 1.0 / 120;

constexpr int kAgentPool = 600;
constexpr int kMaxLiveSessions = 2000;

struct LiveSession
{
    QString id;
    QString agentId;
    QString humanId;
    QString task;
    QString token;
    ScopeSet scopes;
    qint64 expiresAt = 0;
    int depth = 0;
};

struct PendingStepUp
{
    QString id;
    QString humanId;
    qint64 dueAt = 0;
};

} // namespace

class DemoSimulator::Worker final : public QObject
{
public:
    Worker(DemoSimulator &owner)
        : m_owner(owner), m_catalogue(demo::buildCatalogue())
    {
        const quint64 seed = owner.m_options.seed != 0 ? owner.m_options.seed
                                                       : quint64(QDateTime::currentMSecsSinceEpoch());
        m_random.seed(seed);
    }

    bool open()
    {
        auto store = SqliteStore::open(m_owner.m_options.path, SqliteStore::OpenMode::OpenExisting);
        if (!store) {
            Q_EMIT m_owner.failed(store.error().message);
            return false;
        }
        m_store = std::move(*store);
        m_engine = std::make_unique<IdentityEngine>(*m_store, m_owner.m_clock, m_owner.m_ids);
        m_engine->setEvents(m_owner.m_events);

        AgentQuery query;
        query.filter.status = AgentStatus::Active;
        query.filter.owner = OwnerFilter::Active;
        query.sort = AgentSort::LastActive;
        query.order = Qt::DescendingOrder;
        query.limit = kAgentPool;
        auto page = m_store->agents(query);
        if (!page) {
            Q_EMIT m_owner.failed(page.error().message);
            return false;
        }
        m_agents = page->agents;
        HumanQuery approvers;
        approvers.role = ConsoleRole::Approver;
        approvers.status = HumanStatus::Active;
        approvers.limit = 200;
        if (auto humans = m_store->humans(approvers))
            m_approvers = *humans;
        if (m_agents.isEmpty()) {
            Q_EMIT m_owner.failed(tr("The store has no active agents with an active owner to simulate."));
            return false;
        }
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        connect(m_timer, &QTimer::timeout, this, &Worker::tick);
        m_timer->start(m_owner.m_options.tickMs);
        m_lastTick = m_owner.m_clock.nowMs();
        return true;
    }

private:
    int pick(qsizetype n) { return n <= 1 ? 0 : int(m_random.bounded(quint64(n))); }
    bool chance(double p) { return m_random.generateDouble() < p; }

    void tick()
    {
        const qint64 now = m_owner.m_clock.nowMs();
        const double seconds = qBound(0.0, double(now - m_lastTick) / 1000.0, 2.0);
        m_lastTick = now;
        if (m_owner.m_paused.load())
            return;
        const double pace = m_owner.m_pace.load();
        prune(now);
        std::array<double, 5> rates{kRootsPerS, kExchangesPerS, kDecisionsPerS, kStepUpsPerS, kMisbehaviourPerS};
        for (size_t k = 0; k < rates.size(); ++k) {
            m_budget[k] += rates[k] * pace * seconds;
            while (m_budget[k] >= 1.0) {
                m_budget[k] -= 1.0;
                switch (k) {
                case 0: startRoot(); break;
                case 1: exchange(); break;
                case 2: act(); break;
                case 3: askStepUp(); break;
                case 4: misbehave(); break;
                }
            }
        }
        decideDueStepUps(now);
    }

    void prune(qint64 now)
    {
        m_live.removeIf([now](const LiveSession &s) { return s.expiresAt <= now; });
    }

    // Asks the engine, as a resource server would, whether the session's token still works;
    // a session revoked from the console drops out here.
    bool stillActive(const LiveSession &s)
    {
        auto answer = m_engine->introspect(s.token);
        return answer && answer->active;
    }

    int livePick()
    {
        while (!m_live.isEmpty()) {
            const int i = pick(m_live.size());
            if (stillActive(m_live.at(i)))
                return i;
            m_live.removeAt(i);
        }
        return -1;
    }

    const demo::Department &departmentOf(const Agent &agent) const
    {
        int best = 0;
        int bestOverlap = -1;
        for (int d = 0; d < m_catalogue.departments.size(); ++d) {
            int overlap = 0;
            for (int s : m_catalogue.departments.at(d).scopes) {
                if (agent.ceiling.contains(m_catalogue.scopes.at(s).scope))
                    ++overlap;
            }
            if (overlap > bestOverlap) {
                best = d;
                bestOverlap = overlap;
            }
        }
        return m_catalogue.departments.at(best);
    }

    ScopeSet someOf(const ScopeSet &scopes, double keep)
    {
        QStringList chosen;
        for (const QString &s : scopes.values()) {
            if (chance(keep))
                chosen << s;
        }
        if (chosen.isEmpty() && !scopes.isEmpty())
            chosen << scopes.values().at(pick(scopes.size()));
        return ScopeSet(chosen);
    }

    void startRoot()
    {
        if (m_live.size() >= kMaxLiveSessions)
            return;
        const Agent &agent = m_agents.at(pick(m_agents.size()));
        const demo::Department &department = departmentOf(agent);
        SessionRequest request;
        request.agentId = agent.id;
        request.humanId = agent.ownerId;
        request.task = department.tasks.isEmpty()
                               ? agent.purpose.left(200)
                               : demo::expandTemplate(m_catalogue, department.tasks.at(pick(department.tasks.size())),
                                                      [this](qsizetype n) { return pick(n); });
        request.scopes = someOf(agent.ceiling, 0.6);
        request.ttlMs = (2 + pick(9)) * 60 * 1000;
        auto issued = m_engine->startSession(Actor::human(agent.ownerId), request);
        if (!issued)
            return; // refused (and audited): the owner left meanwhile, say
        m_live << LiveSession{issued->session.id, agent.id, issued->session.humanId, issued->session.task,
                              issued->token, issued->session.scopes, issued->session.expiresAt, 0};
    }

    void exchange()
    {
        if (m_live.size() >= kMaxLiveSessions)
            return;
        const int i = livePick();
        if (i < 0 || m_live.at(i).depth >= 3)
            return;
        const LiveSession parent = m_live.at(i);
        // A specialist whose ceiling shares something with the parent's grant, else another
        // instance of the parent's own agent.
        const Agent *child = nullptr;
        for (int attempt = 0; attempt < 16 && !child; ++attempt) {
            const Agent &candidate = m_agents.at(pick(m_agents.size()));
            if (!candidate.ceiling.intersected(parent.scopes).isEmpty())
                child = &candidate;
        }
        QString childId = parent.agentId;
        ScopeSet allowed = parent.scopes;
        if (child) {
            childId = child->id;
            allowed = child->ceiling.intersected(parent.scopes);
        }
        const ScopeSet scopes = someOf(allowed, 0.7);
        const QString task = m_catalogue.subtasks.at(pick(m_catalogue.subtasks.size())) + QStringLiteral(": ")
                             + parent.task;
        auto issued = m_engine->exchangeToken(Actor::agent(parent.agentId), parent.token, childId, scopes,
                                              qint64(1 + pick(6)) * 60 * 1000, task.left(500));
        if (!issued)
            return;
        m_live << LiveSession{issued->session.id, childId, issued->session.humanId, issued->session.task,
                              issued->token, issued->session.scopes, issued->session.expiresAt,
                              issued->session.depth};
    }

    QString resourceFor(const demo::ScopeEntry &entry)
    {
        const QString id = entry.names.isEmpty() ? entry.idPrefix + QString::number(10000 + pick(90000))
                                                 : entry.names.at(pick(entry.names.size()));
        return entry.entity + QStringLiteral("::\"") + id + u'"';
    }

    QString amountDetail(const demo::ScopeEntry &entry, qint64 amount)
    {
        if (!entry.money)
            return QStringLiteral("{}");
        return compactJson({{QStringLiteral("amount"), amount}, {QStringLiteral("currency"), QStringLiteral("EUR")}});
    }

    void decide(const LiveSession &s, int scopeIndex, Decision outcome, const QString &policy)
    {
        const demo::ScopeEntry &entry = m_catalogue.scopes.at(scopeIndex);
        DecisionRecord d;
        d.sessionId = s.id;
        d.action = entry.scope;
        d.resource = resourceFor(entry);
        d.decision = outcome;
        if (!policy.isEmpty())
            d.policies << policy;
        d.detail = amountDetail(entry, outcome == Decision::Deny ? 12000 + pick(40000) : 20 + pick(460));
        m_engine->recordDecision(Actor::agent(s.agentId), d);
    }

    void act()
    {
        const int i = livePick();
        if (i < 0)
            return;
        const LiveSession s = m_live.at(i);
        const QStringList held = s.scopes.values();
        const int roll = pick(100);
        if (roll < 8) {
            // Something the session was not given: nothing permits it.
            const int scope = pick(m_catalogue.scopes.size());
            if (!s.scopes.contains(m_catalogue.scopes.at(scope).scope)) {
                decide(s, scope, Decision::Deny, {});
                return;
            }
        }
        const int scope = m_catalogue.scopeIndex(held.at(pick(held.size())));
        if (scope < 0)
            return;
        const demo::ScopeEntry &entry = m_catalogue.scopes.at(scope);
        if (roll >= 8 && roll < 14 && !entry.forbidPolicy.isEmpty())
            decide(s, scope, Decision::Deny, entry.forbidPolicy);
        else
            decide(s, scope, Decision::Allow, entry.permitPolicy);
    }

    void askStepUp()
    {
        if (m_approvers.isEmpty())
            return;
        // A live session holding a scope that a step-up policy guards, if one of a few has.
        int i = -1;
        int scope = -1;
        for (int attempt = 0; attempt < 8 && scope < 0; ++attempt) {
            i = livePick();
            if (i < 0)
                return;
            for (const QString &held : m_live.at(i).scopes.values()) {
                const int index = m_catalogue.scopeIndex(held);
                if (index >= 0 && !m_catalogue.scopes.at(index).stepUpPolicy.isEmpty())
                    scope = index;
            }
        }
        if (scope < 0)
            return;
        const LiveSession s = m_live.at(i);
        const demo::ScopeEntry &entry = m_catalogue.scopes.at(scope);
        decide(s, scope, Decision::StepUpRequired, entry.stepUpPolicy);
        StepUpRequest request;
        request.sessionId = s.id;
        request.action = entry.scope;
        request.resource = resourceFor(entry);
        request.context = amountDetail(entry, 600 + pick(9400));
        request.policyId = entry.stepUpPolicy;
        request.reason = entry.stepUpReason;
        request.bindingMessage = QStringLiteral("Code %1").arg(1000 + pick(9000));
        auto made = m_engine->requestStepUp(Actor::agent(s.agentId), request);
        if (made)
            m_stepUps << PendingStepUp{made->id, made->humanId,
                                       m_owner.m_clock.nowMs() + qint64(15 + pick(90)) * 1000};
    }

    void decideDueStepUps(qint64 now)
    {
        for (qsizetype i = 0; i < m_stepUps.size();) {
            const PendingStepUp &p = m_stepUps.at(i);
            if (p.dueAt > now) {
                ++i;
                continue;
            }
            for (int attempt = 0; attempt < 4; ++attempt) {
                const Human &approver = m_approvers.at(pick(m_approvers.size()));
                if (approver.id == p.humanId)
                    continue;
                const bool approve = chance(0.8);
                m_engine->decideStepUp(Actor::human(approver.id), p.id, approver.id, approve,
                                       approve ? QStringLiteral("Checked with the requester.")
                                               : QStringLiteral("Not without a ticket."));
                break;
            }
            m_stepUps.removeAt(i);
        }
    }

    void misbehave()
    {
        const int i = livePick();
        if (i < 0)
            return;
        const LiveSession s = m_live.at(i);
        const int denials = 6 + pick(6);
        for (int n = 0; n < denials; ++n) {
            const int scope = pick(m_catalogue.scopes.size());
            if (!s.scopes.contains(m_catalogue.scopes.at(scope).scope))
                decide(s, scope, Decision::Deny, {});
        }
        m_engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, s.id},
                         QStringLiteral("Automatic revocation: %1 denials within seconds, far above the agent's norm.")
                                 .arg(denials));
        m_live.removeAt(i);
    }

    DemoSimulator &m_owner;
    demo::Catalogue m_catalogue;
    QRandomGenerator64 m_random;
    std::unique_ptr<SqliteStore> m_store;
    std::unique_ptr<IdentityEngine> m_engine;
    QList<Agent> m_agents;
    QList<Human> m_approvers;
    QList<LiveSession> m_live;
    QList<PendingStepUp> m_stepUps;
    std::array<double, 5> m_budget{};
    QTimer *m_timer = nullptr;
    qint64 m_lastTick = 0;
};

DemoSimulator::DemoSimulator(Options options, const Clock &clock, IdSource &ids, EngineEvents *events,
                             QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_clock(clock), m_ids(ids), m_events(events)
{
    setPace(m_options.pace);
}

DemoSimulator::~DemoSimulator()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

void DemoSimulator::start()
{
    if (m_thread)
        return;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("demo-simulator"));
    m_worker = new Worker(*this);
    m_worker->moveToThread(m_thread.get());
    // The worker's store and engine are made, used and destroyed on its own thread.
    connect(m_thread.get(), &QThread::started, m_worker, [w = m_worker] { w->open(); });
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

bool DemoSimulator::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void DemoSimulator::setPaused(bool paused)
{
    m_paused.store(paused);
}

void DemoSimulator::setPace(double pace)
{
    m_pace.store(qBound(kMinPace, pace, kMaxPace));
}

} // namespace mandate
