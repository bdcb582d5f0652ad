// The engine with policies: publishing and rolling back versions, delegation decided scope by
// scope, agent actions with step-up, and what-if and replay over a draft.

#include "TestStores.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace mandate;
using namespace mandate::test;

namespace {

QString readData(const QString &name)
{
    QFile file(QStringLiteral(MANDATE_TEST_DATA "/policies/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    return QString::fromUtf8(file.readAll());
}

IdentityEngine::Config withSchema()
{
    IdentityEngine::Config config;
    config.policySchema = readData(QStringLiteral("engine-test.cedarschema"));
    return config;
}

struct World
{
    Human alice;
    Human bob;
    Agent clerk;
    IssuedToken root;
};

World makeWorld(Fixture &f)
{
    World w;
    w.alice = f.human(QStringLiteral("Alice Martin"), ConsoleRole::Approver);
    w.bob = f.human(QStringLiteral("Bob Stone"), ConsoleRole::Approver);
    w.clerk = f.agent(QStringLiteral("Invoice Clerk"), w.alice, QStringLiteral("invoices:read invoices:approve payments:refund"));
    return w;
}

SessionRequest request(const World &w, const QString &scopes)
{
    SessionRequest r;
    r.agentId = w.clerk.id;
    r.humanId = w.alice.id;
    r.task = QStringLiteral("Approve the November invoices");
    r.scopes = *ScopeSet::parse(scopes);
    return r;
}

AuthorizationRequest act(const QString &token, qint64 amount, const QString &action = QStringLiteral("invoices:approve"))
{
    AuthorizationRequest r;
    r.token = token;
    r.action = action;
    r.resource = QStringLiteral("Invoice::\"inv_1042\"");
    r.context = QJsonObject{{QStringLiteral("amount"), amount}};
    return r;
}

AuditEvent lastEvent(Fixture &f, const QString &type)
{
    auto head = f.store->auditHead();
    auto events = f.store->auditEvents(qMax<qint64>(1, head->seq - 20), 21);
    for (qsizetype i = events->size() - 1; i >= 0; --i) {
        if (events->at(i).type == type)
            return events->at(i);
    }
    qFatal("no %s event", qPrintable(type));
}

} // namespace

class TestEnginePolicies final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishValidatesAndVersions()
    {
        Fixture f;
        QVERIFY(f.open(withSchema()));
        makeWorld(f);
        const qint64 seq = f.store->auditHead()->seq;
        // A syntax error: refused with where it is, nothing recorded.
        auto broken = f.engine->publishPolicies(Actor::system(), QStringLiteral("permit(principal, action,"), {});
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.contains(QStringLiteral("line 1")), qPrintable(broken.error().message));
        // Valid Cedar that the schema refuses (no such attribute).
        auto invalid = f.engine->publishPolicies(Actor::system(),
                                                 QStringLiteral("permit(principal, action == Action::\"invoices:approve\", resource)"
                                                                " when { context.colour == \"red\" };"),
                                                 {});
        QVERIFY(!invalid);
        QVERIFY2(invalid.error().message.contains(QStringLiteral("policy0")), qPrintable(invalid.error().message));
        QCOMPARE(f.store->auditHead()->seq, seq);
        QVERIFY(f.store->policyVersions()->isEmpty());

        auto v1 = f.engine->publishPolicies(Actor::human(QStringLiteral("hum_admin")), readData(QStringLiteral("engine-test.cedar")),
                                            QStringLiteral("first"));
        QVERIFY2(v1, qPrintable(v1 ? QString() : v1.error().message));
        QCOMPARE(v1->version, qint64(1));
        QCOMPARE(*f.store->livePolicyVersionNumber(), qint64(1));
        const AuditEvent published = lastEvent(f, QStringLiteral("policy.published"));
        QCOMPARE(published.actor, QStringLiteral("human:hum_admin"));
        QVERIFY(published.detail.contains(QStringLiteral("\"policies\":5")));

        auto v2 = f.engine->publishPolicies(Actor::system(), QStringLiteral("permit(principal, action, resource);"),
                                            QStringLiteral("open everything"));
        QVERIFY(v2);
        QCOMPARE(*f.store->livePolicyVersionNumber(), qint64(2));
        QVERIFY(f.engine->rollbackPolicies(Actor::system(), 1));
        QCOMPARE(*f.store->livePolicyVersionNumber(), qint64(1));
        QVERIFY(lastEvent(f, QStringLiteral("policy.rolled_back")).detail.contains(QStringLiteral("\"previous\":2")));
        QVERIFY(!f.engine->rollbackPolicies(Actor::system(), 1));  // already live
        QVERIFY(!f.engine->rollbackPolicies(Actor::system(), 9));  // no such version
        QCOMPARE(*f.store->livePolicyVersionNumber(), qint64(1));
        // Two policies with one @id are refused: decisions would be ambiguous.
        QVERIFY(!f.engine->publishPolicies(Actor::system(),
                                           QStringLiteral("@id(\"a\") permit(principal, action, resource);\n"
                                                          "@id(\"a\") forbid(principal, action, resource);"),
                                           {}));
    }

