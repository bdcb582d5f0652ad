// AgentTableModel over a real store of 1,000 agents: paging until exhausted, filters, sorts
// pushed into SQL, and answers for an old query dropped. A QAbstractItemModelTester watches
// each model for the whole test.

#include "HoldingBackend.h"
#include "TestStore.h"

#include <Translations.h>
#include <backend/LocalBackend.h>
#include <inventory/AgentTableModel.h>

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace mandate;
using mandate::ui::AgentTableModel;

class TestAgentTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pagesUntilExhausted();
    void filterByText();
    void filterByStatus();
    void filterByRisk();
    void filterByOwnerGone();
    void sortByRiskDescending();
    void sortByLastActiveDescending();
    void ceilingIsNotSortable();
    void rolesAndDisplay();
    void staleAnswerIsDropped();
    void staleAnswerArrivingLastIsDropped();
    void errorStopsFetching();
    void statusChangeUpdatesRowInPlace(); // last: it changes the store

private:
    // Fetches pages until the store has no more; returns the agents in model order.
    QList<Agent> exhaust(AgentTableModel &model);
    static QSet<QString> idsOf(const QList<Agent> &agents);

    QTemporaryDir m_dir;
    test::TestStore m_store;
    std::unique_ptr<LocalBackend> m_backend;
    std::unique_ptr<test::HoldingBackend> m_holding;
    AgentTableModel *m_model = nullptr;     // over the real backend
    AgentTableModel *m_heldModel = nullptr; // over the holding backend
};

QList<Agent> TestAgentTableModel::exhaust(AgentTableModel &model)
{
    for (int rounds = 0; rounds < 1000; ++rounds) {
        // The tester itself calls fetchMore() after each insertion, so pages may arrive
        // without being asked for here; wait for quiet either way.
        [&] { QTRY_VERIFY_WITH_TIMEOUT(model.hasFirstPage() && !model.isLoading(), 20000); }();
        if (QTest::currentTestFailed())
            return {};
        if (!model.canFetchMore(QModelIndex()))
            break;
        model.fetchMore(QModelIndex());
        // While a page is on its way, the view must not ask for another.
        if (model.isLoading() && model.canFetchMore(QModelIndex())) {
            QTest::qFail("canFetchMore() is true while a fetch runs", __FILE__, __LINE__);
            return {};
        }
    }
    QList<Agent> rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows << model.agentAt(row);
    return rows;
}

QSet<QString> TestAgentTableModel::idsOf(const QList<Agent> &agents)
{
    QSet<QString> ids;
    for (const Agent &a : agents)
        ids.insert(a.id);
    return ids;
}

void TestAgentTableModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // English plural forms ("1 agent", "2 agents"), as the console installs them.
    ui::installTranslations(QLocale::c());
    const QString path = m_dir.filePath(QStringLiteral("model.mandate"));
    auto store = test::buildTestStore(path, 1000, 7, QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(store.has_value(), store ? "" : qPrintable(store.error().message));
    m_store = *store;
    auto backend = LocalBackend::open(path);
    QVERIFY2(backend.has_value(), backend ? "" : qPrintable(backend.error().message));
    m_backend = std::move(*backend);
    m_holding = std::make_unique<test::HoldingBackend>(*m_backend);

    m_model = new AgentTableModel(*m_backend, this);
    new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 this);
    m_heldModel = new AgentTableModel(*m_holding, this);
    new QAbstractItemModelTester(m_heldModel,
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, this);
}

void TestAgentTableModel::cleanupTestCase()
{
    m_holding->dropAll();
    // The backend's workers finish before the models go: their answers are then dropped with
    // the models instead of arriving for objects that are gone.
    m_backend.reset();
    delete m_heldModel;
    m_heldModel = nullptr;
    delete m_model;
    m_model = nullptr;
    m_holding.reset();
}

