#pragma once

// The validator's types and the schema facts it reads; internal to Validator.cpp.

#include "Schema.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace mandate::policy::validation {

// Types as the validator sees them: booleans carry what is statically known of their value.
struct VType;
using VTypePtr = std::shared_ptr<const VType>;

struct VAttr
{
    const Symbol *name;
    VTypePtr type;
    bool required;
};

struct VType
{
    enum class Kind { True, False, Bool, Long, String, Entity, Set, Record, Ext };
    Kind kind = Kind::Bool;
    const Symbol *name = nullptr;  // Entity type or extension name
    VTypePtr element;
    std::vector<VAttr> attributes;  // sorted by name text

    bool isBool() const { return kind == Kind::True || kind == Kind::False || kind == Kind::Bool; }
    const VAttr *attribute(const Symbol *n) const
    {
        for (const VAttr &a : attributes) {
            if (a.name == n)
                return &a;
        }
        return nullptr;
    }
};

const VTypePtr &trueType();
const VTypePtr &falseType();
const VTypePtr &boolType();
const VTypePtr &longType();
const VTypePtr &stringType();
VTypePtr named(VType::Kind kind, const Symbol *name);
VTypePtr setOf(VTypePtr element);
VTypePtr boolOf(bool b);
void sortAttributes(std::vector<VAttr> &attrs);
VTypePtr fromSchema(const SchemaType &s);
// The least upper bound in strict mode: booleans widen, everything else must agree.
VTypePtr lub(const VTypePtr &a, const VTypePtr &b);
bool sameType(const VType &a, const VType &b);
std::string typeName(const VType &t);

// The schema's facts, precomputed: attributes as validator types and transitive ancestors.
struct SchemaFacts
{
    explicit SchemaFacts(const Schema &s);

    bool typeDescendsFrom(const Symbol *a, const Symbol *b) const
    {
        if (a == b)
            return true;
        auto it = typeAncestors.find(a);
        return it != typeAncestors.end() && it->second.count(b);
    }
    bool actionDescendsFrom(EntityUid a, EntityUid b) const
    {
        if (a == b)
            return true;
        auto it = actionAncestors.find(a.data());
        return it != actionAncestors.end() && it->second.count(b.data());
    }
    bool validUid(EntityUid uid) const
    {
        if (schema.action(uid))
            return true;
        const EntityTypeDecl *d = schema.entityType(uid.type());
        if (!d)
            return false;
        return d->enumIds.empty()
                || std::find(d->enumIds.begin(), d->enumIds.end(), uid.id()) != d->enumIds.end();
    }

    const Schema &schema;
    std::map<const Symbol *, VTypePtr> attrs;
    std::map<const Symbol *, VTypePtr> tags;
    std::map<const Symbol *, std::set<const Symbol *>> typeAncestors;
    std::map<const EntityUidData *, std::set<const EntityUidData *>> actionAncestors;
    std::set<const Symbol *> actionTypes;
};

} // namespace mandate::policy::validation
