#include "policy/Entities.h"
#include "policy/Schema.h"
#include "policy/Validator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace mandate::policy;
using namespace Qt::StringLiterals;

namespace {

const char *const schemaText =
        "namespace Photos {\n"
        "  type Address = { city: String, zip?: String };\n"
        "  entity Group;\n"
        "  entity User in [Group] = { level: Long, email?: String, home: Address };\n"
        "  entity Doc tags String;\n"
        "  action view appliesTo { principal: [User], resource: [Doc], context: { ip: ipaddr } };\n"
        "  action edit in [view] appliesTo { principal: User, resource: Doc };\n"
        "}\n";

Schema schema()
{
    auto s = Schema::parseCedarSchema(schemaText);
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
    return *s;
}

} // namespace

class TestPolicyValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void schemaStructure()
    {
        const Schema s = schema();
        const EntityTypeDecl *user = s.entityType(intern("Photos::User"));
        QVERIFY(user);
        QCOMPARE(user->memberOf.size(), size_t(1));
        QCOMPARE(QString::fromStdString(user->memberOf[0]->text), QStringLiteral("Photos::Group"));
        QCOMPARE(user->shape->attributes.size(), size_t(3));
        const SchemaAttribute *home = user->shape->attribute(intern("home"));
        QVERIFY(home && home->type->kind == SchemaType::Kind::Record);  // the common type
        QVERIFY(s.entityType(intern("Photos::Doc"))->tags);
        const ActionDecl *edit = s.action(EntityUid::make("Photos::Action", "edit"));
        QVERIFY(edit);
        QVERIFY(edit->memberOf == std::vector<EntityUid>{EntityUid::make("Photos::Action", "view")});
    }

    void schemaErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown type") << u"entity User = {\n  a: Lonng,\n};"_s << 2 << 6
                                      << u"unknown type `Lonng`"_s;
        QTest::newRow("missing semicolon") << u"entity User"_s << 1 << 12
                                           << u"expected `;`, found end of input"_s;
        QTest::newRow("duplicate attribute") << u"entity A = { a: Long, a: String };"_s << 1 << 23
                                             << u"duplicate attribute `a`"_s;
        QTest::newRow("not a declaration") << u"entity A; principal B;"_s << 1 << 11
                                           << u"expected `entity`, `action`, `type` or `namespace`, found identifier `principal`"_s;
    }

    void schemaErrors()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const auto s = Schema::parseCedarSchema(text.toStdString());
        QVERIFY(!s);
        QCOMPARE(QString::fromStdString(s.error().message), message);
        QCOMPARE(int(s.error().loc.line), line);
        QCOMPARE(int(s.error().loc.column), column);
    }

    void validation_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("valid");
        auto row = [](const char *name, const char *condition, bool valid) {
            QTest::newRow(name) << QString::fromUtf8(condition) << valid;
        };
        // conditions of permit(principal, action == Photos::Action::"view", resource)
        row("attribute", "principal.level > 1", true);
        row("optional attribute unguarded", "principal.email == \"a\"", false);
        row("optional attribute guarded", "principal has email && principal.email == \"a\"", true);
        row("guard through if", "if principal has email then principal.email like \"*@x\" else false", true);
        row("guard does not cross ||", "principal has email || principal.email == \"a\"", false);
        row("nested optional", "principal.home has zip && principal.home.zip == \"1\"", true);
        row("unknown attribute", "principal.age > 1", false);
        row("has unknown attribute is fine", "!(principal has age)", true);
        row("compare different types", "principal.level == \"5\"", false);
        row("different entity types compare", "principal == resource", true);
        row("empty set", "[].isEmpty()", false);
        row("mixed set", "[1, \"a\"].contains(1)", false);
        row("unknown entity type", "principal in Photos::Admin::\"x\"", false);
        row("unknown action", "action == Photos::Action::\"delete\"", false);
        row("hierarchy", "principal in Photos::Group::\"g\"", true);
        row("tag unguarded", "resource.getTag(\"x\") == \"y\"", false);
        row("tag guarded", "resource.hasTag(\"x\") && resource.getTag(\"x\") == \"y\"", true);
        row("no tags on users", "principal.hasTag(\"x\")", true);
        row("extension literal", "context.ip.isInRange(ip(\"10.0.0.0/8\"))", true);
        row("bad extension literal", "context.ip.isInRange(ip(\"10.0.0.0/88\"))", false);
        row("extension needs a literal", "context.ip == ip(principal.home.city)", false);
        row("action has no attributes", "action.name == \"view\"", false);
        row("arithmetic on strings", "principal.home.city + 1 > 0", false);
        row("dead branch is not checked", "false && principal.age > 1", true);
        row("condition never true is only a warning", "false", true);
        row("condition must be boolean", "principal.level", false);
    }

    void validation()
    {
        QFETCH(QString, policy);
        QFETCH(bool, valid);
        const std::string text = "permit(principal, action == Photos::Action::\"view\", resource) when { "
                + policy.toStdString() + " };";
        const auto set = PolicySet::parse(text);
        QVERIFY2(set, set ? "" : qPrintable(set.error().toString()));
        const auto errors = validatePolicies(*set, schema());
        QVERIFY2(errors.empty() == valid,
                 errors.empty() ? "valid" : errors[0].message.c_str());
    }

    void scopeMustMatchAnAction()
    {
        const Schema s = schema();
        auto valid = PolicySet::parse("permit(principal in Photos::Group::\"g\", action in "
                                      "Photos::Action::\"view\", resource is Photos::Doc);");
        QVERIFY(valid);
        QVERIFY(validatePolicies(*valid, s).empty());
        auto invalid = PolicySet::parse("permit(principal is Photos::Group, action, resource);");
        QVERIFY(invalid);
        const auto errors = validatePolicies(*invalid, s);
        QCOMPARE(errors.size(), size_t(1));
        QCOMPARE(QString::fromStdString(errors[0].policyId), QStringLiteral("policy0"));
    }

    void schemaShapesEntityJson()
    {
        const Schema s = schema();
        // With a schema, entity references and extension values need no __entity / __extn.
        const QByteArray json = QByteArrayLiteral(
                "[{\"uid\": {\"type\": \"Photos::User\", \"id\": \"a\"}, \"parents\": "
                "[{\"type\": \"Photos::Group\", \"id\": \"g\"}], \"attrs\": {\"level\": 1, \"home\": "
                "{\"city\": \"Oslo\"}}}]");
        auto entities = Entities::fromJson(QByteArrayView(json), &s);
        QVERIFY(entities);
        // the schema's actions and their groups join the store
        const Entity *edit = entities->find(EntityUid::make("Photos::Action", "edit"));
        QVERIFY(edit);
        QVERIFY(edit->hasAncestor(EntityUid::make("Photos::Action", "view")));
        auto context = contextFromJson(
                QJsonDocument::fromJson(QByteArrayLiteral("{\"ip\": \"10.1.2.3\"}")).object(), &s,
                EntityUid::make("Photos::Action", "view"));
        QVERIFY(context);
        const Value *ip = context->field(intern("ip"));
        QVERIFY(ip && ip->kind() == ValueKind::IpAddr);
    }
};

QTEST_GUILESS_MAIN(TestPolicyValidator)
#include "tst_policy_validator.moc"
