#include "AgentFilterBar.h"

#include "../widgets/FlowLayout.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QToolButton>

namespace mandate::ui {

namespace {

// The combo boxes list "any" first, then the values in the order of their enum, so an index
// above 0 is the enum value plus one.
template<typename Enum>
std::optional<Enum> chosen(const QComboBox *combo)
{
    const int index = combo->currentIndex();
    if (index <= 0)
        return std::nullopt;
    return static_cast<Enum>(index - 1);
}

} // namespace

AgentFilterBar::AgentFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_statusLabel(new QLabel(this))
    , m_status(new QComboBox(this))
    , m_riskLabel(new QLabel(this))
    , m_risk(new QComboBox(this))
    , m_ownerLabel(new QLabel(this))
    , m_owner(new QComboBox(this))
    , m_hygieneLabel(new QLabel(this))
    , m_hygiene(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_columns(new QToolButton(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("agentFilterBar"));
    m_search->setObjectName(QStringLiteral("searchField"));
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_risk->setObjectName(QStringLiteral("riskFilter"));
    m_owner->setObjectName(QStringLiteral("ownerFilter"));
    m_hygiene->setObjectName(QStringLiteral("hygieneFilter"));
    m_count->setObjectName(QStringLiteral("agentCountLabel"));
    m_columns->setObjectName(QStringLiteral("columnsButton"));

    m_search->setClearButtonEnabled(true);
    m_search->addAction(QIcon(QStringLiteral(":/icons/search.svg")), QLineEdit::LeadingPosition);
    m_search->installEventFilter(this);

    for (auto [label, combo] :
         {std::pair{m_statusLabel, m_status}, std::pair{m_riskLabel, m_risk},
          std::pair{m_ownerLabel, m_owner}, std::pair{m_hygieneLabel, m_hygiene}}) {
        label->setBuddy(combo);
        label->setProperty("role", QStringLiteral("fieldName"));
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(combo, &QComboBox::currentIndexChanged, this, &AgentFilterBar::filterChanged);
    }

    m_count->setProperty("role", QStringLiteral("muted"));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // As tall as a combo box, so that the count lines up with the first line of filters.
    m_count->setMinimumHeight(m_status->sizeHint().height());

    m_columns->setIcon(QIcon(QStringLiteral(":/icons/columns.svg")));
    m_columns->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_columns->setPopupMode(QToolButton::InstantPopup);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &AgentFilterBar::filterChanged);

    // The search and the filters flow onto a second line when the window is narrow; the count
    // and the column chooser stay at the top right.
    auto *filters = new QWidget(this);
    filters->setObjectName(QStringLiteral("agentFilters"));
    auto *flow = new FlowLayout(filters, 10);
    m_search->setParent(filters);
    flow->addWidget(m_search);
    for (auto [label, combo] :
         {std::pair{m_statusLabel, m_status}, std::pair{m_riskLabel, m_risk},
          std::pair{m_ownerLabel, m_owner}, std::pair{m_hygieneLabel, m_hygiene}}) {
        auto *group = new QWidget(filters);
        auto *pair = new QHBoxLayout(group);
        pair->setContentsMargins(0, 0, 0, 0);
        pair->setSpacing(6);
        label->setParent(group);
        combo->setParent(group);
        pair->addWidget(label);
        pair->addWidget(combo);
        flow->addWidget(group);
    }

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(filters, 1);
    layout->addWidget(m_count, 0, Qt::AlignTop);
    layout->addWidget(m_columns, 0, Qt::AlignTop);

    retranslateUi();
}

AgentFilterBar::~AgentFilterBar() = default;

AgentFilter AgentFilterBar::filter() const
{
    AgentFilter f;
    f.text = m_search->text().trimmed();
    f.status = chosen<AgentStatus>(m_status);
    f.risk = chosen<RiskTier>(m_risk);
    f.owner = static_cast<OwnerFilter>(qMax(0, m_owner->currentIndex()));
    f.hygiene = static_cast<HygieneFilter>(qMax(0, m_hygiene->currentIndex()));
    return f;
}

void AgentFilterBar::showOnly(HygieneFilter hygiene, std::optional<AgentStatus> status)
{
    {
        const QSignalBlocker b1(m_search), b2(m_status), b3(m_risk), b4(m_owner), b5(m_hygiene);
        m_search->clear();
        m_status->setCurrentIndex(status ? static_cast<int>(*status) + 1 : 0);
        m_risk->setCurrentIndex(0);
        m_owner->setCurrentIndex(0);
        m_hygiene->setCurrentIndex(static_cast<int>(hygiene));
    }
    m_debounce->stop();
    Q_EMIT filterChanged();
}

void AgentFilterBar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

bool AgentFilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape
        && !m_search->text().isEmpty()) {
        m_search->clear();
        // Clearing is a decision, not typing: show everything again without the pause.
        m_debounce->stop();
        Q_EMIT filterChanged();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void AgentFilterBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AgentFilterBar::setItems(QComboBox *combo, const QStringList &texts)
{
    // Re-filling on a language change must not look like a new choice.
    const QSignalBlocker blocker(combo);
    const int index = qMax(0, combo->currentIndex());
    combo->clear();
    combo->addItems(texts);
    combo->setCurrentIndex(index);
}

void AgentFilterBar::retranslateUi()
{
    m_search->setPlaceholderText(tr("Search name, owner, purpose, model"));
    // Room for the whole placeholder, within reason.
    m_search->setFixedWidth(qBound(
            240, m_search->fontMetrics().horizontalAdvance(m_search->placeholderText()) + 64, 380));
    m_search->setToolTip(
            tr("Words match the start of words in the name, owner, purpose and model (Ctrl+F)."));
    m_statusLabel->setText(tr("&Status"));
    m_riskLabel->setText(tr("&Risk"));
    m_ownerLabel->setText(tr("O&wner"));
    m_hygieneLabel->setText(tr("&Hygiene"));
    // The order follows the enums (see chosen()).
    setItems(m_status, {tr("Any"), tr("Active"), tr("Suspended"), tr("Retired")});
    setItems(m_risk, {tr("Any"), tr("Low"), tr("Medium"), tr("High"), tr("Critical")});
    setItems(m_owner, {tr("Any"), tr("Active"), tr("Disabled"), tr("Departed"), tr("Gone")});
    m_owner->setItemData(static_cast<int>(OwnerFilter::Gone), tr("Disabled or departed"),
                         Qt::ToolTipRole);
    setItems(m_hygiene, {tr("Any"), tr("Owner gone"), tr("Dormant (30 days)"), tr("Over-scoped")});
    m_hygiene->setToolTip(tr("Owner gone: the owner is disabled or has left.\n"
                             "Dormant: no session in the last 30 days.\n"
                             "Over-scoped: a ceiling of 4 or more scopes, at most a quarter of "
                             "them used in 30 days."));
    m_columns->setText(tr("Columns"));
    m_columns->setToolTip(tr("Choose the columns to show"));
}

} // namespace mandate::ui
