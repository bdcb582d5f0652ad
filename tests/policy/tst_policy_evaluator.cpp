#include "policy/Evaluator.h"
#include "policy/Extensions.h"
#include "policy/Parser.h"

#include <QTest>

using namespace mandate::policy;
using namespace Qt::StringLiterals;

namespace {

struct Fixture
{
    Entities entities;
    Request request;

    Fixture()
    {
        const EntityUid alice = EntityUid::make("User", "alice");
        const EntityUid bob = EntityUid::make("User", "bob");
        Entity a;
        a.uid = alice;
        a.attributes = Value::record({
                {intern("level"), Value::integer(5)},
                {intern("name"), Value::string("Alice")},
                {intern("manager"), Value::entity(bob)},
                {intern("address"), Value::record({{intern("city"), Value::string("Paris")}})},
                {intern("roles"), Value::set({Value::string("dev"), Value::string("ops")})},
        });
        a.tags = Value::record({{intern("team"), Value::string("red")}});
        a.parents = {EntityUid::make("Group", "admins")};
        Entity b;
        b.uid = bob;
        Entity admins;
        admins.uid = EntityUid::make("Group", "admins");
        admins.parents = {EntityUid::make("Group", "staff")};
        Entity read;
        read.uid = EntityUid::make("Action", "read");
        read.parents = {EntityUid::make("Action", "all")};
        for (Entity *e : {&a, &b, &admins, &read})
            (void)entities.insert(*e);
        entities.finalize();
        request.principal = alice;
        request.action = read.uid;
        request.resource = EntityUid::make("Doc", "d1");  // not in the store
        request.context = Value::record({
                {intern("n"), Value::integer(3)},
                {intern("ip"), Value::ipAddr(*parseIpAddr("10.0.0.1"))},
        });
    }

    // Evaluates a Cedar expression; nullopt on an evaluation error.
    std::optional<Value> eval(const QString &expression, QString *error = nullptr)
    {
        const auto body = parseExpression(expression.toStdString());
        if (!body) {
            if (error)
                *error = body.error().toString();
            return std::nullopt;
        }
        Evaluator evaluator(request, entities);
        Value out;
        if (!evaluator.evaluate(*body, body->conditions[0].root, out)) {
            if (error)
                *error = QString::fromStdString(evaluator.error());
            return std::nullopt;
        }
        return out;
    }
};

} // namespace