void TestAgentTableModel::pagesUntilExhausted()
{
    QVERIFY(!m_model->hasQuery());
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QCOMPARE(m_model->columnCount(), int(AgentTableModel::ColumnCount));

    int firstPageRows = -1;
    auto connection = connect(m_model, &AgentTableModel::firstRowsArrived, this,
                              [&] { firstPageRows = m_model->rowCount(); });
    QSignalSpy loading(m_model, &AgentTableModel::loadingChanged);
    m_model->setQuery(AgentFilter{}, AgentSort::Name, Qt::AscendingOrder);
    QVERIFY(m_model->isLoading());
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QTRY_VERIFY(m_model->hasFirstPage());
    disconnect(connection);
    QCOMPARE(firstPageRows, AgentTableModel::kPageSize);
    QVERIFY(!loading.isEmpty());
    QCOMPARE(loading.constFirst().constFirst().toBool(), true);

    const QList<Agent> rows = exhaust(*m_model);
    QCOMPARE(rows.size(), m_store.agents.size());
    QCOMPARE(idsOf(rows).size(), rows.size()); // no duplicates
    QCOMPARE(idsOf(rows), idsOf(m_store.agents));
    QVERIFY(!m_model->canFetchMore(QModelIndex()));

    // NOCASE order of the store, ties broken by id.
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const int byName = rows[i - 1].name.compare(rows[i].name, Qt::CaseInsensitive);
        QVERIFY2(byName < 0 || (byName == 0 && rows[i - 1].id < rows[i].id),
                 qPrintable(QStringLiteral("%1 before %2").arg(rows[i - 1].name, rows[i].name)));
    }
    // The generator mixes cases, so the order above is not the case-sensitive one.
    QVERIFY(std::any_of(rows.cbegin(), rows.cend(),
                        [](const Agent &a) { return a.name.at(0).isLower(); }));
    QVERIFY(std::any_of(rows.cbegin(), rows.cend(),
                        [](const Agent &a) { return a.name.at(0).isUpper(); }));
}

void TestAgentTableModel::filterByText()
{
    AgentFilter filter;
    filter.text = QStringLiteral("billing");
    m_model->setFilter(filter);
    QCOMPARE(m_model->rowCount(), 0); // the old rows went at once
    const QList<Agent> rows = exhaust(*m_model);
    const QList<Agent> expected = m_store.agentsMatching(QStringLiteral("billing"));
    QVERIFY(!expected.isEmpty());
    QVERIFY(expected.size() < m_store.agents.size());
    QCOMPARE(idsOf(rows), idsOf(expected));
    QCOMPARE(rows.size(), expected.size());

    // Two words must both match, each as a word prefix.
    filter.text = QStringLiteral("Reconc invoi");
    m_model->setFilter(filter);
    const QList<Agent> both = exhaust(*m_model);
    QVERIFY(!both.isEmpty());
    QSet<QString> expectedBoth = idsOf(m_store.agentsMatching(QStringLiteral("reconc")));
    expectedBoth.intersect(idsOf(m_store.agentsMatching(QStringLiteral("invoi"))));
    QCOMPARE(idsOf(both), expectedBoth);
}

void TestAgentTableModel::filterByStatus()
{
    AgentFilter filter;
    filter.status = AgentStatus::Suspended;
    m_model->setFilter(filter);
    const QList<Agent> rows = exhaust(*m_model);
    QList<Agent> expected;
    std::copy_if(m_store.agents.cbegin(), m_store.agents.cend(), std::back_inserter(expected),
                 [](const Agent &a) { return a.status == AgentStatus::Suspended; });
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(rows), idsOf(expected));
    for (const Agent &a : rows)
        QCOMPARE(int(a.status), int(AgentStatus::Suspended));
}

void TestAgentTableModel::filterByRisk()
{
    AgentFilter filter;
    filter.risk = RiskTier::Critical;
    m_model->setFilter(filter);
    const QList<Agent> rows = exhaust(*m_model);
    QList<Agent> expected;
    std::copy_if(m_store.agents.cbegin(), m_store.agents.cend(), std::back_inserter(expected),
                 [](const Agent &a) { return a.risk == RiskTier::Critical; });
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(rows), idsOf(expected));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->index(row, AgentTableModel::Risk).data(AgentTableModel::RawRole).toInt(),
                 int(RiskTier::Critical));
}

