#include "domain/Enums.h"
#include "domain/Scope.h"

#include <QTest>

using namespace mandate;

class TestScope final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validScopes_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<bool>("valid");
        QTest::newRow("two segments") << QStringLiteral("calendar:read") << true;
        QTest::newRow("three segments") << QStringLiteral("crm:contacts:write") << true;
        QTest::newRow("digits and dash") << QStringLiteral("db:analytics-v2:read") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("one char") << QStringLiteral("a") << false;
        QTest::newRow("upper case") << QStringLiteral("Calendar:read") << false;
        QTest::newRow("empty segment") << QStringLiteral("crm::write") << false;
        QTest::newRow("trailing colon") << QStringLiteral("crm:") << false;
        QTest::newRow("leading colon") << QStringLiteral(":crm") << false;
        QTest::newRow("space") << QStringLiteral("crm read") << false;
        QTest::newRow("quote") << QStringLiteral("crm:\"read") << false;
        QTest::newRow("non-ascii") << QStringLiteral("crm:l\u00e9ire") << false;
        QTest::newRow("too long") << QString(129, u'a') << false;
    }

    void validScopes()
    {
        QFETCH(QString, scope);
        QFETCH(bool, valid);
        QCOMPARE(Scope::isValid(scope), valid);
    }

    void parseNormalises()
    {
        const auto set = ScopeSet::parse(u"mail:send  calendar:read mail:send");
        QVERIFY(set);
        QCOMPARE(set->values(), (QStringList{QStringLiteral("calendar:read"), QStringLiteral("mail:send")}));
        QCOMPARE(set->toString(), QStringLiteral("calendar:read mail:send"));
    }

    void parseNamesTheBadScope()
    {
        QString bad;
        QVERIFY(!ScopeSet::parse(u"calendar:read DROP;TABLE", &bad));
        QCOMPARE(bad, QStringLiteral("DROP;TABLE"));
    }

    void setAlgebra()
    {
        const ScopeSet parent = *ScopeSet::parse(u"a:read a:write b:read");
        const ScopeSet child = *ScopeSet::parse(u"a:read b:read");
        const ScopeSet other = *ScopeSet::parse(u"a:read c:read");
        QVERIFY(child.isSubsetOf(parent));
        QVERIFY(!parent.isSubsetOf(child));
        QVERIFY(!other.isSubsetOf(parent));
        QVERIFY(ScopeSet().isSubsetOf(parent));
        QCOMPARE(parent.minus(child).toString(), QStringLiteral("a:write"));
        QCOMPARE(parent.intersected(other).toString(), QStringLiteral("a:read"));
        QVERIFY(parent.contains(QStringLiteral("b:read")));
        QVERIFY(!parent.contains(QStringLiteral("c:read")));
    }

    void enumNamesRoundTrip()
    {
        for (auto tier : {RiskTier::Low, RiskTier::Medium, RiskTier::High, RiskTier::Critical})
            QVERIFY(riskTierFromString(toString(tier)) == tier);
        QCOMPARE(toString(Decision::StepUpRequired), QStringLiteral("step_up"));
        QVERIFY(!riskTierFromString(u"extreme"));
        const auto roles = rolesFromString(u"approver auditor");
        QVERIFY(roles);
        QVERIFY(roles->testFlag(ConsoleRole::Approver));
        QVERIFY(!roles->testFlag(ConsoleRole::IamAdmin));
        QCOMPARE(roleNames(*roles), (QStringList{QStringLiteral("approver"), QStringLiteral("auditor")}));
        QVERIFY(!rolesFromString(u"approver root"));
    }
};

QTEST_GUILESS_MAIN(TestScope)
#include "tst_scope.moc"
