#include "SqliteStore.h"

#include "LogSyncer.h"
#include "SqliteSchema.h"
#include "SqliteStatement.h"
#include "SqliteStore_p.h"
#include "SqliteVfs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QtEndian>

#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace mandate {

using namespace sqlite_detail;

namespace {

std::atomic<int> g_connectionCounter{0};

// Entries the row cache holds per table before it starts again (an agent is a few hundred bytes).
constexpr qsizetype kRowCacheLimit = 4096;

// A row by id from cache when it holds one, else read() and kept there; no cache, no keeping.
template <typename T, typename Read>
Result<std::optional<T>> throughCache(QHash<QString, T> *cache, const QString &id, Read read)
{
    if (cache) {
        if (auto it = cache->constFind(id); it != cache->cend())
            return std::optional<T>(*it);
    }
    Result<std::optional<T>> found = read();
    if (cache && found && *found) {
        if (cache->size() >= kRowCacheLimit)
            cache->clear();
        cache->insert(id, **found);
    }
    return found;
}

Error sqlError(const QSqlError &error, const QString &what)
{
    // QSQLITE reports SQLite's result code.
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return Error{codeForSqlite(error.nativeErrorCode().toInt()), QStringLiteral("%1: %2").arg(what, text)};
}

Status exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return std::unexpected(sqlError(query.lastError(), what));
    return {};
}

bool isPlainAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f || c == u'"' || c == u'\\')
            return false;
    }
    return true;
}

QString encodeList(const QStringList &list)
{
    if (list.isEmpty())
        return {};
    // Policy ids are plain ASCII: written directly, as QJsonDocument would write them.
    if (std::all_of(list.cbegin(), list.cend(), isPlainAscii)) {
        QString out;
        out += u'[';
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i)
                out += u',';
            out += u'"' + list.at(i) + u'"';
        }
        out += u']';
        return out;
    }
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList decodeList(const QString &text)
{
    if (text.isEmpty())
        return {};
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &v : array)
        out << v.toString();
    return out;
}

// Turns what a person typed into an FTS5 query: each word becomes a quoted prefix term, and
// all must match. Only letters and digits survive, so the text can never be FTS syntax.
QString ftsQuery(const QString &text)
{
    QStringList terms;
    QString word;
    auto flush = [&] {
        if (!word.isEmpty())
            terms << u'"' + word + QStringLiteral("\"*");
        word.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            word += c;
        else
            flush();
    }
    flush();
    if (terms.size() > 8)
        terms.resize(8);
    return terms.join(u' ');
}

const char *sortExpression(AgentSort sort)
{
    switch (sort) {
    case AgentSort::Name: return "a.name";
    case AgentSort::Owner: return "a.owner_name";
    case AgentSort::Status: return "a.status";
    case AgentSort::Risk: return "a.risk";
    case AgentSort::Model: return "a.model";
    case AgentSort::Runtime: return "a.runtime";
    case AgentSort::Purpose: return "a.purpose";
    case AgentSort::CreatedAt: return "a.created_at";
    case AgentSort::LastActive: return "a.last_active_at";
    case AgentSort::Id: return "a.id";
    }
    return "a.name";
}

QVariant sortValueOf(const Agent &a, AgentSort sort)
{
    switch (sort) {
    case AgentSort::Name: return a.name;
    case AgentSort::Owner: return a.ownerName;
    case AgentSort::Status: return static_cast<int>(a.status);
    case AgentSort::Risk: return static_cast<int>(a.risk);
    case AgentSort::Model: return a.model.display();
    case AgentSort::Runtime: return a.runtime;
    case AgentSort::Purpose: return a.purpose;
    case AgentSort::CreatedAt: return a.createdAt;
    case AgentSort::LastActive: return a.lastActiveAt;
    case AgentSort::Id: return a.id;
    }
    return {};
}

constexpr const char *kAgentColumns =
    "a.id, a.name, a.owner_id, a.owner_name, h.status, a.purpose, a.model_provider, "
    "a.model_name, a.model_version, a.runtime, a.risk, a.status, a.ceiling, a.used_scopes, "
    "a.spiffe_id, a.created_at, a.last_active_at, a.may_act";
constexpr int kAgentColumnCount = 18;

template <typename Row>
Agent agentFrom(const Row &q)
{
    Agent a;
    a.id = q.value(0).toString();
    a.name = q.value(1).toString();
    a.ownerId = q.value(2).toString();
    a.ownerName = q.value(3).toString();
    a.ownerStatus = static_cast<HumanStatus>(q.value(4).toInt());
    a.purpose = q.value(5).toString();
    a.model = ModelInfo{q.value(6).toString(), q.value(7).toString(), q.value(8).toString()};
    a.runtime = q.value(9).toString();
    a.risk = static_cast<RiskTier>(q.value(10).toInt());
    a.status = static_cast<AgentStatus>(q.value(11).toInt());
    a.ceiling = ScopeSet(q.value(12).toString().split(u' ', Qt::SkipEmptyParts));
    a.usedScopes = ScopeSet(q.value(13).toString().split(u' ', Qt::SkipEmptyParts));
    a.spiffeId = q.value(14).toString();
    a.createdAt = q.value(15).toLongLong();
    a.lastActiveAt = q.value(16).toLongLong();
    a.mayAct = q.value(17).toString().split(u' ', Qt::SkipEmptyParts);
    return a;
}

constexpr const char *kHumanColumns = "id, name, email, department, status, roles, created_at";

template <typename Row>
Human humanFrom(const Row &q)
{
    Human h;
    h.id = q.value(0).toString();
    h.name = q.value(1).toString();
    h.email = q.value(2).toString();
    h.department = q.value(3).toString();
    h.status = static_cast<HumanStatus>(q.value(4).toInt());
    h.roles = ConsoleRoles::fromInt(q.value(5).toInt());
    h.createdAt = q.value(6).toLongLong();
    return h;
}

constexpr const char *kSessionColumns =
    "id, agent_id, human_id, parent_id, root_id, task, scopes, depth, issued_at, expires_at, "
    "status, revoked_at, revoked_reason, jti, token_revoked_at";

template <typename Row>
AgentSession sessionFrom(const Row &q)
{
    AgentSession s;
    s.id = q.value(0).toString();
    s.agentId = q.value(1).toString();
    s.humanId = q.value(2).toString();
    s.parentId = q.value(3).toString();
    s.rootId = q.value(4).toString();
    s.task = q.value(5).toString();
    s.scopes = ScopeSet(q.value(6).toString().split(u' ', Qt::SkipEmptyParts));
    s.depth = q.value(7).toInt();
    s.issuedAt = q.value(8).toLongLong();
    s.expiresAt = q.value(9).toLongLong();
    s.status = static_cast<SessionStatus>(q.value(10).toInt());
    s.revokedAt = q.value(11).toLongLong();
    s.revokedReason = q.value(12).toString();
    s.jti = q.value(13).toString();
    s.tokenRevokedAt = q.value(14).toLongLong();
    return s;
}

constexpr const char *kStepUpColumns =
    "id, session_id, agent_id, human_id, action, resource, context, policy_id, reason, "
    "binding_message, status, approver_id, created_at, decided_at, decision_reason, expires_at";

