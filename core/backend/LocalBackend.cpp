#include "LocalBackend.h"

#include "../Clock.h"
#include "../demo/DemoSimulator.h"
#include "../engine/EngineEvents.h"
#include "../engine/IdSource.h"
#include "../engine/IdentityEngine.h"
#include "../store/SqliteStore.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QPromise>

#include <utility>

namespace mandate {

// Hands committed events from whichever thread's engine made them to the GUI thread: one
// queued call per turn of the receiving event loop, however many commits happened meanwhile.
class LocalBackend::Relay final : public EngineEvents
{
public:
    explicit Relay(LocalBackend &backend) : m_backend(backend) {}

    void committed(const QList<AuditEvent> &events) override
    {
        bool schedule = false;
        {
            QMutexLocker lock(&m_mutex);
            m_pending += events;
            schedule = !m_scheduled;
            m_scheduled = true;
        }
        if (schedule)
            QMetaObject::invokeMethod(&m_backend, [this] { flush(); }, Qt::QueuedConnection);
    }

private:
    void flush()
    {
        QList<AuditEvent> batch;
        {
            QMutexLocker lock(&m_mutex);
            batch.swap(m_pending);
            m_scheduled = false;
        }
        if (!batch.isEmpty())
            Q_EMIT m_backend.eventsCommitted(batch);
    }

