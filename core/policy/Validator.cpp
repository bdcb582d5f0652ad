#include "Validator.h"

#include "ValidatorTypes_p.h"

#include <algorithm>

namespace mandate::policy {

using namespace validation;

namespace {

// What holds when an expression is true: `x has a` (attr) or `x.hasTag(t)` (tag).
struct Capability
{
    int32_t object;
    bool tag;
    const Symbol *attr;
    int32_t tagExpr;
};
using Caps = std::vector<Capability>;

struct Typed
{
    VTypePtr type;  // null: a type error (recorded in the checker)
    Caps caps;
};

struct Environment
{
    const Symbol *principal;
    EntityUid action;
    const Symbol *resource;
    VTypePtr context;
};

class Checker
{
public:
    Checker(const SchemaFacts &facts, const PolicyBody &body, const Environment &env)
        : m_facts(facts)
        , m_body(body)
        , m_env(env)
    {}

    const std::string &error() const { return m_error; }
    const SourceLoc &errorLoc() const { return m_errorLoc; }

    // The policy as Cedar's validator sees it: principal && (action && (resource && conds)).
    Typed policy(const PolicyAst &ast) { return scopeAnd(ast, true); }
    // Only its scope: can the policy apply to this environment at all?
    Typed scope(const PolicyAst &ast) { return scopeAnd(ast, false); }

private:
    Typed scopeAnd(const PolicyAst &ast, bool withConditions)
    {
        Typed p = principalOrResource(ast.principal, m_env.principal);
        if (!p.type)
            return p;
        return andThen(p, {}, [&](const Caps &c1) {
            Typed a = actionScope(ast.action);
            if (!a.type)
                return a;
            return andThen(a, c1, [&](const Caps &c2) {
                Typed r = principalOrResource(ast.resource, m_env.resource);
                if (!r.type)
                    return r;
                return andThen(r, c2, [&](const Caps &c3) {
                    return withConditions ? conditions(ast, 0, c3) : Typed{trueType(), {}};
                });
            });
        });
    }

    const Expr &node(int32_t i) const { return m_body.nodes[size_t(i)]; }

    Typed fail(const SourceLoc &loc, std::string message)
    {
        if (m_error.empty()) {
            m_error = std::move(message);
            m_errorLoc = loc;
        }
        return Typed{};
    }

    static Caps unite(Caps a, const Caps &b)
    {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    }

    bool sameExpr(int32_t x, int32_t y) const
    {
        if (x == y)
            return true;
        if (x < 0 || y < 0)
            return false;
        const Expr &a = node(x);
        const Expr &b = node(y);
        if (a.kind != b.kind || a.name != b.name || a.count != b.count)
            return false;
        switch (a.kind) {
        case ExprKind::Literal: return a.value == b.value;
        case ExprKind::Variable: return a.var == b.var;
        case ExprKind::ExtCall:
            if (a.fn != b.fn)
                return false;
            [[fallthrough]];
        case ExprKind::Set:
        case ExprKind::Record:
            for (uint32_t k = 0; k < a.count; ++k) {
                if ((a.kind == ExprKind::Record && m_body.keys[a.first + k] != m_body.keys[b.first + k])
                    || !sameExpr(m_body.lists[a.first + k], m_body.lists[b.first + k]))
                    return false;
            }
            return true;
        case ExprKind::Like: {
            const Pattern &p = m_body.patterns[a.first];
            const Pattern &q = m_body.patterns[b.first];
            if (p.size() != q.size())
                return false;
            for (size_t k = 0; k < p.size(); ++k) {
                if (p[k].wildcard != q[k].wildcard || p[k].literal != q[k].literal)
                    return false;
            }
            return sameExpr(a.a, b.a);
        }
        default: return sameExpr(a.a, b.a) && sameExpr(a.b, b.b) && sameExpr(a.c, b.c);
        }
    }

    bool hasCap(const Caps &c, int32_t object, const Symbol *attr) const
    {
        for (const Capability &cap : c) {
            if (!cap.tag && cap.attr == attr && sameExpr(cap.object, object))
                return true;
        }
        return false;
    }
    bool hasTagCap(const Caps &c, int32_t object, int32_t tag) const
    {
        for (const Capability &cap : c) {
            if (cap.tag && sameExpr(cap.object, object) && sameExpr(cap.tagExpr, tag))
                return true;
        }
        return false;
    }