void TestAgentTableModel::filterByOwnerGone()
{
    AgentFilter filter;
    filter.owner = OwnerFilter::Gone;
    m_model->setFilter(filter);
    const QList<Agent> rows = exhaust(*m_model);
    QList<Agent> expected;
    std::copy_if(m_store.agents.cbegin(), m_store.agents.cend(), std::back_inserter(expected),
                 [](const Agent &a) { return a.ownerStatus != HumanStatus::Active; });
    QVERIFY(!expected.isEmpty());
    QCOMPARE(idsOf(rows), idsOf(expected));
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex owner = m_model->index(row, AgentTableModel::Owner);
        QVERIFY(owner.data(AgentTableModel::OwnerStatusRole).toInt() != int(HumanStatus::Active));
        // Flagged for the admin: a warning decoration and a tooltip that says why.
        QVERIFY(!owner.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(!owner.data(Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestAgentTableModel::sortByRiskDescending()
{
    m_model->setFilter(AgentFilter{});
    QTRY_VERIFY(m_model->hasFirstPage());
    m_model->sort(AgentTableModel::Risk, Qt::DescendingOrder);
    QCOMPARE(int(m_model->sortKey()), int(AgentSort::Risk));
    QCOMPARE(m_model->sortColumn(), int(AgentTableModel::Risk));
    const QList<Agent> rows = exhaust(*m_model);
    QCOMPARE(rows.size(), m_store.agents.size());
    QCOMPARE(idsOf(rows).size(), rows.size());
    QCOMPARE(int(rows.constFirst().risk), int(RiskTier::Critical));
    QCOMPARE(int(rows.constLast().risk), int(RiskTier::Low));
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const auto a = int(rows[i - 1].risk), b = int(rows[i].risk);
        QVERIFY(a > b || (a == b && rows[i - 1].id > rows[i].id));
    }
}

void TestAgentTableModel::sortByLastActiveDescending()
{
    m_model->sort(AgentTableModel::LastActive, Qt::DescendingOrder);
    QCOMPARE(int(m_model->sortKey()), int(AgentSort::LastActive));
    const QList<Agent> rows = exhaust(*m_model);
    QCOMPARE(rows.size(), m_store.agents.size());
    QCOMPARE(idsOf(rows).size(), rows.size());
    QVERIFY(rows.constFirst().lastActiveAt > 0);
    QCOMPARE(rows.constLast().lastActiveAt, 0); // some agents never ran
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const qint64 a = rows[i - 1].lastActiveAt, b = rows[i].lastActiveAt;
        QVERIFY(a > b || (a == b && rows[i - 1].id > rows[i].id));
    }
    // Display: relative for recent activity, "never" for none.
    QCOMPARE(m_model->index(m_model->rowCount() - 1, AgentTableModel::LastActive).data().toString(),
             QStringLiteral("never"));
    const QString recent = m_model->index(0, AgentTableModel::LastActive).data().toString();
    QVERIFY2(recent == QStringLiteral("just now") || recent.endsWith(QStringLiteral(" ago")),
             qPrintable(recent));
    // English plural forms, not "(s)".
    for (int row = 0; row < m_model->rowCount(); ++row)
        QVERIFY(!m_model->index(row, AgentTableModel::LastActive).data().toString().contains(u'('));

    // Sorting again the same way is not a new query.
    m_model->sort(AgentTableModel::LastActive, Qt::DescendingOrder);
    QVERIFY(!m_model->isLoading());
    QCOMPARE(m_model->rowCount(), m_store.agents.size());
}

void TestAgentTableModel::ceilingIsNotSortable()
{
    QVERIFY(!AgentTableModel::isSortable(AgentTableModel::Ceiling));
    for (int column = 0; column < AgentTableModel::ColumnCount; ++column) {
        if (column != AgentTableModel::Ceiling)
            QVERIFY(AgentTableModel::isSortable(column));
    }
    const int rows = m_model->rowCount();
    m_model->sort(AgentTableModel::Ceiling, Qt::AscendingOrder);
    QVERIFY(!m_model->isLoading());
    QCOMPARE(m_model->rowCount(), rows);
    QCOMPARE(int(m_model->sortKey()), int(AgentSort::LastActive));
}

void TestAgentTableModel::rolesAndDisplay()
{
    m_model->setQuery(AgentFilter{}, AgentSort::Name, Qt::AscendingOrder);
    QTRY_VERIFY(m_model->hasFirstPage() && m_model->rowCount() > 0);
    const Agent &first = m_model->agentAt(0);
    const test::TestStore &store = m_store;
    const Agent *generated = store.agent(first.id);
    QVERIFY(generated);
    auto cell = [&](int column, int role) { return m_model->index(0, column).data(role); };
    QCOMPARE(cell(AgentTableModel::Name, Qt::DisplayRole).toString(), generated->name);
    QCOMPARE(cell(AgentTableModel::Name, AgentTableModel::AgentIdRole).toString(), generated->id);
    QCOMPARE(cell(AgentTableModel::Id, Qt::DisplayRole).toString(), generated->id);
    QCOMPARE(cell(AgentTableModel::Owner, Qt::DisplayRole).toString(), generated->ownerName);
    QCOMPARE(cell(AgentTableModel::Status, AgentTableModel::RawRole).toInt(),
             int(generated->status));
    QVERIFY(!cell(AgentTableModel::Status, Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(cell(AgentTableModel::Risk, AgentTableModel::RawRole).toInt(), int(generated->risk));
    QCOMPARE(cell(AgentTableModel::Model, Qt::DisplayRole).toString(), generated->model.display());
    QCOMPARE(cell(AgentTableModel::Ceiling, AgentTableModel::RawRole).toInt(),
             int(generated->ceiling.size()));
    const QString ceilingTip = cell(AgentTableModel::Ceiling, Qt::ToolTipRole).toString();
    for (const QString &scope : generated->ceiling.values())
        QVERIFY2(ceilingTip.contains(scope), qPrintable(ceilingTip));
    QCOMPARE(cell(AgentTableModel::Created, AgentTableModel::RawRole).toLongLong(),
             generated->createdAt);
    QCOMPARE(cell(AgentTableModel::LastActive, AgentTableModel::RawRole).toLongLong(),
             generated->lastActiveAt);
    QCOMPARE(m_model->headerData(AgentTableModel::LastActive, Qt::Horizontal).toString(),
             QStringLiteral("Last active"));
    QCOMPARE(m_model->rowOfAgent(first.id), 0);
    QCOMPARE(m_model->rowOfAgent(QStringLiteral("agt_none")), -1);
}

void TestAgentTableModel::staleAnswerIsDropped()
{
    m_holding->setHolding(true);
    AgentFilter retired;
    retired.status = AgentStatus::Retired;
    AgentFilter critical;
    critical.risk = RiskTier::Critical;

    m_heldModel->setQuery(retired, AgentSort::Name, Qt::AscendingOrder);
    m_heldModel->setQuery(critical, AgentSort::Name, Qt::AscendingOrder);
    QCOMPARE(m_holding->heldCount(), 2);
    QVERIFY(m_holding->heldQuery(0).filter.status.has_value());
    QVERIFY(m_holding->heldQuery(1).filter.risk.has_value());

    QSignalSpy first(m_heldModel, &AgentTableModel::firstRowsArrived);
    // The new query answers first, then the old one arrives late.
    m_holding->release(1);
    QTRY_COMPARE(first.size(), 1);
    const int rows = m_heldModel->rowCount();
    QVERIFY(rows > 0);
    m_holding->release(0);
    // Let the late answer reach the model's thread, then prove it changed nothing.
    QTRY_VERIFY(m_holding->isAnswered(0));
    QTest::qWait(50);
    QCOMPARE(first.size(), 1);
    QVERIFY(m_heldModel->rowCount() >= rows);
    for (int row = 0; row < m_heldModel->rowCount(); ++row)
        QCOMPARE(int(m_heldModel->agentAt(row).risk), int(RiskTier::Critical));
    m_holding->dropAll();
    m_holding->setHolding(false);
}

void TestAgentTableModel::staleAnswerArrivingLastIsDropped()
{
    // The other order: the old query's answer arrives while the new one is still out.
    m_holding->setHolding(true);
    AgentFilter suspended;
    suspended.status = AgentStatus::Suspended;
    AgentFilter gone;
    gone.owner = OwnerFilter::Gone;
    m_heldModel->setQuery(suspended, AgentSort::Name, Qt::AscendingOrder);
    m_heldModel->setQuery(gone, AgentSort::Risk, Qt::DescendingOrder);
    QCOMPARE(m_holding->heldCount(), 2);
    QSignalSpy first(m_heldModel, &AgentTableModel::firstRowsArrived);
    m_holding->release(0);
    QTRY_VERIFY(m_holding->isAnswered(0));
    QTest::qWait(50);
    QCOMPARE(m_heldModel->rowCount(), 0);
    QCOMPARE(first.size(), 0);
    QVERIFY(m_heldModel->isLoading()); // still waiting for the current query
    m_holding->release(1);
    QTRY_COMPARE(first.size(), 1);
    QVERIFY(m_heldModel->rowCount() > 0);
    for (int row = 0; row < m_heldModel->rowCount(); ++row)
        QVERIFY(m_heldModel->agentAt(row).ownerStatus != HumanStatus::Active);
    m_holding->dropAll();
    m_holding->setHolding(false);
}

void TestAgentTableModel::errorStopsFetching()
{
    m_holding->setHolding(true);
    QSignalSpy errors(m_heldModel, &AgentTableModel::errorOccurred);
    m_heldModel->refresh();
    QCOMPARE(m_holding->heldCount(), 1);
    m_holding->fail(0, Error{ErrorCode::StoreFailed, QStringLiteral("The disk is full.")});
    QTRY_COMPARE(errors.size(), 1);
    QCOMPARE(errors.constFirst().constFirst().toString(), QStringLiteral("The disk is full."));
    QVERIFY(!m_heldModel->isLoading());
    // No cursor after a failure: the view does not ask again and again.
    QVERIFY(!m_heldModel->canFetchMore(QModelIndex()));
    m_holding->dropAll();
    m_holding->setHolding(false);
    m_heldModel->refresh();
    QTRY_VERIFY(m_heldModel->hasFirstPage() && m_heldModel->rowCount() > 0);
}

void TestAgentTableModel::statusChangeUpdatesRowInPlace()
{
    m_model->setQuery(AgentFilter{}, AgentSort::Name, Qt::AscendingOrder);
    QTRY_VERIFY(m_model->hasFirstPage() && !m_model->isLoading());
    int row = -1;
    for (int r = 0; r < m_model->rowCount() && row < 0; ++r) {
        if (m_model->agentAt(r).status == AgentStatus::Active)
            row = r;
    }
    QVERIFY(row >= 0);
    const QString id = m_model->agentAt(row).id;
    const int rows = m_model->rowCount();
    int resets = 0;
    QList<int> changedRows;
    auto c1 = connect(m_model, &QAbstractItemModel::modelReset, this, [&] { ++resets; });
    auto c2 = connect(m_model, &QAbstractItemModel::dataChanged, this,
                      [&](const QModelIndex &from, const QModelIndex &to) {
                          for (int r = from.row(); r <= to.row(); ++r)
                              changedRows << r;
                      });
    // The engine's committed event, through the backend, while the tester watches.
    auto changed = m_backend->setAgentStatus(id, AgentStatus::Suspended, QStringLiteral("test"));
    QTRY_VERIFY(m_model->agentAt(row).status == AgentStatus::Suspended);
    QVERIFY(changed.isFinished());
    QCOMPARE(m_model->rowOfAgent(id), row);
    QCOMPARE(m_model->rowCount(), rows);
    QCOMPARE(resets, 0);
    QVERIFY(changedRows.contains(row));
    QCOMPARE(m_model->index(row, AgentTableModel::Status).data().toString(), QStringLiteral("Suspended"));
    disconnect(c1);
    disconnect(c2);
}

QTEST_MAIN(TestAgentTableModel)
#include "tst_agenttablemodel.moc"
