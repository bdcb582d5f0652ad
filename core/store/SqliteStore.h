#pragma once

#include "Store.h"

#include <QHash>
#include <QSqlDatabase>

#include <memory>

class QSqlQuery;
struct sqlite3;

namespace mandate {

class LogSyncer;
class SqliteStatement;

// SQLite implementation of Store (QtSql's QSQLITE driver over the system SQLite).
// One object is one named connection, opened in and used by one thread.
class SqliteStore final : public Store
{
public:
    enum class OpenMode { OpenExisting, CreateIfMissing };

    // The current schema version this build writes. Older stores are migrated step by step;
    // a store written by a newer version is refused unchanged.
    static constexpr int kSchemaVersion = 6;
    // PRAGMA application_id of every Mandate store: "MNDT".
    static constexpr qint32 kApplicationId = 0x4D4E4454;

    static Result<std::unique_ptr<SqliteStore>> open(const QString &path, OpenMode mode);
    ~SqliteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteStore)

    QString path() const { return m_path; }
    int schemaVersion() const;
    QString description() const override;

    Status begin() override;
    Status commit() override;
    void rollback() override;
    Result<quint64> commitDeferringSync() override;
    Status waitUntilDurable(quint64 number) override;

    Status insertHuman(const Human &human) override;
    Status updateHumanStatus(const QString &id, HumanStatus status) override;
    Result<std::optional<Human>> human(const QString &id) override;
    Result<QList<Human>> humans(const HumanQuery &query) override;

    Status insertAgent(const Agent &agent) override;
    Status updateAgentStatus(const QString &id, AgentStatus status) override;
    Status updateAgentMayAct(const QString &id, const QStringList &mayAct) override;
    Status touchAgent(const QString &id, qint64 lastActiveAt, const ScopeSet &usedScopes) override;
    Result<std::optional<Agent>> agent(const QString &id) override;
    Result<std::optional<Agent>> agentMayAct(const QString &id) override;
    Result<std::optional<Agent>> agentForSession(const QString &id) override;
    Result<AgentPage> agents(const AgentQuery &query) override;
    Result<qint64> countAgents(const AgentFilter &filter) override;

    Status insertSession(const AgentSession &session) override;
    Result<std::optional<AgentSession>> session(const QString &id) override;
    Result<QList<AgentSession>> sessions(const SessionQuery &query) override;

    Result<BlastRadius> revokeSessions(const SessionSelector &selector, qint64 nowMs,
                                       const QString &reason) override;
    Result<BlastRadius> blastRadius(const SessionSelector &selector, qint64 nowMs) override;
    Result<qint64> cancelStepUpsOf(const QStringList &sessionIds, qint64 nowMs, const QString &reason) override;
    Result<CredentialState> credentialState(const QString &jti, const QString &sessionId, int links) override;

    Status insertSigningKey(const SigningKeyRecord &key) override;
    Status retireSigningKey(const QString &kid, qint64 retiredAt, qint64 notAfter) override;
    Result<QList<SigningKeyRecord>> publishedSigningKeys(qint64 nowMs) override;

    Result<bool> revokeToken(const QString &sessionId, const QString &jti, qint64 nowMs) override;

    Status insertStepUp(const StepUpRequest &request) override;
    Status updateStepUp(const StepUpRequest &request) override;
    Result<std::optional<StepUpRequest>> stepUp(const QString &id) override;

    Status insertPolicyVersion(const PolicySetVersion &version) override;
    Status setLivePolicyVersion(qint64 version) override;
    Result<std::optional<PolicySetVersion>> livePolicyVersion() override;
    Result<qint64> livePolicyVersionNumber() override;
    Result<std::optional<PolicySetVersion>> policyVersion(qint64 version) override;
    Result<QList<PolicySetVersion>> policyVersions() override;

    Result<AuditHead> auditHead() override;
    Result<AuditHead> recordedAuditHead() override;
    Status setRecordedAuditHead(const AuditHead &head) override;
    Status appendAudit(const AuditEvent &event) override;
    Status forEachAudit(qint64 fromSeq, const std::function<bool(const AuditEvent &)> &visit) override;
    Result<QList<AuditEvent>> auditEvents(qint64 fromSeq, int limit) override;
    Result<qint64> auditSeqAtOrAfter(qint64 timeMs) override;
    Result<QList<AuditEvent>> sessionAudit(const QString &sessionId, int limit) override;
    Result<Activity> activity(const ActivityQuery &query) override;

    Result<StoreSummary> summary(qint64 nowMs) override;

    // Bulk loading, for the demo generator filling a new store. Secondary indexes and the
    // agents' search trigger are dropped and built once, sorted, when bulk loading ends (a
    // million random inserts into a dozen indexes cost far more; FTS5 would also flush its
    // pending terms at every statement); commits skip the journal and the fsync, and the page
    // cache grows to 1 GiB. Only lookups by primary or unique key stay fast meanwhile, which is
    // all the engine's writes need. Refused once the store has agents: a crash while bulk
    // loading leaves a store to throw away.
    Status setBulkLoad(bool on);

    // Private keys live in the store: the file and its -wal and -shm are its owner's only.
    static Status restrictPermissions(const QString &path);

    // Test seam: run one statement with no parameters (tests use it to tamper with a store).
    Status execForTest(const QString &sql);
    // Test seam: the next sync of the log made for a deferred commit fails with this errno.
    void failNextLogSyncForTest(int error);

private:
    explicit SqliteStore(QString path, QString connectionName);
    QSqlDatabase db() const;
    Status configure();
    Status migrate();
    QSqlQuery &cached(const char *key, const char *sql);
    // The hot statements bypass QtSql (SqliteStatement.h).
    SqliteStatement &fast(const char *key, const char *sql);
    Result<std::optional<QString>> metaValue(const QString &key);
    Status countPendingStepUps(BlastRadius &radius);
    LogSyncer &syncer();
    Status refuseAfterFailedSync();
    void markLogFailed();
    Status setMetaValue(const QString &key, const QString &value);
    void installHooks();
    bool rowCacheUsable();
    void clearRowCache();

    QString m_path;
    QString m_connectionName;
    int m_schemaVersion = 0;
    bool m_bulkLoad = false;
    QStringList m_bulkRecreate; // what bulk loading dropped, to create again
    QHash<const char *, std::shared_ptr<QSqlQuery>> m_statements;
    sqlite3 *m_handle = nullptr; // QSQLITE's own connection, for the fast statements
    QHash<const char *, std::shared_ptr<SqliteStatement>> m_fast;

    // Commits whose sync was deferred are numbered; every number up to m_durableThrough is known
    // durable here (a plain commit or a checkpoint synced the log after it), the rest once the
    // syncer says so.
    std::unique_ptr<LogSyncer> m_syncer;
    quint64 m_commits = 0;
    quint64 m_durableThrough = 0;
    quint64 m_owedGeneration = 0; // what the newest deferred commit left owed

    // The agent and human rows that opening a session reads, kept between transactions. An
    // entry is only ever used inside a transaction, and only while it is exactly what the
    // database holds: any change this connection makes to agents or humans drops that table's
    // entries (SQLite's update hook), a rollback drops all, and a commit by any other
    // connection is seen by PRAGMA data_version at the first use in each transaction.
    struct RowCache
    {
        QHash<QString, Agent> agentsForSession;
        QHash<QString, Human> humans;
        qint64 dataVersion = -1;
        bool checked = false; // data_version compared since the last commit or rollback
    };
    RowCache m_rowCache;
};

} // namespace mandate
