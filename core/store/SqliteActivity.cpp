// SqliteStore's activity history for the console's overview: decisions, tokens and live
// sessions per time bucket, and the agents denied most. Read-only; kept apart from the
// engine's hot paths in SqliteStore.cpp.

#include "SqliteStore.h"
#include "SqliteStore_p.h"

#include <QSqlError>
#include <QSqlQuery>

#include <functional>

namespace mandate {

namespace {

Status execQuery(QSqlQuery &query, const QString &what)
{
    if (query.exec())
        return {};
    const QSqlError error = query.lastError();
    return std::unexpected(Error{sqlite_detail::codeForSqlite(error.nativeErrorCode().toInt()),
                                 QStringLiteral("%1: %2").arg(what, error.databaseText().isEmpty() ? error.text()
                                                                                                   : error.databaseText())});
}

// Counts of audit events per time bucket: sql selects the bucket index, (time - ?1) / ?2, and
// the columns onRow reads after it, over events with time in [?3, ?4). Rows of buckets outside
// [0, count) are skipped.
Status countPerBucket(QSqlQuery &q, const char *sql, const ActivityQuery &query, qint64 bucket, qint64 count,
                      const QString &failed, const std::function<void(qint64 index, const QSqlQuery &row)> &onRow)
{
    q.setForwardOnly(true);
    q.prepare(QString::fromLatin1(sql));
    q.addBindValue(query.fromMs);
    q.addBindValue(bucket);
    q.addBindValue(query.fromMs);
    q.addBindValue(query.toMs);
    if (auto ok = execQuery(q, failed); !ok)
        return ok;
    while (q.next()) {
        const qint64 i = q.value(0).toLongLong();
        if (i >= 0 && i < count)
            onRow(i, q);
    }
    return {};
}

} // namespace

Result<Activity> SqliteStore::activity(const ActivityQuery &query)
{
    Activity a;
    a.query = query;
    const qint64 bucket = qMax<qint64>(1000, query.bucketMs);
    const qint64 count = qBound<qint64>(qint64(1), (query.toMs - query.fromMs + bucket - 1) / bucket, qint64(20000));
    a.buckets.resize(count);
    for (qint64 i = 0; i < count; ++i)
        a.buckets[i].startMs = query.fromMs + i * bucket;
    const QString failed = QStringLiteral("Cannot read the activity history");

    {
        QSqlQuery q(db());
        auto ok = countPerBucket(q,
                                 "SELECT (time - ?) / ?, decision, count(*) FROM audit_events "
                                 "WHERE time >= ? AND time < ? AND type = 'authz.decision' GROUP BY 1, 2",
                                 query, bucket, count, failed, [&](qint64 i, const QSqlQuery &row) {
                                     const auto decision = decisionFromString(row.value(1).toString());
                                     const qint64 n = row.value(2).toLongLong();
                                     if (decision == Decision::Allow)
                                         a.buckets[i].allow += n;
                                     else if (decision == Decision::Deny)
                                         a.buckets[i].deny += n;
                                     else if (decision == Decision::StepUpRequired)
                                         a.buckets[i].stepUp += n;
                                 });
        if (!ok)
            return std::unexpected(ok.error());
    }
    {
        // A session start or exchange that issued a token names its jti in the event.
        QSqlQuery q(db());
        auto ok = countPerBucket(q,
                                 "SELECT (time - ?) / ?, count(*) FROM audit_events "
                                 "WHERE time >= ? AND time < ? AND type IN ('session.started', 'session.delegated') "
                                 "AND instr(detail, '\"jti\"') > 0 GROUP BY 1",
                                 query, bucket, count, failed, [&](qint64 i, const QSqlQuery &row) {
                                     a.buckets[i].tokens += row.value(1).toLongLong();
                                 });
        if (!ok)
            return std::unexpected(ok.error());
    }
    {
        // Live at the end of each bucket: a sweep over when each session began and ended.
        QList<qint64> delta(count + 1, 0);
        QSqlQuery q(db());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
            "SELECT issued_at, CASE WHEN status = 2 AND revoked_at > 0 THEN min(revoked_at, expires_at) "
            "ELSE expires_at END FROM sessions WHERE expires_at > ? AND issued_at < ?"));
        q.addBindValue(query.fromMs);
        q.addBindValue(query.toMs);
        if (auto ok = execQuery(q, failed); !ok)
            return std::unexpected(ok.error());
        // Bucket i is sampled at its end, fromMs + (i + 1) * bucket: a session counts in the
        // buckets whose end lies in [issued, ended), the buckets from firstAtOrAfter(issued) - 1
        // up to, not including, firstAtOrAfter(ended) - 1.
        auto firstAtOrAfter = [&](qint64 t) {
            const qint64 d = t - query.fromMs;
            const qint64 up = d >= 0 ? (d + bucket - 1) / bucket : -((-d) / bucket);
            return qBound<qint64>(qint64(0), up - 1, count);
        };
        while (q.next()) {
            const qint64 issued = q.value(0).toLongLong();
            const qint64 ended = q.value(1).toLongLong();
            const qint64 from = firstAtOrAfter(issued);
            const qint64 to = firstAtOrAfter(ended);
            if (from < to) {
                delta[from] += 1;
                delta[to] -= 1;
            }
        }
        qint64 live = 0;
        for (qint64 i = 0; i < count; ++i) {
            live += delta[i];
            a.buckets[i].activeSessions = live;
        }
    }
    {
        QSqlQuery q(db());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
            "SELECT d.agent_id, coalesce(a.name, d.agent_id), d.n FROM ("
            "SELECT agent_id, count(*) AS n FROM audit_events WHERE time >= ? AND time < ? "
            "AND type = 'authz.decision' AND decision = 'deny' GROUP BY agent_id ORDER BY n DESC LIMIT ?"
            ") d LEFT JOIN agents a ON a.id = d.agent_id ORDER BY d.n DESC, 2"));
        q.addBindValue(query.fromMs);
        q.addBindValue(query.toMs);
        q.addBindValue(qBound(1, query.mostDenied, 50));
        if (auto ok = execQuery(q, failed); !ok)
            return std::unexpected(ok.error());
        while (q.next())
            a.mostDenied << DeniedAgent{q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()};
    }
    {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("SELECT count(*) FROM agents WHERE last_active_at >= ?"));
        q.addBindValue(query.dayStartMs);
        if (auto ok = execQuery(q, failed); !ok)
            return std::unexpected(ok.error());
        if (q.next())
            a.agentsActiveToday = q.value(0).toLongLong();
    }
    return a;
}

} // namespace mandate
