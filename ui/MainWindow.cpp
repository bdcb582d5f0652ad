#include "MainWindow.h"

#include "Async.h"
#include "Page.h"
#include "PlaceholderPage.h"
#include "inventory/InventoryPage.h"
#include "delegations/DelegationsPage.h"
#include "live/SessionsPage.h"
#include "live/SimulationControl.h"
#include "overview/OverviewPage.h"

#include <backend/Backend.h>

#include <QAction>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace mandate::ui {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");

} // namespace

MainWindow::MainWindow(Backend &backend, QWidget *parent)
    : QMainWindow(parent)
    , m_backend(backend)
    , m_navigation(new QListWidget)
    , m_pages(new QStackedWidget)
    , m_sidebarTitle(new QLabel)
    , m_sidebarFooter(new QLabel)
    , m_connection(new QLabel)
    , m_humans(new QLabel)
    , m_agents(new QLabel)
    , m_sessions(new QLabel)
    , m_approvals(new QLabel)
    , m_summaryTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));
    setMinimumSize(960, 600);

    m_pages->setObjectName(QStringLiteral("pages"));
    for (PageId id : kAllPages) {
        Page *page = nullptr;
        switch (id) {
        case PageId::Inventory:
            page = new InventoryPage(backend, m_pages);
            break;
        case PageId::Sessions:
            page = new SessionsPage(backend, m_pages);
            break;
        case PageId::Delegations:
            page = new DelegationsPage(backend, m_pages);
            break;
        case PageId::Overview:
            page = new OverviewPage(backend, m_pages);
            break;
        default:
            page = new PlaceholderPage(id, m_pages);
            break;
        }
        m_pageById.insert(id, page);
        m_pages->addWidget(page);
    }

    auto *sessions = static_cast<SessionsPage *>(m_pageById.value(PageId::Sessions));
    auto *delegations = static_cast<DelegationsPage *>(m_pageById.value(PageId::Delegations));
    connect(sessions, &SessionsPage::showTreeRequested, this, [this, delegations](const QString &id) {
        setCurrentPage(PageId::Delegations);
        delegations->showSession(id);
    });

    auto *overview = static_cast<OverviewPage *>(m_pageById.value(PageId::Overview));
    auto *inventory = static_cast<InventoryPage *>(m_pageById.value(PageId::Inventory));
    connect(overview, &OverviewPage::openPage, this, &MainWindow::setCurrentPage);
    connect(overview, &OverviewPage::openInventory, this, [this, inventory](HygieneFilter hygiene) {
        setCurrentPage(PageId::Inventory);
        inventory->showHygiene(hygiene);
    });
    connect(overview, &OverviewPage::openRecentlyActive, this, [this, inventory] {
        setCurrentPage(PageId::Inventory);
        inventory->showRecentlyActive();
    });

    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("central"));
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(buildSidebar());
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    buildStatusBar();

    // Ctrl+1 .. Ctrl+8 reach the pages in navigation order, from anywhere in the window.
    for (int i = 0; i < static_cast<int>(kAllPages.size()); ++i) {
        auto *action = new QAction(this);
        action->setObjectName(QStringLiteral("goTo_") + pageKey(kAllPages[static_cast<size_t>(i)]));
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this,
                [this, i] { setCurrentPage(kAllPages[static_cast<size_t>(i)]); });
        addAction(action);
    }

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_pages->count())
            return;
        m_pages->setCurrentIndex(row);
        auto *page = static_cast<Page *>(m_pages->widget(row));
        page->activate();
        Q_EMIT currentPageChanged(page->id());
    });

    m_summaryTimer->setInterval(kSummaryRefreshMs);
    connect(m_summaryTimer, &QTimer::timeout, this, &MainWindow::refreshSummary);
    m_summaryTimer->start();

    retranslateUi();
    setCurrentPage(PageId::Overview);
    refreshSummary();
}

MainWindow::~MainWindow()
{
    saveSettings();
}

QWidget *MainWindow::buildSidebar()
{
    auto *sidebar = new QWidget(this);
    sidebar->setObjectName(QStringLiteral("sidebar"));
    sidebar->setAttribute(Qt::WA_StyledBackground);

    auto *logo = new QLabel(sidebar);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/app.svg")).pixmap(28, 28));
    m_sidebarTitle->setParent(sidebar);
    m_sidebarTitle->setObjectName(QStringLiteral("sidebarTitle"));
    QFont titleFont = m_sidebarTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setWeight(QFont::DemiBold);
    m_sidebarTitle->setFont(titleFont);
    auto *brand = new QHBoxLayout;
    brand->setContentsMargins(8, 0, 0, 0);
    brand->setSpacing(10);
    brand->addWidget(logo);
    brand->addWidget(m_sidebarTitle, 1);

    m_navigation->setParent(sidebar);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFocusPolicy(Qt::StrongFocus);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    for (PageId id : kAllPages) {
        auto *item = new QListWidgetItem(QIcon(pageIconPath(id)), QString(), m_navigation);
        item->setData(Qt::UserRole, static_cast<int>(id));
    }

    m_sidebarFooter->setParent(sidebar);
    m_sidebarFooter->setObjectName(QStringLiteral("sidebarFooter"));
    m_sidebarFooter->setWordWrap(true);

    auto *layout = new QVBoxLayout(sidebar);
    layout->setContentsMargins(10, 18, 10, 12);
    layout->setSpacing(14);
    layout->addLayout(brand);
    layout->addWidget(m_navigation, 1);
    layout->addWidget(m_sidebarFooter);
    sidebar->setFixedWidth(200);
    return sidebar;
}

