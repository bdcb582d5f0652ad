// IdentityEngine: the policies (DESIGN section 3): publishing and rolling back policy
// set versions, deciding agent actions (authorize) with step-up, and the analysis an admin
// runs before publishing: what-if on one request, replay over recorded decisions.

#include "IdentityEngine.h"

#include "../JsonText.h"
#include "../store/Store.h"
#include "EngineSupport_p.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unordered_map>

namespace mandate {

namespace {

constexpr qsizetype kMaxContextBytes = 16 * 1024;

QString transition(Decision before, Decision after)
{
    return toString(before) + QStringLiteral("->") + toString(after);
}

// The context a recorded decision was made in: what authorize() wrote under "context", or,
// for decisions recorded without one, the detail's own members besides its sentences.
QJsonObject recordedContext(const QString &detail)
{
    const QJsonObject object = QJsonDocument::fromJson(detail.toUtf8()).object();
    if (object.contains(QStringLiteral("context")))
        return object.value(QStringLiteral("context")).toObject();
    QJsonObject out = object;
    for (const char *own : {"reason", "errors", "request", "step_up_request"})
        out.remove(QLatin1StringView(own));
    return out;
}

} // namespace

QJsonObject Authorization::toJson() const
{
    QJsonObject out{{QStringLiteral("decision"), toString(decision)},
                    {QStringLiteral("policies"), QJsonArray::fromStringList(policies)},
                    {QStringLiteral("reason"), reason}};
    if (!sessionId.isEmpty())
        out.insert(QStringLiteral("session"), sessionId);
    if (!errors.isEmpty())
        out.insert(QStringLiteral("errors"), QJsonArray::fromStringList(errors));
    if (!stepUpRequestId.isEmpty())
        out.insert(QStringLiteral("step_up_request"), stepUpRequestId);
    return out;
}

QJsonObject WhatIf::toJson() const
{
    return {{QStringLiteral("draft"), draft.toJson()},
            {QStringLiteral("live"), live.toJson()},
            {QStringLiteral("changed"), draft.decision != live.decision}};
}

QJsonObject ReplayReport::toJson() const
{
    QJsonObject byTransition;
    for (auto it = transitions.cbegin(); it != transitions.cend(); ++it)
        byTransition.insert(it.key(), it.value());
    QJsonObject policies;
    for (auto it = byPolicy.cbegin(); it != byPolicy.cend(); ++it)
        policies.insert(it.key(), it.value());
    QJsonArray list;
    for (const ReplayChange &c : changes) {
        list.append(QJsonObject{{QStringLiteral("seq"), c.seq},
                                {QStringLiteral("time"), formatTime(c.time)},
                                {QStringLiteral("agent"), c.agentId},
                                {QStringLiteral("session"), c.sessionId},
                                {QStringLiteral("action"), c.action},
                                {QStringLiteral("resource"), c.resource},
                                {QStringLiteral("before"), toString(c.before)},
                                {QStringLiteral("after"), toString(c.after)},
                                {QStringLiteral("policies_before"), QJsonArray::fromStringList(c.policiesBefore)},
                                {QStringLiteral("policies_after"), QJsonArray::fromStringList(c.policiesAfter)}});
    }
    return {{QStringLiteral("from"), formatTime(fromMs)},
            {QStringLiteral("to"), formatTime(toMs)},
            {QStringLiteral("decisions"), decisions},
            {QStringLiteral("replayed"), replayed},
            {QStringLiteral("unchanged"), unchanged},
            {QStringLiteral("changed"), replayed - unchanged},
            {QStringLiteral("transitions"), byTransition},
            {QStringLiteral("by_policy"), policies},
            {QStringLiteral("changes"), list}};
}

Result<PolicySetVersion> IdentityEngine::publishPolicies(const Actor &actor, const QString &text, const QString &comment)
{
    auto compiled = CompiledPolicies::compile(text, m_config.policySchema);
    if (!compiled)
        return std::unexpected(compiled.error());
    PolicySetVersion version;
    auto ok = transaction([&]() -> Status {
        auto versions = m_store.policyVersions();
        if (!versions)
            return std::unexpected(versions.error());
        auto live = m_store.livePolicyVersionNumber();
        if (!live)
            return std::unexpected(live.error());
        version.version = versions->isEmpty() ? 1 : versions->constFirst().version + 1;
        version.text = text;
        version.author = actor.id;
        version.createdAt = m_clock.nowMs();
        version.comment = comment.left(1000);
        version.live = true;
        if (auto inserted = m_store.insertPolicyVersion(version); !inserted)
            return inserted;
        m_policies->forget(); // the next decision, even in this transaction, reads the new version
        AuditEvent e;
        e.type = QStringLiteral("policy.published");
        e.detail = compactJson({{QStringLiteral("version"), version.version},
                                {QStringLiteral("previous"), *live},
                                {QStringLiteral("policies"), (*compiled)->size()},
                                {QStringLiteral("comment"), version.comment}});
        return audit(actor, std::move(e));
    });
    if (!ok)
        return std::unexpected(ok.error());
    return version;
}

Status IdentityEngine::rollbackPolicies(const Actor &actor, qint64 version)
{
    return transaction([&]() -> Status {
        auto live = m_store.livePolicyVersionNumber();
        if (!live)
            return std::unexpected(live.error());
        if (*live == version)
            return fail(ErrorCode::Conflict, QStringLiteral("Policy set version %1 is already live.").arg(version));
        if (auto ok = m_store.setLivePolicyVersion(version); !ok)
            return ok;
        m_policies->forget();
        AuditEvent e;
        e.type = QStringLiteral("policy.rolled_back");
        e.detail = compactJson({{QStringLiteral("version"), version}, {QStringLiteral("previous"), *live}});
        return audit(actor, std::move(e));
    });
}

Result<Authorization> IdentityEngine::authorize(const Actor &actor, const AuthorizationRequest &request)
{
    if (auto ok = requireText(request.action, QStringLiteral("An action"), 200); !ok)
        return std::unexpected(ok.error());
    if (auto ok = requireText(request.resource, QStringLiteral("A resource"), 500); !ok)
        return std::unexpected(ok.error());
    // The context is kept in the audit trail with the decision: bounded, like every input.
    const QByteArray contextJson = QJsonDocument(request.context).toJson(QJsonDocument::Compact);
    const QByteArray attributesJson = QJsonDocument(request.resourceAttributes).toJson(QJsonDocument::Compact);
    if (contextJson.size() > kMaxContextBytes || attributesJson.size() > kMaxContextBytes)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("A context or a resource's attributes may hold at most %1 bytes of JSON.").arg(kMaxContextBytes));
    Authorization out;
    auto state = introspect(request.token);
    if (!state)
        return std::unexpected(state.error());
    if (!state->active) {
        // Nothing to audit against: no live session stands behind the token.
        out.reason = QStringLiteral("The token is not active: %1").arg(state->reason);
        return out;
    }
    out.sessionId = state->sessionId;
    const qint64 now = m_clock.nowMs();
    auto ok = transaction([&]() -> Status {
        auto session = m_store.session(state->sessionId);
        if (!session)
            return std::unexpected(session.error());
        if (!*session)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no session %1.").arg(state->sessionId));
        auto agent = m_store.agent((*session)->agentId);
        if (!agent)
            return std::unexpected(agent.error());
        auto human = m_store.human((*session)->humanId);
        if (!human)
            return std::unexpected(human.error());
        if (!*agent || !*human)
            return fail(ErrorCode::StoreCorrupt, QStringLiteral("Session %1 names an agent or human that is gone.")
                                                     .arg(state->sessionId));

        PolicyOutcome outcome;
        QString stepUpId;
        if (!(*session)->scopes.contains(request.action)) {
            // Scopes bound what a session may do before any policy is asked.
            outcome.decision = Decision::Deny;
            out.reason = QStringLiteral("The session does not hold %1.").arg(request.action.left(200));
        } else if (!request.stepUpRequestId.isEmpty()) {
            auto approved = m_store.stepUp(request.stepUpRequestId);
            if (!approved)
                return std::unexpected(approved.error());
            const bool matches = *approved && (*approved)->sessionId == (*session)->id
                                 && (*approved)->action == request.action && (*approved)->resource == request.resource;
            if (!matches)
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("Step-up request %1 is not for this session, action and resource.")
                                .arg(request.stepUpRequestId.left(200)));
            const StepUpRequest &r = **approved;
            const StepUpStatus status = r.status == StepUpStatus::Pending && r.expiresAt <= now ? StepUpStatus::Expired : r.status;
            outcome.policies = QStringList{r.policyId};
            if (status == StepUpStatus::Approved) {
                outcome.decision = Decision::Allow;
                out.reason = QStringLiteral("Approved by %1: %2").arg(r.approverId, r.decisionReason);
            } else if (status == StepUpStatus::Pending) {
                outcome.decision = Decision::StepUpRequired;
                stepUpId = r.id;
                out.reason = QStringLiteral("Waiting for a person to approve: %1").arg(r.reason);
            } else {
                outcome.decision = Decision::Deny;
                out.reason = QStringLiteral("Step-up request %1 is %2.").arg(r.id, toString(status));
            }
        } else {
            auto live = m_policies->current(m_transaction);
            if (!live)
                return std::unexpected(live.error());
            if (!*live) {
                outcome.decision = Decision::Deny;
                out.reason = QStringLiteral("No policy set is published: nothing is permitted.");
            } else {
                auto owner = ownerOf(**agent, **human);
                if (!owner)
                    return std::unexpected(owner.error());
                auto decided = (*live)->act({**agent, owner->has_value() ? &**owner : nullptr, **human, **session,
                                             request.action, request.resource, request.resourceAttributes,
                                             request.context, actor.sourceAddress, now});
                if (!decided)
                    return std::unexpected(decided.error());
                outcome = *decided;
                if (outcome.decision == Decision::StepUpRequired) {
                    StepUpRequest r;
                    r.sessionId = (*session)->id;
                    r.action = request.action;
                    r.resource = request.resource;
                    r.context = QString::fromUtf8(contextJson);
                    r.policyId = outcome.stepUpPolicy;
                    r.reason = outcome.stepUpReason.isEmpty() ? QStringLiteral("A policy asks for a person's approval.")
                                                              : outcome.stepUpReason.left(500);
                    r.bindingMessage = QStringLiteral("%1 wants to %2 %3 for %4")
                                           .arg((*agent)->name, request.action, request.resource, (*human)->name)
                                           .left(300);
                    auto opened = requestStepUp(actor, r);
                    if (!opened)
                        return std::unexpected(opened.error());
                    stepUpId = opened->id;
                    out.reason = QStringLiteral("Needs a person's approval: %1").arg(r.reason);
                } else {
                    out.reason = outcome.decision == Decision::Allow
                                         ? QStringLiteral("Permitted by %1.").arg(outcome.policies.join(QStringLiteral(", ")))
                                 : outcome.policies.isEmpty() ? QStringLiteral("No policy permits it.")
                                                              : QStringLiteral("Forbidden by %1.").arg(outcome.policies.join(QStringLiteral(", ")));
                }
            }
        }
        out.decision = outcome.decision;
        out.policies = outcome.policies;
        out.errors = outcome.errors;
        out.stepUpRequestId = stepUpId;

        JsonObjectWriter detail;
        detail.addJson(QLatin1StringView("context"), contextJson)
            .add(QLatin1StringView("reason"), out.reason);
        if (!stepUpId.isEmpty())
            detail.add(QLatin1StringView("step_up_request"), stepUpId);
        if (!outcome.errors.isEmpty())
            detail.addJson(QLatin1StringView("errors"),
                           QJsonDocument(QJsonArray::fromStringList(outcome.errors)).toJson(QJsonDocument::Compact));
        DecisionRecord record;
        record.sessionId = (*session)->id;
        record.action = request.action;
        record.resource = request.resource;
        record.decision = outcome.decision;
        record.policies = outcome.policies;
        record.detail = detail.text();
        return recordDecision(actor, record);
    });
    if (!ok)
        return std::unexpected(ok.error());
    return out;
}

