// IdentityEngine: sessions with tokens, token exchange, introspection and revocation
// (DESIGN section 3). The rules of delegation themselves are openSession's.

#include "IdentityEngine.h"

#include "../JsonText.h"
#include "../store/Store.h"
#include "../token/KeyRing.h"
#include "../token/TokenService.h"
#include "IdSource.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mandate {

namespace {

QJsonArray idArray(const QStringList &ids, qsizetype limit)
{
    QJsonArray out;
    for (qsizetype i = 0; i < ids.size() && i < limit; ++i)
        out.append(ids.at(i));
    return out;
}

QString kindName(RevocationTarget::Kind kind)
{
    switch (kind) {
    case RevocationTarget::Kind::Token: return QStringLiteral("token");
    case RevocationTarget::Kind::Session: return QStringLiteral("session");
    case RevocationTarget::Kind::Agent: return QStringLiteral("agent");
    case RevocationTarget::Kind::Human: return QStringLiteral("human");
    }
    return {};
}

OAuthError oauth(const QString &code, const Error &error)
{
    return OAuthError{code, error.message, error.code};
}

// The OAuth code for a refusal of openSession's rules.
QString oauthCodeFor(const Error &error)
{
    switch (error.code) {
    case ErrorCode::PermissionDenied: return QStringLiteral("invalid_grant");
    case ErrorCode::InvalidArgument:
    case ErrorCode::NotFound: return QStringLiteral("invalid_request");
    default: return QStringLiteral("server_error");
    }
}

// Audit detail keeps at most this many ids; the counts are always complete.
constexpr qsizetype kAuditedIds = 100;

} // namespace

