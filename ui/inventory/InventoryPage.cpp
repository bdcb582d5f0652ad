#include "InventoryPage.h"

#include "../Async.h"
#include "../Labels.h"
#include "../live/RevokeDialog.h"
#include "../widgets/ErrorBanner.h"
#include "AgentDetailsPane.h"
#include "AgentFilterBar.h"
#include "AgentTableModel.h"

#include <backend/Backend.h>

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace mandate::ui {

namespace {

const QString kHiddenColumnsKey = QStringLiteral("inventory/hiddenColumns");
const QString kHeaderStateKey = QStringLiteral("inventory/headerState");
const QString kSplitterKey = QStringLiteral("inventory/splitterState");

// Shown until the admin chooses otherwise: what fits beside the details pane on a laptop.
// The purpose, runtime and IDs are in the details pane anyway.
bool hiddenByDefault(int column)
{
    return column == AgentTableModel::Runtime || column == AgentTableModel::Purpose
           || column == AgentTableModel::Created || column == AgentTableModel::Id;
}

// Default widths follow the font and the language: enumerations and dates get the width of
// their widest text, free text a number of average characters.
int defaultWidth(const QTableView *table, int column)
{
    const QFontMetrics fm = table->fontMetrics();
    QFont headerFont = table->horizontalHeader()->font();
    headerFont.setWeight(QFont::DemiBold);
    const QFontMetrics hfm(headerFont);
    constexpr int padding = 22;    // cell margins on both sides
    constexpr int decoration = 20; // the status and risk dots
    constexpr int sortArrow = 18;
    const int header =
            hfm.horizontalAdvance(table->model()->headerData(column, Qt::Horizontal).toString())
            + padding + sortArrow;
    auto widest = [&fm](std::initializer_list<QString> texts) {
        int width = 0;
        for (const QString &text : texts)
            width = qMax(width, fm.horizontalAdvance(text));
        return width;
    };
    const int em = fm.averageCharWidth();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 hourMs = 3600 * 1000;
    switch (column) {
    case AgentTableModel::Name:
        return qMax(header, 30 * em);
    case AgentTableModel::Owner:
        return qMax(header, 19 * em);
    case AgentTableModel::Status:
        return qMax(header,
                    widest({Labels::text(AgentStatus::Active), Labels::text(AgentStatus::Suspended),
                            Labels::text(AgentStatus::Retired)})
                            + decoration + padding);
    case AgentTableModel::Risk:
        return qMax(header, widest({Labels::text(RiskTier::Low), Labels::text(RiskTier::Medium),
                                    Labels::text(RiskTier::High), Labels::text(RiskTier::Critical)})
                                    + decoration + padding);
    case AgentTableModel::Model:
        return qMax(header, 18 * em);
    case AgentTableModel::Runtime:
        return qMax(header, 20 * em);
    case AgentTableModel::Purpose:
        return qMax(header, 50 * em);
    case AgentTableModel::Ceiling:
        return qMax(header, widest({QLocale().toString(888)}) + padding);
    case AgentTableModel::Created:
        return qMax(header, widest({Labels::shortDate(now)}) + padding);
    case AgentTableModel::LastActive:
        return qMax(header, widest({Labels::relativeTime(now - 23 * hourMs, now),
                                    Labels::relativeTime(now - 59 * 60 * 1000, now),
                                    Labels::relativeTime(now - 29 * 24 * hourMs, now),
                                    Labels::shortDate(now)})
                                    + padding);
    case AgentTableModel::Id: {
        const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        return qMax(header,
                    fixed.horizontalAdvance(QStringLiteral("agt_0123456789abcdef")) + padding);
    }
    default:
        return 15 * em;
    }
}

} // namespace

InventoryPage::InventoryPage(Backend &backend, QWidget *parent)
    : Page(PageId::Inventory, parent)
    , m_backend(backend)
    , m_model(new AgentTableModel(backend, this))
    , m_filterBar(new AgentFilterBar(this))
    , m_banner(new ErrorBanner(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_table(new QTableView(m_splitter))
    , m_overlay(new QLabel(m_table->viewport()))
    , m_details(new AgentDetailsPane(backend, m_splitter))
    , m_columnsMenu(new QMenu(this))
{
    m_splitter->setObjectName(QStringLiteral("inventorySplitter"));
    m_table->setObjectName(QStringLiteral("agentTable"));
    m_overlay->setObjectName(QStringLiteral("agentTableOverlay"));
    m_columnsMenu->setObjectName(QStringLiteral("columnsMenu"));

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setShowGrid(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setCornerButtonEnabled(false);
    // Uniform row heights: fixed sections, so the view never measures rows as pages arrive.
    QHeaderView *rows = m_table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionsMovable(true);
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(48);
    for (int column = 0; column < AgentTableModel::ColumnCount; ++column) {
        m_table->setColumnWidth(column, defaultWidth(m_table, column));
        m_table->setColumnHidden(column, hiddenByDefault(column));
    }
    // Set before sorting is enabled: the view sorts by the indicator at once, and Qt's
    // default indicator is column 0 descending.
    header->setSortIndicator(AgentTableModel::Name, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this,
            [this, header](int column, Qt::SortOrder) {
                // A click on a column the store cannot sort by puts the indicator back.
                if (!AgentTableModel::isSortable(column))
                    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
            });
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this,
            [this, header](const QPoint &pos) { m_columnsMenu->popup(header->mapToGlobal(pos)); });

    m_overlay->setAlignment(Qt::AlignCenter);
    m_overlay->setProperty("role", QStringLiteral("muted"));
    m_overlay->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_table->viewport()->installEventFilter(this);

    // What can be done to the selected agent, above its details.
    auto *side = new QWidget(m_splitter);
    auto *actionBar = new QHBoxLayout;
    actionBar->setSpacing(4);
    const char *names[] = {"revokeAgentSessions", "suspendAgent", "resumeAgent", "retireAgent"};
    const QKeySequence keys[] = {QKeySequence(Qt::Key_Delete), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)};
    for (int i = 0; i < 4; ++i) {
        auto *button = new QToolButton(side);
        button->setObjectName(QString::fromLatin1(names[i]));
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        if (i == 0)
            button->setIcon(QIcon(QStringLiteral(":/icons/revoke.svg")));
        auto *shortcut = new QShortcut(keys[i], this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, i] { actOnSelected(i); });
        connect(button, &QToolButton::clicked, this, [this, i] { actOnSelected(i); });
        actionBar->addWidget(button);
        m_actions << button;
    }
    actionBar->addStretch(1);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->setSpacing(6);
    sideLayout->addLayout(actionBar);
    m_details->setParent(side);
    sideLayout->addWidget(m_details, 1);

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(side);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setCollapsible(0, false);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setHandleWidth(10);
    m_splitter->setSizes({900, 360});
    m_details->setMinimumWidth(340);

    m_filterBar->columnsButton()->setMenu(m_columnsMenu);
    buildColumnsMenu();

    contentLayout()->addWidget(m_banner);
    contentLayout()->addWidget(m_filterBar);
    contentLayout()->addWidget(m_splitter, 1);

    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_filterBar, &AgentFilterBar::focusSearch);

    connect(m_filterBar, &AgentFilterBar::filterChanged, this, &InventoryPage::applyFilter);
    connect(m_model, &AgentTableModel::firstRowsArrived, this, &InventoryPage::onFirstRows);
    connect(m_model, &AgentTableModel::loadingChanged, this, &InventoryPage::updateOverlay);
    connect(m_model, &AgentTableModel::modelReset, this, &InventoryPage::updateOverlay);
    connect(m_model, &AgentTableModel::rowsInserted, this, &InventoryPage::updateOverlay);
    connect(m_model, &AgentTableModel::errorOccurred, this, &InventoryPage::showError);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InventoryPage::onCurrentRowChanged);
    connect(m_details, &AgentDetailsPane::errorOccurred, this, [this](const QString &message) {
        showError(message);
        m_waitingForFirstDetails = false;
        updateReadiness();
    });
    connect(m_details, &AgentDetailsPane::detailsShown, this, [this] {
        m_waitingForFirstDetails = false;
        updateReadiness();
    });
    connect(m_model, &AgentTableModel::dataChanged, this, &InventoryPage::updateActions);
    connect(&m_backend, &Backend::eventsCommitted, this, [this](const QList<AuditEvent> &events) {
        // The details of the agent on screen follow its status.
        for (const AuditEvent &e : events) {
            if (e.type == QLatin1StringView("agent.status_changed") && e.agentId == m_selectedId) {
                m_details->showAgent(m_selectedId);
                break;
            }
        }
    });
    connect(m_banner, &ErrorBanner::retryRequested, this, [this] {
        m_model->refresh();
        refreshCount();
        if (!m_selectedId.isEmpty())
            m_details->showAgent(m_selectedId);
    });

    retranslateUi();
    updateActions();
    updateOverlay();
}

