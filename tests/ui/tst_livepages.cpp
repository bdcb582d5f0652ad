#include <Clock.h>
#include <MainWindow.h>
#include <backend/LocalBackend.h>
#include <delegations/DelegationGraph.h>
#include <delegations/DelegationsPage.h>
#include <demo/DemoGenerator.h>
#include <engine/IdSource.h>
#include <engine/IdentityEngine.h>
#include <live/LiveSessionModel.h>
#include <live/RevokeDialog.h>
#include <live/SessionsPage.h>
#include <inventory/AgentTableModel.h>
#include <inventory/InventoryPage.h>
#include <overview/OverviewPage.h>
#include <store/SqliteStore.h>

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace mandate;
using namespace mandate::ui;

// The console driven through its widgets: a subtree revoked on the Delegations page, after
// its blast radius, leaves Live sessions; the overview's figures open what they count.
class TestLivePages final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("pages.mandate"));
        DemoOptions options;
        options.agents = 120;
        options.seed = 5;
        auto made = generateDemo(m_path, options);
        QVERIFY2(made, qPrintable(made ? QString() : made.error().message));

        // A tree of our own, live by the system clock: a person delegates, the agent hands
        // part of it to a sub-agent, which hands part on again.
        auto store = SqliteStore::open(m_path, SqliteStore::OpenMode::OpenExisting);
        QVERIFY(store);
        SystemClock clock;
        RandomIdSource ids;
        IdentityEngine engine(**store, clock, ids);
        AgentQuery query;
        query.filter.status = AgentStatus::Active;
        query.filter.owner = OwnerFilter::Active;
        query.limit = 500;
        auto agents = (*store)->agents(query);
        QVERIFY(agents);
        const Agent *agent = nullptr;
        for (const Agent &a : agents->agents) {
            if (a.ceiling.size() >= 2) {
                agent = &a;
                break;
            }
        }
        QVERIFY(agent);
        auto root = engine.startSession(Actor::human(agent->ownerId),
                                        {agent->id, agent->ownerId, {}, QStringLiteral("Quarterly close for ACME"),
                                         agent->ceiling, 30 * 60 * 1000});
        QVERIFY2(root, qPrintable(root ? QString() : root.error().message));
        const ScopeSet narrower(QStringList{agent->ceiling.values().constFirst()});
        auto child = engine.exchangeToken(Actor::agent(agent->id), root->token, agent->id, narrower, 0,
                                          QStringLiteral("Collect the invoices"));
        QVERIFY(child);
        auto grandchild = engine.exchangeToken(Actor::agent(agent->id), child->token, agent->id, narrower, 0,
                                               QStringLiteral("Match one invoice"));
        QVERIFY(grandchild);
        m_tree = {root->session.id, child->session.id, grandchild->session.id};
        m_removedScopes = agent->ceiling.minus(narrower);
    }

    void revokeSubtreeOnDelegationsLeavesLiveSessions()
    {
        auto opened = LocalBackend::open(m_path);
        QVERIFY(opened);
        LocalBackend &backend = **opened;
        MainWindow window(backend);
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *sessions = qobject_cast<SessionsPage *>(window.page(PageId::Sessions));
        QVERIFY(sessions);
        new QAbstractItemModelTester(sessions->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        QTRY_VERIFY(sessions->isReady());
        for (const QString &id : std::as_const(m_tree))
            QVERIFY(sessions->model()->rowOfSession(id) >= 0);
        const int before = sessions->model()->rowCount();

        // Delegations: find the root session, see its tree drawn.
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        auto *delegations = qobject_cast<DelegationsPage *>(window.page(PageId::Delegations));
        QVERIFY(delegations);
        QTRY_VERIFY(delegations->isReady());
        QLineEdit *search = delegations->searchEdit();
        search->clear();
        QTest::keyClicks(search, m_tree.constFirst());
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(delegations->currentTree() && delegations->currentTree()->rootId == m_tree.constFirst());
        QCOMPARE(delegations->graph()->nodeCount(), 3);
        QTRY_COMPARE(delegations->selectedSessionId(), m_tree.constFirst());
        // The tree view holds the chain, child below parent.
        QTreeWidgetItem *top = delegations->tree()->topLevelItem(0);
        QVERIFY(top && top->childCount() == 1 && top->child(0)->childCount() == 1);

        // Revoke the root's subtree: the dry run first.
        auto *revoke = delegations->findChild<QToolButton *>(QStringLiteral("revokeNode"));
        QVERIFY(revoke && revoke->isEnabled());
        QTest::mouseClick(revoke, Qt::LeftButton);
        RevokeDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = delegations->findChild<RevokeDialog *>(QStringLiteral("revokeDialog"))));
        QTRY_VERIFY(dialog->preview().has_value());
        QCOMPARE(dialog->preview()->sessionIds.size(), 3);
        QCOMPARE(dialog->preview()->subAgentSessions, 2);
        QCOMPARE(dialog->preview()->tokens, 3);
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("blastSessions"))->text(), QStringLiteral("3"));
        // No reason, no revocation.
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Token leaked in a build log"));
        QVERIFY(dialog->confirmButton()->isEnabled());
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);

        // Every session of the subtree leaves Live sessions; the others stay.
        QTRY_VERIFY(std::none_of(m_tree.cbegin(), m_tree.cend(),
                                 [&](const QString &id) { return sessions->model()->rowOfSession(id) >= 0; }));
        QVERIFY(sessions->model()->rowCount() <= before - 3);
        QVERIFY(sessions->model()->rowCount() >= before - 3 - expiringSoon(*sessions->model(), backend.nowMs()));

        // The audit names who revoked, and why.
        auto future = backend.sessionDetails(m_tree.constFirst());
        future.waitForFinished();
        const Result<SessionDetails> details = future.result();
        QVERIFY(details);
        const AuditEvent &last = details->events.constLast();
        QCOMPARE(last.type, QStringLiteral("session.revoked"));
        QVERIFY(last.actor.startsWith(QStringLiteral("console:")));
        QVERIFY(last.detail.contains(QStringLiteral("Token leaked in a build log")));
        QVERIFY(details->info.session.status == SessionStatus::Revoked);
        QCOMPARE(details->tokenIds.size(), 1);
    }

    void overviewFiguresOpenTheInventory()
    {
        auto opened = LocalBackend::open(m_path);
        QVERIFY(opened);
        MainWindow window(**opened);
        window.resize(1440, 900);
        window.show();
        auto *overview = qobject_cast<OverviewPage *>(window.page(PageId::Overview));
        QVERIFY(overview);
        QTRY_VERIFY(overview->isReady());
        QVERIFY(!overview->history().isEmpty());
        QCOMPARE(overview->history().buckets().size(), 60); // one hour in minutes
        overview->setWindow(ActivityHistory::Window::Week);
        QTRY_COMPARE(overview->history().buckets().size(), 84);
        // The figures are buttons: Enter on the over-scoped card opens the inventory filtered.
        FigureCard *card = overview->card(OverviewPage::OverScoped);
        card->setFocus();
        QTest::keyClick(card, Qt::Key_Space);
        QTRY_COMPARE(int(window.currentPage()), int(PageId::Inventory));
        // The inventory shows exactly what the card counted.
        auto *inventory = qobject_cast<InventoryPage *>(window.page(PageId::Inventory));
        QTRY_VERIFY(inventory->model()->hasFirstPage() && !inventory->model()->isLoading());
        QVERIFY(inventory->model()->filter().hygiene == HygieneFilter::OverScoped);
        QVERIFY(inventory->model()->filter().status == AgentStatus::Active);
        auto counted = (*opened)->countAgents(inventory->model()->filter());
        counted.waitForFinished();
        QVERIFY(counted.result());
        QCOMPARE(QLocale().toString(*counted.result()), card->value());
    }

    void suspendAndResumeFromTheInventory()
    {
        auto opened = LocalBackend::open(m_path);
        QVERIFY(opened);
        MainWindow window(**opened);
        window.resize(1440, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setCurrentPage(PageId::Inventory);
        auto *inventory = qobject_cast<InventoryPage *>(window.page(PageId::Inventory));
        QVERIFY(inventory);
        QTRY_VERIFY(inventory->isReady());
        AgentTableModel *model = inventory->model();
        int row = -1;
        for (int r = 0; r < model->rowCount() && row < 0; ++r) {
            if (model->agentAt(r).status == AgentStatus::Active)
                row = r;
        }
        QVERIFY(row >= 0);
        inventory->selectRow(row);
        QToolButton *suspend = inventory->actionButton(1);
        QToolButton *resume = inventory->actionButton(2);
        QTRY_VERIFY(suspend->isEnabled());
        QVERIFY(!resume->isEnabled());

        // Suspend: the blast radius of the agent's sessions first, then a reason.
        inventory->table()->setFocus();
        QTest::keyClick(inventory->table(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        RevokeDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = inventory->findChild<RevokeDialog *>(QStringLiteral("revokeDialog"))));
        QVERIFY(dialog->action() == RevokeDialog::Action::Suspend);
        QTRY_VERIFY(dialog->preview().has_value());
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Owner on leave"));
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY(model->agentAt(row).status == AgentStatus::Suspended);
        QTRY_VERIFY(resume->isEnabled());
        QVERIFY(!suspend->isEnabled());

        // Resume needs no blast radius, only a reason.
        QTest::mouseClick(resume, Qt::LeftButton);
        QTRY_VERIFY((dialog = inventory->findChild<RevokeDialog *>(QStringLiteral("revokeDialog"))));
        QVERIFY(dialog->action() == RevokeDialog::Action::Resume);
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("Back"));
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY(model->agentAt(row).status == AgentStatus::Active);
    }

private:
    static int expiringSoon(const LiveSessionModel &model, qint64 now)
    {
        int n = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            n += model.sessionAt(row).session.expiresAt < now + 60'000 ? 1 : 0;
        return n + 50;
    }

    QTemporaryDir m_dir;
    QString m_path;
    QStringList m_tree;
    ScopeSet m_removedScopes;
};

QTEST_MAIN(TestLivePages)
#include "tst_livepages.moc"
