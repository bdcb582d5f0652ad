#include "Lint.h"

#include "LintFacts_p.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace mandate::policy {

namespace {

using namespace lint;

// ---------------------------------------------------------------------------------------------
// Coverage: whenever `inner` applies, does `outer`?

class Coverage
{
public:
    explicit Coverage(const LintOptions &options)
        : m_schema(options.schema)
    {}

    // a is b or (by the schema's action groups) a descendant of b.
    bool actionIn(EntityUid a, EntityUid b, int depth = 0) const
    {
        if (a == b)
            return true;
        if (!m_schema || depth > 32)
            return false;
        const ActionDecl *decl = m_schema->action(a);
        if (!decl)
            return false;
        for (EntityUid parent : decl->memberOf) {
            if (actionIn(parent, b, depth + 1))
                return true;
        }
        return false;
    }

    bool scopeCovers(const ScopeConstraint &outer, const ScopeConstraint &inner, bool action) const
    {
        if (outer.slot != Slot::None || inner.slot != Slot::None)
            return false;
        switch (outer.op) {
        case ScopeOp::Any: return true;
        case ScopeOp::Eq: return inner.op == ScopeOp::Eq && inner.entity == outer.entity;
        case ScopeOp::In:
            if (action)
                return actionSetCovered({outer.entity}, inner);
            return (inner.op == ScopeOp::Eq || inner.op == ScopeOp::In || inner.op == ScopeOp::IsIn)
                    && inner.entity == outer.entity;
        case ScopeOp::InSet: return actionSetCovered(outer.entities, inner);
        case ScopeOp::Is:
            return (inner.op == ScopeOp::Is || inner.op == ScopeOp::IsIn) ? inner.type == outer.type
                   : inner.op == ScopeOp::Eq ? inner.entity.type() == outer.type
                                             : false;
        case ScopeOp::IsIn:
            return (inner.op == ScopeOp::IsIn && inner.type == outer.type && inner.entity == outer.entity)
                    || (inner.op == ScopeOp::Eq && inner.entity == outer.entity
                        && inner.entity.type() == outer.type);
        }
        return false;
    }

    bool covers(const PolicyAst &outer, const PolicyFacts &outerFacts, const PolicyAst &inner,
                const PolicyFacts &innerFacts) const
    {
        if (outerFacts.facts.unreadable)
            return false;
        if (!scopeCovers(outer.principal, inner.principal, false)
            || !scopeCovers(outer.action, inner.action, true)
            || !scopeCovers(outer.resource, inner.resource, false))
            return false;
        for (const Requirement &r : outerFacts.requirements) {
            if (!implied(r, innerFacts.facts))
                return false;
        }
        return true;
    }

private:
    bool actionSetCovered(const std::vector<EntityUid> &groups, const ScopeConstraint &inner) const
    {
        auto inAny = [&](EntityUid a) {
            return std::any_of(groups.begin(), groups.end(), [&](EntityUid g) { return actionIn(a, g); });
        };
        switch (inner.op) {
        case ScopeOp::Eq:
        case ScopeOp::In: return inAny(inner.entity);
        case ScopeOp::InSet:
            return !inner.entities.empty()
                    && std::all_of(inner.entities.begin(), inner.entities.end(), inAny);
        default: return false;
        }
    }

    static bool implied(const Requirement &r, const Facts &f)
    {
        switch (r.kind) {
        case Requirement::Atom: {
            auto it = f.atoms.find(r.key);
            return it != f.atoms.end() && it->second == r.holds;
        }
        case Requirement::Equal: {
            auto it = f.equal.find(r.key);
            return it != f.equal.end() && it->second == r.value;
        }
        case Requirement::Unequal: {
            if (auto it = f.equal.find(r.key);
                it != f.equal.end() && it->second.kind() == r.value.kind() && !(it->second == r.value))
                return true;
            if (auto it = f.unequal.find(r.key); it != f.unequal.end()) {
                for (const Value &v : it->second) {
                    if (v == r.value)
                        return true;
                }
            }
            return false;
        }
        case Requirement::Type: {
            if (auto it = f.types.find(r.key); it != f.types.end())
                return it->second == r.type;
            auto it = f.equal.find(r.key);
            return it != f.equal.end() && it->second.kind() == ValueKind::Entity
                    && it->second.asEntity().type() == r.type;
        }
        case Requirement::Compare: {
            int64_t low, high;
            if (auto it = f.equal.find(r.key); it != f.equal.end()) {
                if (it->second.kind() != ValueKind::Long)
                    return false;
                low = high = it->second.asLong();
            } else if (auto rg = f.ranges.find(r.key); rg != f.ranges.end() && rg->second.set) {
                low = rg->second.low;
                high = rg->second.high;
            } else {
                return false;
            }
            switch (r.cmp) {
            case Cmp::Less: return high < r.bound;
            case Cmp::LessEq: return high <= r.bound;
            case Cmp::Greater: return low > r.bound;
            case Cmp::GreaterEq: return low >= r.bound;
            }
        }
        }
        return false;
    }

