#pragma once

#include "Extensions.h"
#include "Value.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mandate::policy {

// The parsed form of a policy: a compact tree for the evaluator and, later, a type checker.
// Every node keeps where it came from in the source text.
struct SourceLoc
{
    uint32_t offset = 0;  // in bytes
    uint32_t line = 0;    // 1-based
    uint32_t column = 0;  // 1-based, in characters
};

enum class Var : uint8_t { Principal, Action, Resource, Context };

enum class ExprKind : uint8_t {
    Literal,    // value
    Variable,   // var
    Not,        // a
    Neg,        // a
    And,        // a && b
    Or,         // a || b
    If,         // if a then b else c
    Eq,         // a == b
    NotEq,      // a != b
    Less,       // a < b
    LessEq,     // a <= b
    Greater,    // a > b
    GreaterEq,  // a >= b
    In,         // a in b
    Add,        // a + b
    Sub,        // a - b
    Mul,        // a * b
    Contains,   // a.contains(b)
    ContainsAll,
    ContainsAny,
    IsEmpty,    // a.isEmpty()
    GetTag,     // a.getTag(b)
    HasTag,     // a.hasTag(b)
    GetAttr,    // a.name
    HasAttr,    // a has name
    Like,       // a like patterns[index]
    Is,         // a is type (`a is T in b` is parsed as (a is T) && (a in b))
    Set,        // [children]
    Record,     // {keys: children}
    ExtCall,    // fn(children); a method's receiver is its first child
};

// A `like` pattern: literal runs separated by `*` wildcards.
struct PatternPart
{
    bool wildcard = false;
    std::string literal;
};
using Pattern = std::vector<PatternPart>;

struct Expr
{
    ExprKind kind = ExprKind::Literal;
    Var var = Var::Principal;   // Variable
    ExtFn fn = ExtFn::Ip;       // ExtCall
    int32_t a = -1, b = -1, c = -1;  // operands, indices into PolicyBody::nodes
    uint32_t first = 0;         // Set, Record, ExtCall: children in PolicyBody::lists[first..];
                                // Record keys in PolicyBody::keys[first..]; Like: pattern index
    uint32_t count = 0;
    const Symbol *name = nullptr;  // GetAttr and HasAttr: attribute; Is: entity type
    Value value;                // Literal (also a constant-folded extension constructor)
    SourceLoc loc;
};

struct Condition
{
    bool when = true;  // false: unless
    int32_t root = -1;
    SourceLoc loc;
};

// The conditions of a policy; shared between a template and the policies linked from it.
struct PolicyBody
{
    std::vector<Expr> nodes;
    std::vector<int32_t> lists;
    std::vector<const Symbol *> keys;
    std::vector<Pattern> patterns;
    std::vector<Condition> conditions;
};

enum class Effect : uint8_t { Permit, Forbid };

enum class ScopeOp : uint8_t {
    Any,    // principal
    Eq,     // principal == E
    In,     // principal in E
    InSet,  // action in [E, ...]
    Is,     // principal is T
    IsIn,   // principal is T in E
};

enum class Slot : uint8_t { None, Principal, Resource };

struct ScopeConstraint
{
    ScopeOp op = ScopeOp::Any;
    Slot slot = Slot::None;          // the entity is a template slot, not yet linked
    EntityUid entity;                // Eq, In, IsIn
    std::vector<EntityUid> entities; // InSet
    const Symbol *type = nullptr;    // Is, IsIn
    SourceLoc loc;
};

struct Annotation
{
    std::string key;
    std::string value;
};

struct PolicyAst
{
    Effect effect = Effect::Permit;
    std::vector<Annotation> annotations;
    ScopeConstraint principal;
    ScopeConstraint action;
    ScopeConstraint resource;
    std::shared_ptr<const PolicyBody> body;
    SourceLoc loc;

    bool isTemplate() const
    {
        return principal.slot != Slot::None || resource.slot != Slot::None;
    }
    const std::string *annotation(std::string_view key) const
    {
        for (const Annotation &a : annotations) {
            if (a.key == key)
                return &a.value;
        }
        return nullptr;
    }
};

} // namespace mandate::policy
