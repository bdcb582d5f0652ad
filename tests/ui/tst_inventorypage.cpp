// The console's main window on a small store, driven through its widgets by object name:
// navigation, the inventory's search, count, selection and details, the column chooser, and
// retranslation.

#include "HoldingBackend.h"
#include "TestStore.h"

#include <MainWindow.h>
#include <Page.h>
#include <PlaceholderPage.h>
#include <Translations.h>
#include <backend/LocalBackend.h>
#include <inventory/AgentDetailsPane.h>
#include <inventory/AgentTableModel.h>
#include <inventory/InventoryPage.h>
#include <widgets/ErrorBanner.h>

#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTranslator>
#include <QtTest>

using namespace mandate;
using namespace mandate::ui;

namespace {

// Marks every translated text, to see which widgets take a new language.
class MarkingTranslator final : public QTranslator
{
public:
    using QTranslator::QTranslator;
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *sourceText, const char *, int n) const override
    {
        QString text = QStringLiteral("\u00BB") + QString::fromUtf8(sourceText);
        if (n >= 0)
            text.replace(QStringLiteral("%n"), QString::number(n));
        return text;
    }
};

} // namespace

class TestInventoryPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void statusBarNamesStoreAndSummary();
    void navigationReachesEveryPage();
    void searchFiltersTableAndCount();
    void comboFiltersTable();
    void selectionShowsDetails();
    void selectionSurvivesAppendedPages();
    void columnChooserHidesColumn();
    void ceilingHeaderDoesNotSort();
    void retranslatesOnLanguageChange();
    void backendErrorShowsBanner();

private:
    template<typename T>
    T *find(const char *name) const
    {
        auto *widget = m_window->findChild<T *>(QString::fromLatin1(name));
        if (!widget)
            qWarning("no %s named %s", T::staticMetaObject.className(), name);
        return widget;
    }
    InventoryPage *inventory() const
    {
        return static_cast<InventoryPage *>(m_window->page(PageId::Inventory));
    }
    void openInventory();

    QTemporaryDir m_dir;
    QString m_path;
    test::TestStore m_store;
    std::unique_ptr<LocalBackend> m_backend;
    std::unique_ptr<MainWindow> m_window;
};

void TestInventoryPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // English plural forms ("1 agent", "2 agents"), as the console installs them.
    ui::installTranslations(QLocale::c());
    QCoreApplication::setOrganizationName(QStringLiteral("MandateTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_inventorypage"));
    QSettings().clear();
    m_path = m_dir.filePath(QStringLiteral("page.mandate"));
    // More than one page of agents, so that scrolling appends.
    auto store = test::buildTestStore(m_path, 450, 11, QDateTime::currentMSecsSinceEpoch());
    QVERIFY2(store.has_value(), store ? "" : qPrintable(store.error().message));
    m_store = *store;
    auto backend = LocalBackend::open(m_path);
    QVERIFY2(backend.has_value(), backend ? "" : qPrintable(backend.error().message));
    m_backend = std::move(*backend);
    m_window = std::make_unique<MainWindow>(*m_backend);
    m_window->restoreSettings();
    m_window->resize(1440, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestInventoryPage::cleanupTestCase()
{
    m_backend.reset();
    m_window.reset();
}

void TestInventoryPage::openInventory()
{
    auto *navigation = find<QListWidget>("navigation");
    QVERIFY(navigation);
    const QRect rect = navigation->visualItemRect(navigation->item(int(PageId::Inventory)));
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, rect.center());
    QTRY_COMPARE(int(m_window->currentPage()), int(PageId::Inventory));
    QTRY_VERIFY(inventory()->isReady());
}

void TestInventoryPage::statusBarNamesStoreAndSummary()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Mandate"));
    auto *connection = find<QLabel>("connectionLabel");
    QVERIFY(connection);
    QVERIFY2(connection->text().contains(QStringLiteral("page.mandate")),
             qPrintable(connection->text()));
    auto *agents = find<QLabel>("summaryAgents");
    QVERIFY(agents);
    QTRY_COMPARE(agents->text(), QStringLiteral("450 agents"));
    auto *humans = find<QLabel>("summaryHumans");
    QCOMPARE(humans->text(), QStringLiteral("%1 humans").arg(m_store.humans.size()));
    QVERIFY(find<QLabel>("summarySessions")->text().contains(QStringLiteral("active session")));
    QVERIFY(find<QLabel>("summaryApprovals")->text().contains(QStringLiteral("pending approval")));
}

