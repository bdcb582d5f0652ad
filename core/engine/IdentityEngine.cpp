#include "IdentityEngine.h"

#include "../JsonText.h"
#include "../store/Store.h"
#include "../token/KeyRing.h"
#include "../token/TokenService.h"
#include "EngineEvents.h"
#include "EngineSupport_p.h"
#include "IdSource.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <limits>

namespace mandate {

namespace {

// An agent's last activity is kept to this resolution (see createSession).
constexpr qint64 kLastActiveResolutionMs = 60 * 1000;

bool isEmail(const QString &email)
{
    static const QRegularExpression re(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    return re.match(email).hasMatch();
}

} // namespace

IdentityEngine::IdentityEngine(Store &store, const Clock &clock, IdSource &ids, Config config)
    : m_store(store), m_clock(clock), m_ids(ids), m_config(std::move(config))
    , m_keys(std::make_unique<KeyRing>(store, m_config.signingAlgorithm))
    , m_tokens(std::make_unique<TokenService>(TokenService::Config{m_config.issuer, m_config.audience,
                                                                  m_config.extraAudiences, m_config.clockSkewMs,
                                                                  m_config.maxActDepth, 8 * 1024,
                                                                  m_config.signatureCacheEntries}))
    , m_policies(std::make_unique<LivePolicies>(store, m_config.policySchema))
{
    // Introspection reads at most kMaxChainRead links of a session's ancestry.
    m_config.maxDepth = qBound(0, m_config.maxDepth, kMaxChainRead - 1);
}

IdentityEngine::IdentityEngine(Store &store, const Clock &clock, IdSource &ids)
    : IdentityEngine(store, clock, ids, Config{})
{
}

IdentityEngine::~IdentityEngine() = default;

QString IdentityEngine::spiffeIdFor(const QString &agentId) const
{
    return QStringLiteral("spiffe://") + m_config.trustDomain + QStringLiteral("/agent/") + agentId;
}

Status IdentityEngine::transaction(const std::function<Status()> &work)
{
    if (m_depth > 0) {
        ++m_depth;
        Status result = work();
        --m_depth;
        return result;
    }
    if (auto committed = runTransaction(work, false); !committed)
        return std::unexpected(committed.error());
    return {};
}

Result<quint64> IdentityEngine::transactionDeferringSync(const std::function<Status()> &work)
{
    if (m_depth > 0)
        return fail(ErrorCode::Internal, QStringLiteral("A transaction that defers its sync cannot run inside another."));
    return runTransaction(work, true);
}

Status IdentityEngine::waitUntilDurable(quint64 number)
{
    if (auto ok = m_store.waitUntilDurable(number); !ok)
        return ok;
    announceDurable(number);
    return {};
}

Result<quint64> IdentityEngine::runTransaction(const std::function<Status()> &work, bool deferSync)
{
    if (auto ok = m_store.begin(); !ok)
        return std::unexpected(ok.error());
    // The write lock is held from here, so the head read now stays the head until commit.
    auto head = m_store.auditHead();
    if (!head) {
        m_store.rollback();
        return std::unexpected(head.error());
    }
    m_head = *head;
    const AuditHead startHead = m_head;
    m_depth = 1;
    ++m_transaction;
    Status result = work();
    m_depth = 0;
    if (result && m_head.seq != startHead.seq)
        result = m_store.setRecordedAuditHead(m_head);
    Result<quint64> committed = 0;
    if (!result) {
        m_store.rollback();
        committed = std::unexpected(result.error());
    } else if (deferSync) {
        committed = m_store.commitDeferringSync();
    } else if (auto ok = m_store.commit(); !ok) {
        committed = std::unexpected(ok.error());
    }
    // Observers hear only of what is durable, in chain order; a rolled-back change never
    // happened. A plain commit makes every deferred one before it durable as well.
    QList<AuditEvent> sealed = std::exchange(m_sealed, {});
    if (!committed || !m_events)
        return committed;
    if (deferSync) {
        if (!sealed.isEmpty())
            m_undurable.append({*committed, std::move(sealed)});
        return committed;
    }
    announceDurable(std::numeric_limits<quint64>::max());
    if (!sealed.isEmpty())
        m_events->committed(sealed);
    return committed;
}

void IdentityEngine::announceDurable(quint64 number)
{
    while (!m_undurable.isEmpty() && m_undurable.constFirst().first <= number) {
        const QList<AuditEvent> events = m_undurable.takeFirst().second;
        if (m_events)
            m_events->committed(events);
    }
}

Status IdentityEngine::requireTransaction() const
{
    if (m_depth == 0)
        return fail(ErrorCode::Internal, QStringLiteral("An engine change ran outside a transaction."));
    return {};
}

Status IdentityEngine::audit(const Actor &actor, AuditEvent event)
{
    if (auto ok = requireTransaction(); !ok)
        return ok;
    event.time = m_clock.nowMs();
    event.actor = actor.id;
    if (event.sourceAddress.isEmpty())
        event.sourceAddress = actor.sourceAddress;
    const AuditHead next = AuditChain::seal(event, m_head);
    if (auto ok = m_store.appendAudit(event); !ok)
        return ok;
    m_head = next;
    if (m_events)
        m_sealed << std::move(event);
    return {};
}

Result<Human> IdentityEngine::addHuman(const Actor &actor, Human human)
{
    if (auto ok = requireText(human.name, QStringLiteral("A name"), 200); !ok)
        return std::unexpected(ok.error());
    if (!isEmail(human.email))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" is not an email address.").arg(human.email.left(200)));
    if (human.createdAt == 0)
        human.createdAt = m_clock.nowMs();
    if (human.id.isEmpty())
        human.id = m_ids.next(u"hum", human.createdAt);
    auto ok = transaction([&]() -> Status {
        if (auto inserted = m_store.insertHuman(human); !inserted)
            return inserted;
        AuditEvent e;
        e.type = QStringLiteral("human.added");
        e.humanId = human.id;
        e.detail = compactJson({{QStringLiteral("name"), human.name},
                         {QStringLiteral("department"), human.department},
                         {QStringLiteral("status"), toString(human.status)},
                         {QStringLiteral("roles"), roleNames(human.roles).join(u' ')}});
        return audit(actor, std::move(e));
    });
    if (!ok)
        return std::unexpected(ok.error());
    return human;
}

