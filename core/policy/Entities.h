#pragma once

#include "../Error.h"
#include "Value.h"

#include <QByteArrayView>
#include <QJsonValue>

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace mandate::policy {

class Schema;

struct Entity
{
    EntityUid uid;
    Value attributes = Value::record({});
    Value tags = Value::record({});
    std::vector<EntityUid> parents;
    // Every entity this one is transitively `in`, sorted by address; filled by finalize().
    std::vector<const EntityUidData *> ancestors;

    bool hasAncestor(EntityUid uid) const
    {
        return std::binary_search(ancestors.begin(), ancestors.end(), uid.data());
    }
};

// The entity store of one authorization: entities with attributes, tags and parents, and the
// transitive closure of the parent relation computed once, so `in` is a binary search.
class Entities
{
public:
    // Cedar's JSON entity format: an array of {"uid", "attrs", "parents", "tags"}. With a
    // schema, entity and extension values may be written without their __entity / __extn
    // escapes, and the schema's actions (with their groups) are added.
    static Result<Entities> fromJson(QByteArrayView json, const Schema *schema = nullptr);
    static Result<Entities> fromJson(const QJsonValue &json, const Schema *schema = nullptr);

    // Adds or replaces an entity; call finalize() once all are in.
    Status insert(Entity entity);
    void finalize();

    const Entity *find(EntityUid uid) const
    {
        auto it = m_index.find(uid.data());
        return it == m_index.end() ? nullptr : &m_entities[it->second];
    }
    const std::vector<Entity> &all() const { return m_entities; }
    size_t size() const { return m_entities.size(); }

private:
    std::vector<Entity> m_entities;
    std::unordered_map<const EntityUidData *, size_t> m_index;
};

// Cedar's JSON value forms, shared by entities and request contexts.
struct SchemaType;
bool entityUidFromJson(const QJsonValue &json, EntityUid &out, std::string &error);
// `type` (may be null) lets the value be written in its implicit form.
bool valueFromJson(const QJsonValue &json, const SchemaType *type, Value &out, std::string &error);
// A request context: a JSON object, typed by the action's context in the schema if given.
Result<Value> contextFromJson(const QJsonValue &json, const Schema *schema, EntityUid action);

} // namespace mandate::policy
