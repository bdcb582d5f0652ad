#include "ActivityHistory.h"

#include <domain/Domain.h>

namespace mandate::ui {

qint64 ActivityHistory::windowMs(Window w)
{
    switch (w) {
    case Window::Quarter:
        return 15 * 60 * 1000LL;
    case Window::Hour:
        return 60 * 60 * 1000LL;
    case Window::Day:
        return 24 * 3600 * 1000LL;
    case Window::Week:
        return 7 * 24 * 3600 * 1000LL;
    }
    return 60 * 60 * 1000LL;
}

qint64 ActivityHistory::bucketMs(Window w)
{
    switch (w) {
    case Window::Quarter:
    case Window::Hour:
        return 60 * 1000LL;
    case Window::Day:
        return 15 * 60 * 1000LL;
    case Window::Week:
        return 2 * 3600 * 1000LL;
    }
    return 60 * 1000LL;
}

ActivityQuery ActivityHistory::queryFor(Window w, qint64 nowMs)
{
    ActivityQuery q;
    q.bucketMs = bucketMs(w);
    // The window ends with the bucket that holds now.
    q.toMs = (nowMs / q.bucketMs + 1) * q.bucketMs;
    q.fromMs = q.toMs - windowMs(w);
    q.dayStartMs = nowMs - nowMs % (24 * 3600 * 1000LL);
    return q;
}

void ActivityHistory::reset(const Activity &activity)
{
    m_buckets = activity.buckets;
    m_bucketMs = activity.query.bucketMs;
}

bool ActivityHistory::add(const QList<AuditEvent> &events)
{
    if (m_buckets.isEmpty())
        return false;
    bool changed = false;
    for (const AuditEvent &e : events) {
        advanceTo(e.time);
        const qint64 i = (e.time - m_buckets.constFirst().startMs) / m_bucketMs;
        if (i < 0 || i >= m_buckets.size())
            continue;
        ActivityBucket &b = m_buckets[i];
        if (e.type == QLatin1StringView("authz.decision")) {
            if (e.decision == QLatin1StringView("allow"))
                ++b.allow;
            else if (e.decision == QLatin1StringView("deny"))
                ++b.deny;
            else
                ++b.stepUp;
            changed = true;
        } else if ((e.type == QLatin1StringView("session.started") || e.type == QLatin1StringView("session.delegated"))
                   && e.detail.contains(QLatin1StringView("\"jti\""))) {
            ++b.tokens;
            changed = true;
        }
    }
    return changed;
}

void ActivityHistory::advanceTo(qint64 nowMs)
{
    if (m_buckets.isEmpty())
        return;
    while (nowMs >= m_buckets.constLast().startMs + m_bucketMs) {
        ActivityBucket next;
        next.startMs = m_buckets.constLast().startMs + m_bucketMs;
        next.activeSessions = m_buckets.constLast().activeSessions;
        m_buckets.removeFirst();
        m_buckets.append(next);
    }
}

void ActivityHistory::setLiveSessions(qint64 sessions)
{
    if (!m_buckets.isEmpty())
        m_buckets.last().activeSessions = sessions;
}

double ActivityHistory::perMinute(qint64 ActivityBucket::*field, qint64 nowMs, qint64 spanMs) const
{
    // Over the buckets that began within the span (at least the current one), divided by the
    // time they actually cover so far: the current bucket is still filling.
    qint64 total = 0;
    qint64 earliest = nowMs;
    for (const ActivityBucket &b : m_buckets) {
        if (b.startMs > nowMs)
            continue;
        const bool current = nowMs < b.startMs + m_bucketMs;
        if (b.startMs > nowMs - spanMs || current) {
            total += b.*field;
            earliest = qMin(earliest, b.startMs);
        }
    }
    const qint64 covered = qMax<qint64>(60 * 1000, nowMs - earliest);
    return double(total) / (double(covered) / 60000.0);
}

} // namespace mandate::ui
