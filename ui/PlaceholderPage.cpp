#include "PlaceholderPage.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace mandate::ui {

PlaceholderPage::PlaceholderPage(PageId id, QWidget *parent)
    : Page(id, parent)
    , m_headline(new QLabel(this))
    , m_description(new QLabel(this))
    , m_notice(new QLabel(this))
{
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("placeholderCard"));
    // A fixed width lets the wrapped texts compute their height; a shrinking card would cut
    // them off instead.
    card->setFixedWidth(560);

    auto *icon = new QLabel(card);
    icon->setObjectName(QStringLiteral("placeholderIcon"));
    icon->setPixmap(QIcon(pageIconPath(id)).pixmap(36, 36));
    icon->setAlignment(Qt::AlignCenter);
    icon->setFixedSize(72, 72);

    m_headline->setParent(card);
    m_headline->setObjectName(QStringLiteral("placeholderHeadline"));
    m_headline->setAlignment(Qt::AlignCenter);
    QFont headlineFont = m_headline->font();
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.2);
    headlineFont.setWeight(QFont::DemiBold);
    m_headline->setFont(headlineFont);

    m_description->setParent(card);
    m_description->setObjectName(QStringLiteral("placeholderDescription"));
    m_description->setAlignment(Qt::AlignCenter);
    m_description->setWordWrap(true);

    m_notice->setParent(card);
    m_notice->setObjectName(QStringLiteral("placeholderNotice"));
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setWordWrap(true);
    m_notice->setProperty("role", QStringLiteral("muted"));

    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(32, 32, 32, 32);
    cardLayout->setSpacing(12);
    cardLayout->addWidget(icon, 0, Qt::AlignHCenter);
    cardLayout->addWidget(m_headline);
    cardLayout->addWidget(m_description);
    cardLayout->addSpacing(4);
    cardLayout->addWidget(m_notice);

    // Centred by stretches rather than an alignment flag: an aligned widget gets its size hint,
    // and the wrapped texts need the height for the card's actual width.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card);
    row->addStretch(1);
    contentLayout()->addStretch(2);
    contentLayout()->addLayout(row);
    contentLayout()->addStretch(3);

    retranslateUi();
}

PlaceholderPage::~PlaceholderPage() = default;

void PlaceholderPage::activate()
{
    // Nothing to load: what is on screen is all there is.
    markReady();
}

QString PlaceholderPage::plannedFeatures(PageId id)
{
    switch (id) {
    case PageId::Overview:
        return tr(
                "Charts of sessions, decisions and step-up requests over time, and the alerts that "
                "need attention: agents whose owner has left, over-scoped ceilings, bursts of "
                "denials.");
    case PageId::Inventory:
        return {};
    case PageId::Delegations:
        return tr("The delegation trees of agent sessions, as a tree and as a graph: who delegated "
                  "which "
                  "task to which sub-agent, and which scopes were dropped at each step.");
    case PageId::Sessions:
        return tr("Agent sessions as they start, delegate and expire, with the time each has left, "
                  "and "
                  "revocation of a session, an agent or everything a human delegated after seeing "
                  "what "
                  "it would affect.");
    case PageId::Approvals:
        return tr("Pending step-up requests: who asks, on whose behalf, for what, why the policy "
                  "asked, "
                  "and the delegation chain, to approve or deny with a reason.");
    case PageId::Policies:
        return tr("An editor for the policy set with validation, its versions, a what-if "
                  "simulation of one "
                  "request, and a replay of recorded decisions before a draft is published.");
    case PageId::Audit:
        return tr("Session timelines, verification of the hash-chained audit trail, and exports as "
                  "JSON "
                  "Lines, OCSF and CEF.");
    case PageId::Settings:
        return tr("The connection to a local store or a Mandate server, the language, and the "
                  "console "
                  "roles of the signed-in user.");
    }
    return {};
}

void PlaceholderPage::retranslateUi()
{
    Page::retranslateUi();
    m_headline->setText(tr("%1 is coming in a later version").arg(pageTitle(id())));
    m_description->setText(plannedFeatures(id()));
    m_notice->setText(tr("This page is not available in this version of Mandate."));
}

} // namespace mandate::ui
