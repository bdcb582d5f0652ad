#pragma once

#include "../Page.h"
#include "ActivityHistory.h"

#include <store/Queries.h>

#include <QPushButton>

class QAreaSeries;
class QBarCategoryAxis;
class QBarSet;
class QButtonGroup;
class QChart;
class QChartView;
class QDateTimeAxis;
class QHorizontalBarSeries;
class QLabel;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace mandate {
class Backend;
}

namespace mandate::ui {

class ErrorBanner;

// One figure of the overview: a number, what it counts and a detail line. A button: click,
// Enter or Space opens what it counts.
class FigureCard final : public QPushButton
{
    Q_OBJECT

public:
    explicit FigureCard(QWidget *parent = nullptr);
    void setFigure(const QString &value, const QString &caption, const QString &detail);
    QString value() const;
    QSize sizeHint() const override;

private:
    QLabel *m_value;
    QLabel *m_caption;
    QLabel *m_detail;
};

// What is happening now: live sessions, active agents, decisions per minute, pending
// approvals and the hygiene alerts, each opening the list it counts; and charts of sessions,
// decisions, tokens and the agents denied most over a chosen window, from the store and then
// live.
class OverviewPage final : public Page
{
    Q_OBJECT

public:
    enum Figure { ActiveSessions, ActiveAgents, Decisions, PendingApprovals, Ownerless, Dormant, OverScoped, FigureCount };

    explicit OverviewPage(Backend &backend, QWidget *parent = nullptr);
    ~OverviewPage() override;
    Q_DISABLE_COPY_MOVE(OverviewPage)

    void activate() override;
    void restoreSettings() override;
    void saveSettings() const override;
    void setWindow(ActivityHistory::Window window);
    ActivityHistory::Window window() const { return m_window; }
    FigureCard *card(Figure figure) const { return m_cards.at(figure); }
    const ActivityHistory &history() const { return m_history; }

Q_SIGNALS:
    void openPage(mandate::ui::PageId page);
    void openInventory(mandate::HygieneFilter hygiene);
    void openRecentlyActive();

protected:
    void retranslateUi() override;

private:
    void reload();
    void refreshFigures();
    void onEvents(const QList<AuditEvent> &events);
    void renderCharts();
    void renderFigures();
    void checkReady();
    QChartView *makeChartView(QChart *chart);

    Backend &m_backend;
    ErrorBanner *m_banner;
    QButtonGroup *m_windows;
    QList<FigureCard *> m_cards;
    ActivityHistory m_history;
    ActivityHistory::Window m_window = ActivityHistory::Window::Hour;
    QList<DeniedAgent> m_mostDenied;
    std::optional<StoreSummary> m_summary;
    qint64 m_agentsActiveToday = -1;
    qint64 m_hygiene[3] = {-1, -1, -1}; // -1: not known
    bool m_hygieneAnswered[3] = {false, false, false};
    quint64 m_generation = 0;
    bool m_started = false;
    bool m_dirty = false;
    bool m_persistSettings = false;
    QTimer *m_render;
    QTimer *m_figures;

    QChart *m_sessionsChart;
    QLineSeries *m_sessionsLine;
    QAreaSeries *m_sessionsArea;
    QChart *m_decisionsChart;
    QLineSeries *m_decisionLines[4]; // the base and the tops of allow, deny, step-up
    QAreaSeries *m_decisionAreas[3];
    QChart *m_tokensChart;
    QLineSeries *m_tokensLine;
    QAreaSeries *m_tokensArea;
    QChart *m_deniedChart;
    QHorizontalBarSeries *m_deniedSeries;
    QBarSet *m_deniedSet;
    QBarCategoryAxis *m_deniedAxis;
    QValueAxis *m_deniedValues;
    QList<QDateTimeAxis *> m_timeAxes;
    QList<QValueAxis *> m_valueAxes;
};

} // namespace mandate::ui
