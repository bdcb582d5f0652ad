// SqliteStore: signing keys, tokens and revocation (schema version 2).

#include "SqliteStore.h"

#include "SqliteStatement.h"
#include "SqliteStore_p.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace mandate {

using namespace sqlite_detail;

namespace {

// The live sessions a selector names, then everything delegated below them, by rowid (n): the
// walk reads only the covering index sessions_tree (parent_id, id), and the UPDATE finds each
// row by its rowid. UNION ALL: a session reached twice (an agent's session under another of
// its sessions) appears twice in the walk, and once in "n IN (SELECT n FROM tree)". Below a
// live session everything is walked, whatever its state, and filtered at the end.
// ?1 is the selector's id, ?2 now.
#define MANDATE_TREE(seed)                                                                     \
    "WITH RECURSIVE tree(n, id) AS (" seed                                                     \
    " UNION ALL SELECT s.n, s.id FROM sessions s JOIN tree t ON s.parent_id = t.id) "

#define MANDATE_SEED_SESSION "SELECT n, id FROM sessions WHERE id = ?1 AND status = 0 AND expires_at > ?2"
#define MANDATE_SEED_AGENT "SELECT n, id FROM sessions WHERE agent_id = ?1 AND status = 0 AND expires_at > ?2"
#define MANDATE_SEED_HUMAN "SELECT n, id FROM sessions WHERE human_id = ?1 AND status = 0 AND expires_at > ?2"

// Whether a session's token is live at ?2: issued, not revoked by itself, not expired (its exp
// is the session's expiry in whole seconds, rounded down).
#define MANDATE_TOKEN_LIVE "jti != '' AND token_revoked_at = 0 AND expires_at / 1000 * 1000 > ?2"

// Each reached session: id, depth, and whether its token is live.
#define MANDATE_HELD "id, depth, " MANDATE_TOKEN_LIVE

#define MANDATE_REVOKE(seed)                                                                   \
    MANDATE_TREE(seed)                                                                         \
    "UPDATE sessions SET status = 2, revoked_at = ?2, revoked_reason = ?3 "                    \
    "WHERE n IN (SELECT n FROM tree) AND status = 0 AND expires_at > ?2 RETURNING " MANDATE_HELD

#define MANDATE_RADIUS(seed)                                                                   \
    MANDATE_TREE(seed)                                                                         \
    "SELECT " MANDATE_HELD " FROM sessions WHERE n IN (SELECT n FROM tree) AND status = 0 AND expires_at > ?2"

const char *revokeSql(RevocationScope scope)
{
    switch (scope) {
    case RevocationScope::Session: return MANDATE_REVOKE(MANDATE_SEED_SESSION);
    case RevocationScope::Agent: return MANDATE_REVOKE(MANDATE_SEED_AGENT);
    case RevocationScope::Human: return MANDATE_REVOKE(MANDATE_SEED_HUMAN);
    }
    return MANDATE_REVOKE(MANDATE_SEED_SESSION);
}

const char *radiusSql(RevocationScope scope)
{
    switch (scope) {
    case RevocationScope::Session: return MANDATE_RADIUS(MANDATE_SEED_SESSION);
    case RevocationScope::Agent: return MANDATE_RADIUS(MANDATE_SEED_AGENT);
    case RevocationScope::Human: return MANDATE_RADIUS(MANDATE_SEED_HUMAN);
    }
    return MANDATE_RADIUS(MANDATE_SEED_SESSION);
}

// Reads (id, depth, live token) rows into a blast radius, ordered by depth then id (RETURNING
// has no ORDER BY), so that a revocation and its dry run list the same ids alike.
Result<BlastRadius> readHeld(SqliteStatement &q, const QString &what)
{
    QList<std::pair<int, QString>> order;
    BlastRadius out;
    auto read = eachRow(q, [&] { return what; }, [&](SqliteStatement &row) {
        const int depth = row.value(1).toInt();
        order.append({depth, row.value(0).toString()});
        if (depth > 0)
            ++out.subAgentSessions;
        if (row.value(2).toInt() != 0)
            ++out.liveTokens;
    });
    if (!read)
        return std::unexpected(read.error());
    std::sort(order.begin(), order.end());
    out.sessionIds.reserve(order.size());
    for (const auto &entry : std::as_const(order))
        out.sessionIds << entry.second;
    return out;
}

} // namespace

