#pragma once

#include "Pages.h"

#include <store/Queries.h>

#include <QHash>
#include <QMainWindow>

#include <optional>

class QLabel;
class QListWidget;
class QStackedWidget;
class QTimer;

namespace mandate {
class Backend;
}

namespace mandate::ui {

class Page;

// The console's window: navigation on the left, the current page on the right, and a status
// bar that names the connection and sums up the store.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Backend &backend, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    void setCurrentPage(PageId page);
    PageId currentPage() const;
    Page *page(PageId page) const;

    // Reads the window's geometry and the pages' layout from QSettings, and from then on
    // keeps them there. Without this call (a screenshot) nothing is read or written.
    void restoreSettings();
    void saveSettings() const;

    // True once the store summary is in the status bar.
    bool hasSummary() const { return m_summary.has_value(); }

    static constexpr int kSummaryRefreshMs = 30'000;

Q_SIGNALS:
    void currentPageChanged(mandate::ui::PageId page);
    void summaryShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildSidebar();
    void buildStatusBar();
    void refreshSummary();
    void showSummary();
    void retranslateUi();

    Backend &m_backend;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    QHash<PageId, Page *> m_pageById;
    QLabel *m_sidebarTitle;
    QLabel *m_sidebarFooter;
    QLabel *m_connection;
    QLabel *m_humans;
    QLabel *m_agents;
    QLabel *m_sessions;
    QLabel *m_approvals;
    QTimer *m_summaryTimer;
    std::optional<StoreSummary> m_summary;
    bool m_summaryInFlight = false;
    bool m_persistSettings = false;
};

} // namespace mandate::ui