void TestInventoryPage::navigationReachesEveryPage()
{
    QCOMPARE(int(m_window->currentPage()), int(PageId::Overview));
    auto *overview = m_window->page(PageId::Overview);
    QVERIFY(!qobject_cast<PlaceholderPage *>(overview));
    QTRY_VERIFY(overview->isReady());

    // Ctrl+1 .. Ctrl+8 in navigation order.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    for (int i = 0; i < int(kAllPages.size()); ++i) {
        QTest::keyClick(m_window.get(), static_cast<Qt::Key>(Qt::Key_1 + i), Qt::ControlModifier);
        QTRY_COMPARE(int(m_window->currentPage()), i);
        auto *navigation = find<QListWidget>("navigation");
        QCOMPARE(navigation->currentRow(), i);
        Page *page = m_window->page(kAllPages[size_t(i)]);
        QCOMPARE(page->objectName(), pageKey(kAllPages[size_t(i)]) + QStringLiteral("Page"));
        // The pages built so far; the others say what they will do.
        const PageId id = kAllPages[size_t(i)];
        const bool built = id == PageId::Inventory || id == PageId::Overview || id == PageId::Delegations
                           || id == PageId::Sessions;
        QVERIFY(built == !qobject_cast<PlaceholderPage *>(page));
    }
    QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(int(m_window->currentPage()), int(PageId::Overview));

    // The inventory by clicking in the navigation list.
    openInventory();
}

void TestInventoryPage::searchFiltersTableAndCount()
{
    openInventory();
    auto *table = find<QTableView>("agentTable");
    auto *search = find<QLineEdit>("searchField");
    auto *count = find<QLabel>("agentCountLabel");
    QVERIFY(table && search && count);
    QTRY_COMPARE(count->text(), QStringLiteral("450 agents"));
    QCOMPARE(search->placeholderText(), QStringLiteral("Search name, owner, purpose, model"));

    const QList<Agent> expected = m_store.agentsMatching(QStringLiteral("refund"));
    QVERIFY(!expected.isEmpty() && expected.size() < AgentTableModel::kPageSize);
    QTest::keyClicks(search, QStringLiteral("refund"));
    QTRY_COMPARE(table->model()->rowCount(), int(expected.size()));
    QTRY_COMPARE(count->text(), QStringLiteral("%1 agents").arg(expected.size()));
    QSet<QString> shown;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        shown.insert(table->model()->index(row, 0).data(AgentTableModel::AgentIdRole).toString());
    QSet<QString> wanted;
    for (const Agent &a : expected)
        wanted.insert(a.id);
    QCOMPARE(shown, wanted);

    // Nothing matches: the table says so.
    QTest::keyClicks(search, QStringLiteral(" zzzz"));
    QTRY_COMPARE(count->text(), QStringLiteral("0 agents"));
    QCOMPARE(table->model()->rowCount(), 0);
    auto *overlay = find<QLabel>("agentTableOverlay");
    QTRY_VERIFY(overlay->isVisible());
    QCOMPARE(overlay->text(), QStringLiteral("No agents match these filters."));

    // Escape clears the search and shows everyone again.
    QTest::keyClick(search, Qt::Key_Escape);
    QCOMPARE(search->text(), QString());
    QTRY_COMPARE(count->text(), QStringLiteral("450 agents"));
    QTRY_VERIFY(table->model()->rowCount() >= AgentTableModel::kPageSize);

    // Ctrl+F comes back to the search field from the table.
    table->setFocus();
    QTRY_VERIFY(table->hasFocus());
    QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->hasFocus());
}

void TestInventoryPage::comboFiltersTable()
{
    openInventory();
    auto *table = find<QTableView>("agentTable");
    auto *status = find<QComboBox>("statusFilter");
    auto *count = find<QLabel>("agentCountLabel");
    QVERIFY(table && status && count);
    QCOMPARE(status->count(), 4);
    status->setCurrentIndex(3); // retired
    qsizetype retired = 0;
    for (const Agent &a : m_store.agents)
        retired += a.status == AgentStatus::Retired ? 1 : 0;
    QVERIFY(retired > 0);
    QTRY_COMPARE(count->text(), QStringLiteral("%1 agents").arg(retired));
    QTRY_COMPARE(table->model()->rowCount(), int(retired));
    for (int row = 0; row < table->model()->rowCount(); ++row)
        QCOMPARE(table->model()->index(row, AgentTableModel::Status).data().toString(),
                 QStringLiteral("Retired"));
    status->setCurrentIndex(0);
    QTRY_COMPARE(count->text(), QStringLiteral("450 agents"));
}