StepUpRequest stepUpFrom(const QSqlQuery &q)
{
    StepUpRequest r;
    r.id = q.value(0).toString();
    r.sessionId = q.value(1).toString();
    r.agentId = q.value(2).toString();
    r.humanId = q.value(3).toString();
    r.action = q.value(4).toString();
    r.resource = q.value(5).toString();
    r.context = q.value(6).toString();
    r.policyId = q.value(7).toString();
    r.reason = q.value(8).toString();
    r.bindingMessage = q.value(9).toString();
    r.status = static_cast<StepUpStatus>(q.value(10).toInt());
    r.approverId = q.value(11).toString();
    r.createdAt = q.value(12).toLongLong();
    r.decidedAt = q.value(13).toLongLong();
    r.decisionReason = q.value(14).toString();
    r.expiresAt = q.value(15).toLongLong();
    return r;
}

constexpr const char *kAuditColumns =
    "seq, time, type, actor, agent_id, session_id, human_id, scopes, action, resource, decision, "
    "policies, model_version, task, source_address, detail, prev_hash, hash";

AuditEvent auditFrom(const QSqlQuery &q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.time = q.value(1).toLongLong();
    e.type = q.value(2).toString();
    e.actor = q.value(3).toString();
    e.agentId = q.value(4).toString();
    e.sessionId = q.value(5).toString();
    e.humanId = q.value(6).toString();
    e.scopes = q.value(7).toString();
    e.action = q.value(8).toString();
    e.resource = q.value(9).toString();
    e.decision = q.value(10).toString();
    e.policies = decodeList(q.value(11).toString());
    e.modelVersion = q.value(12).toString();
    e.task = q.value(13).toString();
    e.sourceAddress = q.value(14).toString();
    e.detail = q.value(15).toString();
    e.prevHash = q.value(16).toString().toLatin1();
    e.hash = q.value(17).toString().toLatin1();
    return e;
}

// QtSql binds a null QString as SQL NULL; text columns are NOT NULL and hold '' instead.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

enum class FileKind { Missing, Empty, Mandate, OtherSqlite, NotSqlite };

FileKind inspect(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return FileKind::Missing;
    if (file.size() == 0)
        return FileKind::Empty;
    if (!file.open(QIODevice::ReadOnly))
        return FileKind::NotSqlite;
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < 100 || !header.startsWith(magic))
        return FileKind::NotSqlite;
    const qint32 appId = qFromBigEndian<qint32>(header.constData() + 68);
    return appId == SqliteStore::kApplicationId ? FileKind::Mandate : FileKind::OtherSqlite;
}

} // namespace

SqliteStore::SqliteStore(QString path, QString connectionName)
    : m_path(std::move(path)), m_connectionName(std::move(connectionName))
{
}

SqliteStore::~SqliteStore()
{
    if (m_bulkLoad) // never leave a store without its indexes and search trigger
        setBulkLoad(false);
    if (m_syncer && m_handle) {
        // Every sync asked for is made (or has failed) before the store closes; a failure
        // marks the log failed and skips the checkpoint that closing would make.
        m_syncer->waitForAll();
        if (!m_syncer->failure().isEmpty())
            markLogFailed();
        m_syncer.reset();
    }
    if (m_handle) {
        sqlite3_update_hook(m_handle, nullptr, nullptr);
        sqlite3_commit_hook(m_handle, nullptr, nullptr);
        sqlite3_rollback_hook(m_handle, nullptr, nullptr);
    }
    m_fast.clear(); // finalised before the connection closes
    m_statements.clear();
    {
        QSqlDatabase database = QSqlDatabase::database(m_connectionName, false);
        if (database.isOpen())
            database.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase SqliteStore::db() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int SqliteStore::schemaVersion() const
{
    return m_schemaVersion;
}

QString SqliteStore::description() const
{
    return QStringLiteral("SQLite store %1").arg(m_path);
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const QString &path, OpenMode mode)
{
    if (path.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("No store file was given."));
    const FileKind kind = inspect(path);
    switch (kind) {
    case FileKind::Missing:
    case FileKind::Empty:
        if (mode == OpenMode::OpenExisting)
            return fail(ErrorCode::StoreUnavailable,
                        QStringLiteral("There is no Mandate store at %1.").arg(path));
        if (kind == FileKind::Missing && !QFileInfo(path).absoluteDir().exists())
            return fail(ErrorCode::StoreUnavailable,
                        QStringLiteral("Cannot create a store at %1: the folder does not exist.").arg(path));
        break;
    case FileKind::NotSqlite:
        return fail(ErrorCode::StoreNotMandate,
                    QStringLiteral("%1 is not a Mandate store: it is not an SQLite database.").arg(path));
    case FileKind::OtherSqlite:
        return fail(ErrorCode::StoreNotMandate,
                    QStringLiteral("%1 is an SQLite database, but not a Mandate store.").arg(path));
    case FileKind::Mandate:
        break;
    }

    if (kind == FileKind::Missing) {
        // Created empty and owner-only before SQLite opens it: SQLite gives the -wal and -shm
        // files the database file's permissions, so private keys are never readable by others.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return fail(ErrorCode::StoreUnavailable,
                        QStringLiteral("Cannot create a store at %1: %2").arg(path, file.errorString()));
    }

    const QString name = QStringLiteral("mandate-sqlite-%1").arg(g_connectionCounter.fetch_add(1));
    std::unique_ptr<SqliteStore> store(new SqliteStore(path, name));
    {
        QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        // Through the VFS that writes a commit's log frames at once (SqliteVfs.h), named in a
        // URI filename; the platform's own should it be missing.
        if (const QString uri = sqlite_detail::gatheringUri(path); !uri.isEmpty()) {
            database.setDatabaseName(uri);
            database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000;QSQLITE_OPEN_URI"));
        } else {
            database.setDatabaseName(path);
            database.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        }
        if (!database.open())
            return std::unexpected(sqlError(database.lastError(),
                                            QStringLiteral("Cannot open %1").arg(path)));
        QVariant handle = database.driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            store->m_handle = *static_cast<sqlite3 **>(handle.data());
        if (!store->m_handle)
            return fail(ErrorCode::Internal, QStringLiteral("Cannot open %1: the SQLite driver hides its connection.")
                                                 .arg(path));
        store->installHooks();
    }

    if (kind == FileKind::Mandate) {
        // Read before writing anything: a store from a newer version or a damaged file must be
        // left exactly as it was.
        auto version = store->metaValue(QStringLiteral("schema_version"));
        if (!version) {
            Error e = version.error();
            if (e.code == ErrorCode::StoreFailed || e.code == ErrorCode::StoreNotMandate)
                e.code = ErrorCode::StoreCorrupt;
            e.message = QStringLiteral("%1 is damaged and cannot be read (%2).").arg(path, e.message);
            return std::unexpected(e);
        }
        bool ok = false;
        const int v = version->value_or(QString()).toInt(&ok);
        if (!ok || v < 1)
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("%1 is damaged: it has no valid schema version.").arg(path));
        if (v > kSchemaVersion)
            return fail(ErrorCode::StoreTooNew,
                        QStringLiteral("%1 was written by a newer version of Mandate (store version %2; "
                                       "this version reads up to %3). Upgrade Mandate to open it.")
                            .arg(path)
                            .arg(v)
                            .arg(kSchemaVersion));
        store->m_schemaVersion = v;
        auto unfinished = store->metaValue(QStringLiteral("unfinished_bulk_load"));
        if (!unfinished)
            return std::unexpected(unfinished.error());
        if (*unfinished)
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("%1 is incomplete: its creation was interrupted before it finished. "
                                       "Delete it and create it again.").arg(path));
    }

    if (auto ok = store->configure(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = store->migrate(); !ok)
        return std::unexpected(ok.error());
    if (kind != FileKind::Mandate) {
        // A new store's first page, which says it is a Mandate store, is still in the
        // write-ahead log; copied into the file, it lets a second process open the store now.
        QSqlQuery q(store->db());
        if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(FULL)")) || !q.next() || q.value(0).toInt() != 0)
            return fail(ErrorCode::StoreUnavailable,
                        QStringLiteral("Cannot finish creating the store at %1.").arg(path));
    }
    // A store made by an older version, or copied with a loose umask, is tightened once it is
    // known to be ours and current: from version 2 it holds signing keys.
    if (auto ok = restrictPermissions(path); !ok)
        return std::unexpected(ok.error());
    return store;
}

