// The engine's policy decisions: Mandate's entities and requests in Cedar terms (core/policy),
// and the live policy set of a store. docs/policies.md describes the entities and contexts.

#include "Policies.h"

#include "../policy/Entities.h"
#include "../policy/PolicySet.h"
#include "../policy/Schema.h"
#include "../policy/Validator.h"
#include "../store/Store.h"

#include <QJsonArray>
#include <QJsonValue>

namespace mandate {

using policy::contextFromJson;
using policy::Entities;
using policy::Entity;
using policy::EntityUid;
using policy::Effect;
using policy::intern;
using policy::Policy;
using policy::PolicyError;
using policy::PolicySet;
using policy::RecordField;
using policy::Request;
using policy::Response;
using policy::Schema;
using policy::ValidationError;
using policy::Value;

namespace {

std::string utf8(const QString &text)
{
    return text.toStdString();
}

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

RecordField field(std::string_view name, Value value)
{
    return {intern(name), std::move(value)};
}

Value stringSet(const QStringList &values)
{
    std::vector<Value> items;
    items.reserve(size_t(values.size()));
    for (const QString &v : values)
        items.push_back(Value::string(utf8(v)));
    return Value::set(std::move(items));
}

EntityUid agentUid(const QString &id)
{
    return EntityUid::make("Agent", utf8(id));
}

EntityUid humanUid(const QString &id)
{
    return EntityUid::make("Human", utf8(id));
}

Entity humanEntity(const Human &h)
{
    Entity e;
    e.uid = humanUid(h.id);
    e.attributes = Value::record({field("name", Value::string(utf8(h.name))),
                                  field("email", Value::string(utf8(h.email))),
                                  field("department", Value::string(utf8(h.department))),
                                  field("status", Value::string(utf8(toString(h.status)))),
                                  field("roles", stringSet(roleNames(h.roles)))});
    return e;
}

Entity agentEntity(const Agent &a)
{
    Entity e;
    e.uid = agentUid(a.id);
    e.attributes = Value::record({field("name", Value::string(utf8(a.name))),
                                  field("owner", Value::entity(humanUid(a.ownerId))),
                                  field("risk", Value::string(utf8(toString(a.risk)))),
                                  field("runtime", Value::string(utf8(a.runtime))),
                                  field("model", Value::string(utf8(a.model.display()))),
                                  field("ceiling", stringSet(a.ceiling.values()))});
    return e;
}

// "invoices:read" is service "invoices", verb "read"; "hr:records:read" is "hr:records", "read".
Entity scopeEntity(const QString &scope)
{
    const qsizetype colon = scope.lastIndexOf(u':');
    Entity e;
    e.uid = EntityUid::make("Scope", utf8(scope));
    e.attributes = Value::record({field("service", Value::string(utf8(colon < 0 ? scope : scope.left(colon)))),
                                  field("verb", Value::string(utf8(colon < 0 ? QString() : scope.mid(colon + 1))))});
    return e;
}

// Resource::"id", as written in Cedar: the type may be namespaced, the id is a string literal.
std::optional<EntityUid> parseResource(const QString &text)
{
    const qsizetype sep = text.indexOf(QStringLiteral("::\""));
    if (sep <= 0 || !text.endsWith(u'"') || text.size() < sep + 4)
        return std::nullopt;
    const QString type = text.left(sep);
    const QString id = text.mid(sep + 3, text.size() - sep - 4);
    for (const QString &part : type.split(QStringLiteral("::"))) {
        if (part.isEmpty() || !(part.at(0).isLetter() || part.at(0) == u'_'))
            return std::nullopt;
        for (QChar c : part) {
            if (!(c.isLetterOrNumber() || c == u'_'))
                return std::nullopt;
        }
    }
    if (id.contains(u'"') || id.contains(u'\\'))
        return std::nullopt;
    return EntityUid::make(utf8(type), utf8(id));
}

} // namespace

QJsonObject PolicyOutcome::toJson() const
{
    QJsonObject out{{QStringLiteral("decision"), toString(decision)},
                    {QStringLiteral("policies"), QJsonArray::fromStringList(policies)},
                    {QStringLiteral("errors"), QJsonArray::fromStringList(errors)}};
    if (decision == Decision::StepUpRequired) {
        out.insert(QStringLiteral("step_up_policy"), stepUpPolicy);
        out.insert(QStringLiteral("step_up_reason"), stepUpReason);
    }
    return out;
}

struct CompiledPolicies::Private
{
    PolicySet set;
    std::optional<Schema> schema;
    std::vector<QString> ids;         // each policy's @id, or its position id
    std::vector<const std::string *> stepUp; // each policy's @step_up text, or null
    EntityUid delegateAction = EntityUid::make("Action", "delegate");

