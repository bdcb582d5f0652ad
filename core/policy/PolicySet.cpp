#include "PolicySet.h"

#include <bit>

namespace mandate::policy {

namespace {

void setBit(uint64_t *bits, uint32_t i) { bits[i / 64] |= uint64_t(1) << (i % 64); }

constexpr size_t bucketListLimit = 16;

Error invalid(QString message) { return Error{ErrorCode::InvalidArgument, std::move(message)}; }

} // namespace

std::expected<PolicySet, ParseError> PolicySet::parse(std::string_view text)
{
    auto asts = parsePolicies(text);
    if (!asts)
        return std::unexpected(asts.error());
    PolicySet set;
    for (size_t i = 0; i < asts->size(); ++i)
        set.add("policy" + std::to_string(i), std::move((*asts)[i]));
    return set;
}

bool PolicySet::idTaken(std::string_view id) const
{
    for (const Policy &p : m_policies) {
        if (p.id == id)
            return true;
    }
    for (const Policy &p : m_templates) {
        if (p.id == id)
            return true;
    }
    return false;
}

const Policy *PolicySet::policy(std::string_view id) const
{
    for (const Policy &p : m_policies) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

Status PolicySet::add(std::string id, PolicyAst ast)
{
    if (idTaken(id))
        return std::unexpected(invalid(
                QStringLiteral("a policy with the id %1 already exists").arg(QString::fromStdString(id))));
    const bool isTemplate = ast.isTemplate();
    Policy policy{std::move(id), std::move(ast), {}};
    if (isTemplate) {
        m_templates.push_back(std::move(policy));
        return {};
    }
    m_policies.push_back(std::move(policy));
    index(uint32_t(m_policies.size() - 1));
    return {};
}

Status PolicySet::link(std::string_view templateId, std::string id,
                       std::optional<EntityUid> principal, std::optional<EntityUid> resource)
{
    const Policy *tmpl = nullptr;
    for (const Policy &t : m_templates) {
        if (t.id == templateId)
            tmpl = &t;
    }
    if (!tmpl)
        return std::unexpected(Error{ErrorCode::NotFound,
                                     QStringLiteral("no template with the id %1")
                                             .arg(QString::fromStdString(std::string(templateId)))});
    if (idTaken(id))
        return std::unexpected(invalid(
                QStringLiteral("a policy with the id %1 already exists").arg(QString::fromStdString(id))));
    const bool wantsPrincipal = tmpl->ast.principal.slot != Slot::None;
    const bool wantsResource = tmpl->ast.resource.slot != Slot::None;
    if (wantsPrincipal != principal.has_value() || wantsResource != resource.has_value())
        return std::unexpected(invalid(QStringLiteral(
                "linking needs exactly the template's slots (?principal: %1, ?resource: %2)")
                                               .arg(wantsPrincipal ? u"yes" : u"no",
                                                    wantsResource ? u"yes" : u"no")));
    Policy linked{std::move(id), tmpl->ast, tmpl->id};
    if (principal) {
        linked.ast.principal.entity = *principal;
        linked.ast.principal.slot = Slot::None;
    }
    if (resource) {
        linked.ast.resource.entity = *resource;
        linked.ast.resource.slot = Slot::None;
    }
    m_policies.push_back(std::move(linked));
    index(uint32_t(m_policies.size() - 1));
    return {};
}

void PolicySet::Bucket::add(uint32_t policy)
{
    if (!list.empty() && list.back() == policy)
        return;
    list.push_back(policy);
    if (list.size() <= bucketListLimit)
        return;
    bits.resize(policy / 64 + 1, 0);
    if (list.size() == bucketListLimit + 1) {
        for (const uint32_t p : list)
            setBit(bits.data(), p);
    } else {
        setBit(bits.data(), policy);
    }
}

void PolicySet::Bucket::mark(uint64_t *out) const
{
    if (bits.empty()) {
        for (const uint32_t p : list)
            setBit(out, p);
        return;
    }
    for (size_t w = 0; w < bits.size(); ++w)
        out[w] |= bits[w];
}

void PolicySet::Dimension::add(uint32_t policy, const ScopeConstraint &c)
{
    const size_t words = policy / 64 + 1;
    if (any.size() < words)
        any.resize(words, 0);
    switch (c.op) {
    case ScopeOp::Any: setBit(any.data(), policy); break;
    case ScopeOp::Eq: eq[c.entity.data()].add(policy); break;
    case ScopeOp::In: in[c.entity.data()].add(policy); break;
    case ScopeOp::InSet:
        for (EntityUid uid : c.entities)
            in[uid.data()].add(policy);
        break;
    case ScopeOp::Is:
    case ScopeOp::IsIn: is[c.type].add(policy); break;
    }
}

void PolicySet::Dimension::collect(EntityUid uid, const Entity *entity, uint64_t *bits,
                                   size_t words) const
{
    std::copy(any.begin(), any.begin() + std::min(words, any.size()), bits);
    if (!eq.empty()) {
        if (auto it = eq.find(uid.data()); it != eq.end())
            it->second.mark(bits);
    }
    if (!in.empty()) {
        if (auto it = in.find(uid.data()); it != in.end())
            it->second.mark(bits);
        if (entity) {
            if (entity->ancestors.size() <= in.size()) {
                for (const EntityUidData *ancestor : entity->ancestors) {
                    if (auto it = in.find(ancestor); it != in.end())
                        it->second.mark(bits);
                }
            } else {
                for (const auto &[target, list] : in) {
                    if (entity->hasAncestor(EntityUid(target)))
                        list.mark(bits);
                }
            }
        }
    }
    if (!is.empty()) {
        if (auto it = is.find(uid.type()); it != is.end())
            it->second.mark(bits);
    }
}

void PolicySet::index(uint32_t policy)
{
    const PolicyAst &ast = m_policies[policy].ast;
    m_principal.add(policy, ast.principal);
    m_action.add(policy, ast.action);
    m_resource.add(policy, ast.resource);
}

Response PolicySet::isAuthorized(const Request &request, const Entities &entities) const
{
    Response response;
    isAuthorized(request, entities, response);
    return response;
}

void PolicySet::isAuthorized(const Request &request, const Entities &entities,
                             Response &out) const
{
    out.decision = Decision::Deny;
    out.reasons.clear();
    out.errors.clear();
    const size_t words = (m_policies.size() + 63) / 64;
    // Three bitsets of candidate policies, one per scope dimension; their intersection is
    // the set of policies whose scope may hold. Kept per thread to avoid allocating.
    thread_local std::vector<uint64_t> scratch;
    if (scratch.size() < 3 * words)
        scratch.resize(3 * words);
    uint64_t *p = scratch.data();
    uint64_t *a = p + words;
    uint64_t *r = a + words;
    std::fill(scratch.begin(), scratch.begin() + 3 * words, 0);

    Evaluator evaluator(request, entities);
    m_principal.collect(request.principal, evaluator.principalEntity(), p, words);
    m_action.collect(request.action, evaluator.actionEntity(), a, words);
    m_resource.collect(request.resource, evaluator.resourceEntity(), r, words);

    bool forbidden = false;
    bool permitted = false;
    thread_local std::vector<uint32_t> permits;
    permits.clear();
    Value v;
    for (size_t w = 0; w < words; ++w) {
        uint64_t bits = p[w] & a[w] & r[w];
        while (bits) {
            const uint32_t index = uint32_t(w * 64 + size_t(std::countr_zero(bits)));
            bits &= bits - 1;
            const Policy &policy = m_policies[index];
            const PolicyAst &ast = policy.ast;
            if (!evaluator.scopeHolds(ast.principal, request.principal, evaluator.principalEntity())
                || !evaluator.scopeHolds(ast.action, request.action, evaluator.actionEntity())
                || !evaluator.scopeHolds(ast.resource, request.resource,
                                         evaluator.resourceEntity()))
                continue;
            bool satisfied = true;
            bool failed = false;
            for (const Condition &c : ast.body->conditions) {
                if (!evaluator.evaluate(*ast.body, c.root, v)) {
                    failed = true;
                    break;
                }
                if (v.kind() != ValueKind::Bool) {
                    failed = true;
                    out.errors.push_back(PolicyError{
                            index, std::string("type error: the condition is a ")
                                           + valueKindName(v.kind()) + ", not a bool"});
                    break;
                }
                if (v.asBool() != c.when) {
                    satisfied = false;
                    break;
                }
            }
            if (failed) {
                if (out.errors.empty() || out.errors.back().policy != index)
                    out.errors.push_back(PolicyError{index, evaluator.error()});
                continue;
            }
            if (!satisfied)
                continue;
            if (ast.effect == Effect::Forbid) {
                forbidden = true;
                out.reasons.push_back(index);
            } else {
                permitted = true;
                permits.push_back(index);
            }
        }
    }
    if (forbidden)
        return;  // reasons holds the forbids
    if (permitted) {
        out.decision = Decision::Allow;
        out.reasons.assign(permits.begin(), permits.end());
    }
}

} // namespace mandate::policy
