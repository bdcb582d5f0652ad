#include "DelegationsPage.h"

#include "../Async.h"
#include "../Labels.h"
#include "../live/LiveSessionModel.h"
#include "../live/RevokeDialog.h"
#include "../widgets/ErrorBanner.h"
#include "DelegationGraph.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mandate::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QToolButton *tool(QWidget *parent, const QString &objectName)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(objectName);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

DelegationsPage::DelegationsPage(Backend &backend, QWidget *parent)
    : Page(PageId::Delegations, parent)
    , m_backend(backend)
    , m_banner(new ErrorBanner(this))
    , m_search(new QLineEdit(this))
    , m_found(new QLabel(this))
    , m_roots(new QListWidget(this))
    , m_tree(new QTreeWidget(this))
    , m_graph(new DelegationGraph(this))
    , m_details(new QTextBrowser(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_zoomIn(tool(this, QStringLiteral("zoomIn")))
    , m_zoomOut(tool(this, QStringLiteral("zoomOut")))
    , m_fit(tool(this, QStringLiteral("zoomFit")))
    , m_exportPng(tool(this, QStringLiteral("exportPng")))
    , m_exportSvg(tool(this, QStringLiteral("exportSvg")))
    , m_revoke(tool(this, QStringLiteral("revokeNode")))
    , m_revokeMenu(new QMenu(this))
    , m_reload(new QTimer(this))
{
    m_search->setObjectName(QStringLiteral("delegationSearch"));
    m_roots->setObjectName(QStringLiteral("delegationRoots"));
    m_tree->setObjectName(QStringLiteral("delegationTree"));
    m_details->setObjectName(QStringLiteral("sessionDetails"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(QIcon(QStringLiteral(":/icons/search.svg")), QLineEdit::LeadingPosition);
    m_found->setProperty("role", QStringLiteral("muted"));
    m_revoke->setIcon(QIcon(QStringLiteral(":/icons/revoke.svg")));
    m_revoke->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_revoke->setPopupMode(QToolButton::MenuButtonPopup);
    m_revoke->setMenu(m_revokeMenu);
    for (auto kind : {RevocationTarget::Kind::Session, RevocationTarget::Kind::Agent, RevocationTarget::Kind::Human}) {
        auto *action = m_revokeMenu->addAction(QString());
        action->setData(int(kind));
        connect(action, &QAction::triggered, this, [this, kind] { revokeSelected(int(kind)); });
    }

    m_tree->setColumnCount(3);
    m_tree->setUniformRowHeights(true);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 170);
    m_tree->setColumnWidth(1, 56);
    m_details->setOpenLinks(false);
    m_roots->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_roots->setTextElideMode(Qt::ElideRight);
    m_roots->setUniformItemSizes(true);
    m_roots->setSpacing(1);
    m_details->setMinimumWidth(300);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 2);
    bar->addWidget(m_found, 3);

    auto *left = new QSplitter(Qt::Vertical, m_splitter);
    left->addWidget(m_roots);
    left->addWidget(m_tree);
    left->setStretchFactor(0, 2);
    left->setStretchFactor(1, 3);

    auto *middle = new QWidget(m_splitter);
    auto *tools = new QHBoxLayout;
    tools->setSpacing(4);
    for (QToolButton *b : {m_zoomIn, m_zoomOut, m_fit})
        tools->addWidget(b);
    tools->addSpacing(12);
    tools->addWidget(m_exportPng);
    tools->addWidget(m_exportSvg);
    tools->addStretch(1);
    tools->addWidget(m_revoke);
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->addLayout(tools);
    middleLayout->addWidget(m_graph, 1);

    m_splitter->addWidget(left);
    m_splitter->addWidget(middle);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setHandleWidth(10);
    m_splitter->setSizes({290, 820, 310});
    left->setMinimumWidth(260);

    contentLayout()->addWidget(m_banner);
    contentLayout()->addLayout(bar);
    contentLayout()->addWidget(m_splitter, 1);

    m_graph->setClock([&backend] { return backend.nowMs(); });
    // Time left counts down in the graph and the tree; nothing is read again for it.
    auto *countdown = new QTimer(this);
    countdown->setInterval(1000);
    connect(countdown, &QTimer::timeout, this, [this] {
        if (!isVisible() || !m_current)
            return;
        m_graph->viewport()->update();
        const qint64 now = m_backend.nowMs();
        QHash<QString, const SessionInfo *> byId;
        for (const SessionInfo &s : std::as_const(m_current->sessions))
            byId.insert(s.session.id, &s);
        const auto items = m_tree->findItems(QStringLiteral("*"), Qt::MatchWildcard | Qt::MatchRecursive);
        for (QTreeWidgetItem *item : items) {
            const SessionInfo *s = byId.value(item->data(0, kIdRole).toString());
            if (!s)
                continue;
            const SessionStatus status = s->session.effectiveStatus(now);
            item->setText(1, status == SessionStatus::Active ? formatTimeLeft(s->session.expiresAt - now)
                                                             : Labels::text(status));
            item->setIcon(0, Labels::dot(Labels::color(status)));
        }
    });
    countdown->start();

    m_reload->setSingleShot(true);
    m_reload->setInterval(400);
    connect(m_reload, &QTimer::timeout, this, [this] {
        if (m_current)
            loadTree(m_current->rootId);
    });

    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(m_roots, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            loadTree(item->data(kIdRole).toString());
    });
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            select(item->data(0, kIdRole).toString());
    });
    connect(m_graph, &DelegationGraph::sessionSelected, this, &DelegationsPage::select);
    connect(m_zoomIn, &QToolButton::clicked, m_graph, &DelegationGraph::zoomIn);
    connect(m_zoomOut, &QToolButton::clicked, m_graph, &DelegationGraph::zoomOut);
    connect(m_fit, &QToolButton::clicked, m_graph, &DelegationGraph::fit);
    connect(m_exportPng, &QToolButton::clicked, this, [this] { exportGraph(false); });
    connect(m_exportSvg, &QToolButton::clicked, this, [this] { exportGraph(true); });
    connect(m_revoke, &QToolButton::clicked, this, [this] { revokeSelected(int(RevocationTarget::Kind::Session)); });
    connect(&m_backend, &Backend::eventsCommitted, this, &DelegationsPage::onEvents);
    connect(m_banner, &ErrorBanner::retryRequested, this, [this] { search(m_search->text()); });

    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::Find, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    shortcut(QKeySequence::ZoomIn, [this] { m_graph->zoomIn(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Equal), [this] { m_graph->zoomIn(); });
    shortcut(QKeySequence::ZoomOut, [this] { m_graph->zoomOut(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_0), [this] { m_graph->fit(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportGraph(false); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { exportGraph(true); });
    shortcut(QKeySequence::Delete, [this] { revokeSelected(int(RevocationTarget::Kind::Session)); });

    retranslateUi();
    m_revoke->setEnabled(false);
}

DelegationsPage::~DelegationsPage() = default;

void DelegationsPage::activate()
{
    if (m_started) {
        // Hidden, the page let live changes pass; coming back, it reads its tree again.
        if (m_current)
            loadTree(m_current->rootId);
        return;
    }
    m_started = true;
    search(QString());
}

void DelegationsPage::restoreSettings()
{
    m_persistSettings = true;
    const QByteArray state = QSettings().value(QStringLiteral("delegations/splitterState")).toByteArray();
    if (!state.isEmpty())
        m_splitter->restoreState(state);
}

void DelegationsPage::saveSettings() const
{
    if (m_persistSettings)
        QSettings().setValue(QStringLiteral("delegations/splitterState"), m_splitter->saveState());
}

void DelegationsPage::search(const QString &text)
{
    m_started = true;
    m_banner->hide();
    const quint64 generation = ++m_searchGeneration;
    m_found->setText(tr("Searching\u2026"));
    onResult(m_backend.findDelegations(text), this, [this, generation](const Result<DelegationSearch> &found) {
        if (generation != m_searchGeneration)
            return;
        if (!found) {
            m_found->setText(found.error().message);
            markReady();
            return;
        }
        showSearch(*found);
    });
}

void DelegationsPage::showSession(const QString &sessionId)
{
    m_search->setText(sessionId);
    m_pendingSelection = sessionId;
    search(sessionId);
}

void DelegationsPage::showSearch(const DelegationSearch &found)
{
    switch (found.kind) {
    case DelegationSearch::Kind::Recent:
        m_found->setText(tr("The busiest live delegation trees"));
        break;
    case DelegationSearch::Kind::Human:
        m_found->setText(tr("Delegated by %1").arg(found.label));
        break;
    case DelegationSearch::Kind::Agent:
        m_found->setText(tr("Trees with the agent %1").arg(found.label));
        break;
    case DelegationSearch::Kind::Session:
        m_found->setText(tr("The tree of session %1").arg(found.id));
        break;
    }
    const qint64 now = m_backend.nowMs();
    const QSignalBlocker blocker(m_roots);
    m_roots->clear();
    for (const SessionInfo &root : found.roots) {
        auto *item = new QListWidgetItem(m_roots);
        item->setText(QStringLiteral("%1\n%2 \u00b7 %3 \u00b7 %4")
                              .arg(root.session.task, root.agentName, root.humanName,
                                   Labels::relativeTime(root.session.issuedAt, now)));
        item->setIcon(Labels::dot(Labels::color(root.session.effectiveStatus(now))));
        item->setData(kIdRole, root.session.id);
        item->setToolTip(root.session.task);
    }
    if (m_roots->count() == 0) {
        m_tree->clear();
        m_graph->clear();
        m_details->clear();
        m_current.reset();
        m_found->setText(m_found->text() + QStringLiteral(" \u2014 ") + tr("no sessions"));
        markReady();
        return;
    }
    m_roots->setCurrentRow(0);
    loadTree(m_roots->item(0)->data(kIdRole).toString());
}

void DelegationsPage::loadTree(const QString &sessionId)
{
    const quint64 generation = ++m_treeGeneration;
    onResult(m_backend.delegationTree(sessionId), this, [this, generation](const Result<DelegationTree> &tree) {
        if (generation != m_treeGeneration)
            return;
        if (!tree) {
            m_banner->showError(tree.error().message);
            markReady();
            return;
        }
        showTree(*tree);
    });
}

void DelegationsPage::showTree(const DelegationTree &tree)
{
    const bool sameTree = m_current && m_current->rootId == tree.rootId;
    m_current = tree;
    const qint64 now = m_backend.nowMs();
    QString keep = !m_pendingSelection.isEmpty() ? std::exchange(m_pendingSelection, {})
                   : sameTree                   ? m_selected
                                                : tree.rootId;

    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    QHash<QString, QTreeWidgetItem *> items;
    for (const SessionInfo &s : tree.sessions) {
        QTreeWidgetItem *parent = items.value(s.session.parentId);
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        const SessionStatus status = s.session.effectiveStatus(now);
        item->setText(0, s.agentName);
        item->setIcon(0, Labels::dot(Labels::color(status)));
        item->setText(1, status == SessionStatus::Active ? formatTimeLeft(s.session.expiresAt - now) : Labels::text(status));
        item->setText(2, s.session.task);
        item->setToolTip(2, s.session.task);
        item->setData(0, kIdRole, s.session.id);
        items.insert(s.session.id, item);
    }
    m_tree->expandAll();
    m_graph->setTree(tree, now);
    if (!items.contains(keep))
        keep = tree.rootId;
    if (QTreeWidgetItem *item = items.value(keep))
        m_tree->setCurrentItem(item);
    select(keep);
    Q_EMIT treeShown();
}

void DelegationsPage::select(const QString &sessionId)
{
    if (sessionId.isEmpty())
        return;
    m_selected = sessionId;
    m_graph->setSelectedSession(sessionId);
    m_revoke->setEnabled(true);
    const auto found = m_tree->findItems(QStringLiteral("*"), Qt::MatchWildcard | Qt::MatchRecursive);
    for (QTreeWidgetItem *item : found) {
        if (item->data(0, kIdRole).toString() == sessionId && m_tree->currentItem() != item) {
            const QSignalBlocker blocker(m_tree);
            m_tree->setCurrentItem(item);
        }
    }
    const quint64 generation = ++m_detailsGeneration;
    onResult(m_backend.sessionDetails(sessionId), this, [this, generation](const Result<SessionDetails> &details) {
        if (generation != m_detailsGeneration)
            return;
        if (!details)
            m_details->setHtml(esc(details.error().message));
        else
            showDetails(*details);
        markReady();
    });
}

void DelegationsPage::showDetails(const SessionDetails &d)
{
    const qint64 now = m_backend.nowMs();
    const AgentSession &s = d.info.session;
    const SessionStatus status = s.effectiveStatus(now);
    QString html;
    html += QStringLiteral("<h3 style='margin:0'>%1</h3>").arg(esc(d.info.agentName));
    html += QStringLiteral("<p style='color:#5f6b73;margin-top:2px'>%1</p>").arg(esc(s.task));
    auto row = [](const QString &name, const QString &value) {
        return QStringLiteral("<tr><td style='color:#6b767d;padding:2px 10px 2px 0'>%1</td><td>%2</td></tr>")
                .arg(name, value);
    };
    html += QStringLiteral("<table cellspacing='0'>");
    html += row(tr("Status"), QStringLiteral("<span style='color:%1;font-weight:600'>%2</span>")
                                      .arg(Labels::color(status).name(), esc(Labels::text(status))));
    if (status == SessionStatus::Active)
        html += row(tr("Time left"), formatTimeLeft(s.expiresAt - now));
    html += row(tr("On behalf of"), esc(d.info.humanName));
    html += row(tr("Depth"), s.depth == 0 ? tr("root (delegated by a person)") : QString::number(s.depth));
    html += row(tr("Issued"), esc(Labels::longDateTime(s.issuedAt)));
    html += row(tr("Expires"), esc(Labels::longDateTime(s.expiresAt)));
    if (s.status == SessionStatus::Revoked)
        html += row(tr("Revoked"), esc(Labels::longDateTime(s.revokedAt)) + QStringLiteral("<br>") + esc(s.revokedReason));
    html += row(tr("Session"), QStringLiteral("<code>%1</code>").arg(esc(s.id)));
    for (const QString &jti : d.tokenIds)
        html += row(tr("Token"), QStringLiteral("<code>%1</code>").arg(esc(jti)));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<p style='color:#5f6b73;font-weight:600;margin-bottom:2px'>%1</p>").arg(tr("Scopes"));
    QStringList chips;
    for (const QString &scope : s.scopes.values())
        chips << QStringLiteral("<span style='background:#dff0ec;color:#004d40'>&nbsp;%1&nbsp;</span>").arg(esc(scope));
    const ScopeSet removed = d.parentScopes.minus(s.scopes);
    for (const QString &scope : removed.values())
        chips << QStringLiteral("<span style='color:#9aa5ad;text-decoration:line-through'>&nbsp;%1&nbsp;</span>").arg(esc(scope));
    html += chips.join(QStringLiteral(" "));
    if (!removed.isEmpty())
        html += QStringLiteral("<p style='color:#6b767d'>%1</p>").arg(tr("Struck through: held by the parent, narrowed away here."));

    html += QStringLiteral("<p style='color:#5f6b73;font-weight:600;margin-bottom:2px'>%1</p>").arg(tr("Decisions and events"));
    html += QStringLiteral("<table cellspacing='0' width='100%'>");
    int shown = 0;
    for (auto it = d.events.crbegin(); it != d.events.crend() && shown < 60; ++it, ++shown) {
        const AuditEvent &e = *it;
        QString what = e.action.isEmpty() ? e.type : QStringLiteral("%1 %2").arg(e.action, e.resource);
        QString colour = QStringLiteral("#3c474e");
        if (e.decision == QLatin1StringView("deny"))
            colour = QStringLiteral("#c62828");
        else if (e.decision == QLatin1StringView("step_up"))
            colour = QStringLiteral("#b26a00");
        else if (e.decision == QLatin1StringView("allow"))
            colour = QStringLiteral("#2e7d32");
        html += QStringLiteral("<tr><td style='color:#6b767d;padding-right:8px;white-space:nowrap'>%1</td>"
                               "<td>%2 <span style='color:%3;font-weight:600'>%4</span></td></tr>")
                        .arg(esc(Labels::relativeTime(e.time, now)), esc(what), colour, esc(e.decision));
    }
    html += QStringLiteral("</table>");
    m_details->setHtml(html);
}

void DelegationsPage::onEvents(const QList<AuditEvent> &events)
{
    if (!m_current || !isVisible())
        return;
    QSet<QString> ids;
    QSet<QString> agents;
    QSet<QString> humans;
    for (const SessionInfo &s : std::as_const(m_current->sessions)) {
        ids.insert(s.session.id);
        agents.insert(s.session.agentId);
        humans.insert(s.session.humanId);
    }
    for (const AuditEvent &e : events) {
        const QString parent = e.type == QLatin1StringView("session.delegated")
                                       ? QJsonDocument::fromJson(e.detail.toUtf8()).object().value(QLatin1StringView("parent")).toString()
                                       : QString();
        const bool touches = ids.contains(e.sessionId) || ids.contains(parent)
                             || (e.type == QLatin1StringView("agent.sessions_revoked") && agents.contains(e.agentId))
                             || (e.type == QLatin1StringView("human.delegations_revoked") && humans.contains(e.humanId));
        if (touches) {
            if (!m_reload->isActive())
                m_reload->start();
            return;
        }
    }
}

void DelegationsPage::revokeSelected(int kind)
{
    if (m_selected.isEmpty() || !m_current)
        return;
    const SessionInfo *node = nullptr;
    for (const SessionInfo &s : std::as_const(m_current->sessions)) {
        if (s.session.id == m_selected)
            node = &s;
    }
    if (!node)
        return;
    RevocationTarget target{RevocationTarget::Kind(kind), {}};
    QString name;
    switch (target.kind) {
    case RevocationTarget::Kind::Agent:
        target.id = node->session.agentId;
        name = node->agentName;
        break;
    case RevocationTarget::Kind::Human:
        target.id = node->session.humanId;
        name = node->humanName;
        break;
    default:
        target.kind = RevocationTarget::Kind::Session;
        target.id = node->session.id;
        name = node->session.task;
        break;
    }
    auto *dialog = new RevokeDialog(m_backend, RevokeDialog::Action::Revoke, target, name, this);
    connect(dialog, &RevokeDialog::done, this, [this] {
        if (m_current)
            loadTree(m_current->rootId);
    });
    dialog->open();
}

void DelegationsPage::exportGraph(bool svg)
{
    if (!m_current)
        return;
    const QString filter = svg ? tr("SVG image (*.svg)") : tr("PNG image (*.png)");
    auto *dialog = new QFileDialog(this, svg ? tr("Export the graph as SVG") : tr("Export the graph as PNG"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(filter);
    dialog->setDefaultSuffix(svg ? QStringLiteral("svg") : QStringLiteral("png"));
    dialog->selectFile(QStringLiteral("delegation-%1.%2").arg(m_current->rootId, svg ? QStringLiteral("svg") : QStringLiteral("png")));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, svg](const QString &path) {
        const bool ok = svg ? m_graph->exportSvg(path) : m_graph->exportPng(path);
        if (!ok)
            m_banner->showError(tr("Cannot write %1.").arg(path));
    });
    dialog->open();
}

void DelegationsPage::retranslateUi()
{
    Page::retranslateUi();
    m_search->setPlaceholderText(tr("Find a person, an agent or a session id, then Enter (Ctrl+F)"));
    m_tree->setHeaderLabels({tr("Agent"), tr("Left"), tr("Task")});
    m_zoomIn->setText(tr("Zoom in"));
    m_zoomIn->setToolTip(tr("Zoom in (Ctrl++)"));
    m_zoomOut->setText(tr("Zoom out"));
    m_zoomOut->setToolTip(tr("Zoom out (Ctrl+-)"));
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Fit the tree in the view (Ctrl+0)"));
    m_exportPng->setText(tr("Export PNG\u2026"));
    m_exportPng->setToolTip(tr("Save the graph as a PNG image (Ctrl+E)"));
    m_exportSvg->setText(tr("Export SVG\u2026"));
    m_exportSvg->setToolTip(tr("Save the graph as an SVG drawing (Ctrl+Shift+E)"));
    m_revoke->setText(tr("Revoke subtree\u2026"));
    m_revoke->setToolTip(tr("Revoke the selected session and everything below it (Del)"));
    const auto actions = m_revokeMenu->actions();
    for (QAction *action : actions) {
        switch (RevocationTarget::Kind(action->data().toInt())) {
        case RevocationTarget::Kind::Agent:
            action->setText(tr("Revoke every session of this node's agent\u2026"));
            break;
        case RevocationTarget::Kind::Human:
            action->setText(tr("Revoke everything this node's person delegated\u2026"));
            break;
        default:
            action->setText(tr("Revoke this session and everything below it\u2026"));
            break;
        }
    }
}

} // namespace mandate::ui
