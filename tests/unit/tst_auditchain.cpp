#include "TestStores.h"

#include "audit/AuditChain.h"

using namespace mandate;
using namespace mandate::test;

class TestAuditChain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A known answer computed independently (Python's json.dumps with compact separators and
    // ensure_ascii=False, which matches RFC 8785 for strings and integers; then SHA-256).
    void canonicalEncodingKnownAnswer()
    {
        AuditEvent e;
        e.seq = 7;
        e.time = 1790000000123;
        e.type = QStringLiteral("authz.decision");
        e.actor = QStringLiteral("agent:agt_1");
        e.agentId = QStringLiteral("agt_1");
        e.sessionId = QStringLiteral("ses_1");
        e.humanId = QStringLiteral("hum_1");
        e.scopes = QStringLiteral("invoices:read mail:send");
        e.action = QStringLiteral("invoices:read");
        e.resource = QStringLiteral("Invoice::\"inv_1\"");
        e.decision = QStringLiteral("allow");
        e.policies = {QStringLiteral("permit-a"), QStringLiteral("forbid-b")};
        e.modelVersion = QStringLiteral("Anthropic claude");
        e.task = QStringLiteral("Reconcile \u00e9t\u00e9 \"Q3\"\n\ttab");
        e.sourceAddress = QStringLiteral("10.0.0.1");
        e.detail = QStringLiteral("{\"k\":\"\u0001\"}");
        QCOMPARE(AuditChain::canonicalEncoding(e),
                 QByteArray(
                            "[7,1790000000123,\"authz.decision\",\"agent:agt_1\",\"agt_1\",\"ses_1\",\"hum_1\",\"in"
                            "voices:read mail:send\",\"invoices:read\",\"Invoice::\\\"inv_1\\\"\",\"allow\",[\"perm"
                            "it-a\",\"forbid-b\"],\"Anthropic claude\",\"Reconcile \xc3\xa9t\xc3\xa9 \\\"Q3\\\"\\n\\"
                            "ttab\",\"10.0.0.1\",\"{\\\"k\\\":\\\"\\u0001\\\"}\"]"));
        QCOMPARE(AuditChain::computeHash(AuditChain::genesisHash(), e),
                 QByteArray("5760f6a200b1038d45d23ca6beda321b7bc3d2bab7ff1cf5e9864fecc2ccb9f6"));
    }

    void intactChainVerifies()
    {
        Fixture f;
        QVERIFY(f.open());
        populate(f);
        auto v = f.engine->verifyAudit();
        QVERIFY(v);
        QVERIFY2(v->intact, qPrintable(v->problem));
        QCOMPARE(v->eventsChecked, kEvents);
        QCOMPARE(v->head.seq, kEvents);
        QCOMPARE(v->firstBrokenSeq, 0);
    }

    void emptyChainVerifies()
    {
        Fixture f;
        QVERIFY(f.open());
        auto v = f.engine->verifyAudit();
        QVERIFY(v && v->intact);
        QCOMPARE(v->eventsChecked, 0);
    }

    void detectsTampering_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<qint64>("firstBroken");
        QTest::addColumn<QString>("problem");

        QTest::newRow("modified field")
            << QStringList{QStringLiteral("UPDATE audit_events SET resource = 'Payment::\"pay_9\"' WHERE seq = 5")}
            << qint64(5) << QStringLiteral("modified");
        QTest::newRow("modified decision")
            << QStringList{QStringLiteral("UPDATE audit_events SET decision = 'allow' WHERE seq = 6")}
            << qint64(6) << QStringLiteral("modified");
        QTest::newRow("modified time")
            << QStringList{QStringLiteral("UPDATE audit_events SET time = time - 1 WHERE seq = 2")}
            << qint64(2) << QStringLiteral("modified");
        QTest::newRow("modified and rehashed") // caught by the next event's link
            << QStringList{QStringLiteral("UPDATE audit_events SET actor = 'system', hash = '%1' WHERE seq = 4")}
            << qint64(5) << QStringLiteral("does not follow");
        QTest::newRow("deleted in the middle")
            << QStringList{QStringLiteral("DELETE FROM audit_events WHERE seq = 3")}
            << qint64(3) << QStringLiteral("missing");
        QTest::newRow("deleted first")
            << QStringList{QStringLiteral("DELETE FROM audit_events WHERE seq = 1")}
            << qint64(1) << QStringLiteral("missing");
        QTest::newRow("tail truncated")
            << QStringList{QStringLiteral("DELETE FROM audit_events WHERE seq > %1").arg(kEvents - 2)}
            << qint64(kEvents - 1) << QStringLiteral("tail");
        QTest::newRow("reordered") // swap the content of events 4 and 5, hashes included
            << QStringList{QStringLiteral("UPDATE audit_events SET seq = -4 WHERE seq = 4"),
                           QStringLiteral("UPDATE audit_events SET seq = 4 WHERE seq = 5"),
                           QStringLiteral("UPDATE audit_events SET seq = 5 WHERE seq = -4")}
            << qint64(4) << QStringLiteral("modified");
        QTest::newRow("inserted in the middle") // renumber the rest and slip one in at 3
            << QStringList{QStringLiteral("UPDATE audit_events SET seq = -seq WHERE seq >= 3"),
                           QStringLiteral("UPDATE audit_events SET seq = 1 - seq WHERE seq < 0"),
                           QStringLiteral("INSERT INTO audit_events(seq, time, type, actor, prev_hash, hash) "
                                          "SELECT 3, time, 'agent.registered', 'system', hash, hash FROM audit_events WHERE seq = 2")}
            << qint64(3) << QStringLiteral("modified");
        QTest::newRow("appended outside Mandate")
            << QStringList{QStringLiteral("@append-sealed")}
            << qint64(kEvents + 1) << QStringLiteral("outside Mandate");
        QTest::newRow("recorded head rewritten")
            << QStringList{QStringLiteral("UPDATE meta SET value = '%1' WHERE key = 'audit_head_hash'")}
            << qint64(kEvents) << QStringLiteral("head");
    }

    void detectsTampering()
    {
        QFETCH(QStringList, statements);
        QFETCH(qint64, firstBroken);
        QFETCH(QString, problem);
        Fixture f;
        QVERIFY(f.open());
        populate(f);
        // Someone with the file: the append-only triggers are no obstacle to them.
        QVERIFY(f.store->execForTest(QStringLiteral("DROP TRIGGER audit_events_no_update")));
        QVERIFY(f.store->execForTest(QStringLiteral("DROP TRIGGER audit_events_no_delete")));
        for (QString sql : statements) {
            if (sql.contains(QStringLiteral("%1")))
                sql = sql.arg(QString::fromLatin1(rehashed(f, 4)));
            if (sql == QLatin1StringView("@append-sealed")) {
                // A well-formed event, correctly chained, written straight into the store.
                AuditEvent forged;
                forged.type = QStringLiteral("agent.registered");
                forged.actor = QStringLiteral("system");
                AuditChain::seal(forged, *f.store->auditHead());
                QVERIFY(f.store->appendAudit(forged));
                continue;
            }
            QVERIFY2(f.store->execForTest(sql), qPrintable(sql));
        }
        auto v = f.engine->verifyAudit();
        QVERIFY(v);
        QVERIFY(!v->intact);
        QCOMPARE(v->firstBrokenSeq, firstBroken);
        QVERIFY2(v->problem.contains(problem), qPrintable(v->problem));
    }

    void failedChangeWritesNoEvent()
    {
        Fixture f;
        QVERIFY(f.open());
        const Human owner = f.human(QStringLiteral("Amara Okafor"));
        f.engine->setHumanStatus(Actor::system(), owner.id, HumanStatus::Departed, QStringLiteral("left"));
        auto before = f.store->auditHead();
        Agent a;
        a.name = QStringLiteral("Ghost");
        a.ownerId = owner.id;
        a.purpose = QStringLiteral("Haunts");
        a.ceiling = *ScopeSet::parse(u"mail:send");
        QVERIFY(!f.engine->registerAgent(Actor::system(), a)); // owner not active
        auto after = f.store->auditHead();
        QCOMPARE(after->seq, before->seq);
    }

    void batchIsAllOrNothing()
    {
        Fixture f;
        QVERIFY(f.open());
        f.human(QStringLiteral("Amara Okafor"));
        const auto before = f.store->auditHead();
        auto batch = f.engine->transaction([&]() -> Status {
            Human ok;
            ok.name = QStringLiteral("Lars Nilsson");
            ok.email = QStringLiteral("lars.nilsson@example.com");
            if (auto added = f.engine->addHuman(Actor::system(), ok); !added)
                return std::unexpected(added.error());
            Human duplicate = ok;
            duplicate.id.clear();
            if (auto added = f.engine->addHuman(Actor::system(), duplicate); !added) // same email
                return std::unexpected(added.error());
            return {};
        });
        QVERIFY(!batch);
        QCOMPARE(f.store->auditHead()->seq, before->seq);
        auto humans = f.store->humans({});
        QCOMPARE(humans->size(), 1);
        // The engine carries on correctly after the rollback.
        f.human(QStringLiteral("Mei Chen"));
        auto v = f.engine->verifyAudit();
        QVERIFY(v && v->intact);
        QCOMPARE(v->eventsChecked, 2);
    }

