#include "TestStores.h"

using namespace mandate;
using namespace mandate::test;

namespace {
constexpr qint64 kMinute = 60'000;
}

class TestIdentityEngine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<Fixture>();
        QVERIFY(m_f->open());
        m_owner = m_f->human(QStringLiteral("Amara Okafor"), ConsoleRole::IamAdmin);
        m_approver = m_f->human(QStringLiteral("Lars Nilsson"), ConsoleRole::Approver);
        m_agent = m_f->agent(QStringLiteral("Refund Agent"), m_owner, QStringLiteral("payments:read payments:refund mail:send"));
        m_sub = m_f->agent(QStringLiteral("Ledger Reader"), m_owner, QStringLiteral("payments:read mail:send"));
    }

    void registrationNeedsOwnerAndPurpose()
    {
        Agent a;
        a.name = QStringLiteral("Nobody's");
        a.purpose = QStringLiteral("Something");
        a.ceiling = *ScopeSet::parse(u"mail:send");
        auto noOwner = m_f->engine->registerAgent(Actor::system(), a);
        QVERIFY(!noOwner);
        QVERIFY(noOwner.error().code == ErrorCode::InvalidArgument);
        QVERIFY(noOwner.error().message.contains(QStringLiteral("owner")));

        a.ownerId = m_owner.id;
        a.purpose = QStringLiteral("   ");
        auto noPurpose = m_f->engine->registerAgent(Actor::system(), a);
        QVERIFY(!noPurpose);
        QVERIFY(noPurpose.error().message.contains(QStringLiteral("purpose")));

        a.purpose = QStringLiteral("Drafts replies");
        a.ownerId = QStringLiteral("hum_unknown");
        QVERIFY(!m_f->engine->registerAgent(Actor::system(), a));

        a.ownerId = m_owner.id;
        a.ceiling = {};
        QVERIFY(!m_f->engine->registerAgent(Actor::system(), a));
    }

    void agentsGetASpiffeId()
    {
        QCOMPARE(m_agent.spiffeId, QStringLiteral("spiffe://mandate.local/agent/") + m_agent.id);
        QVERIFY(m_agent.id.startsWith(QStringLiteral("agt_")));
        QCOMPARE(m_agent.id.size(), 4 + 22);
    }

    void agentsReadBackWithTheirSponsors()
    {
        const Human zed = m_f->human(QStringLiteral("Zed Sponsor"));
        const Human amy = m_f->human(QStringLiteral("Amy Sponsor"));
        Agent a;
        a.name = QStringLiteral("Sponsored");
        a.ownerId = zed.id;
        a.purpose = QStringLiteral("Has sponsors");
        a.ceiling = *ScopeSet::parse(QStringLiteral("kb:read"));
        a.sponsorIds = {zed.id, amy.id};
        auto registered = m_f->engine->registerAgent(Actor::system(), a);
        QVERIFY(registered);
        auto read = m_f->store->agent(registered->id);
        QVERIFY(read && *read);
        QStringList expected{zed.id, amy.id};
        expected.sort();
        QCOMPARE((*read)->sponsorIds, expected);
        auto lone = m_f->store->agent(m_agent.id);
        QVERIFY((*lone)->sponsorIds.isEmpty());
    }

    void identifiersSortByCreationTime()
    {
        ManualClock clock(1795350900000);
        RandomIdSource ids;
        QString previous = ids.next(u"ses", clock.nowMs());
        for (int i = 0; i < 1000; ++i) {
            clock.advanceMs(1 + i % 3);
            const QString id = ids.next(u"ses", clock.nowMs());
            QVERIFY2(previous < id, qPrintable(previous + QStringLiteral(" >= ") + id));
            QCOMPARE(id.size(), 4 + 22);
            previous = id;
        }
        // The same millisecond: still distinct, the 60 random bits tell them apart.
        QVERIFY(ids.next(u"ses", clock.nowMs()) != ids.next(u"ses", clock.nowMs()));
        // The time leads the identifier: the epoch is all zeros.
        QVERIFY(ids.next(u"tok", 0).startsWith(QStringLiteral("tok_0000000000")));
    }

    void humansNeedAnEmail()
    {
        Human h;
        h.name = QStringLiteral("Mei Chen");
        h.email = QStringLiteral("not an email");
        QVERIFY(!m_f->engine->addHuman(Actor::system(), h));
    }

    void rootSessionWithinCeiling()
    {
        auto s = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read"));
        QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
        QCOMPARE(s->depth, 0);
        QCOMPARE(s->rootId, s->id);
        QCOMPARE(s->expiresAt - s->issuedAt, 15 * kMinute);
        QVERIFY(s->effectiveStatus(m_f->clock.nowMs()) == SessionStatus::Active);
        m_f->clock.advanceMs(15 * kMinute);
        QVERIFY(s->effectiveStatus(m_f->clock.nowMs()) == SessionStatus::Expired);

        auto events = m_f->store->auditEvents(1, 100);
        const AuditEvent &last = events->constLast();
        QCOMPARE(last.type, QStringLiteral("session.started"));
        QCOMPARE(last.sessionId, s->id);
        QCOMPARE(last.humanId, m_owner.id);
        QCOMPARE(last.agentId, m_agent.id);
        QCOMPARE(last.scopes, QStringLiteral("payments:read"));
        QCOMPARE(last.actor, QStringLiteral("human:") + m_owner.id);

        auto agent = m_f->store->agent(m_agent.id);
        QCOMPARE((*agent)->lastActiveAt, s->issuedAt);
        QCOMPARE((*agent)->usedScopes.toString(), QStringLiteral("payments:read"));
    }

    void beyondCeilingIsRefusedNotTrimmed()
    {
        auto s = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read crm:contacts:write"));
        QVERIFY(!s);
        QVERIFY(s.error().code == ErrorCode::PermissionDenied);
        QVERIFY(s.error().message.contains(QStringLiteral("crm:contacts:write")));
        QVERIFY(!s.error().message.contains(QStringLiteral("payments:read")));
    }

    void ttlIsBounded()
    {
        auto tooLong = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read", 61 * kMinute));
        QVERIFY(!tooLong);
        auto hour = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read", 60 * kMinute));
        QVERIFY(hour);
    }

    void inactiveHumanOrAgentCannotStart()
    {
        QVERIFY(m_f->engine->setHumanStatus(Actor::system(), m_approver.id, HumanStatus::Disabled, QStringLiteral("leave")));
        SessionRequest r = request(u"payments:read");
        r.humanId = m_approver.id;
        QVERIFY(!m_f->engine->openSession(Actor::human(m_approver.id), r));

        QVERIFY(m_f->engine->setAgentStatus(Actor::system(), m_agent.id, AgentStatus::Suspended, QStringLiteral("review")));
        auto suspended = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read"));
        QVERIFY(!suspended);
        QVERIFY(suspended.error().message.contains(QStringLiteral("suspended")));
    }

    void retiredStaysRetired()
    {
        QVERIFY(m_f->engine->setAgentStatus(Actor::system(), m_agent.id, AgentStatus::Retired, QStringLiteral("replaced")));
        QVERIFY(!m_f->engine->setAgentStatus(Actor::system(), m_agent.id, AgentStatus::Active, QStringLiteral("oops")));
    }

    void childScopesOnlyNarrow()
    {
        auto root = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read mail:send", 20 * kMinute));
        QVERIFY(root);
        m_f->clock.advanceMs(kMinute);
        auto child = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(root->id, u"payments:read", 30 * kMinute));
        QVERIFY2(child, qPrintable(child ? QString() : child.error().message));
        QCOMPARE(child->depth, 1);
        QCOMPARE(child->parentId, root->id);
        QCOMPARE(child->rootId, root->id);
        QCOMPARE(child->humanId, m_owner.id);
        QCOMPARE(child->expiresAt, root->expiresAt); // never outlives its parent

        auto wider = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(child->id, u"payments:read mail:send"));
        QVERIFY(!wider);
        QVERIFY(wider.error().message.contains(QStringLiteral("mail:send")));

        const Delegation edge = Delegation::between(*root, *child);
        QCOMPARE(edge.removedScopes().toString(), QStringLiteral("mail:send"));
    }

    void aTreeIsReadFromItsRoot()
    {
        auto root = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read mail:send"));
        auto other = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read"));
        QVERIFY(root && other);
        m_f->clock.advanceMs(1000);
        auto left = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(root->id, u"payments:read"));
        m_f->clock.advanceMs(1000);
        auto right = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(root->id, u"mail:send"));
        QVERIFY(left && right);
        m_f->clock.advanceMs(1000);
        auto below = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(left->id, u"payments:read"));
        auto elsewhere = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(other->id, u"payments:read"));
        QVERIFY(below && elsewhere);

        auto ids = [&](const QString &from) {
            SessionQuery query;
            query.rootId = from;
            QStringList out;
            auto found = m_f->store->sessions(query);
            if (!found)
                qFatal("sessions: %s", qPrintable(found.error().message));
            for (const AgentSession &s : *found)
                out << s.id;
            return out;
        };
        // Parents before children, each level in the order it was opened.
        QCOMPARE(ids(root->id), (QStringList{root->id, left->id, right->id, below->id}));
        QCOMPARE(ids(left->id), (QStringList{left->id, below->id}));
        QCOMPARE(ids(QStringLiteral("ses_missing")), QStringList());
    }

    void depthIsLimited()
    {
        auto s = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read"));
        QVERIFY(s);
        for (int depth = 1; depth <= 4; ++depth) {
            s = m_f->engine->openSession(Actor::agent(m_sub.id), childRequest(s->id, u"payments:read"));
            QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
            QCOMPARE(s->depth, depth);
        }
        auto fifth = m_f->engine->openSession(Actor::agent(m_sub.id), childRequest(s->id, u"payments:read"));
        QVERIFY(!fifth);
        QVERIFY(fifth.error().message.contains(QStringLiteral("depth 4")));
    }

    void expiredParentCannotDelegate()
    {
        auto root = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:read", 5 * kMinute));
        QVERIFY(root);
        m_f->clock.advanceMs(5 * kMinute);
        auto child = m_f->engine->openSession(Actor::agent(m_agent.id), childRequest(root->id, u"payments:read"));
        QVERIFY(!child);
        QVERIFY(child.error().message.contains(QStringLiteral("expired")));
    }

    void nobodyApprovesTheirOwnRequest()
    {
        m_f->engine->addHuman(Actor::system(), approverNamed(QStringLiteral("Mei Chen")));
        Human self = m_approver;
        // The session acts for the approver: they cannot approve it themselves.
        SessionRequest r = request(u"payments:refund");
        r.humanId = self.id;
        auto s = m_f->engine->openSession(Actor::human(self.id), r);
        QVERIFY(s);
        auto req = m_f->engine->requestStepUp(Actor::agent(m_agent.id), stepUp(s->id));
        QVERIFY(req);
        QVERIFY(req->status == StepUpStatus::Pending);
        QCOMPARE(req->humanId, self.id);
        auto own = m_f->engine->decideStepUp(Actor::human(self.id), req->id, self.id, true, {});
        QVERIFY(!own);
        QVERIFY(own.error().code == ErrorCode::PermissionDenied);

        // Someone without the approver role cannot either.
        auto notApprover = m_f->engine->decideStepUp(Actor::human(m_owner.id), req->id, m_owner.id, true, {});
        QVERIFY(!notApprover);

        QString meiId;
        const QList<Human> everyone = m_f->store->humans({}).value();
        for (const Human &h : everyone)
            if (h.name == QStringLiteral("Mei Chen"))
                meiId = h.id;
        auto decided = m_f->engine->decideStepUp(Actor::human(meiId), req->id, meiId, false, QStringLiteral("Too large"));
        QVERIFY2(decided, qPrintable(decided ? QString() : decided.error().message));
        QVERIFY(decided->status == StepUpStatus::Denied);
        QVERIFY(!m_f->engine->decideStepUp(Actor::human(meiId), req->id, meiId, true, {})); // already decided
        QCOMPARE(m_f->store->auditEvents(1, 1000)->constLast().type, QStringLiteral("stepup.denied"));
    }

    void expiredRequestCannotBeApproved()
    {
        auto s = m_f->engine->openSession(Actor::human(m_owner.id), request(u"payments:refund", 60 * kMinute));
        auto req = m_f->engine->requestStepUp(Actor::agent(m_agent.id), stepUp(s->id));
        QVERIFY(req);
        m_f->clock.advanceMs(11 * kMinute);
        auto late = m_f->engine->decideStepUp(Actor::human(m_approver.id), req->id, m_approver.id, true, {});
        QVERIFY(!late);
        QVERIFY(late.error().message.contains(QStringLiteral("expired")));
    }

    void everyChangeIsAudited()
    {
        const qint64 before = m_f->store->auditHead()->seq;
        QVERIFY(m_f->engine->setAgentStatus(Actor::human(m_owner.id), m_agent.id, AgentStatus::Suspended,
                                            QStringLiteral("Under review")));
        QVERIFY(m_f->engine->setAgentStatus(Actor::human(m_owner.id), m_agent.id, AgentStatus::Suspended,
                                            QStringLiteral("no change, no event")));
        QCOMPARE(m_f->store->auditHead()->seq, before + 1);
        const AuditEvent e = m_f->store->auditEvents(before + 1, 1)->first();
        QCOMPARE(e.type, QStringLiteral("agent.status_changed"));
        QVERIFY(e.detail.contains(QStringLiteral("Under review")));
        auto v = m_f->engine->verifyAudit();
        QVERIFY(v && v->intact);
    }