Status SqliteStore::restrictPermissions(const QString &path)
{
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    for (const QString &file : QStringList{path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
        if (!QFileInfo::exists(file))
            continue;
        const QFileDevice::Permissions now = QFile::permissions(file);
        // Anything beyond the owner's read and write goes (Qt reports the owner's bits twice, as
        // Owner and as User when the owner runs us).
        if ((now & ~(ownerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser)) == 0)
            continue;
        if (!QFile::setPermissions(file, ownerOnly))
            return fail(ErrorCode::StoreUnavailable,
                        QStringLiteral("Cannot make %1 private to its owner; it holds signing keys.").arg(file));
    }
    return {};
}

Status SqliteStore::configure()
{
    QSqlQuery q(db());
    // WAL lets readers run beside the one writer; FULL sync keeps every acknowledged commit.
    const char *pragmas[] = {
        "PRAGMA foreign_keys = ON",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA cache_size = -65536",
        "PRAGMA mmap_size = 268435456",
    };
    for (const char *pragma : pragmas) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return std::unexpected(sqlError(q.lastError(), QString::fromLatin1(pragma)));
    }
    q.exec(QStringLiteral("PRAGMA journal_mode"));
    if (!q.next() || q.value(0).toString() != QLatin1StringView("wal"))
        return fail(ErrorCode::StoreUnavailable,
                    QStringLiteral("%1: the store cannot use write-ahead logging here.").arg(m_path));
    // Every commit now syncs its log, which is what gathering its frames needs.
    sqlite_detail::setWalFramesGathered(m_handle, true);
    return {};
}

Status SqliteStore::migrate()
{
    QSqlDatabase database = db();
    QSqlQuery q(database);
    if (m_schemaVersion == 0) {
        // A new store: mark it as ours before anything else, in the same transaction as meta.
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot initialise store")));
        const bool ok = q.exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId))
                        && q.exec(QStringLiteral(
                            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"));
        if (!ok) {
            const Error e = sqlError(q.lastError(), QStringLiteral("Cannot initialise store"));
            q.exec(QStringLiteral("ROLLBACK"));
            return std::unexpected(e);
        }
        if (!q.exec(QStringLiteral("COMMIT")))
            return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot initialise store")));
    }

    for (const sqlite::Migration &step : sqlite::migrations()) {
        if (step.version <= m_schemaVersion)
            continue;
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot migrate store")));
        for (const char *statement : step.statements) {
            if (!q.exec(QString::fromUtf8(statement))) {
                const Error e = sqlError(q.lastError(),
                                         QStringLiteral("Migration to version %1 failed").arg(step.version));
                q.exec(QStringLiteral("ROLLBACK"));
                return std::unexpected(e);
            }
        }
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)"));
        q.addBindValue(QString::number(step.version));
        if (!q.exec()) {
            const Error e = sqlError(q.lastError(), QStringLiteral("Migration failed"));
            q.exec(QStringLiteral("ROLLBACK"));
            return std::unexpected(e);
        }
        if (!q.exec(QStringLiteral("COMMIT"))) {
            const Error e = sqlError(q.lastError(), QStringLiteral("Migration failed"));
            q.exec(QStringLiteral("ROLLBACK"));
            return std::unexpected(e);
        }
        m_schemaVersion = step.version;
    }
    return {};
}

void SqliteStore::installHooks()
{
    // The update hook replaces QSQLITE's own, which only serves QSqlDriver notifications; the
    // store never subscribes to those.
    sqlite3_update_hook(
        m_handle,
        [](void *self, int, const char *, const char *table, sqlite3_int64) {
            RowCache &cache = static_cast<SqliteStore *>(self)->m_rowCache;
            if (std::strcmp(table, "agents") == 0)
                cache.agentsForSession.clear();
            else if (std::strcmp(table, "humans") == 0)
                cache.humans.clear();
        },
        this);
    sqlite3_commit_hook(
        m_handle,
        [](void *self) {
            static_cast<SqliteStore *>(self)->m_rowCache.checked = false;
            return 0; // let the commit go ahead
        },
        this);
    // What was read inside a transaction that rolls back may be what it wrote.
    sqlite3_rollback_hook(m_handle, [](void *self) { static_cast<SqliteStore *>(self)->clearRowCache(); }, this);
}

void SqliteStore::clearRowCache()
{
    m_rowCache.agentsForSession.clear();
    m_rowCache.humans.clear();
    m_rowCache.checked = false;
}

bool SqliteStore::rowCacheUsable()
{
    // Outside a transaction another connection could commit between two reads.
    if (sqlite3_get_autocommit(m_handle))
        return false;
    if (m_rowCache.checked)
        return true;
    SqliteStatement &q = fast("dataVersion", "PRAGMA data_version");
    const qint64 version = q.step() == SqliteStatement::Step::Row ? q.value(0).toLongLong() : -1;
    q.reset();
    if (version < 0) {
        clearRowCache();
        return false;
    }
    if (version != m_rowCache.dataVersion) {
        clearRowCache();
        m_rowCache.dataVersion = version;
    }
    m_rowCache.checked = true;
    return true;
}

QSqlQuery &SqliteStore::cached(const char *key, const char *sql)
{
    auto it = m_statements.find(key);
    if (it == m_statements.end()) {
        auto query = std::make_shared<QSqlQuery>(db());
        // Forward-only: otherwise QtSql's result cache allocates 128 rows of values on every
        // exec, which costs more than the statement itself.
        query->setForwardOnly(true);
        query->prepare(QString::fromUtf8(sql));
        it = m_statements.insert(key, query);
    }
    return **it;
}