Result<WhatIf> IdentityEngine::whatIf(const QString &draftText, const WhatIfRequest &request)
{
    auto draft = CompiledPolicies::compile(draftText, m_config.policySchema);
    if (!draft)
        return std::unexpected(draft.error());
    auto agent = m_store.agent(request.agentId);
    if (!agent)
        return std::unexpected(agent.error());
    if (!*agent)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no agent %1.").arg(request.agentId.left(200)));
    AgentSession session;
    if (!request.sessionId.isEmpty()) {
        auto found = m_store.session(request.sessionId);
        if (!found)
            return std::unexpected(found.error());
        if (!*found)
            return fail(ErrorCode::NotFound, QStringLiteral("There is no session %1.").arg(request.sessionId.left(200)));
        session = **found;
    } else {
        session.id = QStringLiteral("ses_what_if");
        session.agentId = (*agent)->id;
        session.humanId = request.humanId;
        session.scopes = (*agent)->ceiling;
        session.task = QStringLiteral("what-if");
    }
    auto human = m_store.human(request.humanId.isEmpty() ? session.humanId : request.humanId);
    if (!human)
        return std::unexpected(human.error());
    if (!*human)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no human %1.").arg(request.humanId.left(200)));
    auto live = m_policies->current();
    if (!live)
        return std::unexpected(live.error());

    auto owner = ownerOf(**agent, **human);
    if (!owner)
        return std::unexpected(owner.error());
    const Human *ownerHuman = owner->has_value() ? &**owner : nullptr;
    const qint64 now = m_clock.nowMs();
    WhatIf out;
    auto ask = [&](const CompiledPolicies &set) -> Result<PolicyOutcome> {
        if (request.action == u"delegate") {
            if (!Scope::isValid(request.resource))
                return fail(ErrorCode::InvalidArgument, QStringLiteral("To ask about delegate, name a scope as the resource."));
            return set.delegate({**agent, ownerHuman, **human, request.resource, session.task, session.depth,
                                 session.parentId.isEmpty() ? ScopeSet() : session.scopes});
        }
        return set.act({**agent, ownerHuman, **human, session, request.action, request.resource, {}, request.context, {}, now});
    };
    auto drafted = ask(**draft);
    if (!drafted)
        return std::unexpected(drafted.error());
    out.draft = *drafted;
    if (*live) {
        auto current = ask(**live);
        if (!current)
            return std::unexpected(current.error());
        out.live = *current;
    }
    return out;
}