    LocalBackend &m_backend;
    QMutex m_mutex;
    QList<AuditEvent> m_pending;
    bool m_scheduled = false;
};

struct LocalBackend::Worker
{
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<IdentityEngine> engine;
};

LocalBackend::LocalBackend(QString path, QObject *parent)
    : Backend(parent),
      m_path(std::move(path)),
      m_clock(std::make_unique<SystemClock>()),
      m_ids(std::make_unique<RandomIdSource>()),
      m_relay(std::make_unique<Relay>(*this))
{
    QString login = qEnvironmentVariable("USER");
    if (login.isEmpty())
        login = qEnvironmentVariable("USERNAME");
    if (login.isEmpty())
        login = QStringLiteral("operator");
    m_operator = Actor{QStringLiteral("console:") + login, QStringLiteral("local")};
    // Two readers keep the inventory responsive while a count or a verification runs.
    m_pool.setMaxThreadCount(3);
    m_pool.setExpiryTimeout(-1);
}

LocalBackend::~LocalBackend()
{
    m_simulator.reset();
    m_pool.waitForDone();
}

Result<std::unique_ptr<LocalBackend>> LocalBackend::open(const QString &path, QObject *parent)
{
    {
        auto store = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
        if (!store)
            return std::unexpected(store.error());
    }
    return std::unique_ptr<LocalBackend>(new LocalBackend(QFileInfo(path).absoluteFilePath(), parent));
}

QString LocalBackend::connectionDescription() const
{
    // Under the home folder, the short form people recognise: ~/.local/share/Mandate/demo.mandate
    QString shown = m_path;
    const QString home = QDir::homePath() + u'/';
    if (shown.startsWith(home))
        shown = QStringLiteral("~/") + shown.mid(home.size());
    return tr("Local store %1").arg(QDir::toNativeSeparators(shown));
}

qint64 LocalBackend::nowMs() const
{
    return m_clock->nowMs();
}

Result<LocalBackend::Worker *> LocalBackend::worker()
{
    if (Worker *w = m_workers.localData())
        return w;
    auto store = SqliteStore::open(m_path, SqliteStore::OpenMode::OpenExisting);
    if (!store)
        return std::unexpected(store.error());
    auto *w = new Worker;
    w->store = std::move(*store);
    w->engine = std::make_unique<IdentityEngine>(*w->store, *m_clock, *m_ids);
    w->engine->setEvents(m_relay.get());
    m_workers.setLocalData(w);
    return w;
}

template <typename T, typename F>
QFuture<Result<T>> LocalBackend::run(F work)
{
    // A promise and a plain pool task rather than QtConcurrent::run: a future from
    // QtConcurrent lets waitForFinished() run the task on the waiting thread, which would open
    // a store connection on that thread. Here every call runs on one of the pool's workers.
    auto promise = std::make_shared<QPromise<Result<T>>>();
    QFuture<Result<T>> future = promise->future();
    promise->start();
    m_pool.start([this, promise, work = std::move(work)]() mutable {
        auto w = worker();
        promise->addResult(w ? work(**w) : Result<T>(std::unexpected(w.error())));
        promise->finish();
    });
    return future;
}

QFuture<Result<AgentPage>> LocalBackend::agents(const AgentQuery &query)
{
    return run<AgentPage>([query](Worker &w) { return w.store->agents(query); });
}

QFuture<Result<qint64>> LocalBackend::countAgents(const AgentFilter &filter)
{
    return run<qint64>([filter](Worker &w) { return w.store->countAgents(filter); });
}

QFuture<Result<AgentDetails>> LocalBackend::agentDetails(const QString &agentId)
{
    return run<AgentDetails>([agentId](Worker &w) -> Result<AgentDetails> {
        auto agent = w.store->agent(agentId);
        if (!agent)
            return std::unexpected(agent.error());
        if (!*agent)
            return fail(ErrorCode::NotFound, tr("There is no agent %1.").arg(agentId));
        AgentDetails details;
        details.agent = **agent;
        auto owner = w.store->human(details.agent.ownerId);
        if (!owner)
            return std::unexpected(owner.error());
        details.owner = *owner;
        for (const QString &id : std::as_const(details.agent.sponsorIds)) {
            auto sponsor = w.store->human(id);
            if (!sponsor)
                return std::unexpected(sponsor.error());
            if (*sponsor)
                details.sponsors << **sponsor;
        }
        SessionQuery sq;
        sq.agentId = agentId;
        sq.limit = 20;
        auto sessions = w.store->sessions(sq);
        if (!sessions)
            return std::unexpected(sessions.error());
        details.recentSessions = *sessions;
        return details;
    });
}

QFuture<Result<QList<Human>>> LocalBackend::humans(const HumanQuery &query)
{
    return run<QList<Human>>([query](Worker &w) { return w.store->humans(query); });
}

QFuture<Result<StoreSummary>> LocalBackend::summary()
{
    return run<StoreSummary>([this](Worker &w) { return w.store->summary(m_clock->nowMs()); });
}

QFuture<Result<AuditChain::Verification>> LocalBackend::verifyAudit()
{
    return run<AuditChain::Verification>([](Worker &w) { return w.engine->verifyAudit(); });
}

namespace {

// Names and last actions for sessions, read on a worker; each id is looked up once per call.
class Namer
{
public:
    explicit Namer(Store &store) : m_store(store) {}

    Result<SessionInfo> info(const AgentSession &session, bool withLastAction)
    {
        SessionInfo out;
        out.session = session;
        auto agent = agentName(session.agentId);
        if (!agent)
            return std::unexpected(agent.error());
        out.agentName = *agent;
        auto human = humanName(session.humanId);
        if (!human)
            return std::unexpected(human.error());
        out.humanName = *human;
        if (withLastAction) {
            auto events = m_store.sessionAudit(session.id, 1);
            if (!events)
                return std::unexpected(events.error());
            if (!events->isEmpty()) {
                out.lastAction = describe(events->constFirst());
                out.lastActionAt = events->constFirst().time;
            }
        }
        return out;
    }

    Result<QList<SessionInfo>> infos(const QList<AgentSession> &sessions, bool withLastAction)
    {
        QList<SessionInfo> out;
        out.reserve(sessions.size());
        for (const AgentSession &s : sessions) {
            auto one = info(s, withLastAction);
            if (!one)
                return std::unexpected(one.error());
            out << std::move(*one);
        }
        return out;
    }

    Result<QString> agentName(const QString &id)
    {
        if (auto it = m_agents.constFind(id); it != m_agents.constEnd())
            return *it;
        auto agent = m_store.agent(id);
        if (!agent)
            return std::unexpected(agent.error());
        const QString name = *agent ? (*agent)->name : id;
        m_agents.insert(id, name);
        return name;
    }

