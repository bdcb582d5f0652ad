#include "AuthorizationCall.h"

#include <QJsonArray>

namespace mandate::policy {

namespace {

std::unexpected<Error> invalid(const QString &message)
{
    return std::unexpected(Error{ErrorCode::InvalidArgument, message});
}

QString qs(const std::string &s) { return QString::fromStdString(s); }

std::string utf8(const QString &s) { return s.toStdString(); }

// Parses Cedar text that must hold exactly the policies a caller expects: static ones for
// staticPolicies, one template for each entry of templates.
Result<std::vector<PolicyAst>> parseText(const QJsonValue &text, const QString &what)
{
    if (!text.isString())
        return invalid(QStringLiteral("%1 must be Cedar policy text (the JSON policy format is "
                                      "not read)")
                               .arg(what));
    const std::string utf = utf8(text.toString());
    auto asts = parsePolicies(utf);
    if (!asts)
        return invalid(QStringLiteral("%1: %2").arg(what, asts.error().toString()));
    return std::move(*asts);
}

Status addStatic(PolicySet &set, std::string id, PolicyAst ast, const QString &what)
{
    if (ast.isTemplate())
        return invalid(QStringLiteral("%1: a static policy set includes a template").arg(what));
    if (auto added = set.add(std::move(id), std::move(ast)); !added)
        return invalid(QStringLiteral("%1: %2").arg(what, added.error().message));
    return {};
}

Result<EntityUid> uidMember(const QJsonObject &o, QStringView name, const QString &where)
{
    EntityUid uid;
    std::string error;
    if (!o.contains(name))
        return invalid(QStringLiteral("%1 is missing").arg(where));
    if (!entityUidFromJson(o.value(name), uid, error))
        return invalid(QStringLiteral("%1: %2").arg(where, qs(error)));
    return uid;
}

} // namespace

Result<PolicySet> policySetFromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return invalid(QStringLiteral("policies must be an object {staticPolicies, templates, "
                                      "templateLinks}"));
    const QJsonObject o = json.toObject();
    PolicySet set;

    const QJsonValue statics = o.value(u"staticPolicies");
    if (statics.isString()) {
        auto asts = parseText(statics, QStringLiteral("staticPolicies"));
        if (!asts)
            return std::unexpected(asts.error());
        for (size_t i = 0; i < asts->size(); ++i) {
            if (auto s = addStatic(set, "policy" + std::to_string(i), std::move((*asts)[i]),
                                   QStringLiteral("staticPolicies"));
                !s)
                return std::unexpected(s.error());
        }
    } else if (statics.isObject()) {
        const QJsonObject byId = statics.toObject();
        for (auto it = byId.begin(); it != byId.end(); ++it) {
            const QString what = QStringLiteral("staticPolicies.%1").arg(it.key());
            auto asts = parseText(it.value(), what);
            if (!asts)
                return std::unexpected(asts.error());
            if (asts->size() != 1)
                return invalid(QStringLiteral("%1 must hold exactly one policy, not %2")
                                       .arg(what)
                                       .arg(asts->size()));
            if (auto s = addStatic(set, utf8(it.key()), std::move(asts->front()), what); !s)
                return std::unexpected(s.error());
        }
    } else if (!statics.isUndefined() && !statics.isNull()) {
        return invalid(QStringLiteral("staticPolicies must be Cedar text or an object of id to "
                                      "policy text"));
    }

    const QJsonValue templates = o.value(u"templates");
    if (templates.isObject()) {
        const QJsonObject byId = templates.toObject();
        for (auto it = byId.begin(); it != byId.end(); ++it) {
            const QString what = QStringLiteral("templates.%1").arg(it.key());
            auto asts = parseText(it.value(), what);
            if (!asts)
                return std::unexpected(asts.error());
            if (asts->size() != 1 || !asts->front().isTemplate())
                return invalid(QStringLiteral("%1 must hold exactly one template (a policy with "
                                              "?principal or ?resource)")
                                       .arg(what));
            if (auto added = set.add(utf8(it.key()), std::move(asts->front())); !added)
                return invalid(QStringLiteral("%1: %2").arg(what, added.error().message));
        }
    } else if (!templates.isUndefined() && !templates.isNull()) {
        return invalid(QStringLiteral("templates must be an object of id to template text"));
    }