void TestInventoryPage::selectionShowsDetails()
{
    openInventory();
    auto *table = find<QTableView>("agentTable");
    auto *empty = find<QLabel>("detailsEmpty");
    QVERIFY(table && empty);
    QTRY_VERIFY(table->model()->rowCount() > 3);
    table->clearSelection();
    QTRY_VERIFY(empty->isVisible());
    QCOMPARE(empty->text(), QStringLiteral("Select an agent to see its details."));

    const int row = 2;
    const QModelIndex index = table->model()->index(row, AgentTableModel::Name);
    const QString id = index.data(AgentTableModel::AgentIdRole).toString();
    const Agent *agent = m_store.agent(id);
    QVERIFY(agent);
    const Human *owner = m_store.human(agent->ownerId);
    QVERIFY(owner);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());

    auto *ownerName = find<QLabel>("ownerName");
    QVERIFY(ownerName);
    QTRY_COMPARE(ownerName->text(), owner->name);
    QTRY_VERIFY(ownerName->isVisible());
    QCOMPARE(find<QLabel>("ownerEmail")->text(), owner->email);
    QCOMPARE(find<QLabel>("detailsName")->text(), agent->name);
    QCOMPARE(find<QLabel>("detailsSpiffeId")->text(),
             QStringLiteral("spiffe://mandate.local/agent/") + id);
    QVERIFY(find<QLabel>("detailsSpiffeId")->textInteractionFlags() & Qt::TextSelectableByMouse);

    auto *ceiling = find<QWidget>("ceilingScopes");
    QVERIFY(ceiling);
    QStringList chips;
    for (QLabel *chip : ceiling->findChildren<QLabel *>())
        chips << chip->text();
    chips.sort();
    QCOMPARE(chips, agent->ceiling.values());
    // Used and unused scopes are told apart.
    for (QLabel *chip : ceiling->findChildren<QLabel *>()) {
        QCOMPARE(chip->property("chip").toString(), agent->usedScopes.contains(chip->text())
                                                            ? QStringLiteral("used")
                                                            : QStringLiteral("unused"));
    }
    QCOMPARE(inventory()->detailsPane()->agentId(), id);

    // Recent sessions: one row each, or a note that there are none.
    const auto &details = inventory()->detailsPane()->details();
    QVERIFY(details.has_value());
    const auto rows =
            find<QWidget>("recentSessions")->findChildren<QWidget *>(QStringLiteral("sessionRow"));
    QCOMPARE(rows.size(), details->recentSessions.size());
    QCOMPARE(rows.isEmpty(), agent->lastActiveAt == 0);
    QCOMPARE(find<QLabel>("noSessions")->isVisible(), rows.isEmpty());
}

void TestInventoryPage::selectionSurvivesAppendedPages()
{
    openInventory();
    auto *table = find<QTableView>("agentTable");
    auto *model = inventory()->model();
    QTRY_VERIFY(model->hasFirstPage() && !model->isLoading());
    table->selectRow(5);
    const QString id = model->index(5, 0).data(AgentTableModel::AgentIdRole).toString();
    QTRY_COMPARE(inventory()->detailsPane()->agentId(), id);
    const int before = model->rowCount();
    QVERIFY(model->canFetchMore(QModelIndex()));
    table->scrollToBottom();
    QTRY_VERIFY(model->rowCount() > before);
    const QModelIndexList selected = table->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.constFirst().row(), 5);
    QCOMPARE(selected.constFirst().data(AgentTableModel::AgentIdRole).toString(), id);
}