Status IdentityEngine::setHumanStatus(const Actor &actor, const QString &humanId, HumanStatus status,
                                      const QString &reason)
{
    return transaction([&]() -> Status {
        auto existing = m_store.human(humanId);
        if (!existing)
            return std::unexpected(existing.error());
        if (!*existing)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no human %1.").arg(humanId));
        if ((*existing)->status == status)
            return {};
        if (auto ok = m_store.updateHumanStatus(humanId, status); !ok)
            return ok;
        AuditEvent e;
        e.type = QStringLiteral("human.status_changed");
        e.humanId = humanId;
        // Disabling a human revokes everything delegated by them (DESIGN section 3).
        return recordStatusChange(actor, std::move(e), (*existing)->name, toString((*existing)->status),
                                  toString(status), reason,
                                  status == HumanStatus::Active ? std::nullopt
                                                                : std::optional(RevocationTarget{RevocationTarget::Kind::Human, humanId}));
    });
}

Result<Agent> IdentityEngine::registerAgent(const Actor &actor, Agent agent)
{
    if (auto ok = requireText(agent.name, QStringLiteral("An agent's name"), 200); !ok)
        return std::unexpected(ok.error());
    if (agent.ownerId.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("An agent must have an owner."));
    if (auto ok = requireText(agent.purpose, QStringLiteral("An agent's purpose"), 1000); !ok)
        return std::unexpected(Error{ErrorCode::InvalidArgument,
                                     QStringLiteral("An agent must have a purpose (at most 1000 characters).")});
    if (agent.ceiling.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("An agent needs a scope ceiling."));
    if (agent.createdAt == 0)
        agent.createdAt = m_clock.nowMs();
    if (agent.id.isEmpty())
        agent.id = m_ids.next(u"agt", agent.createdAt);
    agent.spiffeId = spiffeIdFor(agent.id);
    auto ok = transaction([&]() -> Status {
        auto owner = m_store.human(agent.ownerId);
        if (!owner)
            return std::unexpected(owner.error());
        if (!*owner)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("The owner %1 does not exist.").arg(agent.ownerId));
        if ((*owner)->status != HumanStatus::Active)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("The owner %1 is %2; an agent's owner must be active.")
                            .arg((*owner)->name, toString((*owner)->status)));
        agent.ownerName = (*owner)->name;
        agent.ownerStatus = (*owner)->status;
        if (auto allowed = checkMayAct(agent.mayAct); !allowed)
            return allowed;
        if (auto inserted = m_store.insertAgent(agent); !inserted)
            return inserted;
        AuditEvent e;
        e.type = QStringLiteral("agent.registered");
        e.agentId = agent.id;
        e.humanId = agent.ownerId;
        e.scopes = agent.ceiling.toString();
        e.modelVersion = agent.model.display();
        e.detail = compactJson({{QStringLiteral("name"), agent.name},
                         {QStringLiteral("purpose"), agent.purpose},
                         {QStringLiteral("risk"), toString(agent.risk)},
                         {QStringLiteral("runtime"), agent.runtime},
                         {QStringLiteral("sponsors"), agent.sponsorIds.join(u' ')},
                         {QStringLiteral("may_act"), agent.mayAct.join(u' ')}});
        return audit(actor, std::move(e));
    });
    if (!ok)
        return std::unexpected(ok.error());
    return agent;
}

