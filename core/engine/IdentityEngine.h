#pragma once

#include "../Clock.h"
#include "../Error.h"
#include "../audit/AuditChain.h"
#include "../domain/Domain.h"
#include "../store/Queries.h"

#include <QJsonObject>

#include <functional>
#include <memory>

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

    Result<Human> addHuman(const Actor &actor, Human human);
    Status setHumanStatus(const Actor &actor, const QString &humanId, HumanStatus status, const QString &reason);

    Result<Agent> registerAgent(const Actor &actor, Agent agent);
    Status setAgentStatus(const Actor &actor, const QString &agentId, AgentStatus status, const QString &reason);

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
                                           qint64 ttlMs = 0, const QString &task = {});
    // RFC 7662. Never writes. Signature checks are cached; the session state never is.
    Result<Introspection> introspect(const QString &token);
    // Revokes (or, with dryRun, only measures) a token, a session with its subtree, an agent's
    // sessions or a human's delegations. Audited unless a dry run.
    Result<RevocationReport> revoke(const Actor &actor, const RevocationTarget &target, const QString &reason,
                                    bool dryRun = false);
    // The public keys tokens are verified with (RFC 7517 JWKS); creates the first key if needed.
    Result<QJsonObject> jwks();
    Result<QString> rotateSigningKey(const Actor &actor);

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
    Status ensureKeys();
    // openSession's rules and record. With `issued`, the session gets its token too, signed for
    // the agent acting for `actorsAbove` (outermost first, the human last), and the one audit
    // event names both.
    Result<AgentSession> createSession(const Actor &actor, const SessionRequest &request,
                                       const QStringList &actorsAbove, IssuedToken *issued);
    Result<IssuedToken> issueFor(const AgentSession &session, const QStringList &actors);
    void auditRefusal(const Actor &actor, const QString &type, const AgentSession &attempt, const QString &reason);

    Store &m_store;
    const Clock &m_clock;
    IdSource &m_ids;
    Config m_config;
    int m_depth = 0;
    AuditHead m_head;
    EngineEvents *m_events = nullptr;
    QList<AuditEvent> m_sealed; // this transaction's events, for m_events once it commits
    std::unique_ptr<KeyRing> m_keys;
    std::unique_ptr<TokenService> m_tokens;
};

} // namespace mandate
