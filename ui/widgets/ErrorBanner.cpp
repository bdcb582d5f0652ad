#include "ErrorBanner.h"

#include "../Labels.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace mandate::ui {

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_retry(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    m_text->setObjectName(QStringLiteral("errorBannerText"));
    m_retry->setObjectName(QStringLiteral("errorBannerRetry"));
    m_close->setObjectName(QStringLiteral("errorBannerClose"));

    m_icon->setPixmap(Labels::warning().pixmap(16, 16));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("\u2715"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_retry, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignVCenter);

    connect(m_retry, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT retryRequested();
    });
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);

    retranslateUi();
    hide();
}

ErrorBanner::~ErrorBanner() = default;

void ErrorBanner::showError(const QString &message)
{
    m_text->setText(message);
    show();
}

QString ErrorBanner::message() const
{
    return m_text->text();
}

void ErrorBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QFrame::changeEvent(event);
}

void ErrorBanner::retranslateUi()
{
    m_retry->setText(tr("Retry"));
    m_close->setToolTip(tr("Dismiss"));
}

} // namespace mandate::ui
