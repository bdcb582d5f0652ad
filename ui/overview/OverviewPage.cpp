#include "OverviewPage.h"

#include "../Async.h"
#include "../Theme.h"
#include "../widgets/ErrorBanner.h"

#include <backend/Backend.h>

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QSettings>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QValueAxis>
#include <QVBoxLayout>

namespace mandate::ui {

namespace {

const QColor kAllow{0x2e, 0x7d, 0x32};
const QColor kDeny{0xc6, 0x28, 0x28};
const QColor kStepUp{0xe0, 0x8e, 0x00};

QString count(qint64 n)
{
    return n < 0 ? QStringLiteral("\u2026") : QLocale().toString(n);
}

QAreaSeries *area(QLineSeries *upper, QLineSeries *lower, const QColor &colour)
{
    auto *a = new QAreaSeries(upper, lower);
    QColor fill = colour;
    fill.setAlpha(170);
    a->setBrush(fill);
    // Stacked areas share their edges: an outline would draw every empty layer on top.
    a->setPen(lower ? QPen(Qt::NoPen) : QPen(colour, 1.5));
    return a;
}

QChart *chart()
{
    auto *c = new QChart;
    c->setBackgroundRoundness(6);
    c->setBackgroundBrush(Qt::white);
    c->setBackgroundPen(QPen(theme::kBorder));
    c->setMargins(QMargins(6, 6, 6, 6));
    c->legend()->setAlignment(Qt::AlignBottom);
    QFont title = c->titleFont();
    title.setWeight(QFont::DemiBold);
    title.setPointSizeF(title.pointSizeF() * 1.05);
    c->setTitleFont(title);
    c->setTitleBrush(theme::kText);
    return c;
}

} // namespace

FigureCard::FigureCard(QWidget *parent)
    : QPushButton(parent), m_value(new QLabel(this)), m_caption(new QLabel(this)), m_detail(new QLabel(this))
{
    setProperty("card", true);
    setCursor(Qt::PointingHandCursor);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.9);
    big.setWeight(QFont::DemiBold);
    m_value->setFont(big);
    m_caption->setStyleSheet(QStringLiteral("color: #3c474e; font-weight: 600;"));
    m_detail->setProperty("role", QStringLiteral("muted"));
    m_caption->setWordWrap(true);
    m_detail->setWordWrap(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(2);
    layout->addWidget(m_value);
    layout->addWidget(m_caption);
    layout->addWidget(m_detail);
    layout->addStretch(1);
    for (QLabel *l : {m_value, m_caption, m_detail})
        l->setAttribute(Qt::WA_TransparentForMouseEvents);
}

void FigureCard::setFigure(const QString &value, const QString &caption, const QString &detail)
{
    m_value->setText(value);
    m_caption->setText(caption);
    m_detail->setText(detail);
    setAccessibleName(QStringLiteral("%1 %2").arg(value, caption));
}

QString FigureCard::value() const
{
    return m_value->text();
}

QSize FigureCard::sizeHint() const
{
    // As wide as the number needs; the caption and detail wrap.
    return QSize(140, layout()->heightForWidth(140) > 0 ? layout()->heightForWidth(140) : layout()->sizeHint().height());
}

OverviewPage::OverviewPage(Backend &backend, QWidget *parent)
    : Page(PageId::Overview, parent)
    , m_backend(backend)
    , m_banner(new ErrorBanner(this))
    , m_windows(new QButtonGroup(this))
    , m_render(new QTimer(this))
    , m_figures(new QTimer(this))
{
    // The window: 15 minutes to a week.
    auto *windowBar = new QHBoxLayout;
    windowBar->setSpacing(0);
    auto *windowLabel = new QLabel(this);
    windowLabel->setObjectName(QStringLiteral("windowLabel"));
    windowLabel->setProperty("role", QStringLiteral("muted"));
    windowBar->addWidget(windowLabel);
    windowBar->addSpacing(8);
    const char *names[] = {"window15m", "window1h", "window24h", "window7d"};
    for (int i = 0; i < 4; ++i) {
        auto *b = new QToolButton(this);
        b->setObjectName(QString::fromLatin1(names[i]));
        b->setCheckable(true);
        b->setProperty("segment", true);
        m_windows->addButton(b, i);
        windowBar->addWidget(b);
    }
    windowBar->addStretch(1);
    m_windows->button(int(m_window))->setChecked(true);
    connect(m_windows, &QButtonGroup::idClicked, this,
            [this](int id) { setWindow(ActivityHistory::Window(id)); });

    auto *figures = new QGridLayout;
    figures->setSpacing(10);
    for (int i = 0; i < FigureCount; ++i) {
        auto *card = new FigureCard(this);
        card->setObjectName(QStringLiteral("figure%1").arg(i));
        m_cards << card;
        figures->addWidget(card, 0, i);
        figures->setColumnStretch(i, 1);
    }
    connect(m_cards[ActiveSessions], &QPushButton::clicked, this, [this] { Q_EMIT openPage(PageId::Sessions); });
    connect(m_cards[ActiveAgents], &QPushButton::clicked, this, &OverviewPage::openRecentlyActive);
    connect(m_cards[Decisions], &QPushButton::clicked, this, [this] { Q_EMIT openPage(PageId::Audit); });
    connect(m_cards[PendingApprovals], &QPushButton::clicked, this, [this] { Q_EMIT openPage(PageId::Approvals); });
    connect(m_cards[Ownerless], &QPushButton::clicked, this, [this] { Q_EMIT openInventory(HygieneFilter::OwnerGone); });
    connect(m_cards[Dormant], &QPushButton::clicked, this, [this] { Q_EMIT openInventory(HygieneFilter::Dormant); });
    connect(m_cards[OverScoped], &QPushButton::clicked, this, [this] { Q_EMIT openInventory(HygieneFilter::OverScoped); });

    // Active sessions
    m_sessionsChart = chart();
    m_sessionsLine = new QLineSeries(this);
    m_sessionsArea = area(m_sessionsLine, nullptr, theme::kAccent);
    m_sessionsChart->addSeries(m_sessionsArea);
    m_sessionsChart->legend()->hide();
    // Decisions, stacked: allow at the bottom, then deny, then step-up.
    m_decisionsChart = chart();
    for (auto *&line : m_decisionLines)
        line = new QLineSeries(this);
    const QColor colours[] = {kAllow, kDeny, kStepUp};
    for (int i = 0; i < 3; ++i) {
        m_decisionAreas[i] = area(m_decisionLines[i + 1], m_decisionLines[i], colours[i]);
        m_decisionsChart->addSeries(m_decisionAreas[i]);
    }
    // Tokens
    m_tokensChart = chart();
    m_tokensLine = new QLineSeries(this);
    m_tokensArea = area(m_tokensLine, nullptr, QColor(0x35, 0x5c, 0xa8));
    m_tokensChart->addSeries(m_tokensArea);
    m_tokensChart->legend()->hide();
    for (QChart *c : {m_sessionsChart, m_decisionsChart, m_tokensChart}) {
        auto *time = new QDateTimeAxis(c);
        time->setTickCount(7);
        time->setGridLineColor(QColor(0xec, 0xef, 0xf1));
        auto *values = new QValueAxis(c);
        values->setLabelFormat(QStringLiteral("%.0f"));
        values->setGridLineColor(QColor(0xec, 0xef, 0xf1));
        c->addAxis(time, Qt::AlignBottom);
        c->addAxis(values, Qt::AlignLeft);
        for (QAbstractSeries *s : c->series()) {
            s->attachAxis(time);
            s->attachAxis(values);
        }
        m_timeAxes << time;
        m_valueAxes << values;
    }
    // Agents denied most
    m_deniedChart = chart();
    m_deniedChart->legend()->hide();
    m_deniedSeries = new QHorizontalBarSeries(this);
    m_deniedSet = new QBarSet(QString(), this);
    m_deniedSet->setColor(kDeny);
    m_deniedSet->setBorderColor(kDeny);
    m_deniedSeries->append(m_deniedSet);
    m_deniedSeries->setBarWidth(0.6);
    m_deniedChart->addSeries(m_deniedSeries);
    m_deniedAxis = new QBarCategoryAxis(m_deniedChart);
    m_deniedAxis->setGridLineVisible(false);
    m_deniedValues = new QValueAxis(m_deniedChart);
    m_deniedValues->setLabelFormat(QStringLiteral("%.0f"));
    m_deniedValues->setGridLineColor(QColor(0xec, 0xef, 0xf1));
    m_deniedChart->addAxis(m_deniedAxis, Qt::AlignLeft);
    m_deniedChart->addAxis(m_deniedValues, Qt::AlignBottom);
    m_deniedSeries->attachAxis(m_deniedAxis);
    m_deniedSeries->attachAxis(m_deniedValues);

    auto *charts = new QGridLayout;
    charts->setSpacing(10);
    charts->addWidget(makeChartView(m_sessionsChart), 0, 0);
    charts->addWidget(makeChartView(m_decisionsChart), 0, 1);
    charts->addWidget(makeChartView(m_tokensChart), 1, 0);
    charts->addWidget(makeChartView(m_deniedChart), 1, 1);

    contentLayout()->addWidget(m_banner);
    contentLayout()->addLayout(windowBar);
    contentLayout()->addLayout(figures);
    contentLayout()->addLayout(charts, 1);

    // Charts redraw at most once a second however fast events come; the figures that need
    // the store (summary, hygiene) every ten seconds.
    m_render->setInterval(1000);
    connect(m_render, &QTimer::timeout, this, [this] {
        m_history.advanceTo(m_backend.nowMs());
        // Hidden, the page only keeps counting; it draws when it is seen.
        if (isVisible()) {
            m_dirty = false;
            renderCharts();
            renderFigures();
        }
    });
    m_figures->setInterval(10'000);
    connect(m_figures, &QTimer::timeout, this, &OverviewPage::refreshFigures);
    connect(&m_backend, &Backend::eventsCommitted, this, &OverviewPage::onEvents);
    connect(m_banner, &ErrorBanner::retryRequested, this, &OverviewPage::reload);

    retranslateUi();
    renderFigures();
}

OverviewPage::~OverviewPage() = default;

QChartView *OverviewPage::makeChartView(QChart *c)
{
    auto *view = new QChartView(c, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    view->setFrameShape(QFrame::NoFrame);
    view->setBackgroundBrush(theme::kWindow);
    return view;
}

void OverviewPage::activate()
{
    if (m_started)
        return;
    m_started = true;
    reload();
    m_render->start();
    m_figures->start();
}

void OverviewPage::restoreSettings()
{
    m_persistSettings = true;
    const int saved = QSettings().value(QStringLiteral("overview/window"), int(m_window)).toInt();
    if (saved >= 0 && saved <= int(ActivityHistory::Window::Week) && saved != int(m_window)) {
        m_window = ActivityHistory::Window(saved);
        m_windows->button(saved)->setChecked(true);
        if (m_started)
            reload();
    }
}

void OverviewPage::saveSettings() const
{
    if (m_persistSettings)
        QSettings().setValue(QStringLiteral("overview/window"), int(m_window));
}

void OverviewPage::setWindow(ActivityHistory::Window window)
{
    m_window = window;
    if (QAbstractButton *b = m_windows->button(int(window)); b && !b->isChecked())
        b->setChecked(true);
    reload();
}

void OverviewPage::reload()
{
    m_banner->hide();
    const quint64 generation = ++m_generation;
    onResult(m_backend.activity(ActivityHistory::queryFor(m_window, m_backend.nowMs())), this,
             [this, generation](const Result<Activity> &activity) {
                 if (generation != m_generation)
                     return;
                 if (!activity) {
                     m_banner->showError(activity.error().message);
                     markReady();
                     return;
                 }
                 m_history.reset(*activity);
                 if (m_summary)
                     m_history.setLiveSessions(m_summary->activeSessions);
                 m_mostDenied = activity->mostDenied;
                 m_agentsActiveToday = activity->agentsActiveToday;
                 renderCharts();
                 renderFigures();
                 checkReady();
             });
    refreshFigures();
}

void OverviewPage::refreshFigures()
{
    onResult(m_backend.summary(), this, [this](const Result<StoreSummary> &summary) {
        if (!summary) {
            // Said once, in the banner; the page is as ready as it will get.
            m_banner->showError(summary.error().message);
            markReady();
            return;
        }
        m_summary = *summary;
        m_history.setLiveSessions(summary->activeSessions);
        m_dirty = true;
        renderFigures();
        checkReady();
    });
    const HygieneFilter kinds[] = {HygieneFilter::OwnerGone, HygieneFilter::Dormant, HygieneFilter::OverScoped};
    for (int i = 0; i < 3; ++i) {
        AgentFilter filter;
        filter.hygiene = kinds[i];
        filter.nowMs = m_backend.nowMs();
        // Retired agents are no longer a hygiene problem.
        filter.status = AgentStatus::Active;
        onResult(m_backend.countAgents(filter), this, [this, i](const Result<qint64> &n) {
            m_hygiene[i] = n ? *n : -1;
            m_hygieneAnswered[i] = true;
            if (!n)
                m_banner->showError(n.error().message);
            renderFigures();
            checkReady();
        });
    }
}

void OverviewPage::checkReady()
{
    if (isReady() || m_history.isEmpty() || !m_summary)
        return;
    for (bool answered : m_hygieneAnswered) {
        if (!answered)
            return;
    }
    markReady();
}

void OverviewPage::onEvents(const QList<AuditEvent> &events)
{
    if (m_history.add(events))
        m_dirty = true;
    for (const AuditEvent &e : events) {
        if (e.type != QLatin1StringView("authz.decision") || e.decision != QLatin1StringView("deny"))
            continue;
        bool found = false;
        for (DeniedAgent &d : m_mostDenied) {
            if (d.agentId == e.agentId) {
                ++d.denials;
                found = true;
            }
        }
        if (!found && m_mostDenied.size() < 8)
            m_mostDenied << DeniedAgent{e.agentId, e.agentId, 1};
        m_dirty = true;
    }
    std::stable_sort(m_mostDenied.begin(), m_mostDenied.end(),
                     [](const DeniedAgent &a, const DeniedAgent &b) { return a.denials > b.denials; });
}

void OverviewPage::renderFigures()
{
    const qint64 now = m_backend.nowMs();
    const QLocale locale;
    m_cards[ActiveSessions]->setFigure(count(m_summary ? m_summary->activeSessions : -1), tr("Active sessions"),
                                       tr("running right now"));
    m_cards[ActiveAgents]->setFigure(count(m_agentsActiveToday), tr("Agents active today"), tr("since midnight UTC"));
    const double allow = m_history.perMinute(&ActivityBucket::allow, now);
    const double deny = m_history.perMinute(&ActivityBucket::deny, now);
    const double stepUp = m_history.perMinute(&ActivityBucket::stepUp, now);
    m_cards[Decisions]->setFigure(m_history.isEmpty() ? QStringLiteral("\u2026") : locale.toString(allow + deny + stepUp, 'f', 1),
                                  tr("Decisions per minute"),
                                  tr("%1 allow \u00b7 %2 deny \u00b7 %3 step-up")
                                          .arg(locale.toString(allow, 'f', 1), locale.toString(deny, 'f', 1),
                                               locale.toString(stepUp, 'f', 1)));
    m_cards[PendingApprovals]->setFigure(count(m_summary ? m_summary->pendingStepUps : -1), tr("Pending approvals"),
                                         tr("step-ups awaiting a person"));
    m_cards[Ownerless]->setFigure(count(m_hygiene[0]), tr("Ownerless agents"), tr("owner disabled or left"));
    m_cards[Dormant]->setFigure(count(m_hygiene[1]), tr("Dormant agents"), tr("idle for 30 days"));
    m_cards[OverScoped]->setFigure(count(m_hygiene[2]), tr("Over-scoped agents"), tr("use little of their ceiling"));
    auto attention = [this](int card, bool on) {
        if (m_cards[card]->property("attention").toBool() == on)
            return;
        m_cards[card]->setProperty("attention", on);
        // A dynamic property takes effect in the style sheet once the widget is polished again.
        m_cards[card]->style()->unpolish(m_cards[card]);
        m_cards[card]->style()->polish(m_cards[card]);
    };
    attention(PendingApprovals, m_summary && m_summary->pendingStepUps > 0);
    for (int i : {int(Ownerless), int(Dormant), int(OverScoped)})
        attention(i, m_hygiene[i - Ownerless] > 0);
}

void OverviewPage::renderCharts()
{
    const QList<ActivityBucket> &buckets = m_history.buckets();
    if (buckets.isEmpty())
        return;
    const double minutes = double(m_history.bucketMs()) / 60000.0;
    // Points at the middle of each bucket; the last bucket (still filling) is scaled by what
    // has elapsed of it, so that its rate is not read as a drop.
    const qint64 now = m_backend.nowMs();
    QList<QPointF> sessions, tokens, base, allow, deny, stepUp;
    // At least 0..5: integer ticks on a quiet chart.
    qreal maxSessions = 5, maxDecisions = 5, maxTokens = 5;
    for (const ActivityBucket &b : buckets) {
        const qreal x = qreal(b.startMs + m_history.bucketMs() / 2);
        double span = minutes;
        if (now >= b.startMs && now < b.startMs + m_history.bucketMs())
            span = qMax(0.25, double(now - b.startMs) / 60000.0);
        const qreal a = b.allow / span;
        const qreal d = b.deny / span;
        const qreal s = b.stepUp / span;
        sessions << QPointF(x, b.activeSessions);
        tokens << QPointF(x, b.tokens / span);
        base << QPointF(x, 0);
        allow << QPointF(x, a);
        deny << QPointF(x, a + d);
        stepUp << QPointF(x, a + d + s);
        maxSessions = qMax<qreal>(maxSessions, b.activeSessions);
        maxDecisions = qMax(maxDecisions, a + d + s);
        maxTokens = qMax<qreal>(maxTokens, b.tokens / span);
    }
    m_sessionsLine->replace(sessions);
    m_tokensLine->replace(tokens);
    m_decisionLines[0]->replace(base);
    m_decisionLines[1]->replace(allow);
    m_decisionLines[2]->replace(deny);
    m_decisionLines[3]->replace(stepUp);
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(buckets.constFirst().startMs);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(buckets.constLast().startMs + m_history.bucketMs());
    const bool days = m_window == ActivityHistory::Window::Week;
    for (QDateTimeAxis *axis : std::as_const(m_timeAxes)) {
        axis->setRange(from, to);
        axis->setFormat(days ? QStringLiteral("ddd HH:mm") : QStringLiteral("HH:mm"));
    }
    const qreal maxima[] = {maxSessions, maxDecisions, maxTokens};
    for (int i = 0; i < m_valueAxes.size(); ++i) {
        m_valueAxes[i]->setRange(0, maxima[i] * 1.1);
        m_valueAxes[i]->applyNiceNumbers();
    }

    QStringList names;
    QList<qreal> values;
    qreal maxDenied = 5;
    const QFontMetrics fm(font());
    for (int i = int(qMin<qsizetype>(m_mostDenied.size(), 8)) - 1; i >= 0; --i) {
        const DeniedAgent &d = m_mostDenied.at(i);
        // Category names must be unique: two agents of one name get their ids' tails.
        QString name = fm.elidedText(d.agentName, Qt::ElideRight, 180);
        while (names.contains(name))
            name += QStringLiteral(" \u00b7 ") + d.agentId.right(4);
        names << name;
        values << qreal(d.denials);
        maxDenied = qMax<qreal>(maxDenied, d.denials);
    }
    m_deniedAxis->clear();
    m_deniedAxis->append(names);
    m_deniedSet->remove(0, m_deniedSet->count());
    m_deniedSet->append(values);
    m_deniedValues->setRange(0, maxDenied);
    m_deniedValues->applyNiceNumbers();
}

void OverviewPage::retranslateUi()
{
    Page::retranslateUi();
    if (auto *label = findChild<QLabel *>(QStringLiteral("windowLabel")))
        label->setText(tr("Window:"));
    const QString windows[] = {tr("&15 min"), tr("1 &hour"), tr("&24 hours"), tr("&7 days")};
    for (int i = 0; i < 4; ++i)
        m_windows->button(i)->setText(windows[i]);
    m_sessionsChart->setTitle(tr("Active sessions"));
    m_decisionsChart->setTitle(tr("Decisions per minute"));
    m_tokensChart->setTitle(tr("Tokens issued per minute"));
    m_deniedChart->setTitle(tr("Agents denied most"));
    m_decisionAreas[0]->setName(tr("Allow"));
    m_decisionAreas[1]->setName(tr("Deny"));
    m_decisionAreas[2]->setName(tr("Step-up"));
    m_deniedSet->setLabel(tr("Denials"));
    renderFigures();
}

} // namespace mandate::ui