// What else the reached sessions held: pending step-ups, counted by index for the ids as one
// JSON array (RETURNING cannot use an index for a correlated count). Their live tokens are
// counted from the rows themselves, as they are read.
Status SqliteStore::countPendingStepUps(BlastRadius &radius)
{
    if (radius.sessionIds.isEmpty())
        return {};
    // Most of the time nothing at all is pending (one probe of stepup_by_status), and the ids
    // need not travel.
    SqliteStatement &any = fast("anyPendingStepUp", "SELECT EXISTS (SELECT 1 FROM stepup_requests WHERE status = 0)");
    auto pending = readOne<bool>(
        any, [](SqliteStatement &row) { return row.value(0).toInt() != 0; },
        [] { return QStringLiteral("Cannot count what revoked sessions held"); });
    if (!pending)
        return std::unexpected(pending.error());
    if (!pending->value_or(false)) {
        radius.pendingStepUps = 0;
        return {};
    }
    SqliteStatement &q = fast("countPendingStepUps",
                              "SELECT count(*) FROM stepup_requests WHERE status = 0 "
                              "AND session_id IN (SELECT value FROM json_each(?1))");
    q.bind(1, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(radius.sessionIds)).toJson(QJsonDocument::Compact)));
    if (q.step() != SqliteStatement::Step::Row) {
        const Error e = statementError(q, QStringLiteral("Cannot count what revoked sessions held"));
        q.reset();
        return std::unexpected(e);
    }
    radius.pendingStepUps = q.value(0).toLongLong();
    q.reset();
    return {};
}

Result<BlastRadius> SqliteStore::revokeSessions(const SessionSelector &selector, qint64 nowMs, const QString &reason)
{
    // The statement is the cache key: one prepared statement per scope.
    const char *sql = revokeSql(selector.scope);
    SqliteStatement &q = fast(sql, sql);
    q.bind(1, selector.id);
    q.bind(2, nowMs);
    q.bind(3, reason);
    auto out = readHeld(q, QStringLiteral("Cannot revoke sessions of %1").arg(selector.id));
    if (out) {
        if (auto ok = countPendingStepUps(*out); !ok)
            return std::unexpected(ok.error());
    }
    return out;
}

Result<BlastRadius> SqliteStore::blastRadius(const SessionSelector &selector, qint64 nowMs)
{
    const char *sql = radiusSql(selector.scope);
    SqliteStatement &q = fast(sql, sql);
    q.bind(1, selector.id);
    q.bind(2, nowMs);
    auto out = readHeld(q, QStringLiteral("Cannot measure what revoking %1 reaches").arg(selector.id));
    if (out) {
        if (auto ok = countPendingStepUps(*out); !ok)
            return std::unexpected(ok.error());
    }
    return out;
}

Result<qint64> SqliteStore::cancelStepUpsOf(const QStringList &sessionIds, qint64 nowMs, const QString &reason)
{
    if (sessionIds.isEmpty())
        return 0;
    // One statement for any number of sessions: the ids travel as one JSON array.
    SqliteStatement &q = fast("cancelStepUps",
                              "UPDATE stepup_requests SET status = 4, decided_at = ?2, decision_reason = ?3 "
                              "WHERE status = 0 AND session_id IN (SELECT value FROM json_each(?1))");
    q.bind(1, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(sessionIds)).toJson(QJsonDocument::Compact)));
    q.bind(2, nowMs);
    q.bind(3, reason);
    if (q.step() == SqliteStatement::Step::Error) {
        const Error e = statementError(q, QStringLiteral("Cannot cancel the step-up requests of revoked sessions"));
        q.reset();
        return std::unexpected(e);
    }
    const qint64 cancelled = q.changes();
    q.reset();
    return cancelled;
}

namespace {

// One row: whether the session was issued this token and the token's own revocation, then id,
// status, expiry and revocation reason of the session and of each ancestor up to `links` of
// them, by primary key, and whether the last link read has a parent still. A fixed chain of
// joins rather than a recursive query: no temporary table to open and close on every
// introspection.
QByteArray credentialStateSql(int links)
{
    QByteArray columns = "s0.jti = ?2 AND s0.jti != '', s0.token_revoked_at";
    QByteArray joins;
    for (int i = 0; i < links; ++i) {
        const QByteArray s = "s" + QByteArray::number(i);
        columns += ", " + s + ".id, " + s + ".status, " + s + ".expires_at, " + s + ".revoked_reason";
        if (i > 0)
            joins += " LEFT JOIN sessions " + s + " ON " + s + ".id = s" + QByteArray::number(i - 1) + ".parent_id";
    }
    columns += ", s" + QByteArray::number(links - 1) + ".parent_id IS NOT NULL";
    return "SELECT " + columns + " FROM sessions s0" + joins + " WHERE s0.id = ?1";
}

} // namespace