Status IdentityEngine::checkMayAct(QStringList &mayAct)
{
    mayAct.removeDuplicates();
    if (mayAct.size() > 1000)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("may_act names at most 1000 agents."));
    for (const QString &entry : std::as_const(mayAct)) {
        if (entry == u"*")
            continue;
        auto found = m_store.agent(entry);
        if (!found)
            return std::unexpected(found.error());
        if (!*found)
            return fail(ErrorCode::NotFound, QStringLiteral("may_act names %1, which is not an agent.").arg(entry.left(200)));
    }
    return {};
}

Status IdentityEngine::setAgentMayAct(const Actor &actor, const QString &agentId, QStringList mayAct)
{
    return transaction([&]() -> Status {
        auto existing = m_store.agent(agentId);
        if (!existing)
            return std::unexpected(existing.error());
        if (!*existing)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no agent %1.").arg(agentId));
        if (auto ok = checkMayAct(mayAct); !ok)
            return ok;
        if (auto ok = m_store.updateAgentMayAct(agentId, mayAct); !ok)
            return ok;
        AuditEvent e;
        e.type = QStringLiteral("agent.may_act_changed");
        e.agentId = agentId;
        e.detail = compactJson({{QStringLiteral("from"), (*existing)->mayAct.join(u' ')},
                                {QStringLiteral("to"), mayAct.join(u' ')}});
        return audit(actor, std::move(e));
    });
}

