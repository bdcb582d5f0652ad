#include "Page.h"

#include "widgets/PageHeader.h"

#include <QEvent>
#include <QVBoxLayout>

namespace mandate::ui {

Page::Page(PageId id, QWidget *parent)
    : QWidget(parent)
    , m_id(id)
    , m_header(new PageHeader(this))
    , m_content(new QVBoxLayout)
{
    setObjectName(pageKey(id) + QStringLiteral("Page"));
    m_content->setContentsMargins(24, 16, 24, 16);
    m_content->setSpacing(12);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_header);
    layout->addLayout(m_content, 1);

    Page::retranslateUi();
}

Page::~Page() = default;

void Page::markReady()
{
    if (m_ready)
        return;
    m_ready = true;
    Q_EMIT ready();
}

void Page::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void Page::retranslateUi()
{
    m_header->setTitle(pageTitle(m_id));
    m_header->setSubtitle(pageSubtitle(m_id));
}

} // namespace mandate::ui