SqliteStatement &SqliteStore::fast(const char *key, const char *sql)
{
    auto it = m_fast.find(key);
    if (it == m_fast.end())
        it = m_fast.insert(key, std::make_shared<SqliteStatement>(m_handle, sql));
    return **it;
}

Result<std::optional<QString>> SqliteStore::metaValue(const QString &key)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot read store metadata")));
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.value(0).toString());
}

Status SqliteStore::setMetaValue(const QString &key, const QString &value)
{
    SqliteStatement &q = fast("setMeta", "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)");
    q.bind(1, key);
    q.bind(2, value);
    return run(q, [] { return QStringLiteral("Cannot write store metadata"); });
}

// A transaction's own statements are prepared once, like the statements run inside it.
Status SqliteStore::begin()
{
    if (auto ok = refuseAfterFailedSync(); !ok)
        return ok;
    return run(fast("begin", "BEGIN IMMEDIATE"), [] { return QStringLiteral("Cannot start a transaction"); });
}

Status SqliteStore::commit()
{
    // A sync that failed meanwhile fails this commit too: what it would declare durable is not.
    if (auto ok = refuseAfterFailedSync(); !ok) {
        rollback();
        return ok;
    }
    if (auto ok = run(fast("commit", "COMMIT"), [] { return QStringLiteral("Cannot commit"); }); !ok) {
        rollback();
        return ok;
    }
    // A commit that wrote nothing synced nothing: a deferred commit before it may still be owed.
    if (sqlite_detail::owedLogSync(m_handle) != 0 && !sqlite_detail::payOwedLogSync(m_handle)) {
        markLogFailed();
        return fail(ErrorCode::StoreFailed,
                    QStringLiteral("%1: its write-ahead log could not be made durable; the changes since its "
                                   "last good sync may be lost.")
                        .arg(m_path));
    }
    // The log is synced, and with it every deferred commit written before it.
    m_durableThrough = m_commits;
    return {};
}

Result<quint64> SqliteStore::commitDeferringSync()
{
    // The descriptor the sync will use, taken before the commit (the log is open once a
    // transaction is): without one, or without the VFS that can defer (or while bulk loading,
    // which never syncs), a plain commit, durable at once.
    const int descriptor = m_bulkLoad ? -1 : sqlite_detail::duplicateLogDescriptor(m_handle);
    if (descriptor < 0 || !sqlite_detail::setLogSyncDeferred(m_handle, true)) {
        if (descriptor >= 0)
            ::close(descriptor);
        if (auto ok = commit(); !ok)
            return std::unexpected(ok.error());
        m_durableThrough = ++m_commits;
        return m_commits;
    }
    auto ok = refuseAfterFailedSync();
    if (ok)
        ok = run(fast("commit", "COMMIT"), [] { return QStringLiteral("Cannot commit"); });
    sqlite_detail::setLogSyncDeferred(m_handle, false);
    if (!ok) {
        ::close(descriptor);
        rollback();
        return std::unexpected(ok.error());
    }
    const quint64 number = ++m_commits;
    m_owedGeneration = sqlite_detail::owedLogSync(m_handle);
    if (m_owedGeneration == 0) { // nothing written, or a checkpoint in the commit synced the log
        ::close(descriptor);
        m_durableThrough = number;
        return number;
    }
    syncer().request(number, descriptor);
    return number;
}

Status SqliteStore::waitUntilDurable(quint64 number)
{
    if (number == 0 || number > m_commits)
        return fail(ErrorCode::Internal, QStringLiteral("No commit %1 was made to wait for.").arg(number));
    if (number <= m_durableThrough)
        return {};
    // The syncer's sync, and no failed sync of the same frames here (a checkpoint's): the
    // kernel reports a lost write to every descriptor, but that is not for us to count on.
    auto ok = syncer().wait(number);
    if (ok)
        ok = refuseAfterFailedSync();
    if (!ok) {
        markLogFailed();
        return ok;
    }
    m_durableThrough = number;
    // The sync began after the newest commit was written: the log owes nothing more, unless a
    // deferred sync has been made since (a later generation).
    if (number == m_commits)
        sqlite_detail::forgiveLogSync(m_handle, m_owedGeneration);
    return {};
}

LogSyncer &SqliteStore::syncer()
{
    if (!m_syncer) {
        // The log's own directory: SQLite follows a symbolic link to the database, and puts the
        // log beside the file it leads to.
        const char *log = sqlite3_filename_wal(sqlite3_db_filename(m_handle, "main"));
        const QString directory = log ? QFileInfo(QFile::decodeName(log)).absolutePath()
                                      : QFileInfo(m_path).absolutePath();
        m_syncer = std::make_unique<LogSyncer>(directory);
    }
    return *m_syncer;
}

Status SqliteStore::refuseAfterFailedSync()
{
    QString failure = m_syncer ? m_syncer->failure() : QString();
    if (failure.isEmpty() && sqlite_detail::logSyncFailed(m_handle))
        failure = QStringLiteral("a sync failed");
    if (failure.isEmpty())
        return {};
    markLogFailed();
    return fail(ErrorCode::StoreFailed,
                QStringLiteral("%1 takes no more changes: its write-ahead log could not be made durable "
                               "(%2). Check the disk, then open the store again.")
                    .arg(m_path, failure));
}