Status IdentityEngine::setAgentStatus(const Actor &actor, const QString &agentId, AgentStatus status,
                                      const QString &reason)
{
    return transaction([&]() -> Status {
        auto existing = m_store.agent(agentId);
        if (!existing)
            return std::unexpected(existing.error());
        if (!*existing)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no agent %1.").arg(agentId));
        if ((*existing)->status == AgentStatus::Retired && status != AgentStatus::Retired)
            return fail(ErrorCode::Conflict, QStringLiteral("Agent %1 is retired; a retired agent stays retired.")
                                                 .arg((*existing)->name));
        if ((*existing)->status == status)
            return {};
        if (auto ok = m_store.updateAgentStatus(agentId, status); !ok)
            return ok;
        AuditEvent e;
        e.type = QStringLiteral("agent.status_changed");
        e.agentId = agentId;
        // A suspended or retired agent acts no more: its sessions, and everything delegated
        // below them, are revoked with the change.
        return recordStatusChange(actor, std::move(e), (*existing)->name, toString((*existing)->status),
                                  toString(status), reason,
                                  status == AgentStatus::Active ? std::nullopt
                                                                : std::optional(RevocationTarget{RevocationTarget::Kind::Agent, agentId}));
    });
}

Status IdentityEngine::recordStatusChange(const Actor &actor, AuditEvent event, const QString &name, const QString &from,
                                          const QString &to, const QString &reason,
                                          const std::optional<RevocationTarget> &revokeAlso)
{
    event.detail = compactJson({{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("reason"), reason}});
    if (auto ok = audit(actor, std::move(event)); !ok)
        return ok;
    if (!revokeAlso)
        return {};
    // In the same transaction: nothing outlives the change of status.
    auto revoked = revoke(actor, *revokeAlso, QStringLiteral("%1 is %2: %3").arg(name, to, reason));
    return revoked ? Status{} : Status{std::unexpected(revoked.error())};
}

Result<AgentSession> IdentityEngine::openSession(const Actor &actor, const SessionRequest &request)
{
    return createSession(actor, request, {}, nullptr);
}

Result<std::optional<Human>> IdentityEngine::ownerOf(const Agent &agent, const Human &known)
{
    if (agent.ownerId == known.id)
        return std::optional<Human>(known);
    return m_store.human(agent.ownerId);
}

Status IdentityEngine::checkDelegation(const Agent &agent, const AgentSession &session, const ScopeSet &parentScopes,
                                       std::optional<Human> human, QStringList *determining)
{
    auto live = m_policies->current(m_transaction);
    if (!live)
        return std::unexpected(live.error());
    if (!*live)
        return {};
    if (!human) {
        auto found = m_store.human(session.humanId);
        if (!found)
            return std::unexpected(found.error());
        if (!*found)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no human %1.").arg(session.humanId));
        human = std::move(*found);
    }
    auto owner = ownerOf(agent, *human);
    if (!owner)
        return std::unexpected(owner.error());
    QStringList refused;
    QStringList why;
    for (const QString &scope : session.scopes.values()) {
        const PolicyOutcome outcome = (*live)->delegate(
                {agent, owner->has_value() ? &**owner : nullptr, *human, scope, session.task, session.depth, parentScopes});
        for (const QString &policy : outcome.policies) {
            if (!determining->contains(policy))
                *determining << policy;
        }
        if (outcome.decision == Decision::Allow)
            continue;
        refused << scope;
        if (outcome.decision == Decision::StepUpRequired)
            why << QStringLiteral("%1 needs a person's approval (%2: %3)").arg(scope, outcome.stepUpPolicy, outcome.stepUpReason);
        else if (!outcome.policies.isEmpty())
            why << QStringLiteral("%1 is forbidden by %2").arg(scope, outcome.policies.join(QStringLiteral(", ")));
        else
            why << QStringLiteral("no policy permits %1").arg(scope);
    }
    if (refused.isEmpty())
        return {};
    // Refused whole, naming the scopes: never trimmed to what the policies allow.
    return fail(ErrorCode::PermissionDenied, QStringLiteral("The policies do not let %1 hold %2 for %3: %4.")
                                                 .arg(agent.name, refused.join(u' '), human->name,
                                                      why.join(QStringLiteral("; "))));
}