private:
    static constexpr qint64 kEvents = 9;

    // Nine events: two humans, two agents, two sessions, a deny, a step-up and its approval.
    static void populate(Fixture &f)
    {
        const Human amara = f.human(QStringLiteral("Amara Okafor"));
        const Human lars = f.human(QStringLiteral("Lars Nilsson"), ConsoleRole::Approver);
        const Agent a = f.agent(QStringLiteral("Refund Agent"), amara, QStringLiteral("payments:refund payments:read"));
        const Agent b = f.agent(QStringLiteral("Ledger Reader"), amara, QStringLiteral("payments:read"));
        f.clock.advanceMs(1000);
        auto root = f.engine->openSession(Actor::human(amara.id),
                                          {a.id, amara.id, {}, QStringLiteral("Refund order 1182"),
                                           *ScopeSet::parse(u"payments:refund payments:read"), 0});
        QVERIFY(root);
        auto child = f.engine->openSession(Actor::agent(a.id), {b.id, {}, root->id, QStringLiteral("Check the ledger"),
                                                                *ScopeSet::parse(u"payments:read"), 0});
        QVERIFY(child);
        QVERIFY(f.engine->recordDecision(Actor::agent(a.id), {root->id, QStringLiteral("payments:refund"),
                                                              QStringLiteral("Payment::\"pay_1\""), Decision::Deny,
                                                              {QStringLiteral("forbid-refunds-over-500")}, {}}));
        StepUpRequest r;
        r.sessionId = root->id;
        r.action = QStringLiteral("payments:refund");
        r.resource = QStringLiteral("Payment::\"pay_1\"");
        r.policyId = QStringLiteral("stepup-refunds");
        r.reason = QStringLiteral("Refunds over 500 EUR need approval");
        auto req = f.engine->requestStepUp(Actor::agent(a.id), r);
        QVERIFY(req);
        QVERIFY(f.engine->decideStepUp(Actor::human(lars.id), req->id, lars.id, true, QStringLiteral("ok")));
    }

    // The hash event `seq` would have if its actor were "system": a careful forger's work.
    static QByteArray rehashed(Fixture &f, qint64 seq)
    {
        auto events = f.store->auditEvents(seq, 1);
        AuditEvent e = events->first();
        e.actor = QStringLiteral("system");
        return AuditChain::computeHash(e.prevHash, e);
    }
};

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_auditchain.moc"