void SqliteStore::markLogFailed()
{
    // Nothing may be called durable on this connection again, checkpoints (the one closing
    // would make included) and deferrals refused.
    sqlite_detail::logSyncFailed(m_handle, true);
    sqlite3_db_config(m_handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
}

void SqliteStore::failNextLogSyncForTest(int error)
{
    syncer().failNextSyncForTest(error);
}

void SqliteStore::rollback()
{
    // Only when one is open: a failed COMMIT may already have rolled back.
    if (!sqlite3_get_autocommit(m_handle))
        run(fast("rollback", "ROLLBACK"), [] { return QStringLiteral("Cannot roll back"); });
}

Status SqliteStore::setBulkLoad(bool on)
{
    if (on == m_bulkLoad)
        return {};
    QSqlQuery q(db());
    auto run = [&q](const QString &sql) -> Status {
        if (!q.exec(sql))
            return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot switch bulk loading")));
        return {};
    };
    if (on) {
        if (!q.exec(QStringLiteral("SELECT count(*) FROM agents")) || !q.next())
            return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot switch bulk loading")));
        if (q.value(0).toLongLong() != 0)
            return fail(ErrorCode::Conflict, QStringLiteral("Bulk loading is only for a new store; %1 has agents.")
                                                 .arg(m_path));
        // The secondary indexes and the search trigger, exactly as the schema wrote them. The
        // engine only looks rows up by primary or unique key, which stay; so do the indexes
        // whose keys arrive in time order, which cost next to nothing to keep.
        QStringList drops;
        m_bulkRecreate.clear();
        if (!q.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                                   "((type = 'index' AND name NOT IN ('audit_by_time', 'agents_by_created', "
                                   "'sessions_active')) OR (type = 'trigger' AND name = 'agents_search_insert')) "
                                   "ORDER BY type, name")))
            return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot switch bulk loading")));
        while (q.next()) {
            drops << QStringLiteral("DROP %1 %2").arg(q.value(0).toString().toUpper(), q.value(1).toString());
            m_bulkRecreate << q.value(2).toString();
        }
        q.finish();
        // Marked durably before anything is dropped: a load that never finishes (the process
        // killed) leaves a store that says so, instead of one that silently lacks its indexes.
        if (auto ok = setMetaValue(QStringLiteral("unfinished_bulk_load"), QStringLiteral("1")); !ok)
            return ok;
        sqlite_detail::setWalFramesGathered(m_handle, false);
        for (const char *sql : {"PRAGMA synchronous = OFF", "PRAGMA cache_size = -1048576",
                                "PRAGMA journal_mode = OFF"}) {
            if (auto ok = run(QString::fromLatin1(sql)); !ok)
                return ok;
        }
        for (const QString &sql : std::as_const(drops)) {
            if (auto ok = run(sql); !ok)
                return ok;
        }
        m_bulkLoad = true;
        return {};
    }
    // Sorting each index once is far cheaper than a million random inserts into it. With a
    // normal cache SQLite sorts in chunks, on worker threads.
    const int threads = qBound(1, QThread::idealThreadCount(), 4);
    for (const QString &sql : {QStringLiteral("PRAGMA cache_size = -65536"),
                               QStringLiteral("PRAGMA threads = %1").arg(threads)}) {
        if (auto ok = run(sql); !ok)
            return ok;
    }
    if (auto ok = run(QStringLiteral("BEGIN IMMEDIATE")); !ok)
        return ok;
    QStringList statements = m_bulkRecreate;
    statements << QStringLiteral("INSERT INTO agents_search(agents_search) VALUES ('rebuild')");
    for (const QString &sql : std::as_const(statements)) {
        if (auto ok = run(sql); !ok) {
            rollback();
            return ok;
        }
    }
    if (auto ok = run(QStringLiteral("COMMIT")); !ok) {
        rollback();
        return ok;
    }
    m_bulkLoad = false;
    m_bulkRecreate.clear();
    for (const char *sql : {"PRAGMA threads = 0", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"}) {
        if (auto ok = run(QString::fromLatin1(sql)); !ok)
            return ok;
    }
    sqlite_detail::setWalFramesGathered(m_handle, true);
    return run(QStringLiteral("DELETE FROM meta WHERE key = 'unfinished_bulk_load'"));
}

Status SqliteStore::execForTest(const QString &sql)
{
    QSqlQuery q(db());
    if (!q.exec(sql))
        return std::unexpected(sqlError(q.lastError(), sql));
    return {};
}

// ---- Humans

Status SqliteStore::insertHuman(const Human &h)
{
    QSqlQuery &q = cached("insertHuman",
                          "INSERT INTO humans(id, name, email, department, status, roles, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(text(h.id));
    q.addBindValue(text(h.name));
    q.addBindValue(text(h.email));
    q.addBindValue(text(h.department));
    q.addBindValue(static_cast<int>(h.status));
    q.addBindValue(h.roles.toInt());
    q.addBindValue(h.createdAt);
    return exec(q, QStringLiteral("Cannot add human %1").arg(h.id));
}

Status SqliteStore::updateHumanStatus(const QString &id, HumanStatus status)
{
    QSqlQuery &q = cached("updateHumanStatus", "UPDATE humans SET status = ? WHERE id = ?");
    q.addBindValue(static_cast<int>(status));
    q.addBindValue(id);
    if (auto ok = exec(q, QStringLiteral("Cannot update human %1").arg(id)); !ok)
        return ok;
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("No human %1.").arg(id));
    return {};
}

Result<std::optional<Human>> SqliteStore::human(const QString &id)
{
    return throughCache(rowCacheUsable() ? &m_rowCache.humans : nullptr, id, [&] {
        SqliteStatement &q = fast("human", "SELECT id, name, email, department, status, roles, created_at "
                                           "FROM humans WHERE id = ?1");
        q.bind(1, id);
        return readOne<Human>(q, humanFrom<SqliteStatement>,
                              [&] { return QStringLiteral("Cannot read human %1").arg(id); });
    });
}

Result<QList<Human>> SqliteStore::humans(const HumanQuery &query)
{
    QString sql = QStringLiteral("SELECT %1 FROM humans WHERE id > ?").arg(QLatin1StringView(kHumanColumns));
    QVariantList binds{text(query.afterId)};
    if (query.role) {
        sql += QStringLiteral(" AND (roles & ?) != 0");
        binds << static_cast<int>(*query.role);
    }
    if (query.status) {
        sql += QStringLiteral(" AND status = ?");
        binds << static_cast<int>(*query.status);
    }
    sql += QStringLiteral(" ORDER BY id LIMIT ?");
    binds << qBound(1, query.limit, 100000);
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (auto ok = exec(q, QStringLiteral("Cannot list humans")); !ok)
        return std::unexpected(ok.error());
    QList<Human> out;
    while (q.next())
        out << humanFrom(q);
    return out;
}

// ---- Agents

