#include "policy/Parser.h"
#include "policy/PolicySet.h"

#include <QTest>

using namespace mandate::policy;

namespace {

std::string text(const QString &s)
{
    return s.toStdString();
}

} // namespace

class TestPolicyParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errors_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        QTest::newRow("missing semicolon")
                << QStringLiteral("permit(principal, action, resource)") << 1 << 36
                << QStringLiteral("expected `when`, `unless` or `;`, found end of input");
        QTest::newRow("missing operand")
                << QStringLiteral("permit(principal, action, resource) when { 1 + };") << 1 << 48
                << QStringLiteral("expected an expression, found `}`");
        QTest::newRow("scope order")
                << QStringLiteral("permit(action, principal, resource);") << 1 << 8
                << QStringLiteral("expected `principal`, found identifier `action`");
        QTest::newRow("scope without entity")
                << QStringLiteral("permit(principal ==, action, resource);") << 1 << 20
                << QStringLiteral("expected an identifier, found `,`");
        QTest::newRow("single equals")
                << QStringLiteral("permit(principal, action, resource) when { 1 = 1 };") << 1 << 46
                << QStringLiteral("`=` is not an operator; did you mean `==`?");
        QTest::newRow("unterminated string")
                << QStringLiteral("permit(principal == User::\"alice, action, resource);") << 1 << 27
                << QStringLiteral("unterminated string literal");
        QTest::newRow("bad escape")
                << QStringLiteral("permit(principal, action, resource) when { \"ab\\q\" };") << 1 << 47
                << QStringLiteral("invalid escape sequence in string literal");
        QTest::newRow("escape above 7f")
                << QStringLiteral("permit(principal, action, resource) when { \"\\x80\" };") << 1 << 45
                << QStringLiteral("invalid escape sequence in string literal");
        QTest::newRow("is on action")
                << QStringLiteral("permit(principal, action is Action, resource);") << 1 << 26
                << QStringLiteral("`is` is not allowed in the action scope");
        QTest::newRow("unknown function")
                << QStringLiteral("permit(principal, action, resource) when { foo(1) };") << 1 << 44
                << QStringLiteral("unknown function `foo`");
        QTest::newRow("method called as function")
                << QStringLiteral("permit(principal, action, resource) when { isIpv4(ip(\"1.2.3.4\")) };")
                << 1 << 44
                << QStringLiteral("`isIpv4` is a method, not a function; call it as `e.isIpv4(...)`");
        QTest::newRow("unknown method")
                << QStringLiteral("permit(principal, action, resource) when { [].size() };") << 1 << 47
                << QStringLiteral("unknown method `size`");
        QTest::newRow("builtin arity")
                << QStringLiteral("permit(principal, action, resource) when { [].contains() };") << 1
                << 47 << QStringLiteral("`contains` takes 1 argument");
        QTest::newRow("unknown variable")
                << QStringLiteral("permit(principal, action, resource) when { user.name == \"a\" };")
                << 1 << 44 << QStringLiteral("unknown variable `user`");
        QTest::newRow("duplicate annotation")
                << QStringLiteral("@id(\"a\")\n@id(\"b\")\npermit(principal, action, resource);") << 2
                << 2 << QStringLiteral("duplicate annotation `@id`");
        QTest::newRow("too many bangs")
                << QStringLiteral("permit(principal, action, resource) when { !!!!!true };") << 1 << 48
                << QStringLiteral("too many `!` in a row");
        QTest::newRow("integer too large")
                << QStringLiteral("permit(principal, action, resource) when { 9223372036854775808 > 0 };")
                << 1 << 44 << QStringLiteral("integer literal `9223372036854775808` is too large");
        QTest::newRow("negative integer too large")
                << QStringLiteral("permit(principal, action, resource) when { -9223372036854775809 < 0 };")
                << 1 << 45 << QStringLiteral("integer literal `9223372036854775809` is too large");
        QTest::newRow("error on a later line")
                << QStringLiteral("permit(principal, action, resource);\n\nforbid(principal, action, "
                                  "resource)\n  when { principal.level > };")
                << 4 << 28 << QStringLiteral("expected an expression, found `}`");
        QTest::newRow("columns count characters")
                << QStringLiteral("permit(principal, action, resource) when { \"\u00e9\u00e9\" == && };")
                << 1 << 52 << QStringLiteral("expected an expression, found `&&`");
        QTest::newRow("duplicate record key")
                << QStringLiteral("permit(principal, action, resource) when { {a: 1, \"a\": 2} == {} };")
                << 1 << 51 << QStringLiteral("duplicate key `a` in record literal");
        QTest::newRow("slot in condition")
                << QStringLiteral("permit(principal, action, resource) when { ?principal == principal };")
                << 1 << 44 << QStringLiteral("template slots are only allowed in the policy scope");
        QTest::newRow("wrong slot")
                << QStringLiteral("permit(principal == ?resource, action, resource);") << 1 << 21
                << QStringLiteral("the slot `?resource` is not allowed here");
        QTest::newRow("empty when")
                << QStringLiteral("permit(principal, action, resource) when { };") << 1 << 44
                << QStringLiteral("expected an expression, found `}`");
        QTest::newRow("reserved type name")
                << QStringLiteral("permit(principal is if, action, resource);") << 1 << 21
                << QStringLiteral("`if` is a reserved word and cannot name a type");
        QTest::newRow("like needs a literal")
                << QStringLiteral("permit(principal, action, resource) when { \"a\" like principal };")
                << 1 << 53 << QStringLiteral("expected a pattern (a string literal), found identifier `principal`");
        QTest::newRow("unexpected character")
                << QStringLiteral("permit(principal, action, resource) when { 1 & 2 };") << 1 << 46
                << QStringLiteral("unexpected character `&`");
        QTest::newRow("not an effect")
                << QStringLiteral("allow(principal, action, resource);") << 1 << 1
                << QStringLiteral("expected `permit` or `forbid`, found identifier `allow`");
        QTest::newRow("relations do not chain")
                << QStringLiteral("permit(principal, action, resource) when { 1 < 2 < 3 };") << 1 << 50
                << QStringLiteral("expected `}`, found `<`");
    }

    void errors()
    {
        QFETCH(QString, policy);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const auto result = parsePolicies(text(policy));
        QVERIFY(!result);
        QCOMPARE(QString::fromStdString(result.error().message), message);
        QCOMPARE(int(result.error().loc.line), line);
        QCOMPARE(int(result.error().loc.column), column);
        QCOMPARE(result.error().toString(),
                 QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message));
    }

    void policyStructure()
    {
        const auto set = PolicySet::parse(
                "// leading comment\n"
                "@id(\"first\") @advice\n"
                "permit(principal == Org::Team::User::\"al\\\"ice\", action in [Action::\"read\", "
                "Action::\"list\"], resource is Doc in Folder::\"f\")\n"
                "when { true } unless { false };\n"
                "forbid(principal in Group::\"g\", action == Action::\"write\", resource);\n");
        QVERIFY2(set, set ? "" : qPrintable(set.error().toString()));
        QCOMPARE(set->policies().size(), size_t(2));
        const Policy &first = set->policies()[0];
        // Cedar's default ids ignore @id; the annotation stays available.
        QCOMPARE(QString::fromStdString(first.id), QStringLiteral("policy0"));
        QCOMPARE(QString::fromStdString(set->policies()[1].id), QStringLiteral("policy1"));
        QVERIFY(first.ast.annotation("id"));
        QCOMPARE(QString::fromStdString(*first.ast.annotation("id")), QStringLiteral("first"));
        QVERIFY(first.ast.annotation("advice"));
        QVERIFY(first.ast.annotation("advice")->empty());
        QVERIFY(first.ast.effect == Effect::Permit);
        QVERIFY(first.ast.principal.op == ScopeOp::Eq);
        QCOMPARE(QString::fromStdString(first.ast.principal.entity.typeName()),
                 QStringLiteral("Org::Team::User"));
        QCOMPARE(QString::fromStdString(first.ast.principal.entity.id()), QStringLiteral("al\"ice"));
        QVERIFY(first.ast.action.op == ScopeOp::InSet);
        QCOMPARE(first.ast.action.entities.size(), size_t(2));
        QVERIFY(first.ast.resource.op == ScopeOp::IsIn);
        QCOMPARE(QString::fromStdString(first.ast.resource.type->text), QStringLiteral("Doc"));
        QCOMPARE(first.ast.body->conditions.size(), size_t(2));
        QVERIFY(first.ast.body->conditions[0].when);
        QVERIFY(!first.ast.body->conditions[1].when);
        QCOMPARE(int(first.ast.body->conditions[1].loc.line), 4);
        QCOMPARE(int(first.ast.body->conditions[1].loc.column), 15);
        QVERIFY(set->policies()[1].ast.effect == Effect::Forbid);
        QVERIFY(set->policies()[1].ast.principal.op == ScopeOp::In);
    }

    void nodesKeepPositions()
    {
        const auto body = parseExpression("principal.level\n  >= 2 && context has ip");
        QVERIFY(body);
        const Expr &root = body->nodes[size_t(body->conditions[0].root)];
        QVERIFY(root.kind == ExprKind::And);
        QCOMPARE(int(root.loc.line), 2);
        QCOMPARE(int(root.loc.column), 8);
        const Expr &left = body->nodes[size_t(root.a)];
        QVERIFY(left.kind == ExprKind::GreaterEq);
        const Expr &attr = body->nodes[size_t(left.a)];
        QVERIFY(attr.kind == ExprKind::GetAttr);
        QCOMPARE(QString::fromStdString(attr.name->text), QStringLiteral("level"));
        QCOMPARE(int(attr.loc.line), 1);
        QCOMPARE(int(attr.loc.column), 10);
    }

    void stringEscapes_data()
    {
        QTest::addColumn<QString>("literal");
        QTest::addColumn<QString>("value");
        QTest::newRow("quote") << QStringLiteral("\"a\\\"b\"") << QStringLiteral("a\"b");
        QTest::newRow("controls") << QStringLiteral("\"\\n\\r\\t\\0\"") << QStringLiteral("\n\r\t") + QChar(0);
        QTest::newRow("backslash and apostrophe") << QStringLiteral("\"\\\\\\'\"") << QStringLiteral("\\'");
        QTest::newRow("hex") << QStringLiteral("\"\\x41\\x7f\"") << QStringLiteral("A\x7f");
        QTest::newRow("unicode") << QStringLiteral("\"\\u{e9}\\u{1F600}\"")
                                 << QStringLiteral("\u00e9") + QString::fromUcs4(U"\U0001F600");
        QTest::newRow("raw utf-8") << QStringLiteral("\"\u00e9t\u00e9\"") << QStringLiteral("\u00e9t\u00e9");
    }

    void stringEscapes()
    {
        QFETCH(QString, literal);
        QFETCH(QString, value);
        const auto body = parseExpression(text(literal));
        QVERIFY2(body, body ? "" : qPrintable(body.error().toString()));
        const Expr &root = body->nodes[size_t(body->conditions[0].root)];
        QVERIFY(root.kind == ExprKind::Literal);
        QVERIFY(root.value.kind() == ValueKind::String);
        QCOMPARE(QString::fromStdString(root.value.asString()), value);
    }

    void badEscapes_data()
    {
        QTest::addColumn<QString>("literal");
        QTest::newRow("unknown") << QStringLiteral("\"\\a\"");
        QTest::newRow("star outside a pattern") << QStringLiteral("\"\\*\"");
        QTest::newRow("empty unicode") << QStringLiteral("\"\\u{}\"");
        QTest::newRow("surrogate") << QStringLiteral("\"\\u{d800}\"");
        QTest::newRow("too large") << QStringLiteral("\"\\u{110000}\"");
        QTest::newRow("seven digits") << QStringLiteral("\"\\u{0000041}\"");
        QTest::newRow("unclosed") << QStringLiteral("\"\\u{41\"");
    }

    void badEscapes()
    {
        QFETCH(QString, literal);
        const auto body = parseExpression(text(literal));
        QVERIFY(!body);
        QCOMPARE(QString::fromStdString(body.error().message),
                 QStringLiteral("invalid escape sequence in string literal"));
    }

    void patterns()
    {
        const auto body = parseExpression("\"x\" like \"a*b\\*c**\"");
        QVERIFY(body);
        const Pattern &p = body->patterns.at(0);
        QCOMPARE(p.size(), size_t(4));
        QVERIFY(!p[0].wildcard && p[0].literal == "a");
        QVERIFY(p[1].wildcard);
        QVERIFY(!p[2].wildcard && p[2].literal == "b*c");
        QVERIFY(p[3].wildcard);  // consecutive stars collapse
    }

    void templatesAreRecognised()
    {
        const auto set = PolicySet::parse(
                "permit(principal == ?principal, action, resource in ?resource);\n"
                "permit(principal, action, resource);");
        QVERIFY(set);
        QCOMPARE(set->templates().size(), size_t(1));
        QCOMPARE(set->policies().size(), size_t(1));
        QCOMPARE(QString::fromStdString(set->templates()[0].id), QStringLiteral("policy0"));
        QCOMPARE(QString::fromStdString(set->policies()[0].id), QStringLiteral("policy1"));
    }
};

QTEST_GUILESS_MAIN(TestPolicyParser)
#include "tst_policy_parser.moc"
