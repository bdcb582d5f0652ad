#include "PageHeader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mandate::ui {

PageHeader::PageHeader(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_actions(new QHBoxLayout)
{
    setObjectName(QStringLiteral("pageHeader"));
    // The style sheet paints the band's background and bottom border.
    setAttribute(Qt::WA_StyledBackground);

    m_title->setObjectName(QStringLiteral("pageTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.55);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    m_subtitle->setTextInteractionFlags(Qt::NoTextInteraction);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(2);
    texts->addWidget(m_title);
    texts->addWidget(m_subtitle);

    m_actions->setSpacing(8);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 14);
    layout->setSpacing(16);
    layout->addLayout(texts, 1);
    layout->addLayout(m_actions);
}

PageHeader::~PageHeader() = default;

void PageHeader::setTitle(const QString &title)
{
    m_title->setText(title);
}

void PageHeader::setSubtitle(const QString &subtitle)
{
    m_subtitle->setText(subtitle);
}

QString PageHeader::title() const
{
    return m_title->text();
}

QString PageHeader::subtitle() const
{
    return m_subtitle->text();
}

void PageHeader::addAction(QWidget *widget)
{
    m_actions->addWidget(widget, 0, Qt::AlignVCenter);
}

} // namespace mandate::ui