class TestPolicyEvaluator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expressions_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("expected");  // a Cedar expression, or empty for an error

        auto row = [](const char *name, const char *expr, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(expr) << QString::fromUtf8(expected);
        };
        // equality and comparison
        row("eq long", "1 == 1", "true");
        row("eq across types is false", "1 == \"1\"", "false");
        row("ne", "1 != 2", "true");
        row("eq sets ignore order and duplicates", "[1, 2, 2] == [2, 1]", "true");
        row("eq records", "{a: 1, b: [true]} == {b: [true], a: 1}", "true");
        row("eq entities", "principal == User::\"alice\"", "true");
        row("lt", "1 < 2", "true");
        row("le", "2 <= 2", "true");
        row("gt", "3 > 2", "true");
        row("ge", "1 >= 2", "false");
        row("lt on strings is an error", "\"a\" < \"b\"", "");
        row("lt mixed is an error", "1 < datetime(\"2024-01-01\")", "");
        row("lt on decimals is an error", "decimal(\"1.0\") < decimal(\"2.0\")", "");
        // boolean logic, short circuit
        row("and", "true && false", "false");
        row("or", "false || true", "true");
        row("and short circuit skips errors", "false && (1 + \"a\")", "false");
        row("or short circuit skips errors", "true || principal.missing", "true");
        row("and needs bool on the right", "true && 1", "");
        row("or needs bool on the left", "1 || true", "");
        row("not", "!false", "true");
        row("not on long is an error", "!1", "");
        row("if then", "if 1 < 2 then \"yes\" else 1 + \"x\"", "\"yes\"");
        row("if else", "if false then 1 + \"x\" else 7", "7");
        row("if needs bool", "if 1 then 2 else 3", "");
        // arithmetic with overflow errors
        row("add", "1 + 2", "3");
        row("sub", "1 - 2", "-1");
        row("mul", "6 * 7", "42");
        row("neg", "-(3)", "0 - 3");
        row("double neg", "--3", "3");
        row("min literal", "-9223372036854775808 < 0", "true");
        row("add overflow", "9223372036854775807 + 1", "");
        row("sub overflow", "-9223372036854775808 - 1", "");
        row("mul overflow", "4611686018427387904 * 2", "");
        row("neg overflow", "-(-9223372036854775808)", "");
        row("add type error", "1 + true", "");
        // hierarchy
        row("in self", "principal in User::\"alice\"", "true");
        row("in parent", "principal in Group::\"admins\"", "true");
        row("in grandparent", "principal in Group::\"staff\"", "true");
        row("in unrelated", "principal in Group::\"other\"", "false");
        row("in set", "principal in [Group::\"x\", Group::\"staff\"]", "true");
        row("in set with non-entity", "principal in [Group::\"staff\", 1]", "");
        row("in on long", "1 in Group::\"staff\"", "");
        row("missing entity in itself", "Doc::\"d1\" in Doc::\"d1\"", "true");
        row("missing entity in other", "resource in Group::\"staff\"", "false");
        row("action in group", "action in Action::\"all\"", "true");
        // attributes
        row("attr", "principal.level", "5");
        row("nested attr", "principal.address.city", "\"Paris\"");
        row("index attr", "principal[\"name\"]", "\"Alice\"");
        row("attr through entity", "principal.manager == User::\"bob\"", "true");
        row("missing attr", "principal.age", "");
        row("attr of missing entity", "resource.owner", "");
        row("attr of entity without it", "User::\"bob\".level", "");
        row("attr of long", "(1).x", "");
        row("has", "principal has level", "true");
        row("has string", "principal has \"name\"", "true");
        row("has missing", "principal has age", "false");
        row("has on missing entity", "resource has owner", "false");
        row("has on record", "context has n", "true");
        row("has on long", "1 has x", "");
        row("has path", "principal has address.city", "true");
        row("has path missing", "principal has address.zip", "false");
        row("context", "context.n + 1", "4");
        // strings
        row("like star", "\"hello\" like \"h*o\"", "true");
        row("like exact", "\"hello\" like \"hello\"", "true");
        row("like no match", "\"hello\" like \"h*x\"", "false");
        row("like escaped star", "\"a*b\" like \"a\\*b\"", "true");
        row("like escaped star no wildcard", "\"axb\" like \"a\\*b\"", "false");
        row("like backtracks", "\"abcbcd\" like \"*bcd\"", "true");
        row("like empty", "\"\" like \"*\"", "true");
        row("like unicode", "\"\u00e9t\u00e9\" like \"\u00e9*\"", "true");
        row("like on long", "1 like \"*\"", "");
        row("is", "principal is User", "true");
        row("is other", "principal is Group", "false");
        row("is in", "principal is User in Group::\"staff\"", "true");
        row("is on string", "\"a\" is User", "");
        // sets
        row("contains", "[1, 2].contains(2)", "true");
        row("contains record", "[{a: 1}].contains({a: 1})", "true");
        row("containsAll", "[1, 2, 3].containsAll([1, 3])", "true");
        row("containsAll not", "[1, 2].containsAll([1, 4])", "false");
        row("containsAny", "[1, 2].containsAny([4, 2])", "true");
        row("containsAny empty", "[1, 2].containsAny([])", "false");
        row("isEmpty", "[].isEmpty()", "true");
        row("contains on long", "(1).contains(1)", "");
        row("containsAll needs a set", "[1].containsAll(1)", "");
        row("attribute set", "principal.roles.contains(\"ops\")", "true");
        // tags
        row("hasTag", "principal.hasTag(\"team\")", "true");
        row("hasTag missing", "principal.hasTag(\"x\")", "false");
        row("getTag", "principal.getTag(\"team\")", "\"red\"");
        row("getTag missing", "principal.getTag(\"x\")", "");
        row("getTag missing entity", "resource.getTag(\"x\")", "");
        row("hasTag missing entity", "resource.hasTag(\"x\")", "false");
        row("getTag needs a string", "principal.getTag(1)", "");
        // records and sets of expressions
        row("record literal", "{a: 1 + 1}.a", "2");
        row("record missing", "{a: 1}.b", "");
        row("set of errors", "[1, 1 + \"a\"]", "");
        // ipaddr
        row("ip v4", "ip(\"10.0.0.1\").isIpv4()", "true");
        row("ip v6", "ip(\"::1\").isIpv6()", "true");
        row("ip loopback", "ip(\"127.0.0.1\").isLoopback()", "true");
        row("ip loopback v6", "ip(\"::1\").isLoopback()", "true");
        row("ip loopback wide net", "ip(\"127.0.0.0/7\").isLoopback()", "false");
        row("ip multicast", "ip(\"224.1.2.3\").isMulticast()", "true");
        row("ip multicast v6", "ip(\"ff02::1\").isMulticast()", "true");
        row("ip in range", "ip(\"10.1.2.3\").isInRange(ip(\"10.0.0.0/8\"))", "true");
        row("ip not in range", "ip(\"11.1.2.3\").isInRange(ip(\"10.0.0.0/8\"))", "false");
        row("ip range in range", "ip(\"10.1.0.0/16\").isInRange(ip(\"10.0.0.0/8\"))", "true");
        row("ip versions differ", "ip(\"::a00:1\").isInRange(ip(\"10.0.0.0/8\"))", "false");
        row("ip equality keeps host bits", "ip(\"10.0.0.1/24\") == ip(\"10.0.0.0/24\")", "false");
        row("ip equality", "ip(\"10.0.0.1\") == ip(\"10.0.0.1/32\")", "true");
        row("ip from context", "context.ip.isInRange(ip(\"10.0.0.0/24\"))", "true");
        row("ip leading zero", "ip(\"010.0.0.1\")", "");
        row("ip bad prefix", "ip(\"10.0.0.1/33\")", "");
        row("ip v4 in v6", "ip(\"::ffff:1.2.3.4\")", "");
        row("ip garbage", "ip(\"hello\")", "");
        row("ip needs a string", "ip(1)", "");
        row("ip method on long", "(1).isIpv4()", "");
        // decimal
        row("decimal lt", "decimal(\"1.23\").lessThan(decimal(\"1.24\"))", "true");
        row("decimal le", "decimal(\"1.2\").lessThanOrEqual(decimal(\"1.2000\"))", "true");
        row("decimal gt", "decimal(\"-1.5\").greaterThan(decimal(\"-2.0\"))", "true");
        row("decimal ge", "decimal(\"0.0\").greaterThanOrEqual(decimal(\"0.0001\"))", "false");
        row("decimal equality", "decimal(\"1.10\") == decimal(\"1.1\")", "true");
        row("decimal five places", "decimal(\"1.00001\")", "");
        row("decimal no dot", "decimal(\"1\")", "");
        row("decimal overflow", "decimal(\"922337203685478.0\")", "");
        row("decimal min", "decimal(\"-922337203685477.5808\").lessThan(decimal(\"0.0\"))", "true");
        row("decimal needs decimal", "decimal(\"1.0\").lessThan(1)", "");
        row("wrong arity", "decimal(\"1.0\").lessThan()", "");
        // datetime and duration
        row("datetime order", "datetime(\"2024-01-01\") < datetime(\"2024-01-02\")", "true");
        row("datetime offset form",
            "datetime(\"2024-01-01T01:00:00+0100\") == datetime(\"2024-01-01T00:00:00Z\")", "true");
        row("datetime millis",
            "datetime(\"2024-01-01T00:00:00.001Z\").durationSince(datetime(\"2024-01-01\"))",
            "duration(\"1ms\")");
        row("datetime leap day", "datetime(\"2024-02-29\").toDate() == datetime(\"2024-02-29\")", "true");
        row("datetime bad day", "datetime(\"2023-02-29\")", "");
        row("datetime bad hour", "datetime(\"2024-01-01T24:00:00Z\")", "");
        row("datetime bad format", "datetime(\"2024-1-01\")", "");
        row("datetime offset", "datetime(\"2024-01-01\").offset(duration(\"1d\")) == datetime(\"2024-01-02\")", "true");
        row("datetime offset overflow", "datetime(\"2024-01-01\").offset(duration(\"9223372036854775807ms\"))", "");
        row("toDate", "datetime(\"2024-01-01T13:14:15Z\").toDate() == datetime(\"2024-01-01\")", "true");
        row("toDate before epoch", "datetime(\"1969-12-31T23:00:00Z\").toDate() == datetime(\"1969-12-31\")", "true");
        row("toTime", "datetime(\"2024-01-01T13:14:15Z\").toTime() == duration(\"13h14m15s\")", "true");
        row("toTime before epoch", "datetime(\"1969-12-31T23:00:00Z\").toTime() == duration(\"23h\")", "true");
        row("duration units", "duration(\"1d2h3m4s5ms\").toMilliseconds()", "93784005");
        row("duration negative", "duration(\"-1h\").toMinutes()", "-60");
        // The sign applies to the whole duration: its smallest value parses, as in Cedar
        // (found by the differential test against cedar-wasm).
        row("duration smallest", "duration(\"-9223372036854775808ms\").toDays() < 0", "true");
        row("duration below smallest", "duration(\"-9223372036854775809ms\")", "");
        row("duration above largest", "duration(\"9223372036854775808ms\")", "");
        row("toSeconds", "duration(\"1500ms\").toSeconds()", "1");
        row("toHours", "duration(\"90m\").toHours()", "1");
        row("toDays", "duration(\"-36h\").toDays()", "-1");
        row("duration order", "duration(\"1h\") > duration(\"59m\")", "true");
        row("duration units out of order", "duration(\"1m1h\")", "");
        row("duration empty", "duration(\"\")", "");
        row("duration overflow", "duration(\"9223372036854775807d\")", "");
        row("durationSince needs datetime", "datetime(\"2024-01-01\").durationSince(duration(\"1h\"))", "");
        row("extension on non-literal", "ip(principal.name)", "");
    }

    void expressions()
    {
        QFETCH(QString, expression);
        QFETCH(QString, expected);
        Fixture f;
        QString error;
        const auto actual = f.eval(expression, &error);
        if (expected.isEmpty()) {
            QVERIFY2(!actual, qPrintable(u"expected an error, got "_s
                                         + QString::fromStdString(actual ? actual->toString() : "")));
            QVERIFY(!error.isEmpty());
            return;
        }
        QVERIFY2(actual, qPrintable(error));
        const auto wanted = f.eval(expected, &error);
        QVERIFY2(wanted, qPrintable(error));
        QVERIFY2(*actual == *wanted, qPrintable(QString::fromStdString(actual->toString() + " != "
                                                                     + wanted->toString())));
    }

    void errorsSayWhere()
    {
        Fixture f;
        QString error;
        QVERIFY(!f.eval(QStringLiteral("true &&\n  principal.age > 1"), &error));
        QCOMPARE(error, QStringLiteral("line 2, column 12: User::\"alice\" has no attribute `age`"));
    }

    void patternMatching_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("matches");
        QTest::newRow("prefix") << u"abc"_s << u"ab*"_s << true;
        QTest::newRow("suffix") << u"abc"_s << u"*bc"_s << true;
        QTest::newRow("middle") << u"abc"_s << u"a*c"_s << true;
        QTest::newRow("only star") << u""_s << u"*"_s << true;
        QTest::newRow("empty pattern") << u"a"_s << u""_s << false;
        QTest::newRow("empty both") << u""_s << u""_s << true;
        QTest::newRow("overlap") << u"aaa"_s << u"a*aa"_s << true;
        QTest::newRow("too short") << u"aa"_s << u"a*aa"_s << false;
        QTest::newRow("many stars") << u"xaybzc"_s << u"*a*b*c"_s << true;
        QTest::newRow("trailing text") << u"abcd"_s << u"a*c"_s << false;
    }

    void patternMatching()
    {
        QFETCH(QString, text);
        QFETCH(QString, pattern);
        QFETCH(bool, matches);
        Pattern p;
        PatternPart literal;
        for (const QChar c : pattern) {
            if (c == u'*') {
                if (!literal.literal.empty())
                    p.push_back(literal);
                literal = {};
                p.push_back(PatternPart{true, {}});
            } else {
                literal.literal += char(c.unicode());
            }
        }
        if (!literal.literal.empty())
            p.push_back(literal);
        QCOMPARE(matchesPattern(text.toStdString(), p), matches);
    }
};

QTEST_GUILESS_MAIN(TestPolicyEvaluator)
#include "tst_policy_evaluator.moc"
