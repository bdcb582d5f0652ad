#include "SessionsPage.h"

#include "../widgets/ErrorBanner.h"
#include "LiveSessionModel.h"
#include "RevokeDialog.h"

#include <backend/Backend.h>

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace mandate::ui {

void SessionFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void SessionFilterProxy::setDepthFilter(DepthFilter depth)
{
    m_depth = depth;
    invalidateFilter();
}

bool SessionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    const int depth = m->index(sourceRow, LiveSessionModel::Depth, sourceParent).data(LiveSessionModel::RawRole).toInt();
    if (m_depth == DepthFilter::Roots && depth != 0)
        return false;
    if (m_depth == DepthFilter::SubAgents && depth == 0)
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column : {LiveSessionModel::Agent, LiveSessionModel::Task, LiveSessionModel::Human,
                       LiveSessionModel::Scopes, LiveSessionModel::Id}) {
        if (m->index(sourceRow, column, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

SessionsPage::SessionsPage(Backend &backend, QWidget *parent)
    : Page(PageId::Sessions, parent)
    , m_backend(backend)
    , m_model(new LiveSessionModel(backend, this))
    , m_proxy(new SessionFilterProxy(this))
    , m_banner(new ErrorBanner(this))
    , m_search(new QLineEdit(this))
    , m_depth(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_revoke(new QToolButton(this))
    , m_tree(new QToolButton(this))
    , m_revokeMenu(new QMenu(this))
    , m_table(new QTableView(this))
{
    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_depth->setObjectName(QStringLiteral("sessionDepth"));
    m_count->setObjectName(QStringLiteral("sessionCount"));
    m_revoke->setObjectName(QStringLiteral("revokeSession"));
    m_tree->setObjectName(QStringLiteral("showTree"));
    m_table->setObjectName(QStringLiteral("sessionTable"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LiveSessionModel::RawRole);
    m_proxy->setDynamicSortFilter(true);

    m_search->setClearButtonEnabled(true);
    m_search->addAction(QIcon(QStringLiteral(":/icons/search.svg")), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(280);
    m_depth->addItem(QString(), int(SessionFilterProxy::DepthFilter::Any));
    m_depth->addItem(QString(), int(SessionFilterProxy::DepthFilter::Roots));
    m_depth->addItem(QString(), int(SessionFilterProxy::DepthFilter::SubAgents));
    m_count->setProperty("role", QStringLiteral("muted"));

    m_revoke->setIcon(QIcon(QStringLiteral(":/icons/revoke.svg")));
    m_revoke->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_revoke->setPopupMode(QToolButton::MenuButtonPopup);
    m_revoke->setMenu(m_revokeMenu);
    m_tree->setIcon(QIcon(QStringLiteral(":/icons/delegations.svg")));
    m_tree->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (int kind : {int(RevocationTarget::Kind::Session), int(RevocationTarget::Kind::Agent),
                     int(RevocationTarget::Kind::Human)}) {
        auto *action = m_revokeMenu->addAction(QString());
        action->setData(kind);
        connect(action, &QAction::triggered, this, [this, kind] { revokeSelected(kind); });
    }

    auto *bar = new QHBoxLayout;
    bar->setSpacing(8);
    bar->addWidget(m_search);
    bar->addWidget(m_depth);
    bar->addWidget(m_count);
    bar->addStretch(1);
    bar->addWidget(m_tree);
    bar->addWidget(m_revoke);

    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setStretchLastSection(true);
    const int em = m_table->fontMetrics().averageCharWidth();
    const int widths[] = {30, 44, 18, 9, 26, 12, 30, 16, 32};
    QFont headerFont = header->font();
    headerFont.setWeight(QFont::DemiBold);
    const QFontMetrics hfm(headerFont);
    for (int c = 0; c < LiveSessionModel::ColumnCount; ++c) {
        // Room for the header's text and its sort arrow, in any language.
        const int title = hfm.horizontalAdvance(m_model->headerData(c, Qt::Horizontal).toString()) + 40;
        m_table->setColumnWidth(c, qMax(widths[c] * em, title));
    }
    m_table->setColumnHidden(LiveSessionModel::Issued, true);
    m_table->setColumnHidden(LiveSessionModel::Id, true);
    header->setSortIndicator(LiveSessionModel::TimeLeft, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);

    contentLayout()->addWidget(m_banner);
    contentLayout()->addLayout(bar);
    contentLayout()->addWidget(m_table, 1);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &SessionFilterProxy::setText);
    connect(m_depth, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setDepthFilter(SessionFilterProxy::DepthFilter(m_depth->currentData().toInt()));
    });
    connect(m_revoke, &QToolButton::clicked, this, [this] { revokeSelected(int(RevocationTarget::Kind::Session)); });
    connect(m_tree, &QToolButton::clicked, this, [this] {
        if (const QString id = selectedSessionId(); !id.isEmpty())
            Q_EMIT showTreeRequested(id);
    });
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (const QString id = selectedSessionId(); !id.isEmpty())
            Q_EMIT showTreeRequested(id);
    });
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!selectedSessionId().isEmpty())
            m_revokeMenu->popup(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPage::updateActions);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SessionsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &SessionsPage::updateCount);
    connect(m_model, &LiveSessionModel::errorOccurred, m_banner, &ErrorBanner::showError);
    connect(m_model, &LiveSessionModel::loaded, this, [this] {
        updateCount();
        markReady();
    });
    connect(m_banner, &ErrorBanner::retryRequested, m_model, &LiveSessionModel::load);

    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    auto *revoke = new QShortcut(QKeySequence::Delete, m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(revoke, &QShortcut::activated, this, [this] { revokeSelected(int(RevocationTarget::Kind::Session)); });
    auto *tree = new QShortcut(QKeySequence(Qt::Key_Return), m_table, nullptr, nullptr, Qt::WidgetShortcut);
    connect(tree, &QShortcut::activated, m_tree, &QToolButton::click);

    retranslateUi();
    updateActions();
}

SessionsPage::~SessionsPage() = default;

void SessionsPage::activate()
{
    if (m_started)
        return;
    m_started = true;
    m_model->load();
}

void SessionsPage::restoreSettings()
{
    m_persistSettings = true;
    const QByteArray state = QSettings().value(QStringLiteral("sessions/headerState")).toByteArray();
    if (!state.isEmpty())
        m_table->horizontalHeader()->restoreState(state);
}

void SessionsPage::saveSettings() const
{
    if (m_persistSettings)
        QSettings().setValue(QStringLiteral("sessions/headerState"), m_table->horizontalHeader()->saveState());
}

QString SessionsPage::selectedSessionId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.constFirst().data(LiveSessionModel::SessionIdRole).toString();
}

