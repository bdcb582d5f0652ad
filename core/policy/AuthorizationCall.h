#pragma once

#include "../Error.h"
#include "Entities.h"
#include "PolicySet.h"
#include "Schema.h"

#include <QJsonObject>

#include <optional>

namespace mandate::policy {

// One authorization request in the shape of cedar-wasm's isAuthorized input:
//   {principal, action, resource, context,
//    policies: {staticPolicies, templates, templateLinks}, entities, schema?}
// staticPolicies is Cedar text (ids policy0, policy1, ...) or an object of id -> text;
// templates an object of id -> text; templateLinks an array of
// {templateId, newId, values: {"?principal": uid, "?resource": uid}}. The schema, if any, is
// .cedarschema text: it lets entities and the context use their implicit forms and adds the
// schema's actions to the store. The JSON policy and schema formats are not read.
struct AuthorizationCall
{
    PolicySet policies;
    Entities entities;
    Request request;
    std::optional<Schema> schema;
};

Result<AuthorizationCall> authorizationCallFromJson(const QJsonObject &call);

// The "policies" member alone: static policies, templates and their links.
Result<PolicySet> policySetFromJson(const QJsonValue &policies);

// {decision: "allow"|"deny", reason: [ids], errors: [{policyId, message}]}
QJsonObject responseToJson(const PolicySet &policies, const Response &response);

} // namespace mandate::policy