Result<CredentialState> SqliteStore::credentialState(const QString &jti, const QString &sessionId, int links)
{
    links = qBound(1, links, kMaxChainRead);
    // One statement, so one lock cycle on the file: introspection runs it for every token.
    static const std::array<QByteArray, kMaxChainRead> sql = [] {
        std::array<QByteArray, kMaxChainRead> out;
        for (int i = 0; i < kMaxChainRead; ++i)
            out[std::size_t(i)] = credentialStateSql(i + 1);
        return out;
    }();
    static const std::array<QByteArray, kMaxChainRead> keys = [] {
        std::array<QByteArray, kMaxChainRead> out;
        for (int i = 0; i < kMaxChainRead; ++i)
            out[std::size_t(i)] = "credentialState" + QByteArray::number(i + 1);
        return out;
    }();
    SqliteStatement &q = fast(keys[std::size_t(links - 1)].constData(), sql[std::size_t(links - 1)].constData());
    q.bind(1, sessionId);
    q.bind(2, jti);
    CredentialState out;
    auto read = readOne<bool>(
        q,
        [&](SqliteStatement &row) {
            out.tokenKnown = row.value(0).toInt() != 0;
            out.tokenRevokedAt = row.value(1).toLongLong();
            for (int i = 0; i < links; ++i) {
                const int at = 2 + 4 * i;
                const QString id = row.value(at).toString();
                if (id.isNull())
                    break;
                out.chain << SessionLink{id, static_cast<SessionStatus>(row.value(at + 1).toInt()),
                                         row.value(at + 2).toLongLong(), row.value(at + 3).toString()};
            }
            out.chainLongerThanRead = row.value(2 + 4 * links).toInt() != 0;
            return true;
        },
        [&] { return QStringLiteral("Cannot read the state of token %1").arg(jti); });
    if (!read)
        return std::unexpected(read.error());
    return out;
}

// ---- Signing keys

Status SqliteStore::insertSigningKey(const SigningKeyRecord &k)
{
    SqliteStatement &q = fast("insertSigningKey",
                              "INSERT INTO signing_keys(kid, alg, private_jwk, public_jwk, created_at, retired_at, "
                              "not_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    q.bind(1, k.kid);
    q.bind(2, k.alg);
    q.bind(3, k.privateJwk);
    q.bind(4, k.publicJwk);
    q.bind(5, k.createdAt);
    q.bind(6, k.retiredAt);
    q.bind(7, k.notAfter);
    // The message names the kid only: never the key.
    return run(q, [&] { return QStringLiteral("Cannot record signing key %1").arg(k.kid); });
}

Status SqliteStore::retireSigningKey(const QString &kid, qint64 retiredAt, qint64 notAfter)
{
    SqliteStatement &q = fast("retireSigningKey",
                              "UPDATE signing_keys SET retired_at = ?2, not_after = ?3 WHERE kid = ?1 AND retired_at = 0");
    q.bind(1, kid);
    q.bind(2, retiredAt);
    q.bind(3, notAfter);
    return run(q, [&] { return QStringLiteral("Cannot retire signing key %1").arg(kid); });
}

Result<QList<SigningKeyRecord>> SqliteStore::publishedSigningKeys(qint64 nowMs)
{
    SqliteStatement &q = fast("publishedSigningKeys",
                              "SELECT kid, alg, private_jwk, public_jwk, created_at, retired_at, not_after "
                              "FROM signing_keys WHERE retired_at = 0 OR not_after > ?1 "
                              "ORDER BY retired_at = 0 DESC, created_at DESC, kid");
    q.bind(1, nowMs);
    QList<SigningKeyRecord> out;
    auto read = eachRow(q, [] { return QStringLiteral("Cannot read the signing keys"); }, [&](SqliteStatement &row) {
        out << SigningKeyRecord{row.value(0).toString(), row.value(1).toString(), row.value(2).toString(),
                                row.value(3).toString(), row.value(4).toLongLong(), row.value(5).toLongLong(),
                                row.value(6).toLongLong()};
    });
    if (!read)
        return std::unexpected(read.error());
    return out;
}

// ---- Tokens

Result<bool> SqliteStore::revokeToken(const QString &sessionId, const QString &jti, qint64 nowMs)
{
    SqliteStatement &q = fast("revokeToken",
                              "UPDATE sessions SET token_revoked_at = ?2 WHERE id = ?1 AND jti = ?3 AND " MANDATE_TOKEN_LIVE);
    q.bind(1, sessionId);
    q.bind(2, nowMs);
    q.bind(3, jti);
    if (q.step() == SqliteStatement::Step::Error) {
        const Error e = statementError(q, QStringLiteral("Cannot revoke token %1").arg(jti));
        q.reset();
        return std::unexpected(e);
    }
    const bool changed = q.changes() > 0;
    q.reset();
    return changed;
}

} // namespace mandate
