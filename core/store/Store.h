#pragma once

#include "../Error.h"
#include "Queries.h"

#include <functional>

namespace mandate {

// The persistence boundary of the engine. One Store object is one connection, used by one
// thread. Only IdentityEngine writes; it wraps each change and its audit event in one
// transaction (begin / commit / rollback).
class Store
{
public:
    virtual ~Store() = default;

    virtual QString description() const = 0; // "SQLite store <file>"

    // Transactions. begin() takes the write lock at once, so the audit head read inside
    // the transaction stays the head until commit.
    virtual Status begin() = 0;
    virtual Status commit() = 0; // durable when it returns
    virtual void rollback() = 0;

    // commit(), except that it returns once the commit is written and other connections see it,
    // before it is durable, with its number (numbers only grow). Nothing of it may be
    // acknowledged until waitUntilDurable(number) succeeds; meanwhile the next transaction can
    // run, its work overlapping the disk's sync. A crash of the process loses nothing; a crash of
    // the machine before the sync may lose the commit, which nobody was told of. A plain commit()
    // makes every earlier number durable too.
    virtual Result<quint64> commitDeferringSync() = 0;
    virtual Status waitUntilDurable(quint64 number) = 0;

    // Humans
    virtual Status insertHuman(const Human &human) = 0;
    virtual Status updateHumanStatus(const QString &id, HumanStatus status) = 0;
    virtual Result<std::optional<Human>> human(const QString &id) = 0;
    virtual Result<QList<Human>> humans(const HumanQuery &query) = 0;

    // Agents
    virtual Status insertAgent(const Agent &agent) = 0;
    virtual Status updateAgentStatus(const QString &id, AgentStatus status) = 0;
    virtual Status updateAgentMayAct(const QString &id, const QStringList &mayAct) = 0;
    virtual Status touchAgent(const QString &id, qint64 lastActiveAt, const ScopeSet &usedScopes) = 0;
    virtual Result<std::optional<Agent>> agent(const QString &id) = 0;
    // Who may act below the agent: an Agent with only id, name and mayAct read, for every
    // sub-agent session that asks.
    virtual Result<std::optional<Agent>> agentMayAct(const QString &id) = 0;
    // What opening a session reads of its agent, and no more: id, name, owner, risk, status,
    // ceiling, used scopes, last activity and model (the delegation rules and the policies'
    // Agent entity). One row by key, read for every session opened.
    virtual Result<std::optional<Agent>> agentForSession(const QString &id) = 0;
    virtual Result<AgentPage> agents(const AgentQuery &query) = 0;
    virtual Result<qint64> countAgents(const AgentFilter &filter) = 0;

    // Sessions
    virtual Status insertSession(const AgentSession &session) = 0;
    virtual Result<std::optional<AgentSession>> session(const QString &id) = 0;
    virtual Result<QList<AgentSession>> sessions(const SessionQuery &query) = 0;

    // Revocation. revokeSessions marks every live session the selector names, and every live
    // session delegated below them, revoked in one statement, and returns their ids (ordered by
    // depth, then id) with what they held: live tokens, pending step-ups. The blast radius is
    // the same selection, counted without writing.
    virtual Result<BlastRadius> revokeSessions(const SessionSelector &selector, qint64 nowMs,
                                               const QString &reason) = 0;
    Result<BlastRadius> revokeSessionTree(const QString &rootId, qint64 nowMs, const QString &reason)
    {
        return revokeSessions(SessionSelector{RevocationScope::Session, rootId}, nowMs, reason);
    }
    virtual Result<BlastRadius> blastRadius(const SessionSelector &selector, qint64 nowMs) = 0;
    // Pending step-up requests of these sessions become cancelled; returns how many.
    virtual Result<qint64> cancelStepUpsOf(const QStringList &sessionIds, qint64 nowMs, const QString &reason) = 0;
    // The token's state and its session's ancestry up to the root, for introspection.
    // `links`: how many links the chain should have (the session and its ancestors), from 1 to
    // kMaxChainRead; exactly that many are read, and CredentialState says whether the last one
    // has a parent still. A token knows its depth from its act claim, so a root token reads one
    // row, not eight.
    virtual Result<CredentialState> credentialState(const QString &jti, const QString &sessionId,
                                                    int links = kMaxChainRead) = 0;

    // Signing keys
    virtual Status insertSigningKey(const SigningKeyRecord &key) = 0;
    virtual Status retireSigningKey(const QString &kid, qint64 retiredAt, qint64 notAfter) = 0;
    // The current key and the retired keys whose notAfter is later than nowMs, newest first.
    virtual Result<QList<SigningKeyRecord>> publishedSigningKeys(qint64 nowMs) = 0;

    // Tokens: a session's one token is recorded on the session (insertSession writes its jti,
    // session() reads it back). Returns whether the token was live and is now revoked.
    virtual Result<bool> revokeToken(const QString &sessionId, const QString &jti, qint64 nowMs) = 0;

    // Step-up requests
    virtual Status insertStepUp(const StepUpRequest &request) = 0;
    virtual Status updateStepUp(const StepUpRequest &request) = 0;
    virtual Result<std::optional<StepUpRequest>> stepUp(const QString &id) = 0;

    // Policy set versions
    // A version inserted live takes over from the live one.
    virtual Status insertPolicyVersion(const PolicySetVersion &version) = 0;
    virtual Status setLivePolicyVersion(qint64 version) = 0;
    virtual Result<std::optional<PolicySetVersion>> livePolicyVersion() = 0;
    virtual Result<qint64> livePolicyVersionNumber() = 0; // 0: none is live
    virtual Result<std::optional<PolicySetVersion>> policyVersion(qint64 version) = 0;
    virtual Result<QList<PolicySetVersion>> policyVersions() = 0; // newest first

    // Audit log: append-only. The head recorded in the store's metadata is kept with each
    // commit, so that a truncated tail is detected too.
    virtual Result<AuditHead> auditHead() = 0;          // the last event actually stored
    virtual Result<AuditHead> recordedAuditHead() = 0;  // the head recorded at the last commit
    virtual Status setRecordedAuditHead(const AuditHead &head) = 0;
    virtual Status appendAudit(const AuditEvent &event) = 0;
    // Calls visit for each event in storage order of seq; stops early when visit returns false.
    virtual Status forEachAudit(qint64 fromSeq, const std::function<bool(const AuditEvent &)> &visit) = 0;
    virtual Result<QList<AuditEvent>> auditEvents(qint64 fromSeq, int limit) = 0;
    // The first event at or after timeMs (one past the head when there is none).
    virtual Result<qint64> auditSeqAtOrAfter(qint64 timeMs) = 0;
    // The events naming this session, oldest first (at most limit, the newest kept).
    virtual Result<QList<AuditEvent>> sessionAudit(const QString &sessionId, int limit) = 0;

    // Decisions, tokens and live sessions over time, for the console's overview.
    virtual Result<Activity> activity(const ActivityQuery &query) = 0;

    virtual Result<StoreSummary> summary(qint64 nowMs) = 0;
};

} // namespace mandate
