// SqliteStore: policy set versions. One version is live at a time (a unique partial index
// sees to it, even with two processes publishing at once); older versions stay for rollback
// and replay.

#include "SqliteStore.h"

#include "SqliteStatement.h"
#include "SqliteStore_p.h"

namespace mandate {

using namespace sqlite_detail;

namespace {

constexpr const char *kVersionColumns = "version, text, author, created_at, comment, live";

PolicySetVersion versionFrom(const SqliteStatement &q)
{
    return PolicySetVersion{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                            q.value(3).toLongLong(), q.value(4).toString(), q.value(5).toInt() != 0};
}

} // namespace

Status SqliteStore::insertPolicyVersion(const PolicySetVersion &v)
{
    if (v.live) {
        SqliteStatement &off = fast("policyOff", "UPDATE policy_versions SET live = 0 WHERE live = 1");
        if (auto ok = run(off, [] { return QStringLiteral("Cannot publish a policy set"); }); !ok)
            return ok;
    }
    SqliteStatement &q = fast("insertPolicyVersion",
                              "INSERT INTO policy_versions(version, text, author, created_at, comment, live) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    q.bind(1, v.version);
    q.bind(2, v.text);
    q.bind(3, v.author);
    q.bind(4, v.createdAt);
    q.bind(5, v.comment);
    q.bind(6, qint64(v.live ? 1 : 0));
    return run(q, [&] { return QStringLiteral("Cannot record policy set version %1").arg(v.version); });
}

Status SqliteStore::setLivePolicyVersion(qint64 version)
{
    SqliteStatement &off = fast("policyOff", "UPDATE policy_versions SET live = 0 WHERE live = 1");
    if (auto ok = run(off, [] { return QStringLiteral("Cannot change the live policy set"); }); !ok)
        return ok;
    SqliteStatement &on = fast("policyOn", "UPDATE policy_versions SET live = 1 WHERE version = ?1");
    on.bind(1, version);
    if (auto ok = run(on, [&] { return QStringLiteral("Cannot make policy set version %1 live").arg(version); }); !ok)
        return ok;
    if (on.changes() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("There is no policy set version %1.").arg(version));
    return {};
}

Result<std::optional<PolicySetVersion>> SqliteStore::livePolicyVersion()
{
    static const QByteArray sql = QByteArray("SELECT ") + kVersionColumns + " FROM policy_versions WHERE live = 1";
    SqliteStatement &q = fast("livePolicyVersion", sql.constData());
    return readOne<PolicySetVersion>(q, versionFrom, [] { return QStringLiteral("Cannot read the live policy set"); });
}

Result<qint64> SqliteStore::livePolicyVersionNumber()
{
    // What a decision reads every time, to notice a publication by another process.
    SqliteStatement &q = fast("livePolicyVersionNumber", "SELECT version FROM policy_versions WHERE live = 1");
    auto found = readOne<qint64>(q, [](const SqliteStatement &row) { return row.value(0).toLongLong(); },
                                 [] { return QStringLiteral("Cannot read the live policy set"); });
    if (!found)
        return std::unexpected(found.error());
    return found->value_or(0);
}

Result<std::optional<PolicySetVersion>> SqliteStore::policyVersion(qint64 version)
{
    static const QByteArray sql = QByteArray("SELECT ") + kVersionColumns + " FROM policy_versions WHERE version = ?1";
    SqliteStatement &q = fast("policyVersion", sql.constData());
    q.bind(1, version);
    return readOne<PolicySetVersion>(q, versionFrom,
                                     [&] { return QStringLiteral("Cannot read policy set version %1").arg(version); });
}

Result<QList<PolicySetVersion>> SqliteStore::policyVersions()
{
    static const QByteArray sql = QByteArray("SELECT ") + kVersionColumns + " FROM policy_versions ORDER BY version DESC";
    SqliteStatement &q = fast("policyVersions", sql.constData());
    QList<PolicySetVersion> out;
    auto read = eachRow(q, [] { return QStringLiteral("Cannot list the policy set versions"); },
                        [&](SqliteStatement &row) { out << versionFrom(row); });
    if (!read)
        return std::unexpected(read.error());
    return out;
}

Result<qint64> SqliteStore::auditSeqAtOrAfter(qint64 timeMs)
{
    // audit_by_time finds the first event of a window; replay walks on from it by seq.
    SqliteStatement &q = fast("auditSeqAtOrAfter",
                              "SELECT coalesce((SELECT seq FROM audit_events WHERE time >= ?1 ORDER BY time, seq LIMIT 1),"
                              " (SELECT coalesce(max(seq), 0) + 1 FROM audit_events))");
    q.bind(1, timeMs);
    auto found = readOne<qint64>(q, [](const SqliteStatement &row) { return row.value(0).toLongLong(); },
                                 [] { return QStringLiteral("Cannot find the audit events of a time window"); });
    if (!found)
        return std::unexpected(found.error());
    return found->value_or(1);
}

} // namespace mandate