    const Schema *m_schema;
};

// ---------------------------------------------------------------------------------------------
// Toxic combinations.

// Whether the constraint can hold for the uid (unknown hierarchies count as possible).
bool scopeMayHold(const ScopeConstraint &c, EntityUid uid, const Coverage &coverage, bool action)
{
    switch (c.op) {
    case ScopeOp::Any: return true;
    case ScopeOp::Eq: return c.slot != Slot::None || c.entity == uid;
    case ScopeOp::In:
        if (action)
            return coverage.actionIn(uid, c.entity);
        return true;
    case ScopeOp::InSet:
        return std::any_of(c.entities.begin(), c.entities.end(),
                           [&](EntityUid g) { return coverage.actionIn(uid, g); });
    case ScopeOp::Is:
    case ScopeOp::IsIn: return c.type == uid.type();
    }
    return true;
}

// The policy may apply to delegating `scope`: its facts do not rule it out.
bool mayDelegate(const Policy &p, const PolicyFacts &f, EntityUid delegate, EntityUid scope,
                 const Coverage &coverage)
{
    if (f.facts.contradiction)
        return false;
    if (!scopeMayHold(p.ast.action, delegate, coverage, true)
        || !scopeMayHold(p.ast.resource, scope, coverage, false))
        return false;
    for (const char *var : {"resource", "action"}) {
        const EntityUid uid = std::string_view(var) == "resource" ? scope : delegate;
        if (auto it = f.facts.equal.find(var); it != f.facts.equal.end()
            && !(it->second == Value::entity(uid)))
            return false;
        if (auto it = f.facts.unequal.find(var); it != f.facts.unequal.end()) {
            for (const Value &v : it->second) {
                if (v == Value::entity(uid))
                    return false;
            }
        }
        if (auto it = f.facts.types.find(var); it != f.facts.types.end() && it->second != uid.type())
            return false;
        if (auto it = f.facts.oneOf.find(var); it != f.facts.oneOf.end()
            && std::none_of(it->second.begin(), it->second.end(),
                            [&](const Value &v) { return v == Value::entity(uid); }))
            return false;
    }
    return true;
}

// Two permits may apply to one principal.
bool samePrincipalPossible(const PolicyFacts &fa, const PolicyFacts &fb)
{
    auto eqA = fa.facts.equal.find("principal");
    auto eqB = fb.facts.equal.find("principal");
    if (eqA != fa.facts.equal.end() && eqB != fb.facts.equal.end() && !(eqA->second == eqB->second))
        return false;
    auto tA = fa.facts.types.find("principal");
    auto tB = fb.facts.types.find("principal");
    if (tA != fa.facts.types.end() && tB != fb.facts.types.end() && tA->second != tB->second)
        return false;
    return true;
}

// A forbid that blocks delegating the scope to anyone, always.
bool alwaysBlocked(const std::vector<Policy> &policies, const std::vector<PolicyFacts> &facts,
                   EntityUid delegate, EntityUid scope, const Coverage &coverage)
{
    ScopeConstraint action{ScopeOp::Eq, Slot::None, delegate, {}, nullptr, {}};
    ScopeConstraint resource{ScopeOp::Eq, Slot::None, scope, {}, nullptr, {}};
    for (size_t i = 0; i < policies.size(); ++i) {
        const PolicyAst &f = policies[i].ast;
        if (f.effect != Effect::Forbid || !f.body->conditions.empty() || facts[i].facts.contradiction)
            continue;
        if (f.principal.op == ScopeOp::Any && coverage.scopeCovers(f.action, action, true)
            && coverage.scopeCovers(f.resource, resource, false))
            return true;
    }
    return false;
}

std::string nameOf(const Policy &p)
{
    if (const std::string *id = p.ast.annotation("id"))
        return *id;
    return p.id;
}

} // namespace

const char *lintKindName(LintKind kind)
{
    switch (kind) {
    case LintKind::NeverApplies: return "never-applies";
    case LintKind::ShadowedByForbid: return "shadowed-by-forbid";
    case LintKind::RedundantPermit: return "redundant-permit";
    case LintKind::ToxicCombination: return "toxic-combination";
    }
    return "unknown";
}

