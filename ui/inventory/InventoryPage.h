#pragma once

#include "../Page.h"

#include <optional>

class QLabel;
class QMenu;
class QSplitter;
class QTableView;

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

    Backend &m_backend;
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