    void mandatesOwnSchemaValidates()
    {
        const QString schema = mandatePolicySchema();
        QVERIFY(schema.contains(QStringLiteral("action \"delegate\"")));
        auto small = CompiledPolicies::compile(readData(QStringLiteral("mandate-small.cedar")), schema);
        QVERIFY2(small, qPrintable(small ? QString() : small.error().message));
        QCOMPARE((*small)->size(), 3);
        // An action the schema does not know, or an attribute an agent does not have, is refused.
        QVERIFY(!CompiledPolicies::compile(QStringLiteral("permit(principal, action == Action::\"teleport\", resource);"), schema));
        QVERIFY(!CompiledPolicies::compile(
                QStringLiteral("permit(principal, action == Action::\"delegate\", resource) when { principal.salary > 3 };"),
                schema));
    }

    void delegationIsDecidedScopeByScope()
    {
        Fixture f;
        QVERIFY(f.open(withSchema()));
        const World w = makeWorld(f);
        // Before any policy is published, the ceilings are the bound.
        auto before = f.engine->startSession(Actor::human(w.alice.id), request(w, QStringLiteral("invoices:read payments:refund")));
        QVERIFY(before);
        QVERIFY(f.engine->publishPolicies(Actor::system(), readData(QStringLiteral("engine-test.cedar")), {}));

        auto root = f.engine->startSession(Actor::human(w.alice.id), request(w, QStringLiteral("invoices:read payments:refund")));
        QVERIFY2(root, qPrintable(root ? QString() : root.error().message));
        const AuditEvent started = lastEvent(f, QStringLiteral("session.started"));
        QCOMPARE(started.policies, QStringList{QStringLiteral("delegate-within-ceiling")});
        QCOMPARE(started.decision, QStringLiteral("allow"));

        // Below the root, refunds are forbidden: the exchange is refused whole, naming the
        // scope and the policy, and nothing is issued.
        const qsizetype sessions = f.store->sessions(SessionQuery{})->size();
        auto child = f.engine->exchangeToken(Actor::agent(w.clerk.id), root->token, w.clerk.id, {});
        QVERIFY(!child);
        QCOMPARE(child.error().error, QStringLiteral("invalid_grant"));
        QVERIFY2(child.error().description.contains(QStringLiteral("payments:refund"))
                         && child.error().description.contains(QStringLiteral("no-refunds-below-the-root")),
                 qPrintable(child.error().description));
        QVERIFY(!child.error().description.contains(QStringLiteral("invoices:read is")));
        QCOMPARE(f.store->sessions(SessionQuery{})->size(), sessions);
        // Narrowed to what the policies allow, it goes through.
        auto narrowed = f.engine->exchangeToken(Actor::agent(w.clerk.id), root->token, w.clerk.id,
                                                *ScopeSet::parse(QStringLiteral("invoices:read")));
        QVERIFY(narrowed);

        // A set that permits no delegation at all refuses every session.
        QVERIFY(f.engine->publishPolicies(Actor::system(),
                                          QStringLiteral("permit(principal, action == Action::\"invoices:approve\", resource);"), {}));
        auto none = f.engine->startSession(Actor::human(w.alice.id), request(w, QStringLiteral("invoices:read")));
        QVERIFY(!none);
        QVERIFY(none.error().message.contains(QStringLiteral("no policy permits invoices:read")));
    }

