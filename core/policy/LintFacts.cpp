#include "LintFacts_p.h"

#include "Evaluator.h"

#include <algorithm>

namespace mandate::policy::lint {

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

} // namespace

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


} // namespace mandate::policy::lint