void MainWindow::buildStatusBar()
{
    QStatusBar *bar = statusBar();
    bar->setObjectName(QStringLiteral("statusBar"));
    bar->setSizeGripEnabled(false);
    m_connection->setObjectName(QStringLiteral("connectionLabel"));
    m_connection->setText(m_backend.connectionDescription());
    m_connection->setToolTip(m_backend.connectionDescription());
    bar->addWidget(m_connection, 1);
    // One label per figure: each is a whole translated phrase with its own plural.
    m_humans->setObjectName(QStringLiteral("summaryHumans"));
    m_agents->setObjectName(QStringLiteral("summaryAgents"));
    m_sessions->setObjectName(QStringLiteral("summarySessions"));
    m_approvals->setObjectName(QStringLiteral("summaryApprovals"));
    for (QLabel *label : {m_humans, m_agents, m_sessions, m_approvals})
        bar->addPermanentWidget(label);
    bar->addPermanentWidget(new SimulationControl(m_backend, bar));
    // Live figures: a committed change refreshes the summary soon, at most every two seconds.
    auto *soon = new QTimer(this);
    soon->setSingleShot(true);
    soon->setInterval(2000);
    connect(soon, &QTimer::timeout, this, &MainWindow::refreshSummary);
    connect(&m_backend, &Backend::eventsCommitted, soon, [soon] {
        if (!soon->isActive())
            soon->start();
    });
}

void MainWindow::refreshSummary()
{
    // A slow store must not pile up requests behind the timer.
    if (m_summaryInFlight)
        return;
    m_summaryInFlight = true;
    onResult(m_backend.summary(), this, [this](const Result<StoreSummary> &summary) {
        m_summaryInFlight = false;
        if (!summary) {
            m_connection->setText(
                    tr("%1 \u2014 %2")
                            .arg(m_backend.connectionDescription(), summary.error().message));
            return;
        }
        m_connection->setText(m_backend.connectionDescription());
        const bool first = !m_summary;
        m_summary = *summary;
        showSummary();
        if (first)
            Q_EMIT summaryShown();
    });
}

void MainWindow::showSummary()
{
    if (!m_summary) {
        for (QLabel *label : {m_humans, m_agents, m_sessions, m_approvals})
            label->clear();
        return;
    }
    auto n = [](qint64 v) { return static_cast<int>(qMin<qint64>(v, INT_MAX)); };
    m_humans->setText(tr("%Ln human(s)", "", n(m_summary->humans)));
    m_agents->setText(tr("%Ln agent(s)", "", n(m_summary->agents)));
    m_sessions->setText(tr("%Ln active session(s)", "", n(m_summary->activeSessions)));
    m_approvals->setText(tr("%Ln pending approval(s)", "", n(m_summary->pendingStepUps)));
    m_approvals->setStyleSheet(m_summary->pendingStepUps > 0 ? QStringLiteral(
                                       "QLabel { color: #9a5b00; font-weight: 600; }")
                                                             : QString());
}

void MainWindow::setCurrentPage(PageId page)
{
    const int row = static_cast<int>(page);
    if (m_navigation->currentRow() == row) {
        // Already there (e.g. the first page): still make sure it has loaded.
        m_pageById.value(page)->activate();
        return;
    }
    m_navigation->setCurrentRow(row);
}

PageId MainWindow::currentPage() const
{
    return static_cast<Page *>(m_pages->currentWidget())->id();
}

Page *MainWindow::page(PageId page) const
{
    return m_pageById.value(page);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1440, 900);
    restoreState(settings.value(kStateKey).toByteArray());
    for (Page *page : std::as_const(m_pageById))
        page->restoreSettings();
    m_persistSettings = true;
}

void MainWindow::saveSettings() const
{
    if (!m_persistSettings)
        return;
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    for (const Page *page : std::as_const(m_pageById))
        page->saveSettings();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    // The product's name is the same in every language.
    setWindowTitle(QStringLiteral("Mandate"));
    m_sidebarTitle->setText(QStringLiteral("Mandate"));
    m_sidebarFooter->setText(tr("Version %1").arg(QStringLiteral(MANDATE_VERSION)));
    for (int row = 0; row < m_navigation->count(); ++row) {
        QListWidgetItem *item = m_navigation->item(row);
        const auto id = static_cast<PageId>(item->data(Qt::UserRole).toInt());
        item->setText(pageTitle(id));
        const QKeySequence shortcut(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + row));
        item->setToolTip(
                tr("%1 (%2)").arg(pageTitle(id), shortcut.toString(QKeySequence::NativeText)));
    }
    m_connection->setText(m_backend.connectionDescription());
    showSummary();
}

} // namespace mandate::ui