    const QJsonValue links = o.value(u"templateLinks");
    if (!links.isUndefined() && !links.isNull() && !links.isArray())
        return invalid(QStringLiteral("templateLinks must be an array"));
    const QJsonArray linkArray = links.toArray();
    for (qsizetype i = 0; i < linkArray.size(); ++i) {
        const QJsonObject link = linkArray.at(i).toObject();
        const QString where = QStringLiteral("templateLinks[%1]").arg(i);
        const QJsonValue templateId = link.value(u"templateId");
        const QJsonValue newId = link.value(u"newId");
        if (!templateId.isString() || !newId.isString())
            return invalid(QStringLiteral("%1 needs string members templateId and newId").arg(where));
        const QJsonObject values = link.value(u"values").toObject();
        std::optional<EntityUid> principal, resource;
        for (auto it = values.begin(); it != values.end(); ++it) {
            if (it.key() != u"?principal" && it.key() != u"?resource")
                return invalid(QStringLiteral("%1: unknown slot %2 (the slots are ?principal and "
                                              "?resource)")
                                       .arg(where, it.key().left(40)));
            auto uid = uidMember(values, it.key(), where + u'.' + it.key());
            if (!uid)
                return std::unexpected(uid.error());
            (it.key() == u"?principal" ? principal : resource) = *uid;
        }
        if (auto linked = set.link(utf8(templateId.toString()), utf8(newId.toString()), principal,
                                   resource);
            !linked)
            return invalid(QStringLiteral("%1: %2").arg(where, linked.error().message));
    }
    return set;
}

Result<AuthorizationCall> authorizationCallFromJson(const QJsonObject &o)
{
    AuthorizationCall call;
    const QJsonValue schema = o.value(u"schema");
    if (schema.isString()) {
        auto parsed = Schema::parseCedarSchema(utf8(schema.toString()));
        if (!parsed)
            return invalid(QStringLiteral("schema: %1").arg(parsed.error().toString()));
        call.schema = std::move(*parsed);
    } else if (!schema.isUndefined() && !schema.isNull()) {
        return invalid(QStringLiteral("schema must be .cedarschema text (the JSON schema format "
                                      "is not read)"));
    }
    const Schema *s = call.schema ? &*call.schema : nullptr;

    auto policies = policySetFromJson(o.value(u"policies"));
    if (!policies)
        return std::unexpected(policies.error());
    call.policies = std::move(*policies);

    const QJsonValue entities = o.value(u"entities");
    auto loaded = Entities::fromJson(entities.isUndefined() ? QJsonValue(QJsonArray()) : entities, s);
    if (!loaded)
        return invalid(QStringLiteral("entities: %1").arg(loaded.error().message));
    call.entities = std::move(*loaded);

    for (auto [name, target] : {std::pair{u"principal", &call.request.principal},
                                std::pair{u"action", &call.request.action},
                                std::pair{u"resource", &call.request.resource}}) {
        auto uid = uidMember(o, name, QString::fromUtf16(name));
        if (!uid)
            return std::unexpected(uid.error());
        *target = *uid;
    }
    auto context = contextFromJson(o.value(u"context"), s, call.request.action);
    if (!context)
        return std::unexpected(context.error());
    call.request.context = std::move(*context);
    return call;
}

QJsonObject responseToJson(const PolicySet &policies, const Response &response)
{
    QJsonArray reason;
    for (const uint32_t p : response.reasons)
        reason.append(qs(policies.policies()[p].id));
    QJsonArray errors;
    for (const PolicyError &e : response.errors)
        errors.append(QJsonObject{{QStringLiteral("policyId"), qs(policies.policies()[e.policy].id)},
                                  {QStringLiteral("message"), qs(e.message)}});
    return QJsonObject{
            {QStringLiteral("decision"),
             response.decision == Decision::Allow ? QStringLiteral("allow") : QStringLiteral("deny")},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("errors"), errors},
    };
}

} // namespace mandate::policy
