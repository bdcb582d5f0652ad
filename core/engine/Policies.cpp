// The engine's policy decisions: Mandate's entities and requests in Cedar terms (core/policy),
// and the live policy set of a store. docs/policies.md describes the entities and contexts.

#include "Policies.h"

#include "../policy/BundledPolicies.h"
#include "../policy/Entities.h"
#include "../policy/Extensions.h"
#include "../policy/PolicySet.h"
#include "../policy/Schema.h"
#include "../policy/Validator.h"
#include "../store/Store.h"

#include <QJsonArray>
#include <QJsonValue>

#include <set>

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

EntityUid departmentUid(const QString &name)
{
    return EntityUid::make("Department", utf8(name));
}

EntityUid scopeUid(const QString &scope)
{
    return EntityUid::make("Scope", utf8(scope));
}

Value scopeSet(const ScopeSet &scopes)
{
    std::vector<Value> items;
    items.reserve(size_t(scopes.size()));
    for (const QString &scope : scopes.values())
        items.push_back(Value::entity(scopeUid(scope)));
    return Value::set(std::move(items));
}

int riskLevel(RiskTier risk)
{
    return int(risk) + 1; // 1 (low) to 4 (critical), for comparisons
}

// How much a scope can do, by its verb: reading is low, changing is medium, and moving money,
// binding the company or touching production is high.
QString scopeRisk(const QString &scope)
{
    const QString verb = scope.section(u':', -1);
    static const QStringList low{QStringLiteral("read"), QStringLiteral("query"), QStringLiteral("scan")};
    static const QStringList high{QStringLiteral("approve"), QStringLiteral("refund"), QStringLiteral("sign"),
                                  QStringLiteral("deploy"), QStringLiteral("manage")};
    if (low.contains(verb))
        return QStringLiteral("low");
    if (high.contains(verb) || scope.startsWith(QStringLiteral("db:prod:")))
        return QStringLiteral("high");
    return QStringLiteral("medium");
}

// The entities of one decision, each once.
class EntityBuilder
{
public:
    void human(const Human &h)
    {
        if (!m_seen.insert(h.id).second)
            return;
        department(h.department);
        Entity e;
        e.uid = humanUid(h.id);
        e.attributes = Value::record({field("name", Value::string(utf8(h.name))),
                                      field("email", Value::string(utf8(h.email))),
                                      field("roles", stringSet(roleNames(h.roles))),
                                      field("status", Value::string(utf8(toString(h.status))))});
        if (!h.department.isEmpty())
            e.parents.push_back(departmentUid(h.department));
        insert(std::move(e));
    }

    // The owner, when known, gives the agent its department.
    void agent(const Agent &a, const Human *owner)
    {
        if (!m_seen.insert(a.id).second)
            return;
        Entity e;
        e.uid = agentUid(a.id);
        e.attributes = Value::record({field("name", Value::string(utf8(a.name))),
                                      field("owner", Value::entity(humanUid(a.ownerId))),
                                      field("risk", Value::string(utf8(toString(a.risk)))),
                                      field("riskLevel", Value::integer(riskLevel(a.risk))),
                                      field("status", Value::string(utf8(toString(a.status)))),
                                      field("ceiling", scopeSet(a.ceiling)),
                                      field("model", Value::string(utf8(a.model.display())))});
        if (owner) {
            human(*owner);
            if (!owner->department.isEmpty())
                e.parents.push_back(departmentUid(owner->department));
        }
        insert(std::move(e));
    }

    void scope(const QString &scope)
    {
        if (!m_seen.insert(scope).second)
            return;
        Entity e;
        e.uid = scopeUid(scope);
        e.attributes = Value::record({field("risk", Value::string(utf8(scopeRisk(scope))))});
        insert(std::move(e));
    }

    void session(const AgentSession &s)
    {
        Entity e;
        e.uid = EntityUid::make("AgentSession", utf8(s.id));
        e.attributes = Value::record({field("agent", Value::entity(agentUid(s.agentId))),
                                      field("human", Value::entity(humanUid(s.humanId))),
                                      field("task", Value::string(utf8(s.task))),
                                      field("depth", Value::integer(s.depth)),
                                      field("scopes", scopeSet(s.scopes))});
        insert(std::move(e));
    }

    void insert(Entity e) { (void)m_entities.insert(std::move(e)); }

    Entities finish()
    {
        m_entities.finalize();
        return std::move(m_entities);
    }

private:
    void department(const QString &name)
    {
        if (name.isEmpty() || !m_seen.insert(QStringLiteral("department:") + name).second)
            return;
        Entity e;
        e.uid = departmentUid(name);
        e.attributes = Value::record({field("name", Value::string(utf8(name)))});
        insert(std::move(e));
    }