bool parseToxicPairs(std::string_view text, std::vector<ToxicPair> &out, std::string &error)
{
    auto trim = [](std::string_view s) {
        while (!s.empty() && s.front() == ' ')
            s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ')
            s.remove_suffix(1);
        return s;
    };
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string_view::npos)
            comma = text.size();
        const std::string_view item = trim(text.substr(start, comma - start));
        start = comma + 1;
        if (item.empty())
            continue;
        const size_t plus = item.find('+');
        if (plus == std::string_view::npos || item.find('+', plus + 1) != std::string_view::npos) {
            error = "a toxic pair is two scopes joined by +, like invoices:approve+payments:refund, not \""
                    + std::string(item) + "\"";
            return false;
        }
        const std::string_view a = trim(item.substr(0, plus));
        const std::string_view b = trim(item.substr(plus + 1));
        if (a.empty() || b.empty() || a == b) {
            error = "a toxic pair needs two different scopes: \"" + std::string(item) + "\"";
            return false;
        }
        out.push_back(ToxicPair{std::string(a), std::string(b)});
    }
    return true;
}

std::vector<LintFinding> lintPolicies(const PolicySet &set, const LintOptions &options)
{
    const std::vector<Policy> &policies = set.policies();
    std::vector<PolicyFacts> facts;
    facts.reserve(policies.size());
    for (const Policy &p : policies)
        facts.push_back(analyse(p.ast));
    const Coverage coverage(options);
    std::vector<LintFinding> out;

    for (uint32_t i = 0; i < policies.size(); ++i) {
        if (facts[i].facts.contradiction)
            out.push_back(LintFinding{LintKind::NeverApplies, i, std::nullopt, {},
                                      nameOf(policies[i]) + " can never apply: " + facts[i].facts.why});
    }

    for (uint32_t i = 0; i < policies.size(); ++i) {
        const Policy &p = policies[i];
        if (p.ast.effect != Effect::Permit || facts[i].facts.contradiction)
            continue;
        // Shadowed: a forbid that applies whenever this permit does.
        bool shadowed = false;
        for (uint32_t j = 0; j < policies.size() && !shadowed; ++j) {
            const Policy &f = policies[j];
            if (f.ast.effect != Effect::Forbid || facts[j].facts.contradiction)
                continue;
            if (coverage.covers(f.ast, facts[j], p.ast, facts[i])) {
                out.push_back(LintFinding{LintKind::ShadowedByForbid, i, j, {},
                                          nameOf(p) + " can never allow anything: " + nameOf(f)
                                                  + " forbids whenever it permits"});
                shadowed = true;
            }
        }
        if (shadowed)
            continue;
        // Redundant: another permit of the same kind (step-up or not) that applies whenever
        // this one does. Of two that cover each other, the later one is reported.
        const bool stepUp = p.ast.annotation("step_up") != nullptr;
        for (uint32_t j = 0; j < policies.size(); ++j) {
            const Policy &q = policies[j];
            if (j == i || q.ast.effect != Effect::Permit || facts[j].facts.contradiction
                || (q.ast.annotation("step_up") != nullptr) != stepUp)
                continue;
            if (!coverage.covers(q.ast, facts[j], p.ast, facts[i]))
                continue;
            if (j > i && coverage.covers(p.ast, facts[i], q.ast, facts[j]))
                continue;  // equivalent: the later one is the redundant one
            out.push_back(LintFinding{LintKind::RedundantPermit, i, j, {},
                                      nameOf(p) + " is redundant: " + nameOf(q)
                                              + " permits whenever it does"});
            break;
        }
    }

    if (!options.toxicPairs.empty()) {
        const EntityUid delegate = EntityUid::make("Action", options.delegateAction);
        for (const ToxicPair &pair : options.toxicPairs) {
            const EntityUid a = EntityUid::make(options.scopeType, pair.first);
            const EntityUid b = EntityUid::make(options.scopeType, pair.second);
            if (alwaysBlocked(policies, facts, delegate, a, coverage)
                || alwaysBlocked(policies, facts, delegate, b, coverage))
                continue;
            bool found = false;
            for (uint32_t i = 0; i < policies.size() && !found; ++i) {
                if (policies[i].ast.effect != Effect::Permit
                    || !mayDelegate(policies[i], facts[i], delegate, a, coverage))
                    continue;
                for (uint32_t j = 0; j < policies.size() && !found; ++j) {
                    if (policies[j].ast.effect != Effect::Permit
                        || !mayDelegate(policies[j], facts[j], delegate, b, coverage)
                        || !samePrincipalPossible(facts[i], facts[j]))
                        continue;
                    found = true;
                    std::string message = "one agent could be delegated both " + pair.first
                            + " and " + pair.second + ", declared toxic: ";
                    message += i == j ? nameOf(policies[i]) + " permits either"
                                      : nameOf(policies[i]) + " permits " + pair.first + " and "
                                              + nameOf(policies[j]) + " permits " + pair.second;
                    out.push_back(LintFinding{LintKind::ToxicCombination, i,
                                              i == j ? std::nullopt : std::optional<uint32_t>(j),
                                              {pair.first, pair.second}, std::move(message)});
                }
            }
        }
    }
    return out;
}

} // namespace mandate::policy