    Result<QString> humanName(const QString &id)
    {
        if (id.isEmpty())
            return QString();
        if (auto it = m_humans.constFind(id); it != m_humans.constEnd())
            return *it;
        auto human = m_store.human(id);
        if (!human)
            return std::unexpected(human.error());
        const QString name = *human ? (*human)->name : id;
        m_humans.insert(id, name);
        return name;
    }

    // One line for an audit event, as the "last action" column shows it.
    static QString describe(const AuditEvent &e)
    {
        if (!e.action.isEmpty())
            return e.decision.isEmpty() ? e.action : QStringLiteral("%1 \u2192 %2").arg(e.action, e.decision);
        return e.type;
    }

private:
    Store &m_store;
    QHash<QString, QString> m_agents;
    QHash<QString, QString> m_humans;
};

// Reads the live descendants of nothing: a whole tree, parents before children.
Result<QList<AgentSession>> treeOf(Store &store, const QString &rootId)
{
    SessionQuery query;
    query.rootId = rootId;
    query.limit = 5000;
    return store.sessions(query);
}

} // namespace

QFuture<Result<QList<SessionInfo>>> LocalBackend::liveSessions(int limit)
{
    return run<QList<SessionInfo>>([this, limit](Worker &w) -> Result<QList<SessionInfo>> {
        SessionQuery query;
        query.activeOnly = true;
        query.nowMs = m_clock->nowMs();
        query.limit = qBound(1, limit, 100000);
        auto sessions = w.store->sessions(query);
        if (!sessions)
            return std::unexpected(sessions.error());
        Namer namer(*w.store);
        return namer.infos(*sessions, sessions->size() <= 5000);
    });
}

QFuture<Result<QList<SessionInfo>>> LocalBackend::sessionsById(const QStringList &ids)
{
    return run<QList<SessionInfo>>([ids](Worker &w) -> Result<QList<SessionInfo>> {
        Namer namer(*w.store);
        QList<SessionInfo> out;
        for (const QString &id : ids) {
            auto session = w.store->session(id);
            if (!session)
                return std::unexpected(session.error());
            if (!*session)
                continue;
            auto info = namer.info(**session, false);
            if (!info)
                return std::unexpected(info.error());
            out << std::move(*info);
        }
        return out;
    });
}

QFuture<Result<DelegationSearch>> LocalBackend::findDelegations(const QString &text)
{
    return run<DelegationSearch>([this, text = text.trimmed()](Worker &w) -> Result<DelegationSearch> {
        DelegationSearch found;
        Namer namer(*w.store);
        constexpr int kRoots = 60;
        auto rootsOf = [&](SessionQuery query) -> Status {
            query.limit = 400;
            auto sessions = w.store->sessions(query);
            if (!sessions)
                return std::unexpected(sessions.error());
            // The busiest trees first (most sessions among those read), then the newest.
            QStringList roots;
            QHash<QString, int> size;
            for (const AgentSession &s : std::as_const(*sessions)) {
                if (!size.contains(s.rootId))
                    roots << s.rootId;
                ++size[s.rootId];
            }
            std::stable_sort(roots.begin(), roots.end(),
                             [&size](const QString &a, const QString &b) { return size.value(a) > size.value(b); });
            if (roots.size() > kRoots)
                roots.resize(kRoots);
            for (const QString &id : std::as_const(roots)) {
                auto root = w.store->session(id);
                if (!root)
                    return std::unexpected(root.error());
                if (!*root)
                    continue;
                auto info = namer.info(**root, false);
                if (!info)
                    return std::unexpected(info.error());
                found.roots << std::move(*info);
            }
            return {};
        };

        if (text.isEmpty()) {
            SessionQuery live;
            live.activeOnly = true;
            live.nowMs = m_clock->nowMs();
            if (auto ok = rootsOf(live); !ok)
                return std::unexpected(ok.error());
            if (found.roots.isEmpty()) {
                if (auto ok = rootsOf(SessionQuery{}); !ok)
                    return std::unexpected(ok.error());
            }
            return found;
        }
        if (text.startsWith(QLatin1StringView("ses_"))) {
            auto session = w.store->session(text);
            if (!session)
                return std::unexpected(session.error());
            if (!*session)
                return fail(ErrorCode::NotFound, tr("There is no session %1.").arg(text));
            found.kind = DelegationSearch::Kind::Session;
            found.id = text;
            found.label = (*session)->task;
            auto root = w.store->session((*session)->rootId);
            if (!root)
                return std::unexpected(root.error());
            if (*root) {
                auto info = namer.info(**root, false);
                if (!info)
                    return std::unexpected(info.error());
                found.roots << std::move(*info);
            }
            return found;
        }
        // An agent (by id or name), else a human (by id, name or address).
        if (text.startsWith(QLatin1StringView("agt_"))) {
            found.kind = DelegationSearch::Kind::Agent;
            found.id = text;
        } else if (text.startsWith(QLatin1StringView("hum_"))) {
            found.kind = DelegationSearch::Kind::Human;
            found.id = text;
        } else {
            HumanQuery all;
            all.limit = 100000;
            auto humans = w.store->humans(all);
            if (!humans)
                return std::unexpected(humans.error());
            for (const Human &h : std::as_const(*humans)) {
                if (h.name.compare(text, Qt::CaseInsensitive) == 0 || h.email.compare(text, Qt::CaseInsensitive) == 0
                    || (found.id.isEmpty() && (h.name.contains(text, Qt::CaseInsensitive)
                                               || h.email.startsWith(text, Qt::CaseInsensitive)))) {
                    found.kind = DelegationSearch::Kind::Human;
                    found.id = h.id;
                    found.label = h.name;
                    if (h.name.compare(text, Qt::CaseInsensitive) == 0)
                        break;
                }
            }
            if (found.id.isEmpty()) {
                AgentQuery agents;
                agents.filter.text = text;
                agents.sort = AgentSort::LastActive;
                agents.order = Qt::DescendingOrder;
                agents.limit = 1;
                auto page = w.store->agents(agents);
                if (!page)
                    return std::unexpected(page.error());
                if (page->agents.isEmpty())
                    return fail(ErrorCode::NotFound, tr("No human, agent or session matches \"%1\".").arg(text));
                found.kind = DelegationSearch::Kind::Agent;
                found.id = page->agents.constFirst().id;
                found.label = page->agents.constFirst().name;
            }
        }
        SessionQuery query;
        if (found.kind == DelegationSearch::Kind::Agent) {
            query.agentId = found.id;
            if (found.label.isEmpty()) {
                auto name = namer.agentName(found.id);
                if (!name)
                    return std::unexpected(name.error());
                found.label = *name;
            }
        } else {
            query.humanId = found.id;
            if (found.label.isEmpty()) {
                auto name = namer.humanName(found.id);
                if (!name)
                    return std::unexpected(name.error());
                found.label = *name;
            }
        }
        if (auto ok = rootsOf(query); !ok)
            return std::unexpected(ok.error());
        return found;
    });
}

QFuture<Result<DelegationTree>> LocalBackend::delegationTree(const QString &sessionId)
{
    return run<DelegationTree>([sessionId](Worker &w) -> Result<DelegationTree> {
        auto session = w.store->session(sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!*session)
            return fail(ErrorCode::NotFound, tr("There is no session %1.").arg(sessionId));
        DelegationTree tree;
        tree.rootId = (*session)->rootId;
        auto sessions = treeOf(*w.store, tree.rootId);
        if (!sessions)
            return std::unexpected(sessions.error());
        Namer namer(*w.store);
        auto infos = namer.infos(*sessions, true);
        if (!infos)
            return std::unexpected(infos.error());
        tree.sessions = std::move(*infos);
        return tree;
    });
}

QFuture<Result<SessionDetails>> LocalBackend::sessionDetails(const QString &sessionId)
{
    return run<SessionDetails>([sessionId](Worker &w) -> Result<SessionDetails> {
        auto session = w.store->session(sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!*session)
            return fail(ErrorCode::NotFound, tr("There is no session %1.").arg(sessionId));
        SessionDetails details;
        Namer namer(*w.store);
        auto info = namer.info(**session, true);
        if (!info)
            return std::unexpected(info.error());
        details.info = std::move(*info);
        if (!(*session)->parentId.isEmpty()) {
            auto parent = w.store->session((*session)->parentId);
            if (!parent)
                return std::unexpected(parent.error());
            if (*parent)
                details.parentScopes = (*parent)->scopes;
        }
        auto events = w.store->sessionAudit(sessionId, 500);
        if (!events)
            return std::unexpected(events.error());
        details.events = std::move(*events);
        for (const AuditEvent &e : std::as_const(details.events)) {
            if (e.type != QLatin1StringView("session.started") && e.type != QLatin1StringView("session.delegated"))
                continue;
            const QString jti = QJsonDocument::fromJson(e.detail.toUtf8()).object().value(QLatin1StringView("jti")).toString();
            if (!jti.isEmpty())
                details.tokenIds << jti;
        }
        return details;
    });
}

QFuture<Result<Activity>> LocalBackend::activity(const ActivityQuery &query)
{
    return run<Activity>([query](Worker &w) { return w.store->activity(query); });
}

QFuture<Result<RevocationReport>> LocalBackend::previewRevocation(const RevocationTarget &target)
{
    return run<RevocationReport>([this, target](Worker &w) {
        return w.engine->revoke(m_operator, target, QString(), true);
    });
}

QFuture<Result<RevocationReport>> LocalBackend::revoke(const RevocationTarget &target, const QString &reason)
{
    return run<RevocationReport>([this, target, reason](Worker &w) {
        return w.engine->revoke(m_operator, target, reason, false);
    });
}

QFuture<Result<RevocationReport>> LocalBackend::setAgentStatus(const QString &agentId, AgentStatus status,
                                                               const QString &reason)
{
    return run<RevocationReport>([this, agentId, status, reason](Worker &w) -> Result<RevocationReport> {
        RevocationReport report;
        report.kind = RevocationTarget::Kind::Agent;
        report.target = agentId;
        // One transaction: the agent stops and its sessions end together, or neither happens.
        auto ok = w.engine->transaction([&]() -> Status {
            if (status != AgentStatus::Active) {
                auto revoked = w.engine->revoke(m_operator, RevocationTarget{RevocationTarget::Kind::Agent, agentId},
                                                reason, false);
                if (!revoked)
                    return std::unexpected(revoked.error());
                report = *revoked;
            }
            return w.engine->setAgentStatus(m_operator, agentId, status, reason);
        });
        if (!ok)
            return std::unexpected(ok.error());
        return report;
    });
}

EngineEvents &LocalBackend::events()
{
    return *m_relay;
}

void LocalBackend::startSimulation(double pace)
{
    if (m_simulator)
        return;
    DemoSimulator::Options options;
    options.path = m_path;
    options.pace = pace;
    m_simulator = std::make_unique<DemoSimulator>(options, *m_clock, *m_ids, m_relay.get());
    m_simulator->start();
    Q_EMIT simulationChanged();
}

SimulationState LocalBackend::simulation() const
{
    if (!m_simulator)
        return {};
    return SimulationState{true, m_simulator->isPaused(), m_simulator->pace()};
}

void LocalBackend::setSimulationPaused(bool paused)
{
    if (!m_simulator || m_simulator->isPaused() == paused)
        return;
    m_simulator->setPaused(paused);
    Q_EMIT simulationChanged();
}

void LocalBackend::setSimulationPace(double pace)
{
    if (!m_simulator)
        return;
    m_simulator->setPace(pace);
    Q_EMIT simulationChanged();
}

} // namespace mandate
