#include "Lint.h"

#include "Evaluator.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace mandate::policy {

namespace {

// ---------------------------------------------------------------------------------------------
// Expressions as keys: two subexpressions with the same key evaluate to the same result on
// the same request and entities (evaluation is deterministic).

void appendKey(const PolicyBody &b, int32_t i, std::string &out);

void appendChildren(const PolicyBody &b, const Expr &e, std::string &out)
{
    out += '(';
    for (uint32_t k = 0; k < e.count; ++k) {
        if (k)
            out += ',';
        if (e.kind == ExprKind::Record)
            out += escapeString(b.keys[e.first + k]->text) + ':';
        appendKey(b, b.lists[e.first + k], out);
    }
    out += ')';
}

void appendKey(const PolicyBody &b, int32_t i, std::string &out)
{
    const Expr &e = b.nodes[size_t(i)];
    switch (e.kind) {
    case ExprKind::Literal: out += e.value.toString(); return;
    case ExprKind::Variable: {
        static const char *const names[] = {"principal", "action", "resource", "context"};
        out += names[int(e.var)];
        return;
    }
    case ExprKind::GetAttr:
        appendKey(b, e.a, out);
        out += '.' + e.name->text;
        return;
    case ExprKind::HasAttr:
        out += "has(";
        appendKey(b, e.a, out);
        out += ',' + e.name->text + ')';
        return;
    case ExprKind::Is:
        out += "is(";
        appendKey(b, e.a, out);
        out += ',' + e.name->text + ')';
        return;
    case ExprKind::Like: {
        out += "like(";
        appendKey(b, e.a, out);
        out += ',';
        for (const PatternPart &p : b.patterns[e.first])
            out += p.wildcard ? std::string("\\*w") : escapeString(p.literal);
        out += ')';
        return;
    }
    case ExprKind::Set:
    case ExprKind::Record:
        out += e.kind == ExprKind::Set ? "set" : "record";
        appendChildren(b, e, out);
        return;
    case ExprKind::ExtCall:
        out += extFnInfo(e.fn).name;
        appendChildren(b, e, out);
        return;
    default: break;
    }
    out += "op" + std::to_string(int(e.kind)) + '(';
    for (const int32_t k : {e.a, e.b, e.c}) {
        if (k < 0)
            break;
        appendKey(b, k, out);
        out += ',';
    }
    out += ')';
}

std::string keyOf(const PolicyBody &b, int32_t i)
{
    std::string out;
    appendKey(b, i, out);
    return out;
}

// An expression whose value depends on neither the request nor the entity store.
bool isConstant(const PolicyBody &b, int32_t i)
{
    const Expr &e = b.nodes[size_t(i)];
    switch (e.kind) {
    case ExprKind::Variable:
    case ExprKind::GetAttr:
    case ExprKind::HasAttr:
    case ExprKind::In:
    case ExprKind::GetTag:
    case ExprKind::HasTag: return false;
    default: break;
    }
    for (const int32_t k : {e.a, e.b, e.c}) {
        if (k >= 0 && !isConstant(b, k))
            return false;
    }
    if (e.kind == ExprKind::Set || e.kind == ExprKind::Record || e.kind == ExprKind::ExtCall) {
        for (uint32_t k = 0; k < e.count; ++k) {
            if (!isConstant(b, b.lists[e.first + k]))
                return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// Facts: what must hold of a request for a policy to apply.

struct Range
{
    int64_t low = std::numeric_limits<int64_t>::min();
    int64_t high = std::numeric_limits<int64_t>::max();
    bool set = false;

    void atLeast(int64_t v) { low = std::max(low, v), set = true; }
    void atMost(int64_t v) { high = std::min(high, v), set = true; }
    bool empty() const { return low > high; }
};

enum class Cmp : uint8_t { Less, LessEq, Greater, GreaterEq };

struct Facts
{
    std::map<std::string, bool> atoms;                 // key -> holds (true) or is false
    std::map<std::string, Range> ranges;               // long-valued terms
    std::map<std::string, Value> equal;                // term == literal
    std::map<std::string, std::vector<Value>> unequal; // term != literal
    std::map<std::string, const Symbol *> types;       // term is T
    std::map<std::string, std::set<const Symbol *>> notTypes;
    std::map<std::string, std::vector<Value>> oneOf;    // term == one of the literals
    bool contradiction = false;
    std::string why;
    bool unreadable = false;  // a fact we could not read as a requirement (for coverage)

    void contradict(std::string reason)
    {
        if (!contradiction)
            why = std::move(reason);
        contradiction = true;
    }
};

// A requirement one policy places on a request, in a form another policy's facts can imply.
struct Requirement
{
    enum Kind : uint8_t { Atom, Compare, Equal, Unequal, Type } kind = Atom;
    std::string key;
    bool holds = true;  // Atom
    Cmp cmp = Cmp::Less;
    int64_t bound = 0;  // Compare
    Value value;        // Equal, Unequal
    const Symbol *type = nullptr;
};

class FactReader
{
public:
    FactReader(const PolicyBody &body, Facts &facts, std::vector<Requirement> *requirements)
        : m_body(body)
        , m_facts(facts)
        , m_requirements(requirements)
    {}

    // The expression at i must evaluate to `holds` (without an error) for the policy to apply.
    void read(int32_t i, bool holds)
    {
        const Expr &e = m_body.nodes[size_t(i)];
        if (e.kind == ExprKind::Not) {
            read(e.a, !holds);
            return;
        }
        if ((e.kind == ExprKind::And && holds) || (e.kind == ExprKind::Or && !holds)) {
            read(e.a, holds);
            read(e.b, holds);
            return;
        }
        if (isConstant(m_body, i)) {
            readConstant(i, holds);
            return;
        }
        if ((e.kind == ExprKind::Eq || e.kind == ExprKind::NotEq) && readEquality(e, holds))
            return;
        if (e.kind >= ExprKind::Less && e.kind <= ExprKind::GreaterEq && readComparison(e, holds))
            return;
        if (e.kind == ExprKind::Is) {
            const std::string term = keyOf(m_body, e.a);
            if (holds)
                addType(term, e.name);
            else
                addNotType(term, e.name);
            if (m_requirements) {
                if (holds)
                    m_requirements->push_back(Requirement{Requirement::Type, term, true, Cmp::Less, 0, {}, e.name});
                else
                    m_facts.unreadable = true;
            }
            return;
        }
        if (e.kind == ExprKind::Or && holds)
            readAlternatives(i);
        addAtom(keyOf(m_body, i), holds);
    }

    void addAtom(const std::string &key, bool holds)
    {
        auto [it, added] = m_facts.atoms.emplace(key, holds);
        if (!added && it->second != holds)
            m_facts.contradict("a condition requires an expression to be both true and false");
        if (m_requirements)
            m_requirements->push_back(Requirement{Requirement::Atom, key, holds, Cmp::Less, 0, {}, nullptr});
    }

    void addEqual(const std::string &term, const Value &v)
    {
        auto [it, added] = m_facts.equal.emplace(term, v);
        if (!added && !(it->second == v))
            m_facts.contradict(term + " cannot equal both " + it->second.toString() + " and "
                               + v.toString());
        if (m_requirements)
            m_requirements->push_back(Requirement{Requirement::Equal, term, true, Cmp::Less, 0, v, nullptr});
        check(term);
    }

    void addUnequal(const std::string &term, const Value &v)
    {
        m_facts.unequal[term].push_back(v);
        if (m_requirements)
            m_requirements->push_back(Requirement{Requirement::Unequal, term, true, Cmp::Less, 0, v, nullptr});
        check(term);
    }

    void addType(const std::string &term, const Symbol *type)
    {
        auto [it, added] = m_facts.types.emplace(term, type);
        if (!added && it->second != type)
            m_facts.contradict(term + " cannot be both a " + it->second->text + " and a " + type->text);
        check(term);
    }

    void addNotType(const std::string &term, const Symbol *type)
    {
        m_facts.notTypes[term].insert(type);
        check(term);
    }

    void addCompare(const std::string &term, Cmp cmp, int64_t bound)
    {
        Range &r = m_facts.ranges[term];
        switch (cmp) {
        case Cmp::Less:
            if (bound == std::numeric_limits<int64_t>::min())
                m_facts.contradict(term + " cannot be less than the smallest long");
            else
                r.atMost(bound - 1);
            break;
        case Cmp::LessEq: r.atMost(bound); break;
        case Cmp::Greater:
            if (bound == std::numeric_limits<int64_t>::max())
                m_facts.contradict(term + " cannot be greater than the largest long");
            else
                r.atLeast(bound + 1);
            break;
        case Cmp::GreaterEq: r.atLeast(bound); break;
        }
        if (m_requirements)
            m_requirements->push_back(Requirement{Requirement::Compare, term, true, cmp, bound, {}, nullptr});
        check(term);
    }

private:
    // `t == A || t == B || ...`: t is one of the literals.
    void readAlternatives(int32_t i)
    {
        std::vector<int32_t> pending{i};
        std::string term;
        std::vector<Value> values;
        while (!pending.empty()) {
            const Expr &e = m_body.nodes[size_t(pending.back())];
            pending.pop_back();
            if (e.kind == ExprKind::Or) {
                pending.push_back(e.b);
                pending.push_back(e.a);
                continue;
            }
            if (e.kind != ExprKind::Eq)
                return;
            const Expr &l = m_body.nodes[size_t(e.a)];
            const Expr &r = m_body.nodes[size_t(e.b)];
            int32_t t = -1;
            const Value *v = nullptr;
            if (r.kind == ExprKind::Literal && l.kind != ExprKind::Literal) {
                t = e.a;
                v = &r.value;
            } else if (l.kind == ExprKind::Literal && r.kind != ExprKind::Literal) {
                t = e.b;
                v = &l.value;
            } else {
                return;
            }
            const std::string key = keyOf(m_body, t);
            if (!term.empty() && key != term)
                return;
            term = key;
            values.push_back(*v);
        }
        if (term.empty())
            return;
        auto [it, added] = m_facts.oneOf.emplace(term, values);
        if (!added) {
            std::vector<Value> both;
            for (const Value &v : values) {
                if (std::any_of(it->second.begin(), it->second.end(), [&](const Value &w) { return w == v; }))
                    both.push_back(v);
            }
            it->second = std::move(both);
        }
        check(term);
    }

    void readConstant(int32_t i, bool holds)
    {
        static const Entities none;
        static const Request nothing;
        Evaluator evaluator(nothing, none);
        Value v;
        if (!evaluator.evaluate(m_body, i, v)) {
            m_facts.contradict("a condition always fails to evaluate: " + evaluator.error());
            return;
        }
        if (v.kind() != ValueKind::Bool) {
            m_facts.contradict("a condition is always a " + std::string(valueKindName(v.kind()))
                               + ", never a boolean");
            return;
        }
        if (v.asBool() != holds)
            m_facts.contradict(std::string("a condition is always ") + (v.asBool() ? "true" : "false")
                               + " where it would need to be " + (holds ? "true" : "false"));
        // A constant that holds places no requirement.
    }

    bool readEquality(const Expr &e, bool holds)
    {
        const Expr &l = m_body.nodes[size_t(e.a)];
        const Expr &r = m_body.nodes[size_t(e.b)];
        const bool equal = (e.kind == ExprKind::Eq) == holds;
        const Expr *literal = nullptr;
        int32_t term = -1;
        if (r.kind == ExprKind::Literal && l.kind != ExprKind::Literal) {
            literal = &r;
            term = e.a;
        } else if (l.kind == ExprKind::Literal && r.kind != ExprKind::Literal) {
            literal = &l;
            term = e.b;
        }
        if (!literal)
            return false;
        const std::string key = keyOf(m_body, term);
        if (equal)
            addEqual(key, literal->value);
        else
            addUnequal(key, literal->value);
        return true;
    }

    bool readComparison(const Expr &e, bool holds)
    {
        const Expr &l = m_body.nodes[size_t(e.a)];
        const Expr &r = m_body.nodes[size_t(e.b)];
        Cmp cmp;
        switch (e.kind) {
        case ExprKind::Less: cmp = Cmp::Less; break;
        case ExprKind::LessEq: cmp = Cmp::LessEq; break;
        case ExprKind::Greater: cmp = Cmp::Greater; break;
        default: cmp = Cmp::GreaterEq; break;
        }
        int32_t term = -1;
        int64_t bound = 0;
        if (r.kind == ExprKind::Literal && r.value.kind() == ValueKind::Long) {
            term = e.a;
            bound = r.value.asLong();
        } else if (l.kind == ExprKind::Literal && l.value.kind() == ValueKind::Long) {
            term = e.b;
            bound = l.value.asLong();
            // 5 < x is x > 5
            static const Cmp mirrored[] = {Cmp::Greater, Cmp::GreaterEq, Cmp::Less, Cmp::LessEq};
            cmp = mirrored[int(cmp)];
        } else {
            return false;
        }
        if (!holds) {
            // Evaluating to false without an error means the term is a long on the other side.
            static const Cmp negated[] = {Cmp::GreaterEq, Cmp::Greater, Cmp::LessEq, Cmp::Less};
            cmp = negated[int(cmp)];
        }
        addCompare(keyOf(m_body, term), cmp, bound);
        return true;
    }

    void check(const std::string &term)
    {
        auto eq = m_facts.equal.find(term);
        if (eq != m_facts.equal.end()) {
            const Value &v = eq->second;
            if (auto ne = m_facts.unequal.find(term); ne != m_facts.unequal.end()) {
                for (const Value &u : ne->second) {
                    if (u == v)
                        m_facts.contradict(term + " must both equal and differ from " + v.toString());
                }
            }
            if (auto r = m_facts.ranges.find(term); r != m_facts.ranges.end()) {
                if (v.kind() != ValueKind::Long || v.asLong() < r->second.low
                    || v.asLong() > r->second.high)
                    m_facts.contradict(term + " == " + v.toString()
                                       + " contradicts a comparison of it");
            }
            if (v.kind() == ValueKind::Entity) {
                if (auto t = m_facts.types.find(term);
                    t != m_facts.types.end() && t->second != v.asEntity().type())
                    m_facts.contradict(term + " == " + v.toString() + " is not a " + t->second->text);
                if (auto nt = m_facts.notTypes.find(term);
                    nt != m_facts.notTypes.end() && nt->second.count(v.asEntity().type()))
                    m_facts.contradict(term + " == " + v.toString() + " but it must not be a "
                                       + v.asEntity().typeName());
            }
        }
        if (auto t = m_facts.types.find(term); t != m_facts.types.end()) {
            if (auto nt = m_facts.notTypes.find(term); nt != m_facts.notTypes.end() && nt->second.count(t->second))
                m_facts.contradict(term + " must both be and not be a " + t->second->text);
        }
        if (auto o = m_facts.oneOf.find(term); o != m_facts.oneOf.end()) {
            std::vector<Value> left;
            for (const Value &v : o->second) {
                bool possible = true;
                if (eq != m_facts.equal.end() && !(eq->second == v))
                    possible = false;
                if (auto ne = m_facts.unequal.find(term); ne != m_facts.unequal.end()) {
                    for (const Value &u : ne->second)
                        possible = possible && !(u == v);
                }
                if (possible)
                    left.push_back(v);
            }
            if (left.empty())
                m_facts.contradict(term + " can be none of the values a condition allows");
        }
        if (auto r = m_facts.ranges.find(term); r != m_facts.ranges.end() && r->second.empty())
            m_facts.contradict("the comparisons of " + term + " leave no possible value");
    }

    const PolicyBody &m_body;
    Facts &m_facts;
    std::vector<Requirement> *m_requirements;
};

// The facts of a policy's scope and conditions, and what its conditions require.
struct PolicyFacts
{
    Facts facts;
    std::vector<Requirement> requirements;  // from the conditions only
};

void scopeFacts(const ScopeConstraint &c, const char *var, FactReader &reader)
{
    switch (c.op) {
    case ScopeOp::Eq:
        if (c.slot == Slot::None)
            reader.addEqual(var, Value::entity(c.entity));
        break;
    case ScopeOp::Is:
    case ScopeOp::IsIn: reader.addType(var, c.type); break;
    default: break;
    }
}

PolicyFacts analyse(const PolicyAst &ast)
{
    PolicyFacts out;
    {
        FactReader scope(*ast.body, out.facts, nullptr);
        scopeFacts(ast.principal, "principal", scope);
        scopeFacts(ast.action, "action", scope);
        scopeFacts(ast.resource, "resource", scope);
    }
    FactReader reader(*ast.body, out.facts, &out.requirements);
    for (const Condition &c : ast.body->conditions)
        reader.read(c.root, c.when);
    return out;
}

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
bool samePrincipalPossible(const Policy &a, const PolicyFacts &fa, const Policy &b, const PolicyFacts &fb)
{
    auto eqA = fa.facts.equal.find("principal");
    auto eqB = fb.facts.equal.find("principal");
    if (eqA != fa.facts.equal.end() && eqB != fb.facts.equal.end() && !(eqA->second == eqB->second))
        return false;
    auto tA = fa.facts.types.find("principal");
    auto tB = fb.facts.types.find("principal");
    if (tA != fa.facts.types.end() && tB != fb.facts.types.end() && tA->second != tB->second)
        return false;
    (void)a;
    (void)b;
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
                        || !samePrincipalPossible(policies[i], facts[i], policies[j], facts[j]))
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
