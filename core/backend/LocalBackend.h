#pragma once

#include "Backend.h"

#include <QThreadPool>
#include <QThreadStorage>

#include <memory>

namespace mandate {

class Clock;
class IdentityEngine;
class IdSource;
class SqliteStore;

// The engine in this process, over a local SQLite store. Each call runs on a worker thread
// of the backend's own pool; each worker thread opens its own connection the first time it
// runs a call, and closes it when the thread ends.
class LocalBackend final : public Backend
{
    Q_OBJECT

public:
    // Checks the store can be opened (migrating it if it is older) before anything else.
    static Result<std::unique_ptr<LocalBackend>> open(const QString &path, QObject *parent = nullptr);
    ~LocalBackend() override;
    Q_DISABLE_COPY_MOVE(LocalBackend)

    QString path() const { return m_path; }

    QString connectionDescription() const override;
    qint64 nowMs() const override;

    QFuture<Result<AgentPage>> agents(const AgentQuery &query) override;
    QFuture<Result<qint64>> countAgents(const AgentFilter &filter) override;
    QFuture<Result<AgentDetails>> agentDetails(const QString &agentId) override;
    QFuture<Result<QList<Human>>> humans(const HumanQuery &query) override;
    QFuture<Result<StoreSummary>> summary() override;
    QFuture<Result<AuditChain::Verification>> verifyAudit() override;

private:
    struct Worker;
    LocalBackend(QString path, QObject *parent);
    Result<Worker *> worker();

    template <typename T, typename F>
    QFuture<Result<T>> run(F work);

    QString m_path;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<IdSource> m_ids;
    QThreadStorage<Worker *> m_workers;
    QThreadPool m_pool; // declared last: destroyed first, so its threads end before the rest
};

} // namespace mandate
