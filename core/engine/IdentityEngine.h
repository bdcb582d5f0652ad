#pragma once

#include "../Clock.h"
#include "../Error.h"
#include "../audit/AuditChain.h"
#include "../crypto/Algorithm.h"
#include "../domain/Domain.h"
#include "../store/Queries.h"
#include "Policies.h"

#include <QJsonObject>
#include <QMap>

#include <functional>
#include <memory>
#include <optional>

namespace mandate {

class EngineEvents;
class IdSource;
class KeyRing;
class Store;
class TokenService;

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
    QString audience;       // the token's aud; empty: the configured audience
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

// An agent asks whether it may act (IdentityEngine::authorize): its token, the action (a scope
// it holds, "invoices:approve"), the resource (Cedar's Type::"id") and the context its policies
// look at ({"amount": 1200}). After a step-up was approved, the agent asks again naming it.
struct AuthorizationRequest
{
    QString token;
    QString action;
    QString resource;
    QJsonObject resourceAttributes; // what the caller knows of the resource, Cedar JSON
    QJsonObject context;
    QString stepUpRequestId;
};

struct Authorization
{
    Decision decision = Decision::Deny;
    QString sessionId;
    QStringList policies;      // the determining policies
    QStringList errors;        // policies that failed to evaluate (skipped)
    QString reason;            // a sentence for people
    QString stepUpRequestId;   // StepUpRequired: the request a person answers

    QJsonObject toJson() const;
};

// A question put to a draft policy set beside the live one (what-if). action "delegate" asks
// whether the agent may hold the scope named by resource; any other action is asked as in
// authorize(), in the given session or, without one, as a fresh session holding the agent's
// ceiling.
struct WhatIfRequest
{
    QString agentId;
    QString humanId;
    QString sessionId;
    QString action;
    QString resource;
    QJsonObject context;
};

struct WhatIf
{
    PolicyOutcome draft;
    PolicyOutcome live; // decision Deny with no policies when nothing is published

    QJsonObject toJson() const;
};

// Recorded decisions re-run against a draft set (replay).
struct ReplayChange
{
    qint64 seq = 0;
    qint64 time = 0;
    QString agentId;
    QString sessionId;
    QString action;
    QString resource;
    Decision before = Decision::Deny;
    Decision after = Decision::Deny;
    QStringList policiesBefore;
    QStringList policiesAfter;
};

struct ReplayReport
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 decisions = 0;      // recorded decisions in the window
    qint64 replayed = 0;       // of them, those whose agent, human and session still exist
    qint64 unchanged = 0;
    QMap<QString, qint64> transitions;   // "allow->deny": count
    QMap<QString, qint64> byPolicy;      // draft policy determining a changed decision: count
    QList<ReplayChange> changes;         // the first kMaxReplayChanges, in time order

    static constexpr qsizetype kMaxReplayChanges = 500;
    QJsonObject toJson() const;
};

// A session with its first token: what starting a session or exchanging a token returns.
struct IssuedToken
{
    AgentSession session;
    QString token;          // the signed access token (a secret)
    QString jti;

    QJsonObject toJson() const; // {session, token, expires_at, scopes}
};

// An OAuth error (RFC 6749 section 5.2, RFC 8693 section 2.2.2): the code a client acts on and
// the sentence a person reads, with the engine's own error beneath.
struct OAuthError
{
    QString error;          // invalid_request, invalid_grant, invalid_scope, invalid_target, server_error
    QString description;
    ErrorCode code = ErrorCode::Internal;

    QJsonObject toJson() const { return {{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}}; }
};

template <typename T>
using OAuthResult = std::expected<T, OAuthError>;

// An RFC 7662 introspection answer. Inactive answers carry nothing but active = false on the
// wire; the reason is for logs and the command line.
struct Introspection
{
    bool active = false;
    QString reason;         // why inactive, for people; empty when active
    QString subject;
    QString scope;
    QString clientId;
    QString sessionId;
    QString issuer;
    QString audience;
    QString jti;
    QJsonObject act;
    qint64 expiresAtMs = 0;
    qint64 issuedAtMs = 0;
    qint64 notBeforeMs = 0;

    QJsonObject toJson() const;
};

// What a revocation reaches, or would reach in a dry run.
struct RevocationTarget
{
    enum class Kind { Token, Session, Agent, Human };
    Kind kind = Kind::Session;
    QString id;             // a session, agent or human id; for Kind::Token the token itself
};

