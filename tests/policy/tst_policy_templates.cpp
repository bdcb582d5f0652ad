#include "policy/PolicySet.h"

#include <QTest>

using namespace mandate::policy;

namespace {

Entities store()
{
    Entities entities;
    Entity alice;
    alice.uid = EntityUid::make("User", "alice");
    alice.parents = {EntityUid::make("Team", "red")};
    Entity doc;
    doc.uid = EntityUid::make("Doc", "plan");
    doc.parents = {EntityUid::make("Folder", "projects")};
    doc.attributes = Value::record({{intern("public"), Value::boolean(false)}});
    (void)entities.insert(alice);
    (void)entities.insert(doc);
    entities.finalize();
    return entities;
}

Request request(const char *principal, const char *resource)
{
    Request r;
    r.principal = EntityUid::make("User", principal);
    r.action = EntityUid::make("Action", "view");
    r.resource = EntityUid::make("Doc", resource);
    return r;
}

std::vector<std::string> reasons(const PolicySet &set, const Response &response)
{
    std::vector<std::string> ids;
    for (const uint32_t p : response.reasons)
        ids.push_back(set.policies()[p].id);
    return ids;
}

} // namespace

class TestPolicyTemplates final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void templatesApplyOnlyOnceLinked()
    {
        auto set = PolicySet::parse(
                "permit(principal == ?principal, action == Action::\"view\", resource in ?resource)\n"
                "  when { !resource.public };");
        QVERIFY(set);
        QCOMPARE(set->templates().size(), size_t(1));
        const Entities entities = store();
        QVERIFY(set->isAuthorized(request("alice", "plan"), entities).decision == Decision::Deny);

        QVERIFY(set->link("policy0", "alice-projects", EntityUid::make("User", "alice"),
                          EntityUid::make("Folder", "projects")));
        QCOMPARE(set->policies().size(), size_t(1));
        QCOMPARE(QString::fromStdString(set->policies()[0].templateId), QStringLiteral("policy0"));
        const Response allowed = set->isAuthorized(request("alice", "plan"), entities);
        QVERIFY(allowed.decision == Decision::Allow);
        QVERIFY(reasons(*set, allowed) == std::vector<std::string>{"alice-projects"});
        QVERIFY(set->isAuthorized(request("bob", "plan"), entities).decision == Decision::Deny);
        QVERIFY(set->isAuthorized(request("alice", "other"), entities).decision == Decision::Deny);
    }

    void linkingChecksItsArguments()
    {
        auto set = PolicySet::parse(
                "permit(principal in ?principal, action, resource);\n"
                "permit(principal, action, resource);");
        QVERIFY(set);
        const EntityUid team = EntityUid::make("Team", "red");
        const EntityUid doc = EntityUid::make("Doc", "plan");
        QVERIFY(!set->link("nope", "x", team, std::nullopt));
        QVERIFY(!set->link("policy0", "x", std::nullopt, std::nullopt));  // missing ?principal
        QVERIFY(!set->link("policy0", "x", team, doc));                   // no ?resource slot
        QVERIFY(!set->link("policy0", "policy1", team, std::nullopt));    // id taken
        QVERIFY(!set->link("policy1", "x", team, std::nullopt));          // not a template
        QVERIFY(set->link("policy0", "team-red", team, std::nullopt));
        QVERIFY(!set->link("policy0", "team-red", team, std::nullopt));   // id taken now
    }

    void linkedPoliciesShareTheirTemplate()
    {
        auto set = PolicySet::parse(
                "forbid(principal, action, resource == ?resource) unless { principal in Team::\"red\" };");
        QVERIFY(set);
        QVERIFY(set->add("base", parsePolicies("permit(principal, action, resource);")->front()));
        QVERIFY(set->link("policy0", "lock-plan", std::nullopt, EntityUid::make("Doc", "plan")));
        QVERIFY(set->link("policy0", "lock-memo", std::nullopt, EntityUid::make("Doc", "memo")));
        QVERIFY(set->policies()[1].ast.body == set->policies()[2].ast.body);
        const Entities entities = store();
        // alice is in Team::"red": the forbid's unless holds, the permit decides
        QVERIFY(reasons(*set, set->isAuthorized(request("alice", "plan"), entities))
                == std::vector<std::string>{"base"});
        const Response denied = set->isAuthorized(request("bob", "memo"), entities);
        QVERIFY(denied.decision == Decision::Deny);
        QVERIFY(reasons(*set, denied) == std::vector<std::string>{"lock-memo"});
    }

    void isInSlot()
    {
        auto set = PolicySet::parse("permit(principal is User in ?principal, action, resource);");
        QVERIFY(set);
        QVERIFY(set->link("policy0", "red", EntityUid::make("Team", "red"), std::nullopt));
        const Entities entities = store();
        QVERIFY(set->isAuthorized(request("alice", "plan"), entities).decision == Decision::Allow);
        QVERIFY(set->isAuthorized(request("bob", "plan"), entities).decision == Decision::Deny);
    }

    void forbidOverridesPermitAndErrorsAreReported()
    {
        auto set = PolicySet::parse(
                "permit(principal, action, resource);\n"
                "forbid(principal, action, resource) when { resource.public };\n"
                "forbid(principal, action, resource) when { resource.missing };\n");
        QVERIFY(set);
        const Entities entities = store();
        Response r = set->isAuthorized(request("alice", "plan"), entities);
        QVERIFY(r.decision == Decision::Allow);
        QVERIFY(reasons(*set, r) == std::vector<std::string>{"policy0"});
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(QString::fromStdString(set->policies()[r.errors[0].policy].id), QStringLiteral("policy2"));
        QVERIFY(r.errors[0].message.find("no attribute `missing`") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestPolicyTemplates)
#include "tst_policy_templates.moc"