InventoryPage::~InventoryPage() = default;

void InventoryPage::activate()
{
    if (m_started)
        return;
    // The first visit loads; later visits keep what is on screen.
    m_started = true;
    applyFilter();
}

void InventoryPage::applyFilter()
{
    m_started = true;
    // A new query starts afresh: an error about the previous one no longer applies.
    m_banner->hide();
    m_model->setFilter(m_filterBar->filter());
    refreshCount();
}

void InventoryPage::refreshCount()
{
    const quint64 generation = ++m_countGeneration;
    m_countKnown = false;
    showCount();
    onResult(m_backend.countAgents(m_model->filter()), this,
             [this, generation](const Result<qint64> &count) {
                 if (generation != m_countGeneration)
                     return;
                 m_countKnown = true;
                 if (count) {
                     m_count = *count;
                 } else {
                     m_count.reset();
                     showError(count.error().message);
                 }
                 showCount();
                 updateReadiness();
             });
}

void InventoryPage::showCount()
{
    QLabel *label = m_filterBar->countLabel();
    if (!m_countKnown)
        label->setText(tr("counting\u2026"));
    else if (m_count)
        label->setText(tr("%Ln agent(s)", "", static_cast<int>(qMin<qint64>(*m_count, INT_MAX))));
    else
        label->setText(QStringLiteral("\u2014"));
}

void InventoryPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, AgentTableModel::Name));
}

void InventoryPage::onFirstRows()
{
    updateOverlay();
    const int rows = m_model->rowCount();
    if (!m_selectedId.isEmpty()) {
        // The agent the admin was looking at stays selected if the new query still shows it.
        const int row = m_model->rowOfAgent(m_selectedId);
        if (row >= 0) {
            // Same agent: the details pane keeps what it shows (see onCurrentRowChanged).
            selectRow(row);
        } else {
            m_selectedId.clear();
            m_details->showAgent(QString());
        }
    } else if (m_autoSelectFirstRow && !isReady() && rows > 0) {
        m_waitingForFirstDetails = true;
        selectRow(0);
    }
    updateReadiness();
}

void InventoryPage::showHygiene(HygieneFilter hygiene)
{
    // As the overview counts them: retired and suspended agents are not a live problem.
    m_filterBar->showOnly(hygiene, AgentStatus::Active);
}

void InventoryPage::showRecentlyActive()
{
    m_filterBar->showOnly(HygieneFilter::Any);
    m_table->horizontalHeader()->setSortIndicator(AgentTableModel::LastActive, Qt::DescendingOrder);
}

void InventoryPage::actOnSelected(int action)
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty() || action < 0 || action > 3 || !m_actions.at(action)->isEnabled())
        return;
    const Agent &agent = m_model->agentAt(selected.constFirst().row());
    const RevokeDialog::Action kinds[] = {RevokeDialog::Action::Revoke, RevokeDialog::Action::Suspend,
                                          RevokeDialog::Action::Resume, RevokeDialog::Action::Retire};
    auto *dialog = new RevokeDialog(m_backend, kinds[action],
                                    RevocationTarget{RevocationTarget::Kind::Agent, agent.id}, agent.name, this);
    dialog->open();
}

void InventoryPage::updateActions()
{
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    const std::optional<AgentStatus> status =
            selected.isEmpty() ? std::nullopt : std::optional(m_model->agentAt(selected.constFirst().row()).status);
    m_actions.at(0)->setEnabled(status.has_value());
    m_actions.at(1)->setEnabled(status == AgentStatus::Active);
    m_actions.at(2)->setEnabled(status == AgentStatus::Suspended);
    m_actions.at(3)->setEnabled(status.has_value() && status != AgentStatus::Retired);
}

void InventoryPage::onCurrentRowChanged()
{
    updateActions();
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        m_selectedId.clear();
        m_details->showAgent(QString());
        return;
    }
    const QString id = selected.constFirst().data(AgentTableModel::AgentIdRole).toString();
    if (id == m_selectedId && m_details->agentId() == id)
        return;
    m_selectedId = id;
    m_details->showAgent(id);
}

void InventoryPage::updateReadiness()
{
    if (isReady() || !m_model->hasFirstPage() || !m_countKnown || m_waitingForFirstDetails)
        return;
    markReady();
}