Status SqliteStore::insertAgent(const Agent &a)
{
    SqliteStatement &q = fast("insertAgent",
                              "INSERT INTO agents(id, name, owner_id, owner_name, purpose, model_provider, "
                              "model_name, model_version, model, runtime, risk, status, ceiling, ceiling_count, "
                              "used_scopes, used_count, spiffe_id, created_at, last_active_at, may_act) "
                              "VALUES (?1, ?2, ?3, (SELECT name FROM humans WHERE id = ?3), ?4, ?5, ?6, ?7, ?8, "
                              "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
    q.bind(1, a.id);
    q.bind(2, a.name);
    q.bind(3, a.ownerId);
    q.bind(4, a.purpose);
    q.bind(5, a.model.provider);
    q.bind(6, a.model.name);
    q.bind(7, a.model.version);
    q.bind(8, a.model.display());
    q.bind(9, a.runtime);
    q.bind(10, qint64(a.risk));
    q.bind(11, qint64(a.status));
    q.bind(12, a.ceiling.toString());
    q.bind(13, qint64(a.ceiling.size()));
    q.bind(14, a.usedScopes.toString());
    q.bind(15, qint64(a.usedScopes.size()));
    q.bind(16, a.spiffeId);
    q.bind(17, a.createdAt);
    q.bind(18, a.lastActiveAt);
    q.bind(19, a.mayAct.join(u' '));
    if (auto ok = run(q, [&] { return QStringLiteral("Cannot register agent %1").arg(a.id); }); !ok)
        return ok;
    for (const QString &sponsor : a.sponsorIds) {
        SqliteStatement &sp = fast("insertSponsor", "INSERT INTO agent_sponsors(agent_id, human_id) VALUES (?1, ?2)");
        sp.bind(1, a.id);
        sp.bind(2, sponsor);
        if (auto ok = run(sp, [&] { return QStringLiteral("Cannot add sponsor %1 to agent %2").arg(sponsor, a.id); });
            !ok)
            return ok;
    }
    return {};
}

Status SqliteStore::updateAgentMayAct(const QString &id, const QStringList &mayAct)
{
    SqliteStatement &q = fast("updateAgentMayAct", "UPDATE agents SET may_act = ?2 WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, mayAct.join(u' '));
    if (auto ok = run(q, [&] { return QStringLiteral("Cannot update agent %1").arg(id); }); !ok)
        return ok;
    if (q.changes() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("No agent %1.").arg(id));
    return {};
}

Status SqliteStore::updateAgentStatus(const QString &id, AgentStatus status)
{
    QSqlQuery &q = cached("updateAgentStatus", "UPDATE agents SET status = ? WHERE id = ?");
    q.addBindValue(static_cast<int>(status));
    q.addBindValue(id);
    if (auto ok = exec(q, QStringLiteral("Cannot update agent %1").arg(id)); !ok)
        return ok;
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("No agent %1.").arg(id));
    return {};
}

Status SqliteStore::touchAgent(const QString &id, qint64 lastActiveAt, const ScopeSet &usedScopes)
{
    SqliteStatement &q = fast("touchAgent",
                              "UPDATE agents SET last_active_at = max(last_active_at, ?1), used_scopes = ?2, "
                              "used_count = ?3 WHERE id = ?4");
    q.bind(1, lastActiveAt);
    q.bind(2, usedScopes.toString());
    q.bind(3, qint64(usedScopes.size()));
    q.bind(4, id);
    return run(q, [&] { return QStringLiteral("Cannot update agent %1").arg(id); });
}

Result<std::optional<Agent>> SqliteStore::agentForSession(const QString &id)
{
    return throughCache(rowCacheUsable() ? &m_rowCache.agentsForSession : nullptr, id, [&] {
        SqliteStatement &q = fast("agentForSession",
                                  "SELECT name, owner_id, risk, status, ceiling, used_scopes, last_active_at, "
                                  "model_provider, model_name, model_version FROM agents WHERE id = ?1");
        q.bind(1, id);
        return readOne<Agent>(
            q,
            [&](const SqliteStatement &row) {
                Agent a;
                a.id = id;
                a.name = row.value(0).toString();
                a.ownerId = row.value(1).toString();
                a.risk = static_cast<RiskTier>(row.value(2).toInt());
                a.status = static_cast<AgentStatus>(row.value(3).toInt());
                a.ceiling = ScopeSet(row.value(4).toString().split(u' ', Qt::SkipEmptyParts));
                a.usedScopes = ScopeSet(row.value(5).toString().split(u' ', Qt::SkipEmptyParts));
                a.lastActiveAt = row.value(6).toLongLong();
                a.model = ModelInfo{row.value(7).toString(), row.value(8).toString(), row.value(9).toString()};
                return a;
            },
            [&] { return QStringLiteral("Cannot read agent %1").arg(id); });
    });
}

Result<std::optional<Agent>> SqliteStore::agentMayAct(const QString &id)
{
    SqliteStatement &q = fast("agentMayAct", "SELECT name, may_act FROM agents WHERE id = ?1");
    q.bind(1, id);
    return readOne<Agent>(
        q,
        [&](const SqliteStatement &row) {
            Agent a;
            a.id = id;
            a.name = row.value(0).toString();
            a.mayAct = row.value(1).toString().split(u' ', Qt::SkipEmptyParts);
            return a;
        },
        [&] { return QStringLiteral("Cannot read agent %1").arg(id); });
}

Result<std::optional<Agent>> SqliteStore::agent(const QString &id)
{
    // The engine reads the agent on every session it opens: one statement, sponsors included.
    static const QByteArray sql = QByteArray("SELECT ") + kAgentColumns
                                  + ", (SELECT group_concat(human_id, ' ') FROM (SELECT human_id FROM agent_sponsors"
                                    " WHERE agent_id = a.id ORDER BY human_id))"
                                    " FROM agents a JOIN humans h ON h.id = a.owner_id WHERE a.id = ?1";
    SqliteStatement &q = fast("agent", sql.constData());
    q.bind(1, id);
    return readOne<Agent>(
        q,
        [](const SqliteStatement &row) {
            Agent a = agentFrom(row);
            a.sponsorIds = row.value(kAgentColumnCount).toString().split(u' ', Qt::SkipEmptyParts);
            return a;
        },
        [&] { return QStringLiteral("Cannot read agent %1").arg(id); });
}

namespace {

// The WHERE terms of an agent filter: fixed SQL fragments chosen by the filter, values bound.
// For paging, the terms are written "+column" so that SQLite walks the sort order's index and
// filters as it goes (the first page comes at once); for counting, plain columns let it use
// whichever index is smallest.
//
// Text is matched in one of two ways. Words that few agents match drive the query: their
// matches are looked up and sorted. Words that many match ("claude") would make that a sort of
// hundreds of thousands of rows, so then the sort order's index is walked and each agent is
// checked against the matches, which finds the first page after a few hundred rows.
enum class TextPlan { DriveFromMatches, ProbeWhileWalking };

void agentWhere(const AgentFilter &f, bool forPaging, TextPlan textPlan, QStringList &where, QVariantList &binds)
{
    const QString p = forPaging ? QStringLiteral("+") : QString();
    if (const QString fts = ftsQuery(f.text); !fts.isEmpty()) {
        where << (textPlan == TextPlan::ProbeWhileWalking ? QStringLiteral("+a.n") : QStringLiteral("a.n"))
                     + QStringLiteral(" IN (SELECT rowid FROM agents_search WHERE agents_search MATCH ?)");
        binds << fts;
    }
    if (f.status) {
        where << p + QStringLiteral("a.status = ?");
        binds << static_cast<int>(*f.status);
    }
    if (f.risk) {
        where << p + QStringLiteral("a.risk = ?");
        binds << static_cast<int>(*f.risk);
    }
    switch (f.owner) {
    case OwnerFilter::Any: break;
    case OwnerFilter::Active: where << p + QStringLiteral("h.status = 0"); break;
    case OwnerFilter::Disabled: where << p + QStringLiteral("h.status = 1"); break;
    case OwnerFilter::Departed: where << p + QStringLiteral("h.status = 2"); break;
    case OwnerFilter::Gone: where << p + QStringLiteral("h.status <> 0"); break;
    }
    switch (f.hygiene) {
    case HygieneFilter::Any: break;
    case HygieneFilter::OwnerGone: where << p + QStringLiteral("h.status <> 0"); break;
    case HygieneFilter::Dormant:
        where << p + QStringLiteral("a.last_active_at < ?");
        binds << f.nowMs - kDormantAfterMs;
        break;
    case HygieneFilter::OverScoped:
        where << QStringLiteral("a.ceiling_count >= 4 AND a.used_count * 4 <= a.ceiling_count");
        break;
    }
    if (!f.ownerId.isEmpty()) {
        where << QStringLiteral("a.owner_id = ?");
        binds << f.ownerId;
    }
}

} // namespace

Result<AgentPage> SqliteStore::agents(const AgentQuery &query)
{
    // Above this many matches, walking the sort order beats sorting the matches.
    constexpr int kDriveFromMatchesUpTo = 2000;
    TextPlan textPlan = TextPlan::DriveFromMatches;
    if (const QString fts = ftsQuery(query.filter.text); !fts.isEmpty()) {
        QSqlQuery probe(db());
        probe.setForwardOnly(true);
        probe.prepare(QStringLiteral("SELECT count(*) FROM (SELECT rowid FROM agents_search "
                                     "WHERE agents_search MATCH ? LIMIT ?)"));
        probe.addBindValue(fts);
        probe.addBindValue(kDriveFromMatchesUpTo + 1);
        if (auto ok = exec(probe, QStringLiteral("Cannot search agents")); !ok)
            return std::unexpected(ok.error());
        if (probe.next() && probe.value(0).toInt() > kDriveFromMatchesUpTo)
            textPlan = TextPlan::ProbeWhileWalking;
    }
    QStringList where;
    QVariantList binds;
    agentWhere(query.filter, true, textPlan, where, binds);
    const QString sortCol = QString::fromLatin1(sortExpression(query.sort));
    const bool asc = query.order == Qt::AscendingOrder;
    const QString dir = asc ? QStringLiteral("ASC") : QStringLiteral("DESC");
    if (query.after) {
        if (query.sort == AgentSort::Id) {
            where << (asc ? QStringLiteral("a.id > ?") : QStringLiteral("a.id < ?"));
            binds << query.after->id;
        } else {
            where << QStringLiteral("(%1, a.id) %2 (?, ?)").arg(sortCol, asc ? QStringLiteral(">") : QStringLiteral("<"));
            binds << query.after->sortValue << query.after->id;
        }
    }
    // CROSS JOIN keeps agents as the outer loop, so the sort index drives the scan.
    QString sql = QStringLiteral("SELECT %1 FROM agents a CROSS JOIN humans h ON h.id = a.owner_id")
                      .arg(QLatin1StringView(kAgentColumns));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    if (query.sort == AgentSort::Id)
        sql += QStringLiteral(" ORDER BY a.id %1").arg(dir);
    else
        sql += QStringLiteral(" ORDER BY %1 %2, a.id %2").arg(sortCol, dir);
    sql += QStringLiteral(" LIMIT ?");
    const int limit = qBound(1, query.limit, 10000);
    binds << limit + 1; // one more tells whether there is a next page

    QSqlQuery q(db());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot list agents")));
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (auto ok = exec(q, QStringLiteral("Cannot list agents")); !ok)
        return std::unexpected(ok.error());
    AgentPage page;
    page.agents.reserve(limit);
    while (q.next()) {
        if (page.agents.size() == limit) {
            const Agent &last = page.agents.constLast();
            page.next = AgentCursor{sortValueOf(last, query.sort), last.id};
            break;
        }
        page.agents << agentFrom(q);
    }
    return page;
}

Result<qint64> SqliteStore::countAgents(const AgentFilter &filter)
{
    QStringList where;
    QVariantList binds;
    agentWhere(filter, false, TextPlan::DriveFromMatches, where, binds);
    QString sql = QStringLiteral("SELECT count(*) FROM agents a");
    const bool needsOwner = filter.owner != OwnerFilter::Any || filter.hygiene == HygieneFilter::OwnerGone;
    if (needsOwner)
        sql += QStringLiteral(" JOIN humans h ON h.id = a.owner_id");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (auto ok = exec(q, QStringLiteral("Cannot count agents")); !ok)
        return std::unexpected(ok.error());
    return q.next() ? q.value(0).toLongLong() : 0;
}

// ---- Sessions

Status SqliteStore::insertSession(const AgentSession &s)
{
    // Bound in the order of kSessionColumns, the order sessionFrom reads.
    static const QByteArray sql = QByteArray("INSERT INTO sessions(") + kSessionColumns
                                  + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
    SqliteStatement &q = fast("insertSession", sql.constData());
    q.bind(1, s.id);
    q.bind(2, s.agentId);
    q.bind(3, s.humanId);
    q.bindOrNull(4, s.parentId);
    q.bind(5, s.rootId.isEmpty() ? s.id : s.rootId);
    q.bind(6, s.task);
    q.bind(7, s.scopes.toString());
    q.bind(8, qint64(s.depth));
    q.bind(9, s.issuedAt);
    q.bind(10, s.expiresAt);
    q.bind(11, qint64(s.status));
    q.bind(12, s.revokedAt);
    q.bind(13, s.revokedReason);
    q.bind(14, s.jti);
    q.bind(15, s.tokenRevokedAt);
    return run(q, [&] { return QStringLiteral("Cannot record session %1").arg(s.id); });
}

Result<std::optional<AgentSession>> SqliteStore::session(const QString &id)
{
    static const QByteArray sql = QByteArray("SELECT ") + kSessionColumns + " FROM sessions WHERE id = ?1";
    SqliteStatement &q = fast("session", sql.constData());
    q.bind(1, id);
    return readOne<AgentSession>(q, sessionFrom<SqliteStatement>,
                                 [&] { return QStringLiteral("Cannot read session %1").arg(id); });
}

Result<QList<AgentSession>> SqliteStore::sessions(const SessionQuery &query)
{
    QStringList where;
    QVariantList binds;
    QString order = QStringLiteral("issued_at DESC, id DESC");
    if (!query.agentId.isEmpty()) {
        where << QStringLiteral("agent_id = ?");
        binds << query.agentId;
    }
    if (!query.humanId.isEmpty()) {
        where << QStringLiteral("human_id = ?");
        binds << query.humanId;
    }
    if (!query.parentId.isEmpty()) {
        where << QStringLiteral("parent_id = ?");
        binds << query.parentId;
    }
    if (!query.rootId.isEmpty()) {
        // The session and every session below it, walked down sessions_tree.
        where << QStringLiteral("id IN (WITH RECURSIVE tree(id) AS (VALUES (?) UNION ALL SELECT s.id FROM "
                                "sessions s JOIN tree t ON s.parent_id = t.id) SELECT id FROM tree)");
        binds << query.rootId;
        order = QStringLiteral("depth, issued_at, id");
    }
    if (query.activeOnly) {
        where << QStringLiteral("status = 0 AND expires_at > ?");
        binds << query.nowMs;
    }
    QString sql = QStringLiteral("SELECT %1 FROM sessions").arg(QLatin1StringView(kSessionColumns));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY ") + order + QStringLiteral(" LIMIT ?");
    binds << qBound(1, query.limit, 100000);
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (auto ok = exec(q, QStringLiteral("Cannot list sessions")); !ok)
        return std::unexpected(ok.error());
    QList<AgentSession> out;
    while (q.next())
        out << sessionFrom(q);
    return out;
}

// ---- Step-up requests

Status SqliteStore::insertStepUp(const StepUpRequest &r)
{
    QSqlQuery &q = cached("insertStepUp",
                          "INSERT INTO stepup_requests(id, session_id, agent_id, human_id, action, resource, "
                          "context, policy_id, reason, binding_message, status, approver_id, created_at, "
                          "decided_at, decision_reason, expires_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.addBindValue(r.id);
    q.addBindValue(r.sessionId);
    q.addBindValue(r.agentId);
    q.addBindValue(r.humanId);
    q.addBindValue(text(r.action));
    q.addBindValue(text(r.resource));
    q.addBindValue(r.context.isEmpty() ? QStringLiteral("{}") : r.context);
    q.addBindValue(text(r.policyId));
    q.addBindValue(text(r.reason));
    q.addBindValue(text(r.bindingMessage));
    q.addBindValue(static_cast<int>(r.status));
    q.addBindValue(nullIfEmpty(r.approverId));
    q.addBindValue(r.createdAt);
    q.addBindValue(r.decidedAt);
    q.addBindValue(text(r.decisionReason));
    q.addBindValue(r.expiresAt);
    return exec(q, QStringLiteral("Cannot record step-up request %1").arg(r.id));
}

Status SqliteStore::updateStepUp(const StepUpRequest &r)
{
    QSqlQuery &q = cached("updateStepUp",
                          "UPDATE stepup_requests SET status = ?, approver_id = ?, decided_at = ?, "
                          "decision_reason = ? WHERE id = ?");
    q.addBindValue(static_cast<int>(r.status));
    q.addBindValue(nullIfEmpty(r.approverId));
    q.addBindValue(r.decidedAt);
    q.addBindValue(text(r.decisionReason));
    q.addBindValue(r.id);
    if (auto ok = exec(q, QStringLiteral("Cannot update step-up request %1").arg(r.id)); !ok)
        return ok;
    if (q.numRowsAffected() != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("No step-up request %1.").arg(r.id));
    return {};
}

Result<std::optional<StepUpRequest>> SqliteStore::stepUp(const QString &id)
{
    static const QByteArray sql = QByteArray("SELECT ") + kStepUpColumns + " FROM stepup_requests WHERE id = ?";
    QSqlQuery &q = cached("stepUp", sql.constData());
    q.addBindValue(id);
    if (auto ok = exec(q, QStringLiteral("Cannot read step-up request %1").arg(id)); !ok)
        return std::unexpected(ok.error());
    std::optional<StepUpRequest> out;
    if (q.next())
        out = stepUpFrom(q);
    q.finish();
    return out;
}

// ---- Audit

Result<AuditHead> SqliteStore::auditHead()
{
    SqliteStatement &q = fast("auditHead", "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    auto last = readOne<AuditHead>(
        q, [](const SqliteStatement &row) { return AuditHead{row.value(0).toLongLong(), row.value(1).toString().toLatin1()}; },
        [] { return QStringLiteral("Cannot read the audit head"); });
    if (!last)
        return std::unexpected(last.error());
    return last->value_or(AuditHead{0, QByteArray(64, '0')});
}

Result<AuditHead> SqliteStore::recordedAuditHead()
{
    auto seq = metaValue(QStringLiteral("audit_head_seq"));
    if (!seq)
        return std::unexpected(seq.error());
    auto hash = metaValue(QStringLiteral("audit_head_hash"));
    if (!hash)
        return std::unexpected(hash.error());
    if (!*seq || !*hash)
        return AuditHead{0, QByteArray(64, '0')};
    return AuditHead{(*seq)->toLongLong(), (*hash)->toLatin1()};
}

Status SqliteStore::setRecordedAuditHead(const AuditHead &head)
{
    if (auto ok = setMetaValue(QStringLiteral("audit_head_seq"), QString::number(head.seq)); !ok)
        return ok;
    return setMetaValue(QStringLiteral("audit_head_hash"), QString::fromLatin1(head.hash));
}

Status SqliteStore::appendAudit(const AuditEvent &e)
{
    SqliteStatement &q = fast("appendAudit",
                              "INSERT INTO audit_events(seq, time, type, actor, agent_id, session_id, human_id, "
                              "scopes, action, resource, decision, policies, model_version, task, source_address, "
                              "detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                              "?13, ?14, ?15, ?16, ?17, ?18)");
    q.bind(1, e.seq);
    q.bind(2, e.time);
    q.bind(3, e.type);
    q.bind(4, e.actor);
    q.bind(5, e.agentId);
    q.bind(6, e.sessionId);
    q.bind(7, e.humanId);
    q.bind(8, e.scopes);
    q.bind(9, e.action);
    q.bind(10, e.resource);
    q.bind(11, e.decision);
    q.bind(12, encodeList(e.policies));
    q.bind(13, e.modelVersion);
    q.bind(14, e.task);
    q.bind(15, e.sourceAddress);
    q.bind(16, e.detail);
    q.bindLatin1(17, e.prevHash);
    q.bindLatin1(18, e.hash);
    return run(q, [&] { return QStringLiteral("Cannot append audit event %1").arg(e.seq); });
}

Status SqliteStore::forEachAudit(qint64 fromSeq, const std::function<bool(const AuditEvent &)> &visit)
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM audit_events WHERE seq >= ? ORDER BY seq")
                  .arg(QLatin1StringView(kAuditColumns)));
    q.addBindValue(fromSeq);
    if (auto ok = exec(q, QStringLiteral("Cannot read the audit log")); !ok)
        return ok;
    while (q.next()) {
        if (!visit(auditFrom(q)))
            break;
    }
    if (q.lastError().isValid())
        return std::unexpected(sqlError(q.lastError(), QStringLiteral("Cannot read the audit log")));
    return {};
}