QJsonObject IssuedToken::toJson() const
{
    QJsonObject out{{QStringLiteral("session"), session.id},
                    {QStringLiteral("token"), token},
                    {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                    {QStringLiteral("expires_at"), formatTime(session.expiresAt)},
                    {QStringLiteral("scopes"), QJsonArray::fromStringList(session.scopes.values())},
                    {QStringLiteral("agent"), session.agentId},
                    {QStringLiteral("depth"), session.depth}};
    if (!session.parentId.isEmpty())
        out.insert(QStringLiteral("parent"), session.parentId);
    return out;
}

QJsonObject Introspection::toJson() const
{
    if (!active)
        return {{QStringLiteral("active"), false}};
    QJsonObject out{{QStringLiteral("active"), true},
                    {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                    {QStringLiteral("sub"), subject},
                    {QStringLiteral("scope"), scope},
                    {QStringLiteral("client_id"), clientId},
                    {QStringLiteral("sid"), sessionId},
                    {QStringLiteral("iss"), issuer},
                    {QStringLiteral("aud"), audience},
                    {QStringLiteral("jti"), jti},
                    {QStringLiteral("exp"), expiresAtMs / 1000},
                    {QStringLiteral("iat"), issuedAtMs / 1000},
                    {QStringLiteral("nbf"), notBeforeMs / 1000}};
    if (!act.isEmpty())
        out.insert(QStringLiteral("act"), act);
    return out;
}

QJsonObject RevocationReport::toJson() const
{
    return {{QStringLiteral("dry_run"), dryRun},
            {QStringLiteral("target"), QJsonObject{{QStringLiteral("kind"), kindName(kind)}, {QStringLiteral("id"), target}}},
            {QStringLiteral("counts"), QJsonObject{{QStringLiteral("sessions"), sessionIds.size()},
                                                   {QStringLiteral("sub_agent_sessions"), subAgentSessions},
                                                   {QStringLiteral("tokens"), tokens},
                                                   {QStringLiteral("pending_step_ups"), pendingStepUps}}},
            {QStringLiteral("sessions"), QJsonArray::fromStringList(sessionIds)},
            {QStringLiteral("token_ids"), QJsonArray::fromStringList(tokenIds)}};
}

Status IdentityEngine::ensureKeys()
{
    if (m_keys->isLoaded())
        return {};
    const qint64 now = m_clock.nowMs();
    auto ok = transaction([&]() -> Status {
        auto created = m_keys->loadOrCreate(now);
        if (!created)
            return std::unexpected(created.error());
        if (!*created)
            return {};
        AuditEvent e;
        e.type = QStringLiteral("signing_key.created");
        e.detail = compactJson({{QStringLiteral("kid"), m_keys->current().kid()},
                                {QStringLiteral("alg"), crypto::algorithmName(m_config.signingAlgorithm)}});
        return audit(Actor::system(), std::move(e));
    });
    if (!ok)
        m_keys->reload(now); // forget a key whose creation rolled back
    return ok;
}

Result<QString> IdentityEngine::rotateSigningKey(const Actor &actor, std::optional<crypto::Algorithm> alg)
{
    if (auto ok = ensureKeys(); !ok)
        return std::unexpected(ok.error());
    const qint64 now = m_clock.nowMs();
    QString kid;
    auto ok = transaction([&]() -> Status {
        const QString old = m_keys->current().kid();
        // Published until the last token the old key could have signed has expired.
        auto rotated = m_keys->rotate(now, m_config.maxTtlMs + m_config.clockSkewMs, alg);
        if (!rotated)
            return std::unexpected(rotated.error());
        kid = *rotated;
        AuditEvent e;
        e.type = QStringLiteral("signing_key.rotated");
        e.detail = compactJson({{QStringLiteral("kid"), kid},
                                {QStringLiteral("alg"), m_keys->current().alg()},
                                {QStringLiteral("previous"), old}});
        return audit(actor, std::move(e));
    });
    if (!ok) {
        m_keys->reload(now);
        return std::unexpected(ok.error());
    }
    return kid;
}

Result<QJsonObject> IdentityEngine::jwks()
{
    if (auto ok = ensureKeys(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = m_keys->reload(m_clock.nowMs()); !ok)
        return std::unexpected(ok.error());
    return m_keys->jwks();
}

Result<IssuedToken> IdentityEngine::issueFor(const AgentSession &session, const QStringList &actors,
                                             const QString &audience)
{
    if (auto ok = requireTransaction(); !ok)
        return std::unexpected(ok.error());
    if (session.jti.isEmpty())
        return fail(ErrorCode::Internal, QStringLiteral("Session %1 was recorded without a token id.").arg(session.id));
    AccessTokenClaims claims;
    claims.issuer = m_config.issuer;
    claims.subject = spiffeIdFor(session.agentId);
    claims.audience = audience.isEmpty() ? m_config.audience : audience;
    claims.jti = session.jti; // recorded with the session
    claims.clientId = session.agentId;
    claims.scope = session.scopes.toString();
    claims.sessionId = session.id;
    claims.issuedAtMs = session.issuedAt;
    claims.notBeforeMs = session.issuedAt;
    claims.expiresAtMs = session.expiresAt;
    auto token = m_tokens->issue(claims, actors, m_keys->current());
    if (!token)
        return std::unexpected(token.error());
    return IssuedToken{session, *token, claims.jti};
}

void IdentityEngine::auditRefusal(const Actor &actor, const QString &type, const AgentSession &attempt,
                                  const QString &reason)
{
    auto ok = transaction([&]() -> Status {
        AuditEvent e;
        e.type = type;
        e.agentId = attempt.agentId;
        e.sessionId = attempt.parentId; // the session the attempt came from, if any
        e.humanId = attempt.humanId;
        e.scopes = attempt.scopes.toString();
        e.task = attempt.task;
        e.decision = toString(Decision::Deny);
        e.detail = compactJson({{QStringLiteral("reason"), reason}});
        return audit(actor, std::move(e));
    });
    if (!ok)
        qWarning("mandate: cannot audit a refusal: %s", qPrintable(ok.error().message));
}

Result<IssuedToken> IdentityEngine::startSession(const Actor &actor, const SessionRequest &request)
{
    AgentSession attempt;
    attempt.agentId = request.agentId.left(200);
    attempt.humanId = request.humanId.left(200);
    attempt.task = request.task.left(500);
    attempt.scopes = request.scopes;
    if (!request.parentId.isEmpty()) {
        const Error e{ErrorCode::InvalidArgument,
                      QStringLiteral("A session started by a human has no parent; sub-agents use token exchange.")};
        auditRefusal(actor, QStringLiteral("session.refused"), attempt, e.message);
        return std::unexpected(e);
    }
    if (auto ok = ensureKeys(); !ok)
        return std::unexpected(ok.error());
    IssuedToken out;
    auto session = createSession(actor, request, {QStringLiteral("human:") + request.humanId}, &out);
    if (!session) {
        auditRefusal(actor, QStringLiteral("session.refused"), attempt, session.error().message);
        return std::unexpected(session.error());
    }
    return out;
}

OAuthResult<IssuedToken> IdentityEngine::exchangeToken(const Actor &actor, const QString &subjectToken,
                                                       const QString &actorAgentId, const ScopeSet &scopes,
                                                       qint64 ttlMs, const QString &task, const QString &audience)
{
    AgentSession attempt;
    attempt.agentId = actorAgentId.left(200);
    attempt.scopes = scopes;
    auto refuse = [&](const QString &code, const Error &error) -> OAuthResult<IssuedToken> {
        auditRefusal(actor, QStringLiteral("token.exchange_refused"), attempt,
                     QStringLiteral("%1: %2").arg(code, error.message));
        return std::unexpected(oauth(code, error));
    };
    if (subjectToken.isEmpty())
        return refuse(QStringLiteral("invalid_request"),
                      Error{ErrorCode::InvalidArgument, QStringLiteral("A subject token is required.")});
    if (actorAgentId.isEmpty())
        return refuse(QStringLiteral("invalid_request"),
                      Error{ErrorCode::InvalidArgument, QStringLiteral("An actor (the sub-agent) is required.")});
    // RFC 8693 section 2.2.2: an audience this issuer does not serve is invalid_target.
    if (!knowsAudience(audience))
        return refuse(QStringLiteral("invalid_target"),
                      Error{ErrorCode::InvalidArgument,
                            QStringLiteral("%1 is not an audience this issuer serves.").arg(audience.left(200))});

    auto state = introspect(subjectToken);
    if (!state)
        return std::unexpected(oauth(QStringLiteral("server_error"), state.error()));
    if (!state->active)
        return refuse(QStringLiteral("invalid_grant"),
                      Error{ErrorCode::PermissionDenied,
                            QStringLiteral("The subject token is not active: %1").arg(state->reason)});
    auto parentFound = m_store.session(state->sessionId);
    if (!parentFound)
        return std::unexpected(oauth(QStringLiteral("server_error"), parentFound.error()));
    if (!*parentFound)
        return refuse(QStringLiteral("invalid_grant"),
                      Error{ErrorCode::NotFound, QStringLiteral("The subject token's session is unknown.")});
    const AgentSession parent = **parentFound;
    attempt.parentId = parent.id;
    attempt.humanId = parent.humanId;
    attempt.task = task.isEmpty() ? parent.task : task.left(500);

    auto agent = m_store.agent(actorAgentId);
    if (!agent)
        return std::unexpected(oauth(QStringLiteral("server_error"), agent.error()));
    if (!*agent)
        return refuse(QStringLiteral("invalid_request"),
                      Error{ErrorCode::NotFound, QStringLiteral("There is no agent %1.").arg(attempt.agentId)});
    const ScopeSet wanted = scopes.isEmpty() ? parent.scopes : scopes;
    attempt.scopes = wanted;
    // Scopes only narrow, and the refusal names what was asked beyond the parent or the
    // actor's ceiling (RFC 8693 section 2.2.2: invalid_scope).
    const ScopeSet beyondParent = wanted.minus(parent.scopes);
    if (!beyondParent.isEmpty())
        return refuse(QStringLiteral("invalid_scope"),
                      Error{ErrorCode::PermissionDenied,
                            QStringLiteral("The subject token does not hold %1; a sub-agent may only narrow its "
                                           "parent's scopes.").arg(beyondParent.toString())});
    const ScopeSet beyondCeiling = wanted.minus((*agent)->ceiling);
    if (!beyondCeiling.isEmpty())
        return refuse(QStringLiteral("invalid_scope"),
                      Error{ErrorCode::PermissionDenied, QStringLiteral("Agent %1 may never hold %2 (beyond its ceiling).")
                                                             .arg((*agent)->name, beyondCeiling.toString())});
    if (parent.depth + 1 > m_config.maxDepth)
        return refuse(QStringLiteral("invalid_grant"),
                      Error{ErrorCode::PermissionDenied,
                            QStringLiteral("Delegation is limited to depth %1.").arg(m_config.maxDepth)});

    SessionRequest request;
    request.agentId = actorAgentId;
    request.humanId = parent.humanId;
    request.parentId = parent.id;
    request.task = attempt.task;
    request.scopes = wanted;
    request.ttlMs = ttlMs;
    request.audience = audience;
    const QStringList parentActors = AccessTokenClaims{.act = state->act}.actors();
    IssuedToken out;
    auto session = createSession(actor, request, parentActors, &out);
    if (!session)
        return refuse(oauthCodeFor(session.error()), session.error());
    return out;
}

Result<Introspection> IdentityEngine::introspect(const QString &token)
{
    if (auto ok = ensureKeys(); !ok)
        return std::unexpected(ok.error());
    const qint64 now = m_clock.nowMs();
    Introspection out;
    auto claims = m_tokens->verify(token, m_keys->verificationKeys(), now);
    if (!claims && claims.error().code == ErrorCode::NotFound) {
        // Another process may have rotated the keys since they were read.
        if (auto ok = m_keys->reload(now); !ok)
            return std::unexpected(ok.error());
        claims = m_tokens->verify(token, m_keys->verificationKeys(), now);
    }
    if (!claims) {
        out.reason = claims.error().message;
        return out;
    }
    // The state is read from the store every time, never cached: a revocation is effective
    // for the very next introspection, in this process or any other sharing the store.
    // The signed act chain names the session's agents and its human: one link per agent, so
    // a root token reads one row. Without an act claim, every link that may exist is read.
    const bool actKnown = claims->actLinks >= 2 && claims->actLinks - 1 <= kMaxChainRead;
    const int links = actKnown ? claims->actLinks - 1 : kMaxChainRead;
    auto state = m_store.credentialState(claims->jti, claims->sessionId, links);
    if (!state)
        return std::unexpected(state.error());
    if (state->chain.isEmpty() || !state->tokenKnown) {
        out.reason = QStringLiteral("The token was not issued by this store.");
        return out;
    }
    if (state->tokenRevokedAt != 0) {
        out.reason = QStringLiteral("The token has been revoked.");
        return out;
    }
    if (actKnown && (state->chainLongerThanRead || state->chain.size() != links)) {
        out.reason = QStringLiteral("The token's act chain does not match its session's ancestry.");
        return out;
    }
    if (state->chainLongerThanRead || state->chain.size() > m_config.maxDepth + 1) {
        out.reason = QStringLiteral("The token's session is deeper than delegation allows.");
        return out;
    }
    for (const SessionLink &link : std::as_const(state->chain)) {
        const bool self = link.id == claims->sessionId;
        if (link.status == SessionStatus::Revoked) {
            out.reason = self ? QStringLiteral("Session %1 has been revoked (%2).").arg(link.id, link.revokedReason)
                              : QStringLiteral("Ancestor session %1 has been revoked (%2).").arg(link.id, link.revokedReason);
            return out;
        }
        if (link.status != SessionStatus::Active || link.expiresAt <= now) {
            out.reason = self ? QStringLiteral("Session %1 has expired.").arg(link.id)
                              : QStringLiteral("Ancestor session %1 has expired.").arg(link.id);
            return out;
        }
    }
    out.active = true;
    out.subject = claims->subject;
    out.scope = claims->scope;
    out.clientId = claims->clientId;
    out.sessionId = claims->sessionId;
    out.issuer = claims->issuer;
    out.audience = claims->audience;
    out.jti = claims->jti;
    out.act = claims->act;
    out.expiresAtMs = claims->expiresAtMs;
    out.issuedAtMs = claims->issuedAtMs;
    out.notBeforeMs = claims->notBeforeMs;
    return out;
}

Result<RevocationReport> IdentityEngine::revoke(const Actor &actor, const RevocationTarget &target,
                                                const QString &reason, bool dryRun)
{
    const qint64 now = m_clock.nowMs();
    RevocationReport report;
    report.dryRun = dryRun;
    report.kind = target.kind;
    const QString why = reason.isEmpty() ? QStringLiteral("revoked by %1").arg(actor.id) : reason.left(500);

    if (target.kind == RevocationTarget::Kind::Token) {
        if (auto ok = ensureKeys(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = m_keys->reload(now); !ok)
            return std::unexpected(ok.error());
        // An expired token may still be named; only its signature must be ours.
        auto claims = m_tokens->verify(target.id, m_keys->verificationKeys(), now, TokenService::Checks::SignatureOnly);
        if (!claims)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("Not a token of this issuer: %1").arg(claims.error().message));
        report.target = claims->jti;
        // The token is recorded on its session; its expiry is its own exp.
        auto session = m_store.session(claims->sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!*session || (*session)->jti.isEmpty() || (*session)->jti != claims->jti)
            return fail(ErrorCode::NotFound, QStringLiteral("Token %1 was not issued by this store.").arg(claims->jti));
        const bool live = (*session)->tokenRevokedAt == 0 && claims->expiresAtMs > now;
        if (dryRun) {
            report.tokens = live ? 1 : 0;
            if (live)
                report.tokenIds << claims->jti;
            return report;
        }
        auto ok = transaction([&]() -> Status {
            auto revoked = m_store.revokeToken(claims->sessionId, claims->jti, now);
            if (!revoked)
                return std::unexpected(revoked.error());
            if (!*revoked)
                return {};
            report.tokens = 1;
            report.tokenIds << claims->jti;
            AuditEvent e;
            e.type = QStringLiteral("token.revoked");
            e.agentId = claims->clientId;
            e.sessionId = claims->sessionId;
            e.detail = compactJson({{QStringLiteral("jti"), claims->jti}, {QStringLiteral("reason"), why}});
            return audit(actor, std::move(e));
        });
        if (!ok)
            return std::unexpected(ok.error());
        return report;
    }

    SessionSelector selector;
    selector.id = target.id;
    report.target = target.id;
    AuditEvent e;
    switch (target.kind) {
    case RevocationTarget::Kind::Session: {
        selector.scope = RevocationScope::Session;
        auto s = m_store.session(target.id);
        if (!s)
            return std::unexpected(s.error());
        if (!*s)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no session %1.").arg(target.id));
        e.type = QStringLiteral("session.revoked");
        e.sessionId = target.id;
        e.agentId = (*s)->agentId;
        e.humanId = (*s)->humanId;
        break;
    }
    case RevocationTarget::Kind::Agent: {
        selector.scope = RevocationScope::Agent;
        auto a = m_store.agent(target.id);
        if (!a)
            return std::unexpected(a.error());
        if (!*a)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no agent %1.").arg(target.id));
        e.type = QStringLiteral("agent.sessions_revoked");
        e.agentId = target.id;
        break;
    }
    case RevocationTarget::Kind::Human: {
        selector.scope = RevocationScope::Human;
        auto h = m_store.human(target.id);
        if (!h)
            return std::unexpected(h.error());
        if (!*h)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no human %1.").arg(target.id));
        e.type = QStringLiteral("human.delegations_revoked");
        e.humanId = target.id;
        break;
    }
    case RevocationTarget::Kind::Token:
        break;
    }

    auto measure = [&]() -> Status {
        auto radius = m_store.blastRadius(selector, now);
        if (!radius)
            return std::unexpected(radius.error());
        report.sessionIds = radius->sessionIds;
        report.subAgentSessions = radius->subAgentSessions;
        report.tokens = radius->liveTokens;
        report.pendingStepUps = radius->pendingStepUps;
        return {};
    };
    if (dryRun) {
        if (auto ok = measure(); !ok)
            return std::unexpected(ok.error());
        return report;
    }
    auto ok = transaction([&]() -> Status {
        // One statement revokes and reports what each session held, with the dry run's
        // expressions: the report is exactly what the revocation reached.
        auto revoked = m_store.revokeSessions(selector, now, why);
        if (!revoked)
            return std::unexpected(revoked.error());
        report.sessionIds = revoked->sessionIds;
        report.subAgentSessions = revoked->subAgentSessions;
        report.tokens = revoked->liveTokens;
        report.pendingStepUps = revoked->pendingStepUps;
        if (report.sessionIds.isEmpty())
            return {};
        if (report.pendingStepUps > 0) {
            auto cancelled = m_store.cancelStepUpsOf(report.sessionIds, now, why);
            if (!cancelled)
                return std::unexpected(cancelled.error());
        }
        e.detail = compactJson({{QStringLiteral("reason"), why},
                         {QStringLiteral("sessions"), report.sessionIds.size()},
                         {QStringLiteral("sub_agent_sessions"), report.subAgentSessions},
                         {QStringLiteral("tokens"), report.tokens},
                         {QStringLiteral("pending_step_ups"), report.pendingStepUps},
                         {QStringLiteral("session_ids"), idArray(report.sessionIds, kAuditedIds)}});
        return audit(actor, e);
    });
    if (!ok)
        return std::unexpected(ok.error());
    return report;
}

} // namespace mandate