    PolicyOutcome decide(const Request &request, const Entities &entities) const
    {
        const Response response = set.isAuthorized(request, entities);
        PolicyOutcome out;
        out.decision = response.decision == policy::Decision::Allow ? Decision::Allow : Decision::Deny;
        for (uint32_t index : response.reasons) {
            out.policies << ids[index];
            if (out.decision != Decision::Deny && stepUp[index] && out.stepUpPolicy.isEmpty()) {
                out.decision = Decision::StepUpRequired;
                out.stepUpPolicy = ids[index];
                out.stepUpReason = qs(*stepUp[index]);
            }
        }
        for (const PolicyError &error : response.errors)
            out.errors << ids[error.policy] + QStringLiteral(": ") + qs(error.message);
        return out;
    }
};

CompiledPolicies::CompiledPolicies()
    : d(std::make_unique<Private>())
{
}

CompiledPolicies::~CompiledPolicies() = default;

qsizetype CompiledPolicies::size() const
{
    return qsizetype(d->set.policies().size());
}

Result<std::shared_ptr<const CompiledPolicies>> CompiledPolicies::compile(const QString &text, const QString &schemaText,
                                                                         bool validate)
{
    if (text.size() > 4 * 1024 * 1024)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A policy set is at most 4 MiB of text."));
    auto parsed = PolicySet::parse(utf8(text));
    if (!parsed)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The policies do not parse: %1").arg(parsed.error().toString()));
    std::shared_ptr<CompiledPolicies> out(new CompiledPolicies);
    out->d->set = std::move(*parsed);
    if (!out->d->set.templates().empty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("Templates are not published as policies; link them first."));
    if (!schemaText.isEmpty()) {
        auto schema = Schema::parseCedarSchema(utf8(schemaText));
        if (!schema)
            return fail(ErrorCode::Internal, QStringLiteral("The policy schema does not parse: %1").arg(schema.error().toString()));
        const std::vector<ValidationError> errors = validate ? validatePolicies(out->d->set, *schema)
                                                             : std::vector<ValidationError>();
        if (!errors.empty()) {
            QStringList lines;
            for (const ValidationError &e : errors)
                lines << QStringLiteral("%1 (line %2, column %3): %4")
                             .arg(qs(e.policyId)).arg(e.loc.line).arg(e.loc.column).arg(qs(e.message));
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("The policies do not validate against the schema:\n%1").arg(lines.join(u'\n')));
        }
        out->d->schema = std::move(*schema);
    }
    QStringList seen;
    for (const Policy &p : out->d->set.policies()) {
        const std::string *id = p.ast.annotation("id");
        QString name = id ? qs(*id) : qs(p.id);
        if (seen.contains(name))
            return fail(ErrorCode::InvalidArgument, QStringLiteral("Two policies have the id %1.").arg(name.left(200)));
        seen << name;
        out->d->ids.push_back(name);
        const std::string *why = p.ast.annotation("step_up");
        out->d->stepUp.push_back(p.ast.effect == Effect::Permit ? why : nullptr);
    }
    return std::shared_ptr<const CompiledPolicies>(std::move(out));
}

PolicyOutcome CompiledPolicies::delegate(const Agent &agent, const Human &human, const QString &scope,
                                         const QString &task, int depth, const ScopeSet &parentScopes) const
{
    Entities entities;
    (void)entities.insert(agentEntity(agent));
    (void)entities.insert(humanEntity(human));
    (void)entities.insert(scopeEntity(scope));
    entities.finalize();
    Request request;
    request.principal = agentUid(agent.id);
    request.action = d->delegateAction;
    request.resource = EntityUid::make("Scope", utf8(scope));
    request.context = Value::record({field("human", Value::entity(humanUid(human.id))),
                                     field("task", Value::string(utf8(task))),
                                     field("depth", Value::integer(depth)),
                                     field("parentScopes", stringSet(parentScopes.values()))});
    return d->decide(request, entities);
}

Result<PolicyOutcome> CompiledPolicies::act(const Agent &agent, const Human &human, const AgentSession &session,
                                            const QString &action, const QString &resource,
                                            const QJsonObject &context) const
{
    const auto resourceUid = parseResource(resource);
    if (!resourceUid)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("A resource is written Type::\"id\", not %1.").arg(resource.left(200)));
    const EntityUid actionUid = EntityUid::make("Action", utf8(action));
    auto given = contextFromJson(QJsonValue(context), d->schema ? &*d->schema : nullptr, actionUid);
    if (!given)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The context is not valid: %1").arg(given.error().message));
    static const char *const kOwn[] = {"human", "session", "task", "depth", "scopes"};
    std::vector<RecordField> fields;
    for (const RecordField &f : given->asRecord()) {
        for (const char *own : kOwn) {
            if (f.first->text == own)
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("The context may not set \"%1\": the engine fills it in.").arg(QLatin1StringView(own)));
        }
        fields.push_back(f);
    }
    fields.push_back(field("human", Value::entity(humanUid(human.id))));
    fields.push_back(field("session", Value::string(utf8(session.id))));
    fields.push_back(field("task", Value::string(utf8(session.task))));
    fields.push_back(field("depth", Value::integer(session.depth)));
    fields.push_back(field("scopes", stringSet(session.scopes.values())));

    Entities entities;
    (void)entities.insert(agentEntity(agent));
    (void)entities.insert(humanEntity(human));
    Entity target;
    target.uid = *resourceUid;
    (void)entities.insert(std::move(target));
    entities.finalize();
    Request request;
    request.principal = agentUid(agent.id);
    request.action = actionUid;
    request.resource = *resourceUid;
    request.context = Value::record(std::move(fields));
    return d->decide(request, entities);
}

Result<std::shared_ptr<const CompiledPolicies>> LivePolicies::current()
{
    auto version = m_store.livePolicyVersionNumber();
    if (!version)
        return std::unexpected(version.error());
    if (*version == m_version)
        return m_compiled;
    if (*version == 0) {
        forget();
        return m_compiled;
    }
    auto live = m_store.policyVersion(*version);
    if (!live)
        return std::unexpected(live.error());
    if (!*live)
        return fail(ErrorCode::StoreCorrupt, QStringLiteral("Policy set version %1 is live but missing.").arg(*version));
    // Published sets were validated when published; here they only need to parse (a later
    // schema must not make the live set unreadable).
    auto compiled = CompiledPolicies::compile((*live)->text, m_schemaText, false);
    if (!compiled)
        return fail(ErrorCode::StoreCorrupt,
                    QStringLiteral("The live policy set (version %1) cannot be read: %2").arg(*version).arg(compiled.error().message));
    m_version = *version;
    m_compiled = *compiled;
    return m_compiled;
}

} // namespace mandate
