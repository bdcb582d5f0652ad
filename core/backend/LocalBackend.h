#pragma once

#include "Backend.h"

#include <QThreadPool>
#include <QThreadStorage>

#include <memory>

namespace mandate {

class Clock;
class DemoSimulator;
class EngineEvents;
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

    QFuture<Result<QList<SessionInfo>>> liveSessions(int limit) override;
    QFuture<Result<QList<SessionInfo>>> sessionsById(const QStringList &ids) override;
    QFuture<Result<DelegationSearch>> findDelegations(const QString &text) override;
    QFuture<Result<DelegationTree>> delegationTree(const QString &sessionId) override;
    QFuture<Result<SessionDetails>> sessionDetails(const QString &sessionId) override;
    QFuture<Result<Activity>> activity(const ActivityQuery &query) override;
    QFuture<Result<RevocationReport>> previewRevocation(const RevocationTarget &target) override;
    QFuture<Result<RevocationReport>> revoke(const RevocationTarget &target, const QString &reason) override;
    QFuture<Result<RevocationReport>> setAgentStatus(const QString &agentId, AgentStatus status,
                                                     const QString &reason) override;

    // Starts simulated live traffic on this store (the demo); its changes arrive through
    // eventsCommitted like any other.
    void startSimulation(double pace = 1.0);
    SimulationState simulation() const override;
    void setSimulationPaused(bool paused) override;
    void setSimulationPace(double pace) override;

    // Where another engine in this process (the simulator, a benchmark) reports its commits,
    // so that they reach eventsCommitted like the backend's own.
    EngineEvents &events();

    // Who the console's changes are audited as: "console:<login>" at this desk.
    const Actor &operatorActor() const { return m_operator; }

private:
    class Relay;
    struct Worker;
    LocalBackend(QString path, QObject *parent);
    Result<Worker *> worker();

    template <typename T, typename F>
    QFuture<Result<T>> run(F work);

    QString m_path;
    std::unique_ptr<Clock> m_clock;
    std::unique_ptr<IdSource> m_ids;
    Actor m_operator;
    std::unique_ptr<Relay> m_relay;
    std::unique_ptr<DemoSimulator> m_simulator;
    QThreadStorage<Worker *> m_workers;
    QThreadPool m_pool; // declared last: destroyed first, so its threads end before the rest
};

} // namespace mandate