struct RevocationReport
{
    bool dryRun = false;
    RevocationTarget::Kind kind = RevocationTarget::Kind::Session;
    QString target;         // the id (for a token: its jti)
    QStringList sessionIds; // sessions revoked (or that would be)
    qint64 subAgentSessions = 0;
    qint64 tokens = 0;      // live tokens made inactive
    QStringList tokenIds;   // the jti revoked by itself (Kind::Token)
    qint64 pendingStepUps = 0;

    QJsonObject toJson() const;
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
        int maxDepth = 4; // at most kMaxChainRead - 1 (7)
        qint64 defaultTtlMs = 15 * 60 * 1000;
        qint64 maxTtlMs = 60 * 60 * 1000;
        qint64 stepUpTtlMs = 10 * 60 * 1000;
        // Access tokens (RFC 9068)
        QString issuer = QStringLiteral("https://mandate.local");
        QString audience = QStringLiteral("mandate");
        qint64 clockSkewMs = 30 * 1000;
        int maxActDepth = 8;
        int signatureCacheEntries = 100'000;
        // The first signing key's algorithm: ES256, EdDSA, or RS256 for peers that need it.
        crypto::Algorithm signingAlgorithm = crypto::Algorithm::ES256;
        // Audiences a token may be exchanged for besides `audience` (RFC 8693 audience).
        QStringList extraAudiences;
        // The Cedar schema (human-readable format) policies are validated against when
        // published; empty: policies are only parsed.
        QString policySchema;
    };

    IdentityEngine(Store &store, const Clock &clock, IdSource &ids, Config config);
    IdentityEngine(Store &store, const Clock &clock, IdSource &ids);
    ~IdentityEngine();
    Q_DISABLE_COPY_MOVE(IdentityEngine)

    Store &store() { return m_store; }
    const Clock &clock() const { return m_clock; }
    const Config &config() const { return m_config; }

    // Who hears of committed changes (EngineEvents.h); null: nobody. Not owned.
    void setEvents(EngineEvents *events) { m_events = events; }

    // Runs work in one transaction: all of it commits or none. Calls nest; the outermost one
    // commits. Bulk work (the demo) wraps thousands of changes in one call.
    Status transaction(const std::function<Status()> &work);

    // A batch of work whose commit does not wait for the disk: it returns once the work is
    // committed, with the commit's number, and nothing of it (tokens, replies, events to the
    // observers) may be acknowledged until waitUntilDurable(number) succeeds. Meanwhile the
    // next batch runs, and the log's sync for this one overlaps it: a server answers one group
    // of requests while building the next. Never nested in another transaction.
    Result<quint64> transactionDeferringSync(const std::function<Status()> &work);
    Status waitUntilDurable(quint64 number);

    Result<Human> addHuman(const Actor &actor, Human human);
    Status setHumanStatus(const Actor &actor, const QString &humanId, HumanStatus status, const QString &reason);

    Result<Agent> registerAgent(const Actor &actor, Agent agent);
    Status setAgentStatus(const Actor &actor, const QString &agentId, AgentStatus status, const QString &reason);
    // Who may act below the agent (RFC 8693 may_act): agent ids, or "*" for any.
    Status setAgentMayAct(const Actor &actor, const QString &agentId, QStringList mayAct);

    // Opens a root session (a human delegates a task to an agent) or a child session (an agent
    // delegates to a sub-agent). Scopes may only narrow; asking for more is refused with the
    // scopes named, never trimmed.
    Result<AgentSession> openSession(const Actor &actor, const SessionRequest &request);

    // Credentials (core/token). A root session and its token: the human delegates to the
    // agent (request.parentId must be empty). Refusals are audited.
    Result<IssuedToken> startSession(const Actor &actor, const SessionRequest &request);
    // RFC 8693: the parent's token (subject) buys the actor agent a narrower child session.
    // Scopes empty: the parent's. ttlMs 0: as long as the parent's session allows, up to the
    // default. Refusals are audited and carry an OAuth error code.
    OAuthResult<IssuedToken> exchangeToken(const Actor &actor, const QString &subjectToken,
                                           const QString &actorAgentId, const ScopeSet &scopes,
                                           qint64 ttlMs = 0, const QString &task = {},
                                           const QString &audience = {});
    // RFC 7662. Never writes. Signature checks are cached; the session state never is.
    Result<Introspection> introspect(const QString &token);
    // Revokes (or, with dryRun, only measures) a token, a session with its subtree, an agent's
    // sessions or a human's delegations. Audited unless a dry run.
    Result<RevocationReport> revoke(const Actor &actor, const RevocationTarget &target, const QString &reason,
                                    bool dryRun = false);
    // The public keys tokens are verified with (RFC 7517 JWKS); creates the first key if needed.
    Result<QJsonObject> jwks();
    // A new current signing key (of alg, or the current key's algorithm); the old one stays
    // published while tokens it signed can live. Returns the new kid.
    Result<QString> rotateSigningKey(const Actor &actor, std::optional<crypto::Algorithm> alg = {});

    Status recordDecision(const Actor &actor, const DecisionRecord &record);

    Result<StepUpRequest> requestStepUp(const Actor &actor, StepUpRequest request);
    Result<StepUpRequest> decideStepUp(const Actor &actor, const QString &requestId, const QString &approverId,
                                       bool approve, const QString &reason);

    Result<AuditChain::Verification> verifyAudit();

    // Policies (core/engine/EnginePolicies.cpp). Publishing validates the text (against
    // Config::policySchema when set) and makes it the live version; rolling back makes an
    // earlier version live again. Both are audited.
    Result<PolicySetVersion> publishPolicies(const Actor &actor, const QString &text, const QString &comment);
    Status rollbackPolicies(const Actor &actor, qint64 version);
    // May the agent holding this token act? Every answer for an active token is audited
    // (authz.decision); a step-up opens a request for a person to answer. Malformed requests
    // fail and change nothing.
    Result<Authorization> authorize(const Actor &actor, const AuthorizationRequest &request);
    Result<WhatIf> whatIf(const QString &draftText, const WhatIfRequest &request);
    Result<ReplayReport> replay(const QString &draftText, qint64 fromMs, qint64 toMs);

    QString spiffeIdFor(const QString &agentId) const;