    // The right operand of && sees what the left one established.
    template <typename Right>
    Typed andThen(const Typed &left, const Caps &c, Right right)
    {
        if (!left.type->isBool())
            return fail(SourceLoc{}, "expected a boolean, got " + typeName(*left.type));
        if (left.type->kind == VType::Kind::False)
            return Typed{falseType(), {}};
        Typed r = right(unite(c, left.caps));
        if (!r.type)
            return r;
        if (!r.type->isBool())
            return fail(SourceLoc{}, "expected a boolean, got " + typeName(*r.type));
        if (r.type->kind == VType::Kind::False)
            return Typed{falseType(), {}};
        if (r.type->kind == VType::Kind::True)
            return Typed{left.type, unite(left.caps, r.caps)};
        return Typed{boolType(), unite(left.caps, r.caps)};
    }

    Typed conditions(const PolicyAst &ast, size_t i, const Caps &c)
    {
        const auto &conds = ast.body->conditions;
        if (i == conds.size())
            return Typed{trueType(), {}};
        Typed t = typeOf(conds[i].root, c);
        if (!t.type)
            return t;
        if (!conds[i].when) {
            t = negate(t, conds[i].loc);
            if (!t.type)
                return t;
        }
        return andThen(t, c, [&](const Caps &c2) { return conditions(ast, i + 1, c2); });
    }

    Typed negate(const Typed &t, const SourceLoc &loc)
    {
        switch (t.type->kind) {
        case VType::Kind::True: return Typed{falseType(), {}};
        case VType::Kind::False: return Typed{trueType(), {}};
        case VType::Kind::Bool: return Typed{boolType(), {}};
        default: return fail(loc, "`!` expects a boolean, got " + typeName(*t.type));
        }
    }

    Typed literalUid(EntityUid uid, const SourceLoc &loc)
    {
        if (!m_facts.validUid(uid))
            return fail(loc, "unknown entity type or action " + uid.toString());
        return Typed{named(VType::Kind::Entity, uid.type()), {}};
    }

    // entity type ety1 in entity type ety2, knowing the uids when both are literal actions
    VTypePtr inType(const Symbol *ety1, const Symbol *ety2, std::optional<EntityUid> action,
                    const std::vector<EntityUid> *targets)
    {
        if (!m_facts.typeDescendsFrom(ety1, ety2))
            return falseType();
        if (!action || !targets || !m_facts.schema.action(*action))
            return boolType();
        for (EntityUid t : *targets) {
            if (m_facts.actionDescendsFrom(*action, t))
                return trueType();
        }
        return falseType();
    }

    Typed principalOrResource(const ScopeConstraint &c, const Symbol *varType)
    {
        switch (c.op) {
        case ScopeOp::Any: return Typed{trueType(), {}};
        case ScopeOp::Eq: {
            Typed lit = literalUid(c.entity, c.loc);
            if (!lit.type)
                return lit;
            return Typed{c.entity.type() == varType ? boolType() : falseType(), {}};
        }
        case ScopeOp::In: {
            Typed lit = literalUid(c.entity, c.loc);
            if (!lit.type)
                return lit;
            return Typed{inType(varType, c.entity.type(), std::nullopt, nullptr), {}};
        }
        case ScopeOp::Is: return Typed{boolOf(varType == c.type), {}};
        case ScopeOp::IsIn: {
            if (varType != c.type)
                return Typed{falseType(), {}};
            Typed lit = literalUid(c.entity, c.loc);
            if (!lit.type)
                return lit;
            return Typed{inType(varType, c.entity.type(), std::nullopt, nullptr), {}};
        }
        case ScopeOp::InSet: break;
        }
        return fail(c.loc, "unexpected scope");
    }

    Typed actionScope(const ScopeConstraint &c)
    {
        const EntityUid action = m_env.action;
        switch (c.op) {
        case ScopeOp::Any: return Typed{trueType(), {}};
        case ScopeOp::Eq: {
            Typed lit = literalUid(c.entity, c.loc);
            if (!lit.type)
                return lit;
            return Typed{boolOf(action == c.entity), {}};
        }
        case ScopeOp::In: {
            Typed lit = literalUid(c.entity, c.loc);
            if (!lit.type)
                return lit;
            const std::vector<EntityUid> targets{c.entity};
            return Typed{inType(action.type(), c.entity.type(), action, &targets), {}};
        }
        case ScopeOp::InSet: {
            if (c.entities.empty())
                return fail(c.loc, "empty set literals are not allowed");
            const Symbol *type = nullptr;
            for (EntityUid uid : c.entities) {
                Typed lit = literalUid(uid, c.loc);
                if (!lit.type)
                    return lit;
                if (type && type != uid.type())
                    return fail(c.loc, "the set mixes entity types");
                type = uid.type();
            }
            return Typed{inType(action.type(), type, action, &c.entities), {}};
        }
        default: return fail(c.loc, "`is` is not allowed in the action scope");
        }
    }

