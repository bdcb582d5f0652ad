#include <backend/LocalBackend.h>
#include <demo/DemoGenerator.h>
#include <live/LiveSessionModel.h>
#include <live/SessionsPage.h>

#include <QAbstractItemModelTester>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace mandate;
using namespace mandate::ui;

// The live sessions model under a QAbstractItemModelTester (and a filtering proxy under
// another) while the demo simulator's events arrive; once the traffic stops, the model holds
// exactly the sessions the store says are live, and a revoked subtree leaves it.
class TestLiveSessionModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("live.mandate"));
        DemoOptions options;
        options.agents = 150;
        options.seed = 11;
        auto made = generateDemo(m_path, options);
        QVERIFY2(made, qPrintable(made ? QString() : made.error().message));
    }

    void followsLiveTraffic()
    {
        auto opened = LocalBackend::open(m_path);
        QVERIFY(opened);
        LocalBackend &backend = **opened;
        LiveSessionModel model(backend);
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(LiveSessionModel::RawRole);
        proxy.setDynamicSortFilter(true);
        proxy.sort(LiveSessionModel::TimeLeft);
        proxy.setDepthFilter(SessionFilterProxy::DepthFilter::SubAgents);
        // Alive for the whole test, parented to the test object.
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        new QAbstractItemModelTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest, this);

        int batches = 0;
        int inserted = 0;
        int removed = 0;
        int resets = 0;
        connect(&backend, &Backend::eventsCommitted, this, [&] { ++batches; });
        connect(&model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &, int first, int last) {
            inserted += last - first + 1;
        });
        connect(&model, &QAbstractItemModel::rowsRemoved, this, [&](const QModelIndex &, int first, int last) {
            removed += last - first + 1;
        });
        connect(&model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });

        model.load();
        QTRY_VERIFY(model.isLoaded());
        QCOMPARE(resets, 1);

        backend.startSimulation(20);
        QTRY_VERIFY_WITH_TIMEOUT(batches >= 40 && inserted >= 20, 60'000);
        // Revoked sessions (the simulator's misbehaving agents, or ours below) leave.
        backend.setSimulationPaused(true);
        waitForQuiet(batches);

        // Revoke one of the live trees with sub-agents through the backend: its whole subtree
        // leaves the model.
        QString root;
        QStringList subtree;
        for (int row = 0; row < model.rowCount() && root.isEmpty(); ++row) {
            const SessionInfo &s = model.sessionAt(row);
            if (s.session.depth != 1)
                continue;
            auto future = backend.delegationTree(s.session.id);
            future.waitForFinished();
            const Result<DelegationTree> tree = future.result();
            QVERIFY(tree);
            root = s.session.parentId;
            for (const SessionInfo &t : tree->sessions) {
                if (t.session.id == root || isBelow(tree->sessions, t.session.id, root))
                    subtree << t.session.id;
            }
        }
        QVERIFY2(!root.isEmpty(), "the simulator delegated to no sub-agent");
        const int removedBefore = removed;
        auto revoked = backend.revoke(RevocationTarget{RevocationTarget::Kind::Session, root}, QStringLiteral("test"));
        QTRY_VERIFY(revoked.isFinished());
        QVERIFY(revoked.result());
        QTRY_VERIFY(std::none_of(subtree.cbegin(), subtree.cend(),
                                 [&](const QString &id) { return model.rowOfSession(id) >= 0; }));
        QVERIFY(removed > removedBefore);
        waitForQuiet(batches);

        // The model agrees with the store about every session not about to expire.
        const qint64 horizon = backend.nowMs() + 20'000;
        auto future = backend.liveSessions(LiveSessionModel::kLoadLimit);
        future.waitForFinished();
        const Result<QList<SessionInfo>> live = future.result();
        QVERIFY(live);
        QSet<QString> stored;
        for (const SessionInfo &s : *live) {
            if (s.session.expiresAt > horizon)
                stored.insert(s.session.id);
        }
        QSet<QString> shown;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.sessionAt(row).session.expiresAt > horizon)
                shown.insert(model.sessionAt(row).session.id);
        }
        QCOMPARE(shown, stored);
        QCOMPARE(resets, 1); // live changes never reset the model

        // Every inserted row learns its names.
        QTRY_VERIFY([&] {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.sessionAt(row).agentName.isEmpty() || model.sessionAt(row).humanName.isEmpty())
                    return false;
            }
            return true;
        }());
        // The proxy shows only sub-agent sessions.
        for (int row = 0; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row, LiveSessionModel::Depth).data(LiveSessionModel::RawRole).toInt() > 0);
    }

    void expiryRemovesRows()
    {
        auto opened = LocalBackend::open(m_path);
        QVERIFY(opened);
        LiveSessionModel model(**opened);
        new QAbstractItemModelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        model.load();
        QTRY_VERIFY(model.isLoaded());
        // A session that ran out a second ago, as its start event would tell it.
        AuditEvent e;
        e.type = QStringLiteral("session.started");
        e.sessionId = QStringLiteral("ses_expired");
        e.agentId = QStringLiteral("agt_x");
        e.humanId = QStringLiteral("hum_x");
        e.time = (*opened)->nowMs() - 60'000;
        e.detail = QStringLiteral("{\"expires_at\":\"%1\",\"depth\":0}")
                           .arg(QDateTime::fromMSecsSinceEpoch((*opened)->nowMs() + 1500, Qt::UTC)
                                        .toString(Qt::ISODateWithMs));
        const int before = model.rowCount();
        model.applyEvents({e});
        QCOMPARE(model.rowCount(), before + 1);
        QVERIFY(model.rowOfSession(QStringLiteral("ses_expired")) >= 0);
        // No write tells of expiry: the clock tick finds it.
        QTRY_VERIFY(model.rowOfSession(QStringLiteral("ses_expired")) < 0);
    }

private:
    static bool isBelow(const QList<SessionInfo> &tree, QString id, const QString &ancestor)
    {
        QHash<QString, QString> parent;
        for (const SessionInfo &s : tree)
            parent.insert(s.session.id, s.session.parentId);
        while (!id.isEmpty()) {
            id = parent.value(id);
            if (id == ancestor)
                return true;
        }
        return false;
    }

    // Until no batch has arrived for half a second (the simulator finishes its tick).
    static void waitForQuiet(const int &batches)
    {
        for (int seen = -1; seen != batches;) {
            seen = batches;
            QTest::qWait(500);
        }
    }

    QTemporaryDir m_dir;
    QString m_path;
};

QTEST_MAIN(TestLiveSessionModel)
#include "tst_livesessionmodel.moc"
