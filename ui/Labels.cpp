#include "Labels.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QPixmapCache>

namespace mandate::ui {

QString Labels::text(AgentStatus status)
{
    switch (status) {
    case AgentStatus::Active:
        return tr("Active");
    case AgentStatus::Suspended:
        return tr("Suspended");
    case AgentStatus::Retired:
        return tr("Retired");
    }
    return {};
}

QString Labels::text(RiskTier risk)
{
    switch (risk) {
    case RiskTier::Low:
        return tr("Low");
    case RiskTier::Medium:
        return tr("Medium");
    case RiskTier::High:
        return tr("High");
    case RiskTier::Critical:
        return tr("Critical");
    }
    return {};
}

QString Labels::text(HumanStatus status)
{
    switch (status) {
    case HumanStatus::Active:
        return tr("Active", "human");
    case HumanStatus::Disabled:
        return tr("Disabled", "human");
    case HumanStatus::Departed:
        return tr("Departed", "human");
    }
    return {};
}

QString Labels::text(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Active:
        return tr("Active", "session");
    case SessionStatus::Expired:
        return tr("Expired", "session");
    case SessionStatus::Revoked:
        return tr("Revoked", "session");
    }
    return {};
}

// A restrained set: saturated enough to read as a dot on white, never as a fill behind text.
QColor Labels::color(AgentStatus status)
{
    switch (status) {
    case AgentStatus::Active:
        return QColor(0x2e, 0x7d, 0x32);
    case AgentStatus::Suspended:
        return QColor(0xe0, 0x8e, 0x00);
    case AgentStatus::Retired:
        return QColor(0x90, 0xa4, 0xae);
    }
    return {};
}

QColor Labels::color(RiskTier risk)
{
    switch (risk) {
    case RiskTier::Low:
        return QColor(0x78, 0x90, 0x9c);
    case RiskTier::Medium:
        return QColor(0xf2, 0xb1, 0x00);
    case RiskTier::High:
        return QColor(0xef, 0x6c, 0x00);
    case RiskTier::Critical:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QColor Labels::color(HumanStatus status)
{
    switch (status) {
    case HumanStatus::Active:
        return QColor(0x2e, 0x7d, 0x32);
    case HumanStatus::Disabled:
        return QColor(0xb2, 0x6a, 0x00);
    case HumanStatus::Departed:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

QColor Labels::color(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Active:
        return QColor(0x2e, 0x7d, 0x32);
    case SessionStatus::Expired:
        return QColor(0x90, 0xa4, 0xae);
    case SessionStatus::Revoked:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

namespace {

// Icons are drawn at twice the size so they stay sharp on high-density screens.
QPixmap canvas(int size)
{
    const qreal ratio = qMax<qreal>(2.0, qApp ? qApp->devicePixelRatio() : 1.0);
    QPixmap pm(QSize(size, size) * ratio);
    pm.setDevicePixelRatio(ratio);
    pm.fill(Qt::transparent);
    return pm;
}

} // namespace

QIcon Labels::dot(const QColor &color)
{
    // Views ask for a decoration per visible cell at every repaint: each colour is drawn once
    // and kept in the application's pixmap cache (which goes with the application, unlike a
    // static).
    const QString key = QStringLiteral("mandate-dot-%1")
                                .arg(static_cast<uint>(color.rgba()), 8, 16, QLatin1Char('0'));
    QPixmap pm;
    if (!QPixmapCache::find(key, &pm)) {
        pm = canvas(16);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QRectF(4, 4, 8, 8));
        p.end();
        QPixmapCache::insert(key, pm);
    }
    return QIcon(pm);
}

QIcon Labels::warning()
{
    const QString key = QStringLiteral("mandate-warning");
    QPixmap pm;
    if (!QPixmapCache::find(key, &pm)) {
        pm = canvas(16);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        QPainterPath triangle;
        triangle.moveTo(8, 1.5);
        triangle.lineTo(15, 14);
        triangle.lineTo(1, 14);
        triangle.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xe6, 0x7e, 0x00));
        p.drawPath(triangle);
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(7.1, 5.2, 1.8, 5.0), 0.9, 0.9);
        p.drawEllipse(QRectF(7.1, 11.0, 1.8, 1.8));
        p.end();
        QPixmapCache::insert(key, pm);
    }
    return QIcon(pm);
}

QString Labels::never()
{
    return tr("never");
}

QString Labels::relativeTime(qint64 ms, qint64 nowMs)
{
    if (ms <= 0)
        return never();
    const qint64 seconds = (nowMs - ms) / 1000;
    if (seconds < 60)
        return tr("just now");
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%n minute(s) ago", "", static_cast<int>(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return tr("%n hour(s) ago", "", static_cast<int>(hours));
    const qint64 days = hours / 24;
    if (days <= 30)
        return tr("%n day(s) ago", "", static_cast<int>(days));
    return shortDate(ms);
}

QString Labels::shortDate(qint64 ms)
{
    if (ms <= 0)
        return never();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).date(), QLocale::ShortFormat);
}

QString Labels::longDateTime(qint64 ms)
{
    if (ms <= 0)
        return never();
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::LongFormat);
}

QString Labels::ownerWarning(HumanStatus status)
{
    switch (status) {
    case HumanStatus::Active:
        return {};
    case HumanStatus::Disabled:
        return tr("The owner's account is disabled: nobody is accountable for this agent.");
    case HumanStatus::Departed:
        return tr("The owner has left the organisation: this agent needs a new owner.");
    }
    return {};
}

} // namespace mandate::ui