    std::optional<EntityUid> actionLiteral(int32_t i) const
    {
        const Expr &e = node(i);
        if (e.kind == ExprKind::Variable && e.var == Var::Action)
            return m_env.action;
        if (e.kind == ExprKind::Literal && e.value.kind() == ValueKind::Entity
            && m_facts.schema.action(e.value.asEntity()))
            return e.value.asEntity();
        return std::nullopt;
    }

    // A primitive literal (the action variable counts: the validator substitutes it).
    std::optional<Value> primitiveLiteral(int32_t i) const
    {
        const Expr &e = node(i);
        if (e.kind == ExprKind::Variable && e.var == Var::Action)
            return Value::entity(m_env.action);
        if (e.kind == ExprKind::Literal && !e.value.isExtension())
            return e.value;
        return std::nullopt;
    }

    Typed attribute(const Expr &e, const VTypePtr &objectType, const Caps &c, bool has)
    {
        const VType *record = nullptr;
        if (objectType->kind == VType::Kind::Record) {
            record = objectType.get();
        } else if (objectType->kind == VType::Kind::Entity) {
            auto it = m_facts.attrs.find(objectType->name);
            if (it != m_facts.attrs.end()) {
                record = it->second.get();
            } else if (has && m_facts.actionTypes.count(objectType->name)) {
                return Typed{falseType(), {}};
            } else {
                return fail(e.loc, "unknown entity type " + objectType->name->text);
            }
        } else {
            return fail(e.loc, "expected an entity or a record, got " + typeName(*objectType));
        }
        const VAttr *attr = record->attribute(e.name);
        if (has) {
            if (!attr)
                return Typed{falseType(), {}};
            if (attr->required || hasCap(c, e.a, e.name))
                return Typed{trueType(), {}};
            return Typed{boolType(), {Capability{e.a, false, e.name, -1}}};
        }
        if (!attr)
            return fail(e.loc, "attribute `" + e.name->text + "` not found");
        if (!attr->required && !hasCap(c, e.a, e.name))
            return fail(e.loc, "attribute `" + e.name->text + "` is optional: test it with `has` first");
        return Typed{attr->type, {}};
    }