    Entities m_entities;
    std::set<QString> m_seen;
};

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

QString mandatePolicySchema()
{
    return QString::fromUtf8(policy::bundledSchema());
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

PolicyOutcome CompiledPolicies::delegate(const DelegationQuestion &q) const
{
    EntityBuilder entities;
    entities.agent(q.agent, q.owner);
    entities.human(q.human);
    entities.scope(q.scope);
    Request request;
    request.principal = agentUid(q.agent.id);
    request.action = d->delegateAction;
    request.resource = scopeUid(q.scope);
    request.context = Value::record({field("human", Value::entity(humanUid(q.human.id))),
                                     field("task", Value::string(utf8(q.task))),
                                     field("depth", Value::integer(q.depth)),
                                     field("parentScopes", scopeSet(q.parentScopes))});
    return d->decide(request, entities.finish());
}

Result<PolicyOutcome> CompiledPolicies::act(const ActionQuestion &q) const
{
    const auto resourceUid = parseResource(q.resource);
    if (!resourceUid)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("A resource is written Type::\"id\", not %1.").arg(q.resource.left(200)));
    const EntityUid actionUid = EntityUid::make("Action", utf8(q.action));
    const policy::ActionDecl *declared = d->schema ? d->schema->action(actionUid) : nullptr;

    // The caller's context, with amounts written as JSON numbers where the schema wants a
    // decimal; the engine adds the time and the caller's address when they are not given.
    QJsonObject given = q.context;
    if (declared && declared->context) {
        for (auto it = given.begin(); it != given.end(); ++it) {
            const policy::SchemaAttribute *attr = declared->context->attribute(intern(utf8(it.key())));
            if (attr && attr->type && attr->type->kind == policy::SchemaType::Kind::Extension
                && attr->type->name->text == "decimal" && it.value().isDouble())
                it.value() = QString::number(it.value().toDouble(), 'f', 4);
        }
    }
    static const char *const kOwn[] = {"session", "agent", "human", "scopes"};
    for (const char *own : kOwn) {
        if (given.contains(QLatin1StringView(own)))
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("The context may not name \"%1\": the engine knows it from the token.")
                            .arg(QLatin1StringView(own)));
    }
    auto context = contextFromJson(QJsonValue(given), d->schema ? &*d->schema : nullptr, actionUid);
    if (!context)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The context is not valid: %1").arg(context.error().message));
    std::vector<RecordField> fields = context->asRecord();
    auto has = [&](std::string_view name) {
        return std::any_of(fields.begin(), fields.end(), [&](const RecordField &f) { return f.first->text == name; });
    };
    if (!has("time"))
        fields.push_back(field("time", Value::datetime(q.nowMs)));
    if (!has("ip")) {
        auto ip = policy::parseIpAddr(utf8(q.sourceAddress));
        fields.push_back(field("ip", Value::ipAddr(ip ? *ip : *policy::parseIpAddr("127.0.0.1"))));
    }

    EntityBuilder entities;
    entities.agent(q.agent, q.owner);
    entities.human(q.human);
    entities.session(q.session);
    Entity target;
    target.uid = *resourceUid;
    if (!q.resourceAttributes.isEmpty()) {
        const policy::EntityTypeDecl *type = d->schema ? d->schema->entityType(resourceUid->type()) : nullptr;
        std::string error;
        if (!policy::valueFromJson(QJsonValue(q.resourceAttributes), type ? type->shape.get() : nullptr,
                                   target.attributes, error))
            return fail(ErrorCode::InvalidArgument, QStringLiteral("The resource's attributes are not valid: %1").arg(qs(error)));
    }
    entities.insert(std::move(target));

    Request request;
    request.principal = EntityUid::make("AgentSession", utf8(q.session.id));
    request.action = actionUid;
    request.resource = *resourceUid;
    request.context = Value::record(std::move(fields));
    return d->decide(request, entities.finish());
}

Result<std::shared_ptr<const CompiledPolicies>> LivePolicies::current(quint64 transaction)
{
    if (transaction != 0 && transaction == m_checkedIn)
        return m_compiled;
    auto version = m_store.livePolicyVersionNumber();
    if (!version)
        return std::unexpected(version.error());
    if (*version == m_version) {
        m_checkedIn = transaction;
        return m_compiled;
    }
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
    m_checkedIn = transaction;
    m_compiled = *compiled;
    return m_compiled;
}

} // namespace mandate