Result<AgentSession> IdentityEngine::createSession(const Actor &actor, const SessionRequest &request,
                                                   const QStringList &actorsAbove, IssuedToken *issued)
{
    if (auto ok = requireText(request.task, QStringLiteral("A task"), 500); !ok)
        return std::unexpected(ok.error());
    if (request.scopes.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A session needs at least one scope."));
    if (!knowsAudience(request.audience))
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("%1 is not an audience this issuer serves.").arg(request.audience.left(200)));
    const qint64 ttl = request.ttlMs == 0 ? m_config.defaultTtlMs : request.ttlMs;
    if (ttl <= 0 || ttl > m_config.maxTtlMs)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A session lives at most %1 minutes.")
                                                    .arg(m_config.maxTtlMs / 60000));
    const qint64 now = m_clock.nowMs();

    AgentSession session;
    auto ok = transaction([&]() -> Status {
        auto agent = m_store.agentForSession(request.agentId);
        if (!agent)
            return std::unexpected(agent.error());
        if (!*agent)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no agent %1.").arg(request.agentId));
        if ((*agent)->status != AgentStatus::Active)
            return fail(ErrorCode::PermissionDenied, QStringLiteral("Agent %1 is %2.")
                                                         .arg((*agent)->name, toString((*agent)->status)));
        const ScopeSet beyondCeiling = request.scopes.minus((*agent)->ceiling);
        if (!beyondCeiling.isEmpty())
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("Agent %1 may never hold %2 (beyond its ceiling).")
                            .arg((*agent)->name, beyondCeiling.toString()));

        session.id = m_ids.next(u"ses", now);
        session.agentId = request.agentId;
        session.task = request.task;
        session.scopes = request.scopes;
        session.issuedAt = now;
        session.expiresAt = now + ttl;
        ScopeSet parentScopes; // what the delegating session holds; none for a root session
        std::optional<Human> delegating; // read here for a root session, by the policy check otherwise

        if (request.parentId.isEmpty()) {
            auto human = m_store.human(request.humanId);
            if (!human)
                return std::unexpected(human.error());
            if (!*human)
                return fail(ErrorCode::NotFound, QStringLiteral("There is no human %1.").arg(request.humanId));
            if ((*human)->status != HumanStatus::Active)
                return fail(ErrorCode::PermissionDenied, QStringLiteral("%1 is %2 and cannot delegate.")
                                                             .arg((*human)->name, toString((*human)->status)));
            session.humanId = request.humanId;
            session.rootId = session.id;
            session.depth = 0;
            delegating = std::move(*human);
        } else {
            auto parent = m_store.session(request.parentId);
            if (!parent)
                return std::unexpected(parent.error());
            if (!*parent)
                return fail(ErrorCode::NotFound, QStringLiteral("There is no session %1.").arg(request.parentId));
            const AgentSession &p = **parent;
            if (p.effectiveStatus(now) != SessionStatus::Active)
                return fail(ErrorCode::PermissionDenied, QStringLiteral("The parent session %1 is %2.")
                                                             .arg(p.id, toString(p.effectiveStatus(now))));
            if (!request.humanId.isEmpty() && request.humanId != p.humanId)
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("A sub-agent acts for the same human as its parent."));
            const ScopeSet beyondParent = request.scopes.minus(p.scopes);
            if (!beyondParent.isEmpty())
                return fail(ErrorCode::PermissionDenied,
                            QStringLiteral("A sub-agent may only narrow its parent's scopes; %1 not held by the parent.")
                                .arg(beyondParent.toString()));
            if (p.depth + 1 > m_config.maxDepth)
                return fail(ErrorCode::PermissionDenied,
                            QStringLiteral("Delegation is limited to depth %1.").arg(m_config.maxDepth));
            if (p.agentId != request.agentId) {
                auto delegator = m_store.agentMayAct(p.agentId);
                if (!delegator)
                    return std::unexpected(delegator.error());
                if (!*delegator || !(*delegator)->allowsActor(request.agentId))
                    return fail(ErrorCode::PermissionDenied,
                                QStringLiteral("Agent %1 may not act below %2 (not in its may_act).")
                                    .arg((*agent)->name, *delegator ? (*delegator)->name : p.agentId));
            }
            parentScopes = p.scopes;
            session.humanId = p.humanId;
            session.parentId = p.id;
            session.rootId = p.rootId;
            session.depth = p.depth + 1;
            session.expiresAt = qMin(session.expiresAt, p.expiresAt);
        }

        // The policies decide each scope the session would hold (Action::"delegate"); with
        // none published, the ceilings above are the bound.
        QStringList determining;
        if (auto allowed = checkDelegation(**agent, session, parentScopes, std::move(delegating), &determining); !allowed)
            return allowed;

        // The session's one token is recorded with it; its id leads with the session's time.
        if (issued)
            session.jti = m_ids.next(u"tok", now);
        if (auto inserted = m_store.insertSession(session); !inserted)
            return inserted;
        // Last activity to the minute: an agent at work is not rewritten for every session.
        const ScopeSet used = (*agent)->usedScopes.united(session.scopes);
        if (used != (*agent)->usedScopes || now - (*agent)->lastActiveAt >= kLastActiveResolutionMs) {
            if (auto touched = m_store.touchAgent(session.agentId, now, used); !touched)
                return touched;
        }

        JsonObjectWriter detail;
        detail.add(QLatin1StringView("expires_at"), formatTime(session.expiresAt))
            .add(QLatin1StringView("depth"), session.depth);
        if (!session.parentId.isEmpty())
            detail.add(QLatin1StringView("parent"), session.parentId);
        if (issued) {
            const QStringList actors = QStringList{spiffeIdFor(session.agentId)} + actorsAbove;
            auto token = issueFor(session, actors, request.audience);
            if (!token)
                return std::unexpected(token.error());
            *issued = std::move(*token);
            detail.add(QLatin1StringView("jti"), issued->jti)
                .add(QLatin1StringView("kid"), m_keys->current().kid())
                .add(QLatin1StringView("act"), actors.join(QStringLiteral(" < ")));
        }

        AuditEvent e;
        e.type = session.parentId.isEmpty() ? QStringLiteral("session.started") : QStringLiteral("session.delegated");
        e.agentId = session.agentId;
        e.sessionId = session.id;
        e.humanId = session.humanId;
        e.scopes = session.scopes.toString();
        e.modelVersion = (*agent)->model.display();
        e.task = session.task;
        e.policies = determining;
        if (!determining.isEmpty())
            e.decision = toString(Decision::Allow);
        e.detail = detail.text();
        return audit(actor, std::move(e));
    });
    if (!ok)
        return std::unexpected(ok.error());
    return session;
}

