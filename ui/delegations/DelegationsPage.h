#pragma once

#include "../Page.h"

#include <backend/Backend.h>

#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QSplitter;
class QTextBrowser;
class QTimer;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace mandate::ui {

class DelegationGraph;
class ErrorBanner;

// Who delegated what to which agent: find a human, an agent or a session; see its delegation
// trees as an expandable tree and as a drawn graph (each hop labelled with the scopes it
// removed); select a node for its session's details and decisions; revoke any node with its
// subtree. The tree follows live events.
class DelegationsPage final : public Page
{
    Q_OBJECT

public:
    explicit DelegationsPage(Backend &backend, QWidget *parent = nullptr);
    ~DelegationsPage() override;
    Q_DISABLE_COPY_MOVE(DelegationsPage)

    void activate() override;
    void restoreSettings() override;
    void saveSettings() const override;

    // Finds what the text names (empty: the busiest live trees).
    void search(const QString &text);
    // Shows the tree holding this session, with the session selected.
    void showSession(const QString &sessionId);
    // Opens the revoke dialog for the selected node and its subtree, or (kind Agent or Human)
    // for every session of the node's agent or everything the node's human delegated.
    void revokeSelected(int kind = int(RevocationTarget::Kind::Session));

    QLineEdit *searchEdit() const { return m_search; }
    QListWidget *rootList() const { return m_roots; }
    QTreeWidget *tree() const { return m_tree; }
    DelegationGraph *graph() const { return m_graph; }
    QString selectedSessionId() const { return m_selected; }
    const std::optional<DelegationTree> &currentTree() const { return m_current; }

Q_SIGNALS:
    void treeShown();

protected:
    void retranslateUi() override;

private:
    void showSearch(const DelegationSearch &found);
    void loadTree(const QString &sessionId);
    void showTree(const DelegationTree &tree);
    void select(const QString &sessionId);
    void showDetails(const SessionDetails &details);
    void onEvents(const QList<AuditEvent> &events);
    void exportGraph(bool svg);

    Backend &m_backend;
    ErrorBanner *m_banner;
    QLineEdit *m_search;
    QLabel *m_found;
    QListWidget *m_roots;
    QTreeWidget *m_tree;
    DelegationGraph *m_graph;
    QTextBrowser *m_details;
    QSplitter *m_splitter;
    QToolButton *m_zoomIn;
    QToolButton *m_zoomOut;
    QToolButton *m_fit;
    QToolButton *m_exportPng;
    QToolButton *m_exportSvg;
    QToolButton *m_revoke;
    QMenu *m_revokeMenu;
    QTimer *m_reload;

    std::optional<DelegationTree> m_current;
    QString m_selected;
    QString m_pendingSelection;
    quint64 m_searchGeneration = 0;
    quint64 m_treeGeneration = 0;
    quint64 m_detailsGeneration = 0;
    bool m_started = false;
    bool m_persistSettings = false;
};

} // namespace mandate::ui