private:
    SessionRequest request(QStringView scopes, qint64 ttl = 0) const
    {
        return SessionRequest{m_agent.id, m_owner.id, {}, QStringLiteral("Refund order 1182"), *ScopeSet::parse(scopes), ttl};
    }
    SessionRequest childRequest(const QString &parent, QStringView scopes, qint64 ttl = 0) const
    {
        return SessionRequest{m_sub.id, {}, parent, QStringLiteral("Check the ledger"), *ScopeSet::parse(scopes), ttl};
    }
    static StepUpRequest stepUp(const QString &session)
    {
        StepUpRequest r;
        r.sessionId = session;
        r.action = QStringLiteral("payments:refund");
        r.resource = QStringLiteral("Payment::\"pay_1\"");
        r.policyId = QStringLiteral("stepup-refunds");
        r.reason = QStringLiteral("Refunds over 500 EUR need approval");
        r.bindingMessage = QStringLiteral("Refund 740 EUR to order 1182?");
        return r;
    }
    static Human approverNamed(const QString &name)
    {
        Human h;
        h.name = name;
        h.email = name.toLower().replace(u' ', u'.') + QStringLiteral("@example.com");
        h.roles = ConsoleRole::Approver;
        return h;
    }

    std::unique_ptr<Fixture> m_f;
    Human m_owner;
    Human m_approver;
    Agent m_agent;
    Agent m_sub;
};

QTEST_GUILESS_MAIN(TestIdentityEngine)
#include "tst_identityengine.moc"