void SessionsPage::revokeSelected(int kind)
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QModelIndex source = m_proxy->mapToSource(rows.constFirst());
    const SessionInfo &s = m_model->sessionAt(source.row());
    RevocationTarget target;
    target.kind = RevocationTarget::Kind(kind);
    QString name;
    switch (target.kind) {
    case RevocationTarget::Kind::Agent:
        target.id = s.session.agentId;
        name = s.agentName.isEmpty() ? s.session.agentId : s.agentName;
        break;
    case RevocationTarget::Kind::Human:
        target.id = s.session.humanId;
        name = s.humanName.isEmpty() ? s.session.humanId : s.humanName;
        break;
    default:
        target.kind = RevocationTarget::Kind::Session;
        target.id = s.session.id;
        name = s.session.task;
        break;
    }
    auto *dialog = new RevokeDialog(m_backend, RevokeDialog::Action::Revoke, target, name, this);
    dialog->open();
}

void SessionsPage::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    if (!m_model->isLoaded())
        m_count->setText(tr("loading\u2026"));
    else if (shown == all)
        m_count->setText(tr("%Ln live session(s)", "", all));
    else
        m_count->setText(tr("%1 of %Ln live session(s)", "", all).arg(QLocale().toString(shown)));
}

void SessionsPage::updateActions()
{
    const bool any = !selectedSessionId().isEmpty();
    m_revoke->setEnabled(any);
    m_tree->setEnabled(any);
}

void SessionsPage::retranslateUi()
{
    Page::retranslateUi();
    m_model->retranslate();
    m_search->setPlaceholderText(tr("Filter by agent, task, person, scope or session id (Ctrl+F)"));
    m_depth->setItemText(0, tr("All depths"));
    m_depth->setItemText(1, tr("Root sessions"));
    m_depth->setItemText(2, tr("Sub-agent sessions"));
    m_revoke->setText(tr("Revoke\u2026"));
    m_revoke->setToolTip(tr("Revoke the selected session and its sub-agents (Del)"));
    m_tree->setText(tr("Delegation tree"));
    m_tree->setToolTip(tr("Show the selected session's delegation tree (Enter)"));
    const auto actions = m_revokeMenu->actions();
    for (QAction *action : actions) {
        switch (RevocationTarget::Kind(action->data().toInt())) {
        case RevocationTarget::Kind::Session:
            action->setText(tr("Revoke this session and its sub-agents\u2026"));
            break;
        case RevocationTarget::Kind::Agent:
            action->setText(tr("Revoke every session of this agent\u2026"));
            break;
        case RevocationTarget::Kind::Human:
            action->setText(tr("Revoke everything this person delegated\u2026"));
            break;
        default:
            break;
        }
    }
    updateCount();
}

} // namespace mandate::ui
