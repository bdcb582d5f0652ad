#pragma once

#include "Parser.h"
#include "Value.h"

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mandate::policy {

// A Cedar schema, read from the human-readable .cedarschema format. Today it serves to read
// entities and contexts as Cedar does with a schema (implicit entity and extension values,
// the action hierarchy); its types are what a validator would check policies against.
struct SchemaType;
using SchemaTypePtr = std::shared_ptr<const SchemaType>;

struct SchemaAttribute
{
    const Symbol *name = nullptr;
    SchemaTypePtr type;
    bool required = true;
};

struct SchemaType
{
    enum class Kind : uint8_t { Bool, Long, String, Entity, Set, Record, Extension };
    Kind kind = Kind::Bool;
    const Symbol *name = nullptr;  // Entity: the entity type; Extension: ipaddr, decimal, ...
    SchemaTypePtr element;         // Set
    std::vector<SchemaAttribute> attributes;  // Record

    const SchemaAttribute *attribute(const Symbol *attr) const;
};

struct EntityTypeDecl
{
    const Symbol *name = nullptr;
    std::vector<const Symbol *> memberOf;
    SchemaTypePtr shape;  // a Record
    SchemaTypePtr tags;   // null: the type has no tags
    std::vector<std::string> enumIds;  // non-empty for an enumerated type
};

struct ActionDecl
{
    EntityUid uid;
    std::vector<EntityUid> memberOf;
    std::vector<const Symbol *> principalTypes;
    std::vector<const Symbol *> resourceTypes;
    SchemaTypePtr context;  // a Record
};

class Schema
{
public:
    static std::expected<Schema, ParseError> parseCedarSchema(std::string_view text);

    const EntityTypeDecl *entityType(const Symbol *name) const;
    const ActionDecl *action(EntityUid uid) const;
    const std::vector<EntityTypeDecl> &entityTypes() const { return m_entityTypes; }
    const std::vector<ActionDecl> &actions() const { return m_actions; }

private:
    friend class SchemaParser;
    std::vector<EntityTypeDecl> m_entityTypes;
    std::vector<ActionDecl> m_actions;
    std::unordered_map<const Symbol *, size_t> m_entityIndex;
    std::unordered_map<const EntityUidData *, size_t> m_actionIndex;
};

} // namespace mandate::policy
