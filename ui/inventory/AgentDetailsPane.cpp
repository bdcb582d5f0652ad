#include "AgentDetailsPane.h"

#include "../Async.h"
#include "../Labels.h"
#include "../Theme.h"
#include "../widgets/FlowLayout.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

namespace mandate::ui {

namespace {

QLabel *makeLabel(QWidget *parent, const char *objectName, const char *role = nullptr)
{
    auto *label = new QLabel(parent);
    if (objectName)
        label->setObjectName(QString::fromLatin1(objectName));
    if (role)
        label->setProperty("role", QString::fromLatin1(role));
    return label;
}

QLabel *makeValue(QWidget *parent, const char *objectName)
{
    QLabel *label = makeLabel(parent, objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

// A rounded label in a tint of the colour, with the colour as its dot and darker text: status
// and risk read at a glance without shouting.
void setBadge(QLabel *badge, const QString &text, const QColor &color)
{
    badge->setText(QStringLiteral("\u25CF ") + text);
    QColor background = color;
    background.setAlpha(36);
    badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; }")
                                 .arg(background.name(QColor::HexArgb), color.darker(135).name()));
}

} // namespace

AgentDetailsPane::AgentDetailsPane(Backend &backend, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_stack(new QStackedWidget(this))
    , m_empty(makeLabel(this, "detailsEmpty", "muted"))
    , m_loading(makeLabel(this, "detailsLoading", "muted"))
    , m_scroll(new QScrollArea(this))
{
    setObjectName(QStringLiteral("detailsPane"));
    setMinimumWidth(320);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_loading->setAlignment(Qt::AlignCenter);

    m_scroll->setObjectName(QStringLiteral("detailsScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(buildContent());

    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_loading);
    m_stack->addWidget(m_scroll);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    retranslateUi();
    m_stack->setCurrentWidget(m_empty);
}

AgentDetailsPane::~AgentDetailsPane() = default;

QWidget *AgentDetailsPane::buildContent()
{
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("detailsContent"));
    content->setAutoFillBackground(true);
    content->setBackgroundRole(QPalette::Base);

    m_name = makeValue(content, "detailsName");
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.35);
    nameFont.setWeight(QFont::DemiBold);
    m_name->setFont(nameFont);

    m_statusBadge = makeLabel(content, "detailsStatus");
    m_statusBadge->setProperty("badge", true);
    m_riskBadge = makeLabel(content, "detailsRisk");
    m_riskBadge->setProperty("badge", true);
    auto *badges = new QHBoxLayout;
    badges->setSpacing(6);
    badges->addWidget(m_statusBadge);
    badges->addWidget(m_riskBadge);
    badges->addStretch(1);

    m_purpose = makeValue(content, "detailsPurpose");

    auto sectionTitle = [content](const char *objectName) {
        QLabel *title = makeLabel(content, objectName, "sectionTitle");
        return title;
    };

    // Identity: name over value, in two columns, so long values keep the pane's width.
    m_identityTitle = sectionTitle("identityTitle");
    auto *identity = new QGridLayout;
    identity->setHorizontalSpacing(16);
    identity->setVerticalSpacing(2);
    auto addField = [&](QLabel *&name, QLabel *&value, const char *objectName, int row, int column,
                        int span = 1) {
        name = makeLabel(content, nullptr, "fieldName");
        value = makeValue(content, objectName);
        identity->addWidget(name, row * 2, column, 1, span, Qt::AlignBottom);
        identity->addWidget(value, row * 2 + 1, column, 1, span);
        // Space between one value and the next field's name.
        if (row > 0)
            identity->setRowMinimumHeight(row * 2, name->sizeHint().height() + 8);
    };
    addField(m_spiffeName, m_spiffe, "detailsSpiffeId", 0, 0, 2);
    addField(m_idName, m_id, "detailsAgentId", 1, 0, 2);
    addField(m_modelName, m_model, "detailsModel", 2, 0);
    addField(m_runtimeName, m_runtime, "detailsRuntime", 2, 1);
    addField(m_createdName, m_created, "detailsCreated", 3, 0);
    addField(m_lastActiveName, m_lastActive, "detailsLastActive", 3, 1);
    identity->setColumnStretch(0, 1);
    identity->setColumnStretch(1, 1);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_spiffe->setFont(fixed);
    m_id->setFont(fixed);
    // A SPIFFE ID has no spaces; let it break anywhere rather than widen the pane.
    m_spiffe->setWordWrap(true);

    // Owner
    m_ownerTitle = sectionTitle("ownerTitle");
    m_ownerCard = new QFrame(content);
    m_ownerCard->setObjectName(QStringLiteral("ownerCard"));
    m_ownerName = makeValue(m_ownerCard, "ownerName");
    QFont ownerFont = m_ownerName->font();
    ownerFont.setWeight(QFont::DemiBold);
    m_ownerName->setFont(ownerFont);
    m_ownerStatus = makeLabel(m_ownerCard, "ownerStatus");
    m_ownerStatus->setProperty("badge", true);
    m_ownerEmail = makeValue(m_ownerCard, "ownerEmail");
    m_ownerDepartment = makeValue(m_ownerCard, "ownerDepartment");
    m_ownerDepartment->setProperty("role", QStringLiteral("muted"));
    m_ownerWarning = makeValue(m_ownerCard, "ownerWarning");
    m_ownerWarning->setStyleSheet(
            QStringLiteral("QLabel { color: %1; }").arg(theme::kWarning.darker(120).name()));
    auto *ownerTop = new QHBoxLayout;
    ownerTop->setSpacing(8);
    ownerTop->addWidget(m_ownerName, 1);
    ownerTop->addWidget(m_ownerStatus, 0, Qt::AlignTop);
    auto *ownerLayout = new QVBoxLayout(m_ownerCard);
    ownerLayout->setContentsMargins(12, 10, 12, 10);
    ownerLayout->setSpacing(2);
    ownerLayout->addLayout(ownerTop);
    ownerLayout->addWidget(m_ownerEmail);
    ownerLayout->addWidget(m_ownerDepartment);
    ownerLayout->addWidget(m_ownerWarning);

    m_sponsorsTitle = sectionTitle("sponsorsTitle");
    m_sponsors = makeValue(content, "detailsSponsors");

    // Ceiling
    m_ceilingTitle = sectionTitle("ceilingTitle");
    m_ceilingSummary = makeValue(content, "ceilingSummary");
    m_ceilingSummary->setProperty("role", QStringLiteral("muted"));
    m_ceilingScopes = new QWidget(content);
    m_ceilingScopes->setObjectName(QStringLiteral("ceilingScopes"));
    m_ceilingLayout = new FlowLayout(m_ceilingScopes, 6);

    // Sessions
    m_sessionsTitle = sectionTitle("sessionsTitle");
    m_noSessions = makeLabel(content, "noSessions", "muted");
    // A list rather than a grid: six columns do not fit a side pane, and each session reads
    // as one line of what and one line of for whom, how deep and when.
    m_sessions = new QFrame(content);
    m_sessions->setObjectName(QStringLiteral("recentSessions"));
    m_sessionsLayout = new QVBoxLayout(m_sessions);
    m_sessionsLayout->setContentsMargins(0, 0, 0, 0);
    m_sessionsLayout->setSpacing(0);

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(18, 16, 18, 18);
    layout->setSpacing(6);
    layout->addWidget(m_name);
    layout->addLayout(badges);
    layout->addSpacing(4);
    layout->addWidget(m_purpose);
    layout->addSpacing(12);
    layout->addWidget(m_identityTitle);
    layout->addLayout(identity);
    layout->addSpacing(12);
    layout->addWidget(m_ownerTitle);
    layout->addWidget(m_ownerCard);
    layout->addSpacing(12);
    layout->addWidget(m_sponsorsTitle);
    layout->addWidget(m_sponsors);
    layout->addSpacing(12);
    layout->addWidget(m_ceilingTitle);
    layout->addWidget(m_ceilingSummary);
    layout->addWidget(m_ceilingScopes);
    layout->addSpacing(12);
    layout->addWidget(m_sessionsTitle);
    layout->addWidget(m_noSessions);
    layout->addWidget(m_sessions);
    layout->addStretch(1);
    return content;
}

void AgentDetailsPane::showAgent(const QString &agentId)
{
    const quint64 generation = ++m_generation;
    m_agentId = agentId;
    if (agentId.isEmpty()) {
        m_details.reset();
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    // Keep the previous agent on screen while the next one loads when moving through the
    // list with the keyboard; only a first load shows the loading state.
    if (!m_details)
        m_stack->setCurrentWidget(m_loading);
    onResult(m_backend.agentDetails(agentId), this,
             [this, generation](const Result<AgentDetails> &details) {
                 if (generation != m_generation)
                     return; // the admin has moved on to another agent
                 if (!details) {
                     m_details.reset();
                     m_stack->setCurrentWidget(m_empty);
                     Q_EMIT errorOccurred(details.error().message);
                     return;
                 }
                 m_details = *details;
                 render();
                 m_stack->setCurrentWidget(m_scroll);
                 Q_EMIT detailsShown(m_agentId);
             });
}

QString AgentDetailsPane::humanName(const QString &humanId) const
{
    if (!m_details)
        return humanId;
    if (m_details->owner && m_details->owner->id == humanId)
        return m_details->owner->name;
    for (const Human &sponsor : m_details->sponsors) {
        if (sponsor.id == humanId)
            return sponsor.name;
    }
    return humanId;
}

void AgentDetailsPane::render()
{
    if (!m_details)
        return;
    const Agent &a = m_details->agent;
    const qint64 now = m_backend.nowMs();

    m_name->setText(a.name);
    setBadge(m_statusBadge, Labels::text(a.status), Labels::color(a.status));
    setBadge(m_riskBadge, tr("%1 risk").arg(Labels::text(a.risk)), Labels::color(a.risk));
    m_purpose->setText(a.purpose);
    m_spiffe->setText(a.spiffeId);
    m_id->setText(a.id);
    m_model->setText(a.model.display());
    m_runtime->setText(a.runtime.isEmpty() ? QStringLiteral("\u2014") : a.runtime);
    m_created->setText(Labels::shortDate(a.createdAt));
    m_created->setToolTip(Labels::longDateTime(a.createdAt));
    m_lastActive->setText(Labels::relativeTime(a.lastActiveAt, now));
    m_lastActive->setToolTip(Labels::longDateTime(a.lastActiveAt));

    // Owner: highlighted when nobody accountable is left.
    if (const auto &owner = m_details->owner) {
        m_ownerName->setText(owner->name);
        m_ownerEmail->setText(owner->email);
        m_ownerDepartment->setText(owner->department);
        m_ownerDepartment->setVisible(!owner->department.isEmpty());
        setBadge(m_ownerStatus, Labels::text(owner->status), Labels::color(owner->status));
        m_ownerWarning->setText(Labels::ownerWarning(owner->status));
        m_ownerWarning->setVisible(owner->status != HumanStatus::Active);
        m_ownerCard->setProperty("attention", owner->status != HumanStatus::Active);
    } else {
        m_ownerName->setText(a.ownerName.isEmpty() ? a.ownerId : a.ownerName);
        m_ownerEmail->setText(QString());
        m_ownerDepartment->hide();
        setBadge(m_ownerStatus, tr("Unknown"), theme::kDanger);
        m_ownerWarning->setText(tr("The owner is not in the store: this agent needs a new owner."));
        m_ownerWarning->show();
        m_ownerCard->setProperty("attention", true);
    }
    // A dynamic property only restyles after the style is applied again.
    m_ownerCard->style()->unpolish(m_ownerCard);
    m_ownerCard->style()->polish(m_ownerCard);

    QStringList sponsors;
    for (const Human &sponsor : m_details->sponsors) {
        sponsors << (sponsor.status == HumanStatus::Active
                             ? sponsor.name
                             : tr("%1 (%2)").arg(sponsor.name,
                                                 Labels::text(sponsor.status).toLower()));
    }
    m_sponsors->setText(sponsors.isEmpty() ? tr("No sponsors besides the owner.")
                                           : sponsors.join(QStringLiteral(", ")));
    m_sponsors->setProperty("role", sponsors.isEmpty() ? QStringLiteral("muted") : QString());
    m_sponsors->style()->unpolish(m_sponsors);
    m_sponsors->style()->polish(m_sponsors);

    // Ceiling: what it may hold against what it used; unused scopes are the over-scoping.
    const int total = static_cast<int>(a.ceiling.size());
    const int used = static_cast<int>(a.ceiling.intersected(a.usedScopes).size());
    m_ceilingTitle->setText(tr("Scope ceiling (%L1)").arg(total));
    m_ceilingSummary->setText(
            tr("%L1 of %Ln scope(s) used in the last 30 days.", "", total).arg(used));
    m_ceilingLayout->clear();
    for (const QString &scope : a.ceiling.values()) {
        auto *chip = new QLabel(scope, m_ceilingScopes);
        const bool isUsed = a.usedScopes.contains(scope);
        chip->setProperty("chip", isUsed ? QStringLiteral("used") : QStringLiteral("unused"));
        chip->setToolTip(isUsed ? tr("Used in the last 30 days")
                                : tr("Not used in the last 30 days"));
        m_ceilingLayout->addWidget(chip);
    }

    // Recent sessions, newest first.
    while (QLayoutItem *item = m_sessionsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const QList<AgentSession> &sessions = m_details->recentSessions;
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (qsizetype i = 0; i < sessions.size(); ++i) {
        const AgentSession &s = sessions.at(i);
        const SessionStatus status = s.effectiveStatus(now);
        auto *row = new QFrame(m_sessions);
        row->setObjectName(QStringLiteral("sessionRow"));
        row->setProperty("last", i == sessions.size() - 1);
        auto *task = makeValue(row, "sessionTask");
        task->setText(s.task);
        auto *state = makeLabel(row, "sessionStatus");
        state->setText(QStringLiteral("\u25CF ") + Labels::text(status));
        state->setStyleSheet(QStringLiteral("QLabel { color: %1; }")
                                     .arg(Labels::color(status).darker(120).name()));
        if (!s.revokedReason.isEmpty())
            state->setToolTip(s.revokedReason);
        auto *meta = makeValue(row, "sessionMeta");
        meta->setProperty("role", QStringLiteral("muted"));
        const QString who = humanName(s.humanId);
        meta->setText(tr("For %1 \u00B7 depth %2 \u00B7 issued %3")
                              .arg(who, QLocale().toString(s.depth),
                                   Labels::relativeTime(s.issuedAt, now)));
        meta->setToolTip(tr("On behalf of %1 (%2)\nIssued %3\nExpires %4")
                                 .arg(who, s.humanId, Labels::longDateTime(s.issuedAt),
                                      Labels::longDateTime(s.expiresAt)));
        auto *scopes = makeValue(row, "sessionScopes");
        scopes->setFont(fixed);
        scopes->setText(s.scopes.values().join(QStringLiteral("  ")));
        auto *grid = new QGridLayout(row);
        grid->setContentsMargins(12, 8, 12, 8);
        grid->setHorizontalSpacing(8);
        grid->setVerticalSpacing(2);
        grid->addWidget(task, 0, 0);
        grid->addWidget(state, 0, 1, Qt::AlignTop | Qt::AlignRight);
        grid->addWidget(meta, 1, 0, 1, 2);
        grid->addWidget(scopes, 2, 0, 1, 2);
        grid->setColumnStretch(0, 1);
        m_sessionsLayout->addWidget(row);
    }
    m_sessions->setVisible(!sessions.isEmpty());
    m_noSessions->setVisible(sessions.isEmpty());
    m_sessionsTitle->setText(tr("Recent sessions"));
}

void AgentDetailsPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AgentDetailsPane::retranslateUi()
{
    m_empty->setText(tr("Select an agent to see its details."));
    m_loading->setText(tr("Loading\u2026"));
    m_identityTitle->setText(tr("Identity"));
    m_spiffeName->setText(tr("SPIFFE ID"));
    m_idName->setText(tr("Agent ID"));
    m_modelName->setText(tr("Model"));
    m_runtimeName->setText(tr("Runtime"));
    m_createdName->setText(tr("Created"));
    m_lastActiveName->setText(tr("Last active"));
    m_ownerTitle->setText(tr("Owner"));
    m_sponsorsTitle->setText(tr("Sponsors"));
    m_ceilingTitle->setText(tr("Scope ceiling"));
    m_sessionsTitle->setText(tr("Recent sessions"));
    m_noSessions->setText(tr("No sessions yet."));
    render();
}

} // namespace mandate::ui