Status IdentityEngine::recordDecision(const Actor &actor, const DecisionRecord &record)
{
    if (auto ok = requireText(record.action, QStringLiteral("An action"), 200); !ok)
        return ok;
    return transaction([&]() -> Status {
        auto session = m_store.session(record.sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!*session)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no session %1.").arg(record.sessionId));
        AuditEvent e;
        e.type = QStringLiteral("authz.decision");
        e.agentId = (*session)->agentId;
        e.sessionId = (*session)->id;
        e.humanId = (*session)->humanId;
        e.scopes = (*session)->scopes.toString();
        e.action = record.action;
        e.resource = record.resource;
        e.decision = toString(record.decision);
        e.policies = record.policies;
        e.task = (*session)->task;
        e.detail = record.detail;
        return audit(actor, std::move(e));
    });
}

Result<StepUpRequest> IdentityEngine::requestStepUp(const Actor &actor, StepUpRequest request)
{
    if (auto ok = requireText(request.action, QStringLiteral("An action"), 200); !ok)
        return std::unexpected(ok.error());
    if (auto ok = requireText(request.reason, QStringLiteral("The reason a policy asked for approval"), 500); !ok)
        return std::unexpected(ok.error());
    const qint64 now = m_clock.nowMs();
    auto ok = transaction([&]() -> Status {
        auto session = m_store.session(request.sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!*session)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no session %1.").arg(request.sessionId));
        if ((*session)->effectiveStatus(now) != SessionStatus::Active)
            return fail(ErrorCode::PermissionDenied, QStringLiteral("Session %1 is %2.")
                                                         .arg(request.sessionId, toString((*session)->effectiveStatus(now))));
        if (request.id.isEmpty())
            request.id = m_ids.next(u"stp", now);
        request.agentId = (*session)->agentId;
        request.humanId = (*session)->humanId;
        request.status = StepUpStatus::Pending;
        request.createdAt = now;
        request.expiresAt = now + m_config.stepUpTtlMs;
        request.approverId.clear();
        request.decidedAt = 0;
        if (auto inserted = m_store.insertStepUp(request); !inserted)
            return inserted;
        AuditEvent e;
        e.type = QStringLiteral("stepup.requested");
        e.agentId = request.agentId;
        e.sessionId = request.sessionId;
        e.humanId = request.humanId;
        e.action = request.action;
        e.resource = request.resource;
        e.decision = toString(Decision::StepUpRequired);
        e.policies = QStringList{request.policyId};
        e.task = (*session)->task;
        e.detail = compactJson({{QStringLiteral("request"), request.id},
                         {QStringLiteral("reason"), request.reason},
                         {QStringLiteral("binding_message"), request.bindingMessage}});
        return audit(actor, std::move(e));
    });
    if (!ok)
        return std::unexpected(ok.error());
    return request;
}

