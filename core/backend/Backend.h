#pragma once

#include "../Error.h"
#include "../audit/AuditChain.h"
#include "../domain/Domain.h"
#include "../engine/IdentityEngine.h"
#include "../store/Queries.h"

#include <QFuture>
#include <QObject>

#include <optional>

namespace mandate {

struct AgentDetails
{
    Agent agent;
    std::optional<Human> owner;
    QList<Human> sponsors;
    QList<AgentSession> recentSessions; // newest first
};

// A session with the names a person reads beside it.
struct SessionInfo
{
    AgentSession session;
    QString agentName;
    QString humanName;
    QString lastAction;       // "payments:refund on Payment::\"pay_1\": allow", or an event type
    qint64 lastActionAt = 0;
};

// A delegation tree: the root session and everything delegated below it, parents before
// children.
struct DelegationTree
{
    QString rootId;
    QList<SessionInfo> sessions;
};

// What the console shows of one session.
struct SessionDetails
{
    SessionInfo info;
    ScopeSet parentScopes;    // empty for a root session
    QStringList tokenIds;     // the jti of each token issued for it
    QList<AuditEvent> events; // its audit events, oldest first: start, decisions, revocation
};

// Where a delegation search landed: the trees of a human, an agent or a session.
struct DelegationSearch
{
    enum class Kind { Recent, Human, Agent, Session };
    Kind kind = Kind::Recent;
    QString id;
    QString label;            // the human's or agent's name, or the session's task
    QList<SessionInfo> roots; // root sessions, newest first
};

// Simulated live traffic (a demo store). A backend without it says so.
struct SimulationState
{
    bool available = false;
    bool paused = false;
    double pace = 1.0;
};

// What a console needs from Mandate, asynchronously. LocalBackend runs the engine in this
// process on worker threads; a remote backend speaks to mandated over HTTPS. The UI talks to
// nothing else, so both behave the same and the UI never waits on I/O.
//
// Every call returns at once; its future finishes on a worker thread. Continue on the GUI
// thread with future.then(context, ...).
class Backend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Backend() override = default;

    // For the status bar: "Local store ~/…/demo.mandate" or "Server https://…".
    virtual QString connectionDescription() const = 0;
    // The backend's clock (the engine's time), for "time left" and "dormant".
    virtual qint64 nowMs() const = 0;

    virtual QFuture<Result<AgentPage>> agents(const AgentQuery &query) = 0;
    virtual QFuture<Result<qint64>> countAgents(const AgentFilter &filter) = 0;
    virtual QFuture<Result<AgentDetails>> agentDetails(const QString &agentId) = 0;
    virtual QFuture<Result<QList<Human>>> humans(const HumanQuery &query) = 0;
    virtual QFuture<Result<StoreSummary>> summary() = 0;
    virtual QFuture<Result<AuditChain::Verification>> verifyAudit() = 0;

    // Live sessions, newest first, at most limit.
    virtual QFuture<Result<QList<SessionInfo>>> liveSessions(int limit) = 0;
    // These sessions as they are now (any status), with names; unknown ids are left out.
    virtual QFuture<Result<QList<SessionInfo>>> sessionsById(const QStringList &ids) = 0;
    virtual QFuture<Result<DelegationSearch>> findDelegations(const QString &text) = 0;
    virtual QFuture<Result<DelegationTree>> delegationTree(const QString &sessionId) = 0;
    virtual QFuture<Result<SessionDetails>> sessionDetails(const QString &sessionId) = 0;
    virtual QFuture<Result<Activity>> activity(const ActivityQuery &query) = 0;

    // The engine's dry run: what revoking the target would reach. Writes nothing.
    virtual QFuture<Result<RevocationReport>> previewRevocation(const RevocationTarget &target) = 0;
    // Revokes, audited as the console's operator with the reason.
    virtual QFuture<Result<RevocationReport>> revoke(const RevocationTarget &target, const QString &reason) = 0;
    // Suspends, resumes or retires an agent; suspending or retiring revokes its live sessions
    // in the same transaction. The report says what was revoked.
    virtual QFuture<Result<RevocationReport>> setAgentStatus(const QString &agentId, AgentStatus status,
                                                             const QString &reason) = 0;

    virtual SimulationState simulation() const { return {}; }
    virtual void setSimulationPaused(bool) {}
    virtual void setSimulationPace(double) {}

Q_SIGNALS:
    // Every change the engine committed, as its audit events, in chain order: on the GUI
    // thread, in batches (one per turn of the event loop at most).
    void eventsCommitted(const QList<mandate::AuditEvent> &events);
    void simulationChanged();
};

} // namespace mandate
