#include "Evaluator.h"

namespace mandate::policy {

namespace {

const char *operatorName(ExprKind kind)
{
    switch (kind) {
    case ExprKind::Not: return "!";
    case ExprKind::Neg: return "-";
    case ExprKind::And: return "&&";
    case ExprKind::Or: return "||";
    case ExprKind::If: return "if";
    case ExprKind::Less: return "<";
    case ExprKind::LessEq: return "<=";
    case ExprKind::Greater: return ">";
    case ExprKind::GreaterEq: return ">=";
    case ExprKind::In: return "in";
    case ExprKind::Add: return "+";
    case ExprKind::Sub: return "-";
    case ExprKind::Mul: return "*";
    case ExprKind::Contains: return "contains";
    case ExprKind::ContainsAll: return "containsAll";
    case ExprKind::ContainsAny: return "containsAny";
    case ExprKind::IsEmpty: return "isEmpty";
    case ExprKind::GetTag: return "getTag";
    case ExprKind::HasTag: return "hasTag";
    case ExprKind::GetAttr: return "attribute access";
    case ExprKind::HasAttr: return "has";
    case ExprKind::Like: return "like";
    case ExprKind::Is: return "is";
    default: return "expression";
    }
}

const Value *findTag(const Value &tags, const std::string &name)
{
    for (const RecordField &f : tags.asRecord()) {
        if (f.first->text == name)
            return &f.second;
    }
    return nullptr;
}

} // namespace

bool matchesPattern(std::string_view text, const Pattern &pattern)
{
    // Greedy, backtracking to the last wildcard only: enough for patterns whose only
    // metacharacter is `*`, and linear for the usual ones.
    size_t t = 0;
    size_t p = 0;
    size_t starPart = SIZE_MAX;
    size_t starText = 0;
    while (true) {
        if (p < pattern.size()) {
            const PatternPart &part = pattern[p];
            if (part.wildcard) {
                starPart = p++;
                starText = t;
                continue;
            }
            if (text.substr(t).starts_with(part.literal)) {
                t += part.literal.size();
                ++p;
                continue;
            }
        } else if (t == text.size() || (!pattern.empty() && pattern.back().wildcard)) {
            return true;
        }
        if (starPart == SIZE_MAX || starText >= text.size())
            return false;
        p = starPart + 1;
        t = ++starText;
    }
}

Evaluator::Evaluator(const Request &request, const Entities &entities)
    : m_request(request)
    , m_entities(entities)
    , m_principal(entities.find(request.principal))
    , m_action(entities.find(request.action))
    , m_resource(entities.find(request.resource))
{}

bool Evaluator::isIn(EntityUid uid, EntityUid target) const
{
    if (uid == target)
        return true;
    const Entity *entity = find(uid);
    return entity && entity->hasAncestor(target);
}

const Entity *Evaluator::find(EntityUid uid) const
{
    // the request's own entities are looked up once, in the constructor
    if (uid == m_request.principal)
        return m_principal;
    if (uid == m_request.resource)
        return m_resource;
    if (uid == m_request.action)
        return m_action;
    return m_entities.find(uid);
}

bool Evaluator::scopeHolds(const ScopeConstraint &c, EntityUid uid, const Entity *entity) const
{
    switch (c.op) {
    case ScopeOp::Any: return true;
    case ScopeOp::Eq: return uid == c.entity;
    case ScopeOp::In: return uid == c.entity || (entity && entity->hasAncestor(c.entity));
    case ScopeOp::InSet:
        for (EntityUid target : c.entities) {
            if (uid == target || (entity && entity->hasAncestor(target)))
                return true;
        }
        return false;
    case ScopeOp::Is: return uid.type() == c.type;
    case ScopeOp::IsIn:
        return uid.type() == c.type
                && (uid == c.entity || (entity && entity->hasAncestor(c.entity)));
    }
    return false;
}

bool Evaluator::evaluate(const PolicyBody &body, int32_t node, Value &out)
{
    return eval(body, node, out);
}

bool Evaluator::fail(const Expr &e, std::string message)
{
    m_error = "line " + std::to_string(e.loc.line) + ", column " + std::to_string(e.loc.column)
            + ": " + std::move(message);
    return false;
}

bool Evaluator::typeError(const Expr &e, const char *expected, const Value &got)
{
    return fail(e, std::string("type error: ") + operatorName(e.kind) + " expects " + expected
                        + ", got " + valueKindName(got.kind()));
}

bool Evaluator::evalBool(const PolicyBody &b, int32_t i, bool &out)
{
    Value v;
    if (!eval(b, i, v))
        return false;
    if (v.kind() != ValueKind::Bool)
        return typeError(b.nodes[size_t(i)], "bool", v);
    out = v.asBool();
    return true;
}

bool Evaluator::eval(const PolicyBody &b, int32_t i, Value &out)
{
    const Expr &e = b.nodes[size_t(i)];
    switch (e.kind) {
    case ExprKind::Literal: out = e.value; return true;
    case ExprKind::Variable:
        switch (e.var) {
        case Var::Principal: out = Value::entity(m_request.principal); return true;
        case Var::Action: out = Value::entity(m_request.action); return true;
        case Var::Resource: out = Value::entity(m_request.resource); return true;
        case Var::Context: out = m_request.context; return true;
        }
        return false;
    case ExprKind::Not: {
        bool v;
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::Bool)
            return typeError(e, "bool", out);
        v = out.asBool();
        out = Value::boolean(!v);
        return true;
    }
    case ExprKind::Neg: {
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::Long)
            return typeError(e, "long", out);
        int64_t r;
        if (__builtin_sub_overflow(int64_t(0), out.asLong(), &r))
            return fail(e, "integer overflow in negation");
        out = Value::integer(r);
        return true;
    }
    case ExprKind::And:
    case ExprKind::Or: {
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::Bool)
            return typeError(e, "bool", out);
        if (out.asBool() == (e.kind == ExprKind::Or))
            return true;  // short circuit
        if (!eval(b, e.b, out))
            return false;
        if (out.kind() != ValueKind::Bool)
            return typeError(e, "bool", out);
        return true;
    }
    case ExprKind::If: {
        bool cond;
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::Bool)
            return typeError(e, "bool", out);
        cond = out.asBool();
        return eval(b, cond ? e.b : e.c, out);
    }
    case ExprKind::Eq:
    case ExprKind::NotEq: {
        Value right;
        if (!eval(b, e.a, out) || !eval(b, e.b, right))
            return false;
        const bool equal = out == right;
        out = Value::boolean(equal == (e.kind == ExprKind::Eq));
        return true;
    }
    case ExprKind::Less:
    case ExprKind::LessEq:
    case ExprKind::Greater:
    case ExprKind::GreaterEq: {
        Value right;
        if (!eval(b, e.a, out) || !eval(b, e.b, right))
            return false;
        const ValueKind k = out.kind();
        const bool ordered = k == ValueKind::Long || k == ValueKind::Datetime
                || k == ValueKind::Duration;
        if (!ordered)
            return typeError(e, "long, datetime or duration", out);
        if (right.kind() != k)
            return typeError(e, valueKindName(k), right);
        const int64_t x = out.asLong();
        const int64_t y = right.asLong();
        const bool r = e.kind == ExprKind::Less ? x < y
                : e.kind == ExprKind::LessEq    ? x <= y
                : e.kind == ExprKind::Greater   ? x > y
                                                : x >= y;
        out = Value::boolean(r);
        return true;
    }
    case ExprKind::Add:
    case ExprKind::Sub:
    case ExprKind::Mul: {
        Value right;
        if (!eval(b, e.a, out) || !eval(b, e.b, right))
            return false;
        if (out.kind() != ValueKind::Long)
            return typeError(e, "long", out);
        if (right.kind() != ValueKind::Long)
            return typeError(e, "long", right);
        int64_t r;
        const bool overflow = e.kind == ExprKind::Add
                ? __builtin_add_overflow(out.asLong(), right.asLong(), &r)
                : e.kind == ExprKind::Sub ? __builtin_sub_overflow(out.asLong(), right.asLong(), &r)
                                          : __builtin_mul_overflow(out.asLong(), right.asLong(), &r);
        if (overflow)
            return fail(e, std::string("integer overflow in ") + operatorName(e.kind));
        out = Value::integer(r);
        return true;
    }
    case ExprKind::In: {
        Value right;
        if (!eval(b, e.a, out) || !eval(b, e.b, right))
            return false;
        if (out.kind() != ValueKind::Entity)
            return typeError(e, "entity", out);
        const EntityUid uid = out.asEntity();
        if (right.kind() == ValueKind::Entity) {
            out = Value::boolean(isIn(uid, right.asEntity()));
            return true;
        }
        if (right.kind() != ValueKind::Set)
            return typeError(e, "entity or set of entities", right);
        for (const Value &item : right.asSet()) {
            if (item.kind() != ValueKind::Entity)
                return typeError(e, "set of entities", item);
        }
        bool found = false;
        for (const Value &item : right.asSet()) {
            if (isIn(uid, item.asEntity())) {
                found = true;
                break;
            }
        }
        out = Value::boolean(found);
        return true;
    }
    case ExprKind::Contains:
    case ExprKind::ContainsAll:
    case ExprKind::ContainsAny: {
        Value arg;
        if (!eval(b, e.a, out) || !eval(b, e.b, arg))
            return false;
        if (out.kind() != ValueKind::Set)
            return typeError(e, "set", out);
        if (e.kind == ExprKind::Contains) {
            out = Value::boolean(out.setContains(arg));
            return true;
        }
        if (arg.kind() != ValueKind::Set)
            return typeError(e, "set", arg);
        const bool all = e.kind == ExprKind::ContainsAll;
        bool r = all;
        for (const Value &item : arg.asSet()) {
            if (out.setContains(item) != all) {
                r = !all;
                break;
            }
        }
        out = Value::boolean(r);
        return true;
    }
    case ExprKind::IsEmpty:
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::Set)
            return typeError(e, "set", out);
        out = Value::boolean(out.asSet().empty());
        return true;
    case ExprKind::GetTag:
    case ExprKind::HasTag: {
        Value tag;
        if (!eval(b, e.a, out) || !eval(b, e.b, tag))
            return false;
        if (out.kind() != ValueKind::Entity)
            return typeError(e, "entity", out);
        if (tag.kind() != ValueKind::String)
            return typeError(e, "string", tag);
        const EntityUid uid = out.asEntity();
        const Entity *entity = find(uid);
        const Value *value = entity ? findTag(entity->tags, tag.asString()) : nullptr;
        if (e.kind == ExprKind::HasTag) {
            out = Value::boolean(value != nullptr);
            return true;
        }
        if (!entity)
            return fail(e, "entity " + uid.toString() + " does not exist");
        if (!value)
            return fail(e, uid.toString() + " has no tag \"" + escapeString(tag.asString()) + '"');
        out = *value;
        return true;
    }
    case ExprKind::GetAttr: {
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() == ValueKind::Record) {
            const Value *v = out.field(e.name);
            if (!v)
                return fail(e, "record has no attribute `" + e.name->text + '`');
            out = Value(*v);
            return true;
        }
        if (out.kind() != ValueKind::Entity)
            return typeError(e, "entity or record", out);
        const EntityUid uid = out.asEntity();
        const Entity *entity = find(uid);
        if (!entity)
            return fail(e, "entity " + uid.toString() + " does not exist");
        const Value *v = entity->attributes.field(e.name);
        if (!v)
            return fail(e, uid.toString() + " has no attribute `" + e.name->text + '`');
        out = *v;
        return true;
    }
    case ExprKind::HasAttr: {
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() == ValueKind::Record) {
            out = Value::boolean(out.field(e.name) != nullptr);
            return true;
        }
        if (out.kind() != ValueKind::Entity)
            return typeError(e, "entity or record", out);
        const Entity *entity = find(out.asEntity());
        out = Value::boolean(entity && entity->attributes.field(e.name));
        return true;
    }
    case ExprKind::Like:
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::String)
            return typeError(e, "string", out);
        out = Value::boolean(matchesPattern(out.asString(), b.patterns[e.first]));
        return true;
    case ExprKind::Is:
        if (!eval(b, e.a, out))
            return false;
        if (out.kind() != ValueKind::Entity)
            return typeError(e, "entity", out);
        out = Value::boolean(out.asEntity().type() == e.name);
        return true;
    case ExprKind::Set: {
        std::vector<Value> items(e.count);
        for (uint32_t k = 0; k < e.count; ++k) {
            if (!eval(b, b.lists[e.first + k], items[k]))
                return false;
        }
        out = Value::set(std::move(items));
        return true;
    }
    case ExprKind::Record: {
        std::vector<RecordField> fields(e.count);
        for (uint32_t k = 0; k < e.count; ++k) {
            fields[k].first = b.keys[e.first + k];
            if (!eval(b, b.lists[e.first + k], fields[k].second))
                return false;
        }
        out = Value::record(std::move(fields));
        return true;
    }
    case ExprKind::ExtCall: {
        Value fixed[2];
        std::vector<Value> more;  // only for calls with the wrong number of arguments
        Value *args = fixed;
        if (e.count > 2) {
            more.resize(e.count);
            args = more.data();
        }
        for (uint32_t k = 0; k < e.count; ++k) {
            if (!eval(b, b.lists[e.first + k], args[k]))
                return false;
        }
        std::string message;
        if (!callExtFn(e.fn, args, int(e.count), out, message))
            return fail(e, std::move(message));
        return true;
    }
    }
    return fail(e, "unknown expression");
}

} // namespace mandate::policy
