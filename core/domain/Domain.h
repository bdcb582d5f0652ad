#pragma once

// The value types of the engine (DESIGN section 2). Times are milliseconds since the Unix
// epoch, UTC; 0 means "never" or "not set".

#include "Enums.h"
#include "Scope.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mandate {

struct Human
{
    QString id;
    QString name;
    QString email;
    QString department;
    HumanStatus status = HumanStatus::Active;
    ConsoleRoles roles;
    qint64 createdAt = 0;
};

struct ModelInfo
{
    QString provider; // "Anthropic", "OpenAI", "Mistral", ...
    QString name;
    QString version;

    QString display() const;
};

struct Agent
{
    QString id;
    QString name;
    QString ownerId;          // a Human; required
    QString ownerName;        // the owner's name as the store knows it (read side)
    HumanStatus ownerStatus = HumanStatus::Active; // read side
    QStringList sponsorIds;   // Humans who vouch for the agent besides its owner
    QString purpose;          // required
    ModelInfo model;
    QString runtime;          // where it runs: "k8s/prod-eu", "lambda", "desktop" ...
    RiskTier risk = RiskTier::Low;
    AgentStatus status = AgentStatus::Active;
    ScopeSet ceiling;         // the most it may ever hold
    ScopeSet usedScopes;      // scopes it was actually granted in the last 30 days
    // RFC 8693 may_act: the agents that may act below this one (hold a sub-agent session
    // delegated by one of its sessions), by id, or "*" for any. Itself always may.
    QStringList mayAct;
    QString spiffeId;         // spiffe://<trust-domain>/agent/<id>
    qint64 createdAt = 0;
    qint64 lastActiveAt = 0;  // 0: never used

    bool allowsActor(const QString &agentId) const
    {
        return agentId == id || mayAct.contains(QStringLiteral("*")) || mayAct.contains(agentId);
    }
};

struct AgentSession
{
    QString id;
    QString agentId;
    QString humanId;          // on behalf of
    QString parentId;         // empty for a root session
    QString rootId;           // the root of the delegation tree (itself for a root)
    QString task;
    ScopeSet scopes;
    int depth = 0;            // 0 for a root session
    qint64 issuedAt = 0;
    qint64 expiresAt = 0;
    SessionStatus status = SessionStatus::Active; // stored state; see effectiveStatus
    qint64 revokedAt = 0;
    QString revokedReason;
    QString jti;              // the token issued when the session was opened; empty if none
    qint64 tokenRevokedAt = 0; // that token revoked by itself (RFC 7009), the session left alone

    SessionStatus effectiveStatus(qint64 nowMs) const
    {
        if (status == SessionStatus::Active && expiresAt <= nowMs)
            return SessionStatus::Expired;
        return status;
    }
};

// The edge parent -> child of a delegation tree, derived from the child's session.
struct Delegation
{
    QString parentSessionId;
    QString childSessionId;
    QString childAgentId;
    ScopeSet parentScopes;
    ScopeSet childScopes;
    int depth = 0;

    ScopeSet removedScopes() const { return parentScopes.minus(childScopes); }
    static Delegation between(const AgentSession &parent, const AgentSession &child);
};

struct StepUpRequest
{
    QString id;
    QString sessionId;
    QString agentId;
    QString humanId;          // on whose behalf the agent acts
    QString action;
    QString resource;
    QString context;          // JSON text
    QString policyId;         // the policy that asked for approval
    QString reason;           // why the policy asked (its @step_up text)
    QString bindingMessage;   // shown to agent and approver alike
    StepUpStatus status = StepUpStatus::Pending;
    QString approverId;
    qint64 createdAt = 0;
    qint64 decidedAt = 0;
    QString decisionReason;
    qint64 expiresAt = 0;
};

struct AuditEvent
{
    qint64 seq = 0;
    qint64 time = 0;
    QString type;             // "agent.registered", "session.started", "authz.decision", ...
    QString actor;            // who made the change: "human:<id>", "agent:<id>", "system"
    QString agentId;
    QString sessionId;
    QString humanId;
    QString scopes;
    QString action;
    QString resource;
    QString decision;         // allow, deny, step_up; empty for changes
    QStringList policies;     // the policies that determined the decision
    QString modelVersion;
    QString task;
    QString sourceAddress;
    QString detail;           // JSON text: what changed, the reason, ...
    QByteArray prevHash;      // hex SHA-256 of the previous event, 64 zeros for the first
    QByteArray hash;          // hex SHA-256 over prevHash and the canonical encoding
};

struct PolicySetVersion
{
    qint64 version = 0;
    QString text;
    QString author;
    qint64 createdAt = 0;
    QString comment;
    bool live = false;
};

} // namespace mandate
