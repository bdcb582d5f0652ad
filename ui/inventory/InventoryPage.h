#pragma once

#include "../Page.h"

#include <store/Queries.h>

#include <optional>

class QLabel;
class QMenu;
class QSplitter;
class QTableView;
class QToolButton;

namespace mandate {
class Backend;
}

namespace mandate::ui {

class AgentDetailsPane;
class AgentFilterBar;
class AgentTableModel;
class ErrorBanner;

// The agent inventory: filters over a paged table of agents, and the details of the selected
// agent beside it. Everything comes from the backend asynchronously; the page never waits.
class InventoryPage final : public Page
{
    Q_OBJECT

public:
    explicit InventoryPage(Backend &backend, QWidget *parent = nullptr);
    ~InventoryPage() override;
    Q_DISABLE_COPY_MOVE(InventoryPage)

    void activate() override;
    void restoreSettings() override;
    void saveSettings() const override;

    AgentTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    AgentDetailsPane *detailsPane() const { return m_details; }
    QMenu *columnsMenu() const { return m_columnsMenu; }

    // Selects the first agent once the first rows arrive, and is ready only when its details
    // are on screen (a screenshot shows a filled details pane).
    void setAutoSelectFirstRow(bool enabled) { m_autoSelectFirstRow = enabled; }
    void selectRow(int row);

    // Shows only the active agents with this hygiene problem (the overview's alerts open these).
    void showHygiene(HygieneFilter hygiene);
    // The agents most recently at work first.
    void showRecentlyActive();
    // On the selected agent, after the blast radius and a reason: 0 revoke its sessions,
    // 1 suspend, 2 resume, 3 retire.
    void actOnSelected(int action);
    QToolButton *actionButton(int action) const { return m_actions.value(action); }

protected:
    void retranslateUi() override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter();
    void refreshCount();
    void showCount();
    void onFirstRows();
    void onCurrentRowChanged();
    void updateOverlay();
    void updateReadiness();
    void buildColumnsMenu();
    void setColumnVisible(int column, bool visible);
    void showError(const QString &message);
    void updateActions();

    Backend &m_backend;
    QList<QToolButton *> m_actions;
    AgentTableModel *m_model;
    AgentFilterBar *m_filterBar;
    ErrorBanner *m_banner;
    QSplitter *m_splitter;
    QTableView *m_table;
    QLabel *m_overlay;
    AgentDetailsPane *m_details;
    QMenu *m_columnsMenu;

    QString m_selectedId; // kept across a new query, to select the agent again if it is still there
    std::optional<qint64> m_count; // the last count, shown again on a language change
    quint64 m_countGeneration = 0;
    bool m_started = false;
    bool m_persistSettings = false;
    bool m_countKnown = false;
    bool m_autoSelectFirstRow = false;
    bool m_waitingForFirstDetails = false;
};

} // namespace mandate::ui