void TestInventoryPage::columnChooserHidesColumn()
{
    openInventory();
    auto *table = find<QTableView>("agentTable");
    auto *button = find<QToolButton>("columnsButton");
    QVERIFY(table && button && button->menu());
    QCOMPARE(button->menu(), inventory()->columnsMenu());
    QAction *model = button->menu()->findChild<QAction *>(QStringLiteral("column_model"));
    QVERIFY(model);
    QVERIFY(model->isChecked());
    QVERIFY(!table->isColumnHidden(AgentTableModel::Model));
    model->trigger();
    QVERIFY(!model->isChecked());
    QVERIFY(table->isColumnHidden(AgentTableModel::Model));
    QVERIFY(QSettings()
                    .value(QStringLiteral("inventory/hiddenColumns"))
                    .toStringList()
                    .contains(QStringLiteral("model")));

    // The name cannot be hidden.
    QAction *name = button->menu()->findChild<QAction *>(QStringLiteral("column_name"));
    QVERIFY(name && !name->isEnabled());

    // Hidden-by-default columns come back from the menu.
    QAction *id = button->menu()->findChild<QAction *>(QStringLiteral("column_id"));
    QVERIFY(id && !id->isChecked());
    id->trigger();
    QVERIFY(!table->isColumnHidden(AgentTableModel::Id));
    QVERIFY(table->columnWidth(AgentTableModel::Id) > 24);
    id->trigger();
    model->trigger();
    QVERIFY(!table->isColumnHidden(AgentTableModel::Model));
}

void TestInventoryPage::ceilingHeaderDoesNotSort()
{
    openInventory();
    auto *table = find<QTableView>("agentTable");
    QHeaderView *header = table->horizontalHeader();
    auto *model = inventory()->model();
    QTRY_VERIFY(!model->isLoading());
    header->setSortIndicator(AgentTableModel::Risk, Qt::DescendingOrder);
    QCOMPARE(int(model->sortKey()), int(AgentSort::Risk));
    header->setSortIndicator(AgentTableModel::Ceiling, Qt::AscendingOrder);
    QCOMPARE(header->sortIndicatorSection(), int(AgentTableModel::Risk));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(int(model->sortKey()), int(AgentSort::Risk));
    header->setSortIndicator(AgentTableModel::Name, Qt::AscendingOrder);
    QCOMPARE(int(model->sortKey()), int(AgentSort::Name));
    QTRY_VERIFY(model->hasFirstPage());
}

void TestInventoryPage::retranslatesOnLanguageChange()
{
    openInventory();
    MarkingTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    auto *navigation = find<QListWidget>("navigation");
    QTRY_COMPARE(navigation->item(int(PageId::Inventory))->text(),
                 QStringLiteral("\u00BBInventory"));
    QCOMPARE(inventory()->model()->headerData(AgentTableModel::Owner, Qt::Horizontal).toString(),
             QStringLiteral("\u00BBOwner"));
    QCOMPARE(find<QLineEdit>("searchField")->placeholderText(),
             QStringLiteral("\u00BBSearch name, owner, purpose, model"));
    QCOMPARE(find<QLabel>("pageTitle")->text().isEmpty(), false);
    QVERIFY(find<QComboBox>("statusFilter")->itemText(0).startsWith(u'\u00BB'));
    QCOMPARE(inventory()
                     ->columnsMenu()
                     ->findChild<QAction *>(QStringLiteral("column_owner"))
                     ->text(),
             QStringLiteral("\u00BBOwner"));
    QVERIFY(QCoreApplication::removeTranslator(&translator));
    QTRY_COMPARE(navigation->item(int(PageId::Inventory))->text(), QStringLiteral("Inventory"));
}

void TestInventoryPage::backendErrorShowsBanner()
{
    test::HoldingBackend holding(*m_backend);
    holding.setHolding(true);
    InventoryPage page(holding);
    page.resize(1200, 700);
    page.show();
    page.activate();
    QCOMPARE(holding.heldCount(), 1);
    holding.fail(0, Error{ErrorCode::StoreUnavailable,
                          QStringLiteral("The store is locked by another program.")});

    auto *banner = page.findChild<ErrorBanner *>(QStringLiteral("errorBanner"));
    QVERIFY(banner);
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(banner->message(), QStringLiteral("The store is locked by another program."));
    // The page still says it is done, so that a screenshot shows the banner instead of waiting.
    QTRY_VERIFY(page.isReady());
    QCOMPARE(page.model()->rowCount(), 0);

    holding.dropAll();
    holding.setHolding(false);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("errorBannerRetry")),
                      Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    QTRY_VERIFY(page.model()->rowCount() > 0);
    QTRY_VERIFY(!page.model()->isLoading());
}

QTEST_MAIN(TestInventoryPage)
#include "tst_inventorypage.moc"
