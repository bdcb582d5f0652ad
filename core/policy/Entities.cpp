#include "Entities.h"

#include "Extensions.h"
#include "Schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <unordered_set>

namespace mandate::policy {

namespace {

std::string utf8(const QString &s)
{
    return s.toStdString();
}

Error invalid(const std::string &message)
{
    return Error{ErrorCode::InvalidArgument, QString::fromStdString(message)};
}

bool extensionFromJson(const QJsonValue &json, Value &out, std::string &error)
{
    const QJsonObject call = json.toObject();
    const std::string name = utf8(call.value(u"fn").toString());
    std::optional<ExtFn> fn = findExtFunction(name);
    if (!fn)
        fn = findExtMethod(name);
    if (!fn) {
        error = "unknown extension function `" + name + "` in __extn";
        return false;
    }
    std::vector<Value> args;
    if (call.contains(u"args")) {
        for (const QJsonValue &arg : call.value(u"args").toArray()) {
            Value v;
            if (!valueFromJson(arg, nullptr, v, error))
                return false;
            args.push_back(std::move(v));
        }
    } else {
        Value v;
        if (!valueFromJson(call.value(u"arg"), nullptr, v, error))
            return false;
        args.push_back(std::move(v));
    }
    return callExtFn(*fn, args.data(), int(args.size()), out, error);
}

const char *constructorFor(const Symbol *extensionType)
{
    const std::string &n = extensionType->text;
    if (n == "ipaddr")
        return "ip";
    return n.c_str();
}

bool uidFromObject(const QJsonObject &o, EntityUid &out, std::string &error)
{
    const QJsonValue type = o.value(u"type");
    const QJsonValue id = o.value(u"id");
    if (!type.isString() || !id.isString()) {
        error = "an entity reference needs string members \"type\" and \"id\"";
        return false;
    }
    out = EntityUid::make(utf8(type.toString()), utf8(id.toString()));
    return true;
}

} // namespace

bool entityUidFromJson(const QJsonValue &json, EntityUid &out, std::string &error)
{
    if (!json.isObject()) {
        error = "an entity reference must be a JSON object";
        return false;
    }
    const QJsonObject o = json.toObject();
    if (o.contains(u"__entity"))
        return uidFromObject(o.value(u"__entity").toObject(), out, error);
    return uidFromObject(o, out, error);
}

bool valueFromJson(const QJsonValue &json, const SchemaType *type, Value &out, std::string &error)
{
    using Kind = SchemaType::Kind;
    switch (json.type()) {
    case QJsonValue::Bool: out = Value::boolean(json.toBool()); return true;
    case QJsonValue::Double: {
        // toInteger() answers its default when the number is not an exact 64-bit integer
        const qint64 i = json.toInteger(0);
        if (i == 0 && json.toInteger(1) == 1) {
            error = "numbers must be 64-bit integers";
            return false;
        }
        out = Value::integer(i);
        return true;
    }
    case QJsonValue::String:
        if (type && type->kind == Kind::Extension) {
            const Value arg = Value::string(utf8(json.toString()));
            const auto fn = findExtFunction(constructorFor(type->name));
            return fn && callExtFn(*fn, &arg, 1, out, error);
        }
        out = Value::string(utf8(json.toString()));
        return true;
    case QJsonValue::Array: {
        const SchemaType *element = type && type->kind == Kind::Set ? type->element.get() : nullptr;
        std::vector<Value> items;
        for (const QJsonValue &item : json.toArray()) {
            Value v;
            if (!valueFromJson(item, element, v, error))
                return false;
            items.push_back(std::move(v));
        }
        out = Value::set(std::move(items));
        return true;
    }
    case QJsonValue::Object: {
        const QJsonObject o = json.toObject();
        if (o.size() == 1 && o.contains(u"__entity")) {
            EntityUid uid;
            if (!uidFromObject(o.value(u"__entity").toObject(), uid, error))
                return false;
            out = Value::entity(uid);
            return true;
        }
        if (o.size() == 1 && o.contains(u"__extn"))
            return extensionFromJson(o.value(u"__extn"), out, error);
        if (type && type->kind == Kind::Entity) {
            EntityUid uid;
            if (!uidFromObject(o, uid, error))
                return false;
            out = Value::entity(uid);
            return true;
        }
        const bool record = type && type->kind == Kind::Record;
        std::vector<RecordField> fields;
        fields.reserve(size_t(o.size()));
        for (auto it = o.begin(); it != o.end(); ++it) {
            const Symbol *name = intern(utf8(it.key()));
            const SchemaAttribute *attr = record ? type->attribute(name) : nullptr;
            Value v;
            if (!valueFromJson(it.value(), attr ? attr->type.get() : nullptr, v, error))
                return false;
            fields.emplace_back(name, std::move(v));
        }
        out = Value::record(std::move(fields));
        return true;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined: error = "null is not a Cedar value"; return false;
    }
    return false;
}

Result<Value> contextFromJson(const QJsonValue &json, const Schema *schema, EntityUid action)
{
    if (json.isUndefined() || json.isNull())
        return Value::record({});
    if (!json.isObject())
        return std::unexpected(invalid("the context must be a JSON object"));
    const SchemaType *type = nullptr;
    if (schema) {
        if (const ActionDecl *decl = schema->action(action))
            type = decl->context.get();
    }
    Value v;
    std::string error;
    if (!valueFromJson(json, type, v, error))
        return std::unexpected(invalid("context: " + error));
    return v;
}

Status Entities::insert(Entity entity)
{
    auto [it, added] = m_index.emplace(entity.uid.data(), m_entities.size());
    if (added)
        m_entities.push_back(std::move(entity));
    else
        m_entities[it->second] = std::move(entity);
    return {};
}

void Entities::finalize()
{
    std::vector<const EntityUidData *> pending;
    std::unordered_set<const EntityUidData *> seen;
    for (Entity &entity : m_entities) {
        seen.clear();
        pending.clear();
        for (EntityUid p : entity.parents)
            pending.push_back(p.data());
        while (!pending.empty()) {
            const EntityUidData *uid = pending.back();
            pending.pop_back();
            if (!seen.insert(uid).second)
                continue;
            if (const Entity *parent = find(EntityUid(uid))) {
                for (EntityUid p : parent->parents)
                    pending.push_back(p.data());
            }
        }
        entity.ancestors.assign(seen.begin(), seen.end());
        std::sort(entity.ancestors.begin(), entity.ancestors.end());
    }
}

Result<Entities> Entities::fromJson(QByteArrayView json, const Schema *schema)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (doc.isNull())
        return std::unexpected(Error{ErrorCode::InvalidArgument,
                                     QStringLiteral("entities: not valid JSON: %1")
                                             .arg(parseError.errorString())});
    if (!doc.isArray())
        return std::unexpected(invalid("entities: expected a JSON array"));
    return fromJson(QJsonValue(doc.array()), schema);
}

Result<Entities> Entities::fromJson(const QJsonValue &json, const Schema *schema)
{
    Entities entities;
    std::string error;
    if (schema) {
        for (const ActionDecl &action : schema->actions()) {
            Entity e;
            e.uid = action.uid;
            e.parents = action.memberOf;
            entities.insert(std::move(e));
        }
    }
    for (const QJsonValue &item : json.toArray()) {
        const QJsonObject o = item.toObject();
        Entity e;
        if (!entityUidFromJson(o.value(u"uid"), e.uid, error))
            return std::unexpected(invalid("entity uid: " + error));
        const EntityTypeDecl *decl = schema ? schema->entityType(e.uid.type()) : nullptr;
        if (!valueFromJson(o.value(u"attrs").isUndefined() ? QJsonValue(QJsonObject())
                                                            : o.value(u"attrs"),
                           decl ? decl->shape.get() : nullptr, e.attributes, error)
            || e.attributes.kind() != ValueKind::Record)
            return std::unexpected(invalid("attributes of " + e.uid.toString() + ": " + error));
        if (o.contains(u"tags")) {
            SchemaType tagRecord;
            const SchemaType *tagType = nullptr;
            if (decl && decl->tags) {
                // every tag has the declared type: type each member of the object alike
                tagRecord.kind = SchemaType::Kind::Record;
                const QJsonObject tags = o.value(u"tags").toObject();
                for (auto it = tags.begin(); it != tags.end(); ++it)
                    tagRecord.attributes.push_back(
                            SchemaAttribute{intern(utf8(it.key())), decl->tags, false});
                tagType = &tagRecord;
            }
            if (!valueFromJson(o.value(u"tags"), tagType, e.tags, error)
                || e.tags.kind() != ValueKind::Record)
                return std::unexpected(invalid("tags of " + e.uid.toString() + ": " + error));
        }
        for (const QJsonValue &parent : o.value(u"parents").toArray()) {
            EntityUid uid;
            if (!entityUidFromJson(parent, uid, error))
                return std::unexpected(invalid("parents of " + e.uid.toString() + ": " + error));
            e.parents.push_back(uid);
        }
        if (const Entity *existing = entities.find(e.uid)) {
            // an action also declared by the schema: keep the schema's groups as well
            for (EntityUid p : existing->parents) {
                if (std::find(e.parents.begin(), e.parents.end(), p) == e.parents.end())
                    e.parents.push_back(p);
            }
        }
        entities.insert(std::move(e));
    }
    entities.finalize();
    return entities;
}

} // namespace mandate::policy