Result<QList<AuditEvent>> SqliteStore::auditEvents(qint64 fromSeq, int limit)
{
    QList<AuditEvent> out;
    const int max = qBound(1, limit, 100000);
    auto ok = forEachAudit(fromSeq, [&](const AuditEvent &e) {
        out << e;
        return out.size() < max;
    });
    if (!ok)
        return std::unexpected(ok.error());
    return out;
}

Result<QList<AuditEvent>> SqliteStore::sessionAudit(const QString &sessionId, int limit)
{
    QSqlQuery q(db());
    q.setForwardOnly(true);
    // Newest first through the (session_id, seq) index, then turned round.
    q.prepare(QStringLiteral("SELECT %1 FROM audit_events WHERE session_id = ? ORDER BY seq DESC LIMIT ?")
                  .arg(QLatin1StringView(kAuditColumns)));
    q.addBindValue(sessionId);
    q.addBindValue(qBound(1, limit, 10000));
    if (auto ok = exec(q, QStringLiteral("Cannot read the session's audit events")); !ok)
        return std::unexpected(ok.error());
    QList<AuditEvent> out;
    while (q.next())
        out.prepend(auditFrom(q));
    return out;
}

Result<StoreSummary> SqliteStore::summary(qint64 nowMs)
{
    QSqlQuery q(db());
    q.prepare(QStringLiteral(
        "SELECT (SELECT count(*) FROM humans), (SELECT count(*) FROM agents), "
        "(SELECT count(*) FROM sessions WHERE status = 0 AND expires_at > ?), "
        "(SELECT coalesce(max(seq), 0) FROM audit_events), "
        "(SELECT count(*) FROM stepup_requests WHERE status = 0 AND expires_at > ?)"));
    q.addBindValue(nowMs);
    q.addBindValue(nowMs);
    if (auto ok = exec(q, QStringLiteral("Cannot summarise the store")); !ok)
        return std::unexpected(ok.error());
    if (!q.next())
        return StoreSummary{};
    return StoreSummary{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                        q.value(3).toLongLong(), q.value(4).toLongLong()};
}

} // namespace mandate