    Typed typeOf(int32_t i, const Caps &c)
    {
        const Expr &e = node(i);
        using K = VType::Kind;
        switch (e.kind) {
        case ExprKind::Literal:
            switch (e.value.kind()) {
            case ValueKind::Bool: return Typed{boolOf(e.value.asBool()), {}};
            case ValueKind::Long: return Typed{longType(), {}};
            case ValueKind::String: return Typed{stringType(), {}};
            case ValueKind::Entity: return literalUid(e.value.asEntity(), e.loc);
            case ValueKind::IpAddr: return Typed{named(K::Ext, intern("ipaddr")), {}};
            case ValueKind::Decimal: return Typed{named(K::Ext, intern("decimal")), {}};
            case ValueKind::Datetime: return Typed{named(K::Ext, intern("datetime")), {}};
            case ValueKind::Duration: return Typed{named(K::Ext, intern("duration")), {}};
            default: return fail(e.loc, "unexpected literal");
            }
        case ExprKind::Variable:
            switch (e.var) {
            case Var::Principal: return Typed{named(K::Entity, m_env.principal), {}};
            case Var::Action: return Typed{named(K::Entity, m_env.action.type()), {}};
            case Var::Resource: return Typed{named(K::Entity, m_env.resource), {}};
            case Var::Context: return Typed{m_env.context, {}};
            }
            return fail(e.loc, "unknown variable");
        case ExprKind::Not: {
            Typed t = typeOf(e.a, c);
            return t.type ? negate(t, e.loc) : t;
        }
        case ExprKind::Neg: {
            Typed t = typeOf(e.a, c);
            if (!t.type)
                return t;
            if (t.type->kind != K::Long)
                return fail(e.loc, "`-` expects a Long, got " + typeName(*t.type));
            return Typed{longType(), {}};
        }
        case ExprKind::And: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            return andThen(l, c, [&](const Caps &c2) { return typeOf(e.b, c2); });
        }
        case ExprKind::Or: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            if (!l.type->isBool())
                return fail(e.loc, "`||` expects booleans, got " + typeName(*l.type));
            if (l.type->kind == K::True)
                return Typed{trueType(), l.caps};
            Typed r = typeOf(e.b, c);
            if (!r.type)
                return r;
            if (!r.type->isBool())
                return fail(e.loc, "`||` expects booleans, got " + typeName(*r.type));
            if (l.type->kind == K::False)
                return r;
            if (r.type->kind == K::True)
                return Typed{trueType(), {}};
            if (r.type->kind == K::False)
                return Typed{boolType(), l.caps};
            Caps both;
            for (const Capability &cap : l.caps) {
                const bool inRight = cap.tag ? hasTagCap(r.caps, cap.object, cap.tagExpr)
                                             : hasCap(r.caps, cap.object, cap.attr);
                if (inRight)
                    both.push_back(cap);
            }
            return Typed{boolType(), both};
        }
        case ExprKind::If: {
            Typed cond = typeOf(e.a, c);
            if (!cond.type)
                return cond;
            if (!cond.type->isBool())
                return fail(e.loc, "`if` expects a boolean, got " + typeName(*cond.type));
            if (cond.type->kind == K::True) {
                Typed t = typeOf(e.b, unite(c, cond.caps));
                if (t.type)
                    t.caps = unite(cond.caps, t.caps);
                return t;
            }
            if (cond.type->kind == K::False)
                return typeOf(e.c, c);
            Typed t = typeOf(e.b, unite(c, cond.caps));
            if (!t.type)
                return t;
            Typed f = typeOf(e.c, c);
            if (!f.type)
                return f;
            VTypePtr l = lub(t.type, f.type);
            if (!l)
                return fail(e.loc, "the branches of `if` have different types");
            Caps then = unite(cond.caps, t.caps);
            Caps both;
            for (const Capability &cap : then) {
                const bool inElse = cap.tag ? hasTagCap(f.caps, cap.object, cap.tagExpr)
                                            : hasCap(f.caps, cap.object, cap.attr);
                if (inElse)
                    both.push_back(cap);
            }
            return Typed{l, both};
        }
        case ExprKind::Eq:
        case ExprKind::NotEq: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            Typed r = typeOf(e.b, c);
            if (!r.type)
                return r;
            Typed result;
            const auto x = primitiveLiteral(e.a);
            const auto y = primitiveLiteral(e.b);
            if (x && y)
                result = Typed{boolOf(*x == *y), {}};
            else if (lub(l.type, r.type))
                result = Typed{boolType(), {}};
            else if (l.type->kind == K::Entity && r.type->kind == K::Entity)
                result = Typed{falseType(), {}};
            else
                return fail(e.loc, "`==` compares " + typeName(*l.type) + " with "
                                           + typeName(*r.type));
            return e.kind == ExprKind::Eq ? result : negate(result, e.loc);
        }
        case ExprKind::Less:
        case ExprKind::LessEq:
        case ExprKind::Greater:
        case ExprKind::GreaterEq:
        case ExprKind::Add:
        case ExprKind::Sub:
        case ExprKind::Mul: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            Typed r = typeOf(e.b, c);
            if (!r.type)
                return r;
            const bool arithmetic = e.kind == ExprKind::Add || e.kind == ExprKind::Sub
                    || e.kind == ExprKind::Mul;
            if (l.type->kind == K::Long && r.type->kind == K::Long)
                return Typed{arithmetic ? longType() : boolType(), {}};
            if (!arithmetic && l.type->kind == K::Ext && r.type->kind == K::Ext
                && l.type->name == r.type->name
                && (l.type->name->text == "datetime" || l.type->name->text == "duration"))
                return Typed{boolType(), {}};
            return fail(e.loc, "unexpected operand types " + typeName(*l.type) + " and "
                                       + typeName(*r.type));
        }
        case ExprKind::In: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            Typed r = typeOf(e.b, c);
            if (!r.type)
                return r;
            if (l.type->kind != K::Entity)
                return fail(e.loc, "`in` expects an entity, got " + typeName(*l.type));
            const std::optional<EntityUid> action = actionLiteral(e.a);
            if (r.type->kind == K::Entity) {
                std::vector<EntityUid> targets;
                const auto lit = primitiveLiteral(e.b);
                if (lit && lit->kind() == ValueKind::Entity)
                    targets.push_back(lit->asEntity());
                return Typed{inType(l.type->name, r.type->name, action,
                                    targets.empty() ? nullptr : &targets),
                             {}};
            }
            if (r.type->kind == K::Set && r.type->element->kind == K::Entity) {
                std::vector<EntityUid> targets;
                const Expr &set = node(e.b);
                bool literals = set.kind == ExprKind::Set;
                for (uint32_t k = 0; literals && k < set.count; ++k) {
                    const auto lit = primitiveLiteral(m_body.lists[set.first + k]);
                    if (lit && lit->kind() == ValueKind::Entity)
                        targets.push_back(lit->asEntity());
                    else
                        literals = false;
                }
                return Typed{inType(l.type->name, r.type->element->name, action,
                                    literals ? &targets : nullptr),
                             {}};
            }
            return fail(e.loc, "`in` expects an entity or a set of entities, got "
                                       + typeName(*r.type));
        }
        case ExprKind::Contains:
        case ExprKind::ContainsAll:
        case ExprKind::ContainsAny: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            Typed r = typeOf(e.b, c);
            if (!r.type)
                return r;
            if (l.type->kind != K::Set)
                return fail(e.loc, "expected a set, got " + typeName(*l.type));
            VTypePtr element = r.type;
            if (e.kind != ExprKind::Contains) {
                if (r.type->kind != K::Set)
                    return fail(e.loc, "expected a set, got " + typeName(*r.type));
                element = r.type->element;
            }
            if (!lub(l.type->element, element))
                return fail(e.loc, "the set's elements and the argument have different types");
            return Typed{boolType(), {}};
        }
        case ExprKind::IsEmpty: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            if (l.type->kind != K::Set)
                return fail(e.loc, "expected a set, got " + typeName(*l.type));
            return Typed{boolType(), {}};
        }
        case ExprKind::GetTag:
        case ExprKind::HasTag: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            Typed r = typeOf(e.b, c);
            if (!r.type)
                return r;
            if (l.type->kind != K::Entity || r.type->kind != K::String)
                return fail(e.loc, "tags need an entity and a string");
            const bool known = m_facts.schema.entityType(l.type->name) != nullptr;
            auto tagType = m_facts.tags.find(l.type->name);
            if (e.kind == ExprKind::HasTag) {
                if (!known)
                    return m_facts.actionTypes.count(l.type->name)
                            ? Typed{falseType(), {}}
                            : fail(e.loc, "unknown entity type " + l.type->name->text);
                if (tagType == m_facts.tags.end())
                    return Typed{falseType(), {}};
                if (hasTagCap(c, e.a, e.b))
                    return Typed{trueType(), {}};
                return Typed{boolType(), {Capability{e.a, true, nullptr, e.b}}};
            }
            if (!known || tagType == m_facts.tags.end() || !hasTagCap(c, e.a, e.b))
                return fail(e.loc, "the tag may be missing: test it with `hasTag` first");
            return Typed{tagType->second, {}};
        }
        case ExprKind::GetAttr:
        case ExprKind::HasAttr: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            return attribute(e, l.type, c, e.kind == ExprKind::HasAttr);
        }
        case ExprKind::Like: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            if (l.type->kind != K::String)
                return fail(e.loc, "`like` expects a String, got " + typeName(*l.type));
            return Typed{boolType(), {}};
        }
        case ExprKind::Is: {
            Typed l = typeOf(e.a, c);
            if (!l.type)
                return l;
            if (l.type->kind != K::Entity)
                return fail(e.loc, "`is` expects an entity, got " + typeName(*l.type));
            return Typed{boolOf(l.type->name == e.name), {}};
        }
        case ExprKind::Set: {
            if (e.count == 0)
                return fail(e.loc, "empty set literals are not allowed");
            VTypePtr element;
            for (uint32_t k = 0; k < e.count; ++k) {
                Typed t = typeOf(m_body.lists[e.first + k], c);
                if (!t.type)
                    return t;
                element = element ? lub(element, t.type) : t.type;
                if (!element)
                    return fail(e.loc, "the set's elements have different types");
            }
            return Typed{setOf(element), {}};
        }
        case ExprKind::Record: {
            auto t = std::make_shared<VType>();
            t->kind = K::Record;
            for (uint32_t k = 0; k < e.count; ++k) {
                Typed v = typeOf(m_body.lists[e.first + k], c);
                if (!v.type)
                    return v;
                t->attributes.push_back(VAttr{m_body.keys[e.first + k], v.type, true});
            }
            sortAttributes(t->attributes);
            return Typed{t, {}};
        }
        case ExprKind::ExtCall: return extCall(e, c);
        }
        return fail(e.loc, "unexpected expression");
    }

    Typed extCall(const Expr &e, const Caps &c)
    {
        std::vector<VTypePtr> args;
        for (uint32_t k = 0; k < e.count; ++k) {
            Typed t = typeOf(m_body.lists[e.first + k], c);
            if (!t.type)
                return t;
            args.push_back(t.type);
        }
        const std::string name = extFnInfo(e.fn).name;
        if (!extFnInfo(e.fn).isMethod) {
            // a constructor: a successful one over a literal was folded into a literal
            return fail(e.loc, "`" + name + "` needs a valid string literal");
        }
        auto is = [&](size_t k, const char *ext) {
            return k < args.size() && args[k]->kind == VType::Kind::Ext && args[k]->name->text == ext;
        };
        auto result = [&](std::initializer_list<const char *> signature, VTypePtr type) {
            if (args.size() != signature.size())
                return fail(e.loc, "`" + name + "` has the wrong number of arguments");
            size_t k = 0;
            for (const char *ext : signature) {
                if (!is(k++, ext))
                    return fail(e.loc, "`" + name + "` expects " + ext);
            }
            return Typed{std::move(type), {}};
        };
        switch (e.fn) {
        case ExtFn::IsIpv4:
        case ExtFn::IsIpv6:
        case ExtFn::IsLoopback:
        case ExtFn::IsMulticast: return result({"ipaddr"}, boolType());
        case ExtFn::IsInRange: return result({"ipaddr", "ipaddr"}, boolType());
        case ExtFn::LessThan:
        case ExtFn::LessThanOrEqual:
        case ExtFn::GreaterThan:
        case ExtFn::GreaterThanOrEqual: return result({"decimal", "decimal"}, boolType());
        case ExtFn::Offset:
            return result({"datetime", "duration"}, named(VType::Kind::Ext, intern("datetime")));
        case ExtFn::DurationSince:
            return result({"datetime", "datetime"}, named(VType::Kind::Ext, intern("duration")));
        case ExtFn::ToDate: return result({"datetime"}, named(VType::Kind::Ext, intern("datetime")));
        case ExtFn::ToTime: return result({"datetime"}, named(VType::Kind::Ext, intern("duration")));
        case ExtFn::ToMilliseconds:
        case ExtFn::ToSeconds:
        case ExtFn::ToMinutes:
        case ExtFn::ToHours:
        case ExtFn::ToDays: return result({"duration"}, longType());
        default: return fail(e.loc, "unexpected extension function");
        }
    }

    const SchemaFacts &m_facts;
    const PolicyBody &m_body;
    const Environment &m_env;
    std::string m_error;
    SourceLoc m_errorLoc;
};

} // namespace