    void actionsAreAuthorizedWithStepUp()
    {
        Fixture f;
        QVERIFY(f.open(withSchema()));
        const World w = makeWorld(f);
        auto root = f.engine->startSession(Actor::human(w.alice.id), request(w, QStringLiteral("invoices:read invoices:approve")));
        QVERIFY(root);
        const Actor agent = Actor::agent(w.clerk.id);

        // Nothing published: nothing is permitted, and the answer is audited.
        auto unpublished = f.engine->authorize(agent, act(root->token, 100));
        QVERIFY(unpublished);
        QVERIFY(unpublished->decision == Decision::Deny);
        QVERIFY(f.engine->publishPolicies(Actor::system(), readData(QStringLiteral("engine-test.cedar")), {}));

        auto small = f.engine->authorize(agent, act(root->token, 120));
        QVERIFY2(small, qPrintable(small ? QString() : small.error().message));
        QVERIFY(small->decision == Decision::Allow);
        QCOMPARE(small->policies, QStringList{QStringLiteral("approve-small-invoices")});
        const AuditEvent allowed = lastEvent(f, QStringLiteral("authz.decision"));
        QCOMPARE(allowed.decision, QStringLiteral("allow"));
        QCOMPARE(allowed.policies, QStringList{QStringLiteral("approve-small-invoices")});
        QCOMPARE(allowed.sessionId, root->session.id);
        QVERIFY(allowed.detail.contains(QStringLiteral("\"amount\":120")));

        auto huge = f.engine->authorize(agent, act(root->token, 25000));
        QVERIFY(huge && huge->decision == Decision::Deny);
        QCOMPARE(huge->policies, QStringList{QStringLiteral("never-approve-huge-invoices")});

        // A scope the session does not hold: denied before any policy is asked.
        auto notHeld = f.engine->authorize(agent, act(root->token, 10, QStringLiteral("payments:refund")));
        QVERIFY(notHeld && notHeld->decision == Decision::Deny);
        QVERIFY(notHeld->policies.isEmpty());
        QVERIFY(notHeld->reason.contains(QStringLiteral("does not hold")));

        // 2,400 EUR: a person must approve; the request names the policy and its reason.
        auto large = f.engine->authorize(agent, act(root->token, 2400));
        QVERIFY(large && large->decision == Decision::StepUpRequired);
        QVERIFY(!large->stepUpRequestId.isEmpty());
        auto pending = f.store->stepUp(large->stepUpRequestId);
        QVERIFY(pending && *pending);
        QCOMPARE((*pending)->policyId, QStringLiteral("approve-large-invoices-with-a-person"));
        QVERIFY((*pending)->reason.contains(QStringLiteral("500 EUR")));
        AuthorizationRequest again = act(root->token, 2400);
        again.stepUpRequestId = large->stepUpRequestId;
        auto waiting = f.engine->authorize(agent, again);
        QVERIFY(waiting && waiting->decision == Decision::StepUpRequired);
        // The human the agent acts for cannot approve it; another approver can.
        QVERIFY(!f.engine->decideStepUp(Actor::human(w.alice.id), large->stepUpRequestId, w.alice.id, true, QStringLiteral("mine")));
        QVERIFY(f.engine->decideStepUp(Actor::human(w.bob.id), large->stepUpRequestId, w.bob.id, true, QStringLiteral("checked")));
        auto approved = f.engine->authorize(agent, again);
        QVERIFY(approved && approved->decision == Decision::Allow);
        QVERIFY(approved->reason.contains(w.bob.id));
        // The approval is for that resource only.
        AuthorizationRequest other = again;
        other.resource = QStringLiteral("Invoice::\"inv_9999\"");
        QVERIFY(!f.engine->authorize(agent, other));

        // Malformed requests fail and change nothing.
        const qint64 seq = f.store->auditHead()->seq;
        AuthorizationRequest bad = act(root->token, 10);
        bad.resource = QStringLiteral("inv_1042");
        QVERIFY(!f.engine->authorize(agent, bad));
        bad = act(root->token, 10);
        bad.context.insert(QStringLiteral("human"), QStringLiteral("hum_forged"));
        QVERIFY(!f.engine->authorize(agent, bad));
        bad = act(root->token, 10);
        bad.context.insert(QStringLiteral("note"), QString(20000, u'x'));
        QVERIFY(!f.engine->authorize(agent, bad));
        QCOMPARE(f.store->auditHead()->seq, seq);
        // An inactive token is denied.
        QVERIFY(f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, root->session.id}, {}));
        auto revoked = f.engine->authorize(agent, act(root->token, 10));
        QVERIFY(revoked && revoked->decision == Decision::Deny);
        QVERIFY(revoked->reason.contains(QStringLiteral("not active")));
    }

    void whatIfAndReplayShowWhatADraftWouldChange()
    {
        Fixture f;
        QVERIFY(f.open(withSchema()));
        const World w = makeWorld(f);
        QVERIFY(f.engine->publishPolicies(Actor::system(), readData(QStringLiteral("engine-test.cedar")), {}));
        auto root = f.engine->startSession(Actor::human(w.alice.id), request(w, QStringLiteral("invoices:approve")));
        QVERIFY(root);
        const qint64 from = f.clock.nowMs();
        for (qint64 amount : {100, 200, 300, 2400, 30000})
            QVERIFY(f.engine->authorize(Actor::agent(w.clerk.id), act(root->token, amount)));
        f.clock.advanceMs(1000);

        // The draft lowers the approval threshold to 250 EUR.
        QString draft = readData(QStringLiteral("engine-test.cedar"));
        draft.replace(QStringLiteral("context.amount < 500"), QStringLiteral("context.amount < 250"));
        draft.replace(QStringLiteral("context.amount >= 500"), QStringLiteral("context.amount >= 250"));

        WhatIfRequest q;
        q.agentId = w.clerk.id;
        q.humanId = w.alice.id;
        q.sessionId = root->session.id;
        q.action = QStringLiteral("invoices:approve");
        q.resource = QStringLiteral("Invoice::\"inv_7\"");
        q.context = QJsonObject{{QStringLiteral("amount"), 300}};
        auto whatIf = f.engine->whatIf(draft, q);
        QVERIFY2(whatIf, qPrintable(whatIf ? QString() : whatIf.error().message));
        QVERIFY(whatIf->live.decision == Decision::Allow);
        QVERIFY(whatIf->draft.decision == Decision::StepUpRequired);
        QCOMPARE(whatIf->draft.stepUpPolicy, QStringLiteral("approve-large-invoices-with-a-person"));
        QVERIFY(whatIf->toJson().value(QStringLiteral("changed")).toBool());
        q.action = QStringLiteral("delegate");
        q.resource = QStringLiteral("payments:refund");
        auto delegation = f.engine->whatIf(draft, q);
        QVERIFY(delegation && delegation->draft.decision == Decision::Allow);

        const qint64 seq = f.store->auditHead()->seq;
        auto report = f.engine->replay(draft, from, f.clock.nowMs());
        QVERIFY2(report, qPrintable(report ? QString() : report.error().message));
        QCOMPARE(report->decisions, qint64(5));
        QCOMPARE(report->replayed, qint64(5));
        QCOMPARE(report->unchanged, qint64(4)); // 100, 200, 2400 (still step-up), 30000 (still forbidden)
        QCOMPARE(report->transitions.value(QStringLiteral("allow->step_up")), qint64(1));
        QCOMPARE(report->byPolicy.value(QStringLiteral("approve-large-invoices-with-a-person")), qint64(1));
        QCOMPARE(report->changes.size(), 1);
        QCOMPARE(report->changes.constFirst().resource, QStringLiteral("Invoice::\"inv_1042\""));
        // Replay only reads.
        QCOMPARE(f.store->auditHead()->seq, seq);
        // An empty window replays nothing; a reversed one is refused.
        QCOMPARE(f.engine->replay(draft, f.clock.nowMs() + 1, f.clock.nowMs() + 2)->decisions, qint64(0));
        QVERIFY(!f.engine->replay(draft, 10, 5));
    }
};

QTEST_GUILESS_MAIN(TestEnginePolicies)
#include "tst_enginepolicies.moc"
