#include "TestStores.h"

using namespace mandate;
using namespace mandate::test;

// The overview's history as the store computes it: decisions by outcome and tokens per bucket,
// and the sessions live at the end of each bucket (expiry and revocation ending them).
class TestActivity final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bucketsCountWhatHappened()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        const Agent agent = f.agent(QStringLiteral("Invoice Reconciler"), owner, QStringLiteral("invoices:read payments:read"));
        constexpr qint64 minute = 60 * 1000;
        const qint64 t0 = (kEpoch / minute + 10) * minute;
        f.clock.setNowMs(t0);
        auto a = f.engine->openSession(Actor::human(owner.id), {agent.id, owner.id, {}, QStringLiteral("A"),
                                                                *ScopeSet::parse(u"invoices:read"), 10 * minute});
        QVERIFY(a);
        auto decide = [&](Decision d) {
            DecisionRecord r;
            r.sessionId = a->id;
            r.action = QStringLiteral("invoices:read");
            r.decision = d;
            QVERIFY(f.engine->recordDecision(Actor::agent(agent.id), r));
        };
        f.clock.setNowMs(t0 + minute + 1000);
        decide(Decision::Allow);
        decide(Decision::Allow);
        f.clock.setNowMs(t0 + 2 * minute + 1000);
        decide(Decision::Deny);
        f.clock.setNowMs(t0 + 3 * minute + 1000);
        decide(Decision::StepUpRequired);
        f.clock.setNowMs(t0 + 5 * minute);
        auto b = f.engine->startSession(Actor::human(owner.id), {agent.id, owner.id, {}, QStringLiteral("B"),
                                                                 *ScopeSet::parse(u"payments:read"), 15 * minute});
        QVERIFY(b);
        f.clock.setNowMs(t0 + 8 * minute);
        QVERIFY(f.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, b->session.id},
                                 QStringLiteral("test")));

        ActivityQuery query;
        query.fromMs = t0;
        query.toMs = t0 + 20 * minute;
        query.bucketMs = minute;
        query.dayStartMs = t0 - 12 * 60 * minute;
        auto activity = f.store->activity(query);
        QVERIFY2(activity, qPrintable(activity ? QString() : activity.error().message));
        const QList<ActivityBucket> &buckets = activity->buckets;
        QCOMPARE(buckets.size(), 20);
        QCOMPARE(buckets.at(1).allow, 2);
        QCOMPARE(buckets.at(2).deny, 1);
        QCOMPARE(buckets.at(3).stepUp, 1);
        QCOMPARE(buckets.at(0).allow + buckets.at(0).deny + buckets.at(0).stepUp, 0);
        // Only B was issued with a token.
        QCOMPARE(buckets.at(5).tokens, 1);
        QCOMPARE(buckets.at(0).tokens, 0);
        // Sampled at each bucket's end: A lives until t0 + 10 min (buckets 0 to 8), B from
        // t0 + 5 min until its revocation at t0 + 8 min (buckets 4 to 6).
        const QList<qint64> live{1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0};
        for (int i = 0; i < live.size(); ++i)
            QVERIFY2(buckets.at(i).activeSessions == live.at(i),
                     qPrintable(QStringLiteral("bucket %1: %2").arg(i).arg(buckets.at(i).activeSessions)));
        QCOMPARE(activity->agentsActiveToday, 1);
        QCOMPARE(activity->mostDenied.size(), 1);
        QCOMPARE(activity->mostDenied.constFirst().agentName, agent.name);
        QCOMPARE(activity->mostDenied.constFirst().denials, 1);

        // A session's audit events, oldest first, for its details.
        auto events = f.store->sessionAudit(a->id, 100);
        QVERIFY(events);
        QCOMPARE(events->size(), 5);
        QCOMPARE(events->constFirst().type, QStringLiteral("session.started"));
        QCOMPARE(events->constLast().decision, QStringLiteral("step_up"));
        auto newest = f.store->sessionAudit(a->id, 2);
        QVERIFY(newest && newest->size() == 2);
        QCOMPARE(newest->constLast().seq, events->constLast().seq);
    }
};

QTEST_GUILESS_MAIN(TestActivity)
#include "tst_activity.moc"
