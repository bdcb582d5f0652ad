#include "LocalBackend.h"

#include "../Clock.h"
#include "../engine/IdSource.h"
#include "../engine/IdentityEngine.h"
#include "../store/SqliteStore.h"

#include <QDir>
#include <QFileInfo>
#include <QPromise>

namespace mandate {

struct LocalBackend::Worker
{
    std::unique_ptr<SqliteStore> store;
    std::unique_ptr<IdentityEngine> engine;
};

LocalBackend::LocalBackend(QString path, QObject *parent)
    : Backend(parent),
      m_path(std::move(path)),
      m_clock(std::make_unique<SystemClock>()),
      m_ids(std::make_unique<RandomIdSource>())
{
    // Two readers keep the inventory responsive while a count or a verification runs.
    m_pool.setMaxThreadCount(3);
    m_pool.setExpiryTimeout(-1);
}

LocalBackend::~LocalBackend()
{
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

} // namespace mandate