Result<ReplayReport> IdentityEngine::replay(const QString &draftText, qint64 fromMs, qint64 toMs)
{
    if (toMs < fromMs)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The replay window ends before it begins."));
    auto draft = CompiledPolicies::compile(draftText, m_config.policySchema);
    if (!draft)
        return std::unexpected(draft.error());
    auto first = m_store.auditSeqAtOrAfter(fromMs);
    if (!first)
        return std::unexpected(first.error());

    ReplayReport report;
    report.fromMs = fromMs;
    report.toMs = toMs;
    // Node-based maps: a pointer handed out stays valid while later look-ups insert.
    std::unordered_map<QString, std::optional<Agent>> agents;
    std::unordered_map<QString, std::optional<Human>> humans;
    std::unordered_map<QString, std::optional<AgentSession>> sessions;
    Status failed;
    auto lookup = [&](auto &cache, const QString &id, auto read) -> const auto * {
        auto it = cache.find(id);
        if (it == cache.end()) {
            auto found = read(id);
            if (!found) {
                failed = std::unexpected(found.error());
                it = cache.emplace(id, std::nullopt).first;
            } else {
                it = cache.emplace(id, std::move(*found)).first;
            }
        }
        return it->second.has_value() ? &*it->second : nullptr;
    };
    auto walked = m_store.forEachAudit(*first, [&](const AuditEvent &e) {
        if (e.time > toMs)
            return false;
        if (e.type != u"authz.decision" || e.time < fromMs)
            return true;
        ++report.decisions;
        const AgentSession *session = lookup(sessions, e.sessionId, [&](const QString &id) { return m_store.session(id); });
        const Agent *agent = lookup(agents, e.agentId, [&](const QString &id) { return m_store.agent(id); });
        const Human *human = lookup(humans, e.humanId, [&](const QString &id) { return m_store.human(id); });
        if (!failed)
            return false;
        const auto before = decisionFromString(e.decision);
        if (!session || !agent || !human || !before)
            return true;
        const Human *owner = lookup(humans, agent->ownerId, [&](const QString &id) { return m_store.human(id); });
        auto after = (*draft)->act({*agent, owner, *human, *session, e.action, e.resource, {},
                                    recordedContext(e.detail), e.sourceAddress, e.time});
        if (!after)
            return true; // a resource or context the draft's schema cannot read: not comparable
        ++report.replayed;
        if (after->decision == *before) {
            ++report.unchanged;
            return true;
        }
        report.transitions[transition(*before, after->decision)] += 1;
        for (const QString &policy : std::as_const(after->policies))
            report.byPolicy[policy] += 1;
        if (after->policies.isEmpty())
            report.byPolicy[QStringLiteral("(no policy permits)")] += 1;
        if (report.changes.size() < ReplayReport::kMaxReplayChanges) {
            report.changes << ReplayChange{e.seq, e.time, e.agentId, e.sessionId, e.action, e.resource,
                                           *before, after->decision, e.policies, after->policies};
        }
        return true;
    });
    if (!walked)
        return std::unexpected(walked.error());
    if (!failed)
        return std::unexpected(failed.error());
    return report;
}

} // namespace mandate
