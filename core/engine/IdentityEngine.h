#pragma once

#include "../Clock.h"
#include "../Error.h"
#include "../audit/AuditChain.h"
#include "../domain/Domain.h"
#include "../store/Queries.h"

#include <functional>

namespace mandate {

class IdSource;
class Store;

// Who makes a change: a human (through the console, the command line or the server), an
// agent, or the system itself. Named in every audit event.
struct Actor
{
    QString id;             // "human:<id>", "agent:<id>", "system"
    QString sourceAddress;  // where the request came from, when known

    static Actor system() { return Actor{QStringLiteral("system"), {}}; }
    static Actor human(const QString &humanId) { return Actor{QStringLiteral("human:") + humanId, {}}; }
    static Actor agent(const QString &agentId) { return Actor{QStringLiteral("agent:") + agentId, {}}; }
};

struct SessionRequest
{
    QString agentId;
    QString humanId;        // on whose behalf; for a child, must equal the parent's
    QString parentId;       // empty for a root session (a human delegates)
    QString task;
    ScopeSet scopes;
    qint64 ttlMs = 0;       // 0: the configured default
};

struct DecisionRecord
{
    QString sessionId;
    QString action;
    QString resource;
    Decision decision = Decision::Deny;
    QStringList policies;   // the policies that determined it
    QString detail;         // JSON text
};

// The one facade over the identity rules (DESIGN section 3). The server, the command line,
// the local backend and the demo all go through it; nothing else issues credentials or writes
// audit events. Every change and its audit event commit in one transaction.
// An engine belongs to the thread that uses its Store.
class IdentityEngine final
{
public:
    struct Config
    {
        QString trustDomain = QStringLiteral("mandate.local");
        int maxDepth = 4;
        qint64 defaultTtlMs = 15 * 60 * 1000;
        qint64 maxTtlMs = 60 * 60 * 1000;
        qint64 stepUpTtlMs = 10 * 60 * 1000;
    };

    IdentityEngine(Store &store, const Clock &clock, IdSource &ids, Config config);
    IdentityEngine(Store &store, const Clock &clock, IdSource &ids);
    ~IdentityEngine();
    Q_DISABLE_COPY_MOVE(IdentityEngine)

    Store &store() { return m_store; }
    const Clock &clock() const { return m_clock; }
    const Config &config() const { return m_config; }

    // Runs work in one transaction: all of it commits or none. Calls nest; the outermost one
    // commits. Bulk work (the demo) wraps thousands of changes in one call.
    Status transaction(const std::function<Status()> &work);

    Result<Human> addHuman(const Actor &actor, Human human);
    Status setHumanStatus(const Actor &actor, const QString &humanId, HumanStatus status, const QString &reason);

    Result<Agent> registerAgent(const Actor &actor, Agent agent);
    Status setAgentStatus(const Actor &actor, const QString &agentId, AgentStatus status, const QString &reason);

    // Opens a root session (a human delegates a task to an agent) or a child session (an agent
    // delegates to a sub-agent). Scopes may only narrow; asking for more is refused with the
    // scopes named, never trimmed.
    Result<AgentSession> openSession(const Actor &actor, const SessionRequest &request);

    Status recordDecision(const Actor &actor, const DecisionRecord &record);

    Result<StepUpRequest> requestStepUp(const Actor &actor, StepUpRequest request);
    Result<StepUpRequest> decideStepUp(const Actor &actor, const QString &requestId, const QString &approverId,
                                       bool approve, const QString &reason);

    Result<AuditChain::Verification> verifyAudit();

    QString spiffeIdFor(const QString &agentId) const;

private:
    // Seals the event onto the chain inside the current transaction.
    Status audit(const Actor &actor, AuditEvent event);
    Status requireTransaction() const;

    Store &m_store;
    const Clock &m_clock;
    IdSource &m_ids;
    Config m_config;
    int m_depth = 0;
    AuditHead m_head;
};

} // namespace mandate
