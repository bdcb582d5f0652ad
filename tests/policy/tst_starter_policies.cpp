// Mandate's own policy model (resources/policies): the schema reads, the starter set validates
// against it with Cedar's strict rules, every policy is named, and the demo's typical requests
// get the expected decisions from the expected policies.

#include "policy/BundledPolicies.h"
#include "policy/Entities.h"
#include "policy/PolicySet.h"
#include "policy/Schema.h"
#include "policy/Validator.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <set>

using namespace mandate::policy;

namespace {

QByteArray readData(const char *name)
{
    QFile file(QStringLiteral(MANDATE_POLICY_TEST_DATA "/") + QLatin1StringView(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string_view view(const QByteArray &b) { return {b.constData(), size_t(b.size())}; }

} // namespace

class TestStarterPolicies final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validatesAgainstTheSchema();
    void everyPolicyIsNamed();
    void stepUpPermitsSayWhy();
    void decisions_data();
    void decisions();

private:
    std::optional<Schema> m_schema;
    std::optional<PolicySet> m_policies;
    std::optional<Entities> m_entities;
};

void TestStarterPolicies::initTestCase()
{
    auto schema = Schema::parseCedarSchema(view(bundledSchema()));
    QVERIFY2(schema, schema ? "" : qPrintable(schema.error().toString()));
    m_schema = std::move(*schema);
    auto policies = PolicySet::parse(view(bundledStarterPolicies()));
    QVERIFY2(policies, policies ? "" : qPrintable(policies.error().toString()));
    m_policies = std::move(*policies);
    auto entities = Entities::fromJson(QByteArrayView(readData("starter-entities.json")), &*m_schema);
    QVERIFY2(entities, entities ? "" : qPrintable(entities.error().message));
    m_entities = std::move(*entities);
}

void TestStarterPolicies::validatesAgainstTheSchema()
{
    QVERIFY(m_policies->policies().size() >= 40);
    const auto errors = validatePolicies(*m_policies, *m_schema);
    for (const ValidationError &e : errors)
        qWarning("%s line %u: %s", e.policyId.c_str(), e.loc.line, e.message.c_str());
    QVERIFY(errors.empty());

    // The schema holds the model: the principal types and the delegation action.
    for (const char *type : {"Human", "Agent", "AgentSession", "Scope", "Invoice", "Payment"})
        QVERIFY2(m_schema->entityType(intern(type)), type);
    const ActionDecl *delegate = m_schema->action(EntityUid::make("Action", "delegate"));
    QVERIFY(delegate);
    QCOMPARE(delegate->principalTypes.size(), size_t(1));
    QCOMPARE(delegate->principalTypes.front()->text, std::string("Agent"));
    QVERIFY(delegate->context->attribute(intern("parentScopes")));
}

void TestStarterPolicies::everyPolicyIsNamed()
{
    std::set<std::string> ids;
    for (const Policy &p : m_policies->policies()) {
        const std::string *id = p.ast.annotation("id");
        QVERIFY2(id && !id->empty(), p.id.c_str());
        QVERIFY2(ids.insert(*id).second, id->c_str());
        // Names say what they do: permit-, stepup- or forbid-, matching the effect.
        const bool forbidName = id->starts_with("forbid-");
        QVERIFY2(forbidName == (p.ast.effect == Effect::Forbid), id->c_str());
    }
}

void TestStarterPolicies::stepUpPermitsSayWhy()
{
    int stepUps = 0;
    for (const Policy &p : m_policies->policies()) {
        const std::string *why = p.ast.annotation("step_up");
        const bool named = p.ast.annotation("id")->starts_with("stepup-");
        QVERIFY2(named == (why != nullptr), p.ast.annotation("id")->c_str());
        if (!why)
            continue;
        ++stepUps;
        QVERIFY(p.ast.effect == Effect::Permit);
        QVERIFY(why->size() > 20);
    }
    QVERIFY(stepUps >= 8);
}

void TestStarterPolicies::decisions_data()
{
    QTest::addColumn<QJsonObject>("request");
    const QJsonArray requests = QJsonDocument::fromJson(readData("starter-requests.json")).array();
    QVERIFY(requests.size() >= 20);
    for (const QJsonValue &r : requests) {
        const QJsonObject o = r.toObject();
        QTest::newRow(qPrintable(o.value(u"name").toString())) << o;
    }
}

void TestStarterPolicies::decisions()
{
    QFETCH(QJsonObject, request);
    Request r;
    std::string error;
    QVERIFY(entityUidFromJson(request.value(u"principal"), r.principal, error));
    QVERIFY(entityUidFromJson(request.value(u"action"), r.action, error));
    QVERIFY(entityUidFromJson(request.value(u"resource"), r.resource, error));
    auto context = contextFromJson(request.value(u"context"), &*m_schema, r.action);
    QVERIFY2(context, context ? "" : qPrintable(context.error().message));
    r.context = *context;

    const Response response = m_policies->isAuthorized(r, *m_entities);
    for (const PolicyError &e : response.errors)
        qWarning("%s: %s", m_policies->policies()[e.policy].id.c_str(), e.message.c_str());
    QVERIFY(response.errors.empty());
    const bool allow = request.value(u"decision").toString() == u"allow";
    QCOMPARE(response.decision == Decision::Allow, allow);
    QStringList reasons;
    for (const uint32_t p : response.reasons)
        reasons << QString::fromStdString(*m_policies->policies()[p].ast.annotation("id"));
    QStringList expected;
    for (const QJsonValue &id : request.value(u"reason").toArray())
        expected << id.toString();
    reasons.sort();
    expected.sort();
    QCOMPARE(reasons, expected);
}

QTEST_GUILESS_MAIN(TestStarterPolicies)
#include "tst_starter_policies.moc"