std::vector<ValidationError> validatePolicies(const PolicySet &policies, const Schema &schema)
{
    const SchemaFacts facts(schema);
    std::vector<Environment> envs;
    for (const ActionDecl &a : schema.actions()) {
        const VTypePtr context = fromSchema(*a.context);
        for (const Symbol *p : a.principalTypes) {
            for (const Symbol *r : a.resourceTypes)
                envs.push_back(Environment{p, a.uid, r, context});
        }
    }
    std::vector<ValidationError> errors;
    // A policy whose conditions can never hold is only a warning in Cedar, but one whose scope
    // matches no action's principal and resource types is an error.
    for (const Policy &policy : policies.policies()) {
        bool applies = false;
        for (const Environment &env : envs) {
            Checker checker(facts, *policy.ast.body, env);
            const Typed t = checker.scope(policy.ast);
            if (t.type && t.type->kind != VType::Kind::False)
                applies = true;
        }
        if (!applies) {
            errors.push_back(ValidationError{policy.id, policy.ast.loc,
                                             "the scope matches no action the schema declares"});
            continue;
        }
        for (const Environment &env : envs) {
            Checker checker(facts, *policy.ast.body, env);
            const Typed t = checker.policy(policy.ast);
            if (!t.type) {
                errors.push_back(ValidationError{policy.id, checker.errorLoc(), checker.error()});
                break;
            }
            if (!t.type->isBool()) {
                errors.push_back(ValidationError{policy.id, policy.ast.loc,
                                                 "the policy's condition is not a boolean"});
                break;
            }
        }
    }
    return errors;
}

} // namespace mandate::policy
