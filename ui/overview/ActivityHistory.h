#pragma once

#include <store/Queries.h>

#include <QList>

namespace mandate {
struct AuditEvent;
}

namespace mandate::ui {

// The overview's time series: a fixed number of buckets over the chosen window, loaded from
// the store and then advanced by live events. Bounded: when time moves past the last bucket,
// the oldest ones go (a ring over a fixed-size window), so the charts never grow.
class ActivityHistory final
{
public:
    // A window and its bucket size: 15 min in minutes, 1 h in minutes, 24 h in quarter hours,
    // 7 days in two-hour buckets.
    enum class Window { Quarter, Hour, Day, Week };
    static qint64 windowMs(Window w);
    static qint64 bucketMs(Window w);
    static ActivityQuery queryFor(Window w, qint64 nowMs);

    void reset(const Activity &activity);
    bool isEmpty() const { return m_buckets.isEmpty(); }
    const QList<ActivityBucket> &buckets() const { return m_buckets; }
    qint64 bucketMs() const { return m_bucketMs; }

    // Counts live events into their buckets; returns whether anything changed.
    bool add(const QList<AuditEvent> &events);
    // Moves the window so that it ends after nowMs; the live session count carries over.
    void advanceTo(qint64 nowMs);
    void setLiveSessions(qint64 sessions);

    // Per minute over about the last spanMs (at least the bucket that holds now).
    double perMinute(qint64 ActivityBucket::*field, qint64 nowMs, qint64 spanMs = 5 * 60 * 1000) const;

private:
    QList<ActivityBucket> m_buckets;
    qint64 m_bucketMs = 60 * 1000;
};

} // namespace mandate::ui