private:
    // Seals the event onto the chain inside the current transaction.
    Status audit(const Actor &actor, AuditEvent event);
    Status requireTransaction() const;
    Status checkMayAct(QStringList &mayAct);
    // Audits a change of status and, when it takes someone out of service, revokes what they hold.
    Status recordStatusChange(const Actor &actor, AuditEvent event, const QString &name, const QString &from,
                              const QString &to, const QString &reason, const std::optional<RevocationTarget> &revokeAlso);
    // `human`: the delegating human when the caller has read it already.
    Status checkDelegation(const Agent &agent, const AgentSession &session, const ScopeSet &parentScopes,
                           std::optional<Human> human, QStringList *determining);
    // The agent's owner: `known` when it is the owner, else read from the store.
    Result<std::optional<Human>> ownerOf(const Agent &agent, const Human &known);
    Status ensureKeys();
    // openSession's rules and record. With `issued`, the session gets its token too, signed for
    // the agent acting for `actorsAbove` (outermost first, the human last), and the one audit
    // event names both.
    Result<AgentSession> createSession(const Actor &actor, const SessionRequest &request,
                                       const QStringList &actorsAbove, IssuedToken *issued);
    Result<IssuedToken> issueFor(const AgentSession &session, const QStringList &actors, const QString &audience);
    bool knowsAudience(const QString &audience) const
    {
        return audience.isEmpty() || audience == m_config.audience || m_config.extraAudiences.contains(audience);
    }
    void auditRefusal(const Actor &actor, const QString &type, const AgentSession &attempt, const QString &reason);
    Result<quint64> runTransaction(const std::function<Status()> &work, bool deferSync);
    void announceDurable(quint64 number);

    Store &m_store;
    const Clock &m_clock;
    IdSource &m_ids;
    Config m_config;
    int m_depth = 0;
    quint64 m_transaction = 0; // counts outermost transactions
    AuditHead m_head;
    EngineEvents *m_events = nullptr;
    QList<AuditEvent> m_sealed; // this transaction's events, for m_events once it commits
    // Deferred commits' events, by commit number, for m_events once each is durable.
    QList<std::pair<quint64, QList<AuditEvent>>> m_undurable;
    std::unique_ptr<KeyRing> m_keys;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<LivePolicies> m_policies;
};

} // namespace mandate