void InventoryPage::updateOverlay()
{
    if (m_model->rowCount() > 0) {
        m_overlay->hide();
        return;
    }
    if (!m_model->hasQuery())
        m_overlay->setText(QString());
    else if (m_model->isLoading() || !m_model->hasFirstPage())
        m_overlay->setText(tr("Loading agents\u2026"));
    else if (m_model->filter() == AgentFilter{})
        m_overlay->setText(tr("No agents are registered yet."));
    else
        m_overlay->setText(tr("No agents match these filters."));
    m_overlay->setGeometry(m_table->viewport()->rect());
    m_overlay->show();
}

bool InventoryPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        m_overlay->setGeometry(m_table->viewport()->rect());
    return Page::eventFilter(watched, event);
}

void InventoryPage::buildColumnsMenu()
{
    for (int column = 0; column < AgentTableModel::ColumnCount; ++column) {
        auto *action = m_columnsMenu->addAction(QString());
        action->setObjectName(QStringLiteral("column_") + AgentTableModel::columnKey(column));
        action->setData(column);
        action->setCheckable(true);
        action->setChecked(!m_table->isColumnHidden(column));
        // The name identifies a row; without it the table means nothing.
        action->setEnabled(column != AgentTableModel::Name);
        connect(action, &QAction::toggled, this, [this, column](bool checked) {
            setColumnVisible(column, checked);
            saveSettings();
        });
    }
}

void InventoryPage::setColumnVisible(int column, bool visible)
{
    m_table->setColumnHidden(column, !visible);
    // A column shown again after its section was squeezed to nothing gets a usable width.
    if (visible && m_table->columnWidth(column) < 24)
        m_table->setColumnWidth(column, defaultWidth(m_table, column));
    const auto actions = m_columnsMenu->actions();
    for (QAction *action : actions) {
        if (action->data().toInt() == column && action->isChecked() != visible) {
            const QSignalBlocker blocker(action);
            action->setChecked(visible);
        }
    }
}

void InventoryPage::restoreSettings()
{
    m_persistSettings = true;
    QSettings settings;
    const QByteArray headerState = settings.value(kHeaderStateKey).toByteArray();
    if (!headerState.isEmpty())
        m_table->horizontalHeader()->restoreState(headerState);
    if (settings.contains(kHiddenColumnsKey)) {
        const QStringList hidden = settings.value(kHiddenColumnsKey).toStringList();
        for (int column = 0; column < AgentTableModel::ColumnCount; ++column) {
            const bool isHidden = column != AgentTableModel::Name
                                  && hidden.contains(AgentTableModel::columnKey(column));
            setColumnVisible(column, !isHidden);
        }
    }
    const QByteArray splitterState = settings.value(kSplitterKey).toByteArray();
    if (!splitterState.isEmpty())
        m_splitter->restoreState(splitterState);
    // The restored header may name a column the store cannot sort by (older settings).
    QHeaderView *header = m_table->horizontalHeader();
    if (!AgentTableModel::isSortable(header->sortIndicatorSection()))
        header->setSortIndicator(AgentTableModel::Name, Qt::AscendingOrder);
}

void InventoryPage::saveSettings() const
{
    if (!m_persistSettings)
        return;
    QSettings settings;
    QStringList hidden;
    for (int column = 0; column < AgentTableModel::ColumnCount; ++column) {
        if (m_table->isColumnHidden(column))
            hidden << AgentTableModel::columnKey(column);
    }
    settings.setValue(kHiddenColumnsKey, hidden);
    settings.setValue(kHeaderStateKey, m_table->horizontalHeader()->saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
}

void InventoryPage::showError(const QString &message)
{
    m_banner->showError(message);
}

void InventoryPage::retranslateUi()
{
    Page::retranslateUi();
    m_model->retranslate();
    const auto actions = m_columnsMenu->actions();
    for (QAction *action : actions)
        action->setText(m_model->headerData(action->data().toInt(), Qt::Horizontal).toString());
    updateOverlay();
    showCount();
    const QString texts[] = {tr("Revoke sessions\u2026"), tr("Suspend\u2026"), tr("Resume\u2026"), tr("Retire\u2026")};
    const QString tips[] = {tr("Revoke every live session of the selected agent (Del)"),
                            tr("Suspend the selected agent and revoke its sessions (Ctrl+Shift+S)"),
                            tr("Let the selected agent work again (Ctrl+Shift+R)"),
                            tr("Retire the selected agent for good and revoke its sessions (Ctrl+Shift+T)")};
    for (int i = 0; i < m_actions.size(); ++i) {
        m_actions.at(i)->setText(texts[i]);
        m_actions.at(i)->setToolTip(tips[i]);
    }
}

} // namespace mandate::ui