Result<StepUpRequest> IdentityEngine::decideStepUp(const Actor &actor, const QString &requestId,
                                                   const QString &approverId, bool approve, const QString &reason)
{
    const qint64 now = m_clock.nowMs();
    StepUpRequest request;
    auto ok = transaction([&]() -> Status {
        auto found = m_store.stepUp(requestId);
        if (!found)
            return std::unexpected(found.error());
        if (!*found)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no step-up request %1.").arg(requestId));
        request = **found;
        if (request.status != StepUpStatus::Pending)
            return fail(ErrorCode::Conflict, QStringLiteral("Request %1 is already %2.")
                                                 .arg(requestId, toString(request.status)));
        if (request.expiresAt <= now)
            return fail(ErrorCode::Conflict, QStringLiteral("Request %1 has expired.").arg(requestId));
        auto approver = m_store.human(approverId);
        if (!approver)
            return std::unexpected(approver.error());
        if (!*approver || (*approver)->status != HumanStatus::Active
            || !(*approver)->roles.testFlag(ConsoleRole::Approver))
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("%1 is not an active approver.").arg(approverId));
        if (approverId == request.humanId)
            return fail(ErrorCode::PermissionDenied,
                        QStringLiteral("Nobody approves their own request: the agent acts for %1.")
                            .arg((*approver)->name));
        request.status = approve ? StepUpStatus::Approved : StepUpStatus::Denied;
        request.approverId = approverId;
        request.decidedAt = now;
        request.decisionReason = reason;
        if (auto updated = m_store.updateStepUp(request); !updated)
            return updated;
        AuditEvent e;
        e.type = approve ? QStringLiteral("stepup.approved") : QStringLiteral("stepup.denied");
        e.agentId = request.agentId;
        e.sessionId = request.sessionId;
        e.humanId = request.humanId;
        e.action = request.action;
        e.resource = request.resource;
        e.decision = approve ? toString(Decision::Allow) : toString(Decision::Deny);
        e.policies = QStringList{request.policyId};
        e.detail = compactJson({{QStringLiteral("request"), request.id},
                         {QStringLiteral("approver"), approverId},
                         {QStringLiteral("reason"), reason}});
        return audit(actor, std::move(e));
    });
    if (!ok)
        return std::unexpected(ok.error());
    return request;
}

Result<AuditChain::Verification> IdentityEngine::verifyAudit()
{
    return AuditChain::verify(m_store);
}

} // namespace mandate
