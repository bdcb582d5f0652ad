// The VFS a store is opened through gathers a commit's write-ahead-log frames into a few large
// writes. What it must never change: every commit is in the file, whole, before any other
// connection can see it; a write that fails fails its commit and leaves the database as it was.

#include "RecordingVfs.h"
#include "store/SqliteVfs.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <csignal>
#include <utility>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace mandate;
using namespace mandate::test;

namespace {

struct Connection
{
    sqlite3 *db = nullptr;
    ~Connection() { close(); }
    void close()
    {
        sqlite3_close_v2(db);
        db = nullptr;
    }
};

// Opens path through the gathering VFS, or through SQLite's default one.
bool open(Connection &c, const QString &path, bool gathering)
{
    int rc = SQLITE_OK;
    if (gathering) {
        const QByteArray uri = sqlite_detail::gatheringUri(path).toUtf8();
        rc = sqlite3_open_v2(uri.constData(), &c.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                             nullptr);
    } else {
        rc = sqlite3_open_v2(path.toUtf8().constData(), &c.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    }
    return rc == SQLITE_OK;
}

int exec(Connection &c, const char *sql)
{
    return sqlite3_exec(c.db, sql, nullptr, nullptr, nullptr);
}

// Rows and the sum of their sizes, as a connection sees them now.
QPair<qint64, qint64> content(Connection &c)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(c.db, "SELECT count(*), coalesce(sum(length(v) + k), 0) FROM t", -1, &stmt, nullptr);
    QPair<qint64, qint64> out{-1, -1};
    if (sqlite3_step(stmt) == SQLITE_ROW)
        out = {sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)};
    sqlite3_finalize(stmt);
    return out;
}

QString integrity(Connection &c)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(c.db, "PRAGMA integrity_check", -1, &stmt, nullptr);
    QString out;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        out = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return out;
}

// One transaction of rows rows of size bytes each, keys from first on.
int insertRows(Connection &c, int first, int rows, int size)
{
    if (exec(c, "BEGIN IMMEDIATE") != SQLITE_OK)
        return sqlite3_errcode(c.db);
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(c.db, "INSERT INTO t(k, v) VALUES (?1, randomblob(?2))", -1, &stmt, nullptr);
    for (int i = 0; i < rows; ++i) {
        sqlite3_bind_int(stmt, 1, first + i);
        sqlite3_bind_int(stmt, 2, size);
        if (sqlite3_step(stmt) != SQLITE_DONE) {
            const int rc = sqlite3_errcode(c.db);
            sqlite3_finalize(stmt);
            exec(c, "ROLLBACK");
            return rc;
        }
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    const int rc = exec(c, "COMMIT");
    if (rc != SQLITE_OK)
        exec(c, "ROLLBACK");
    return rc;
}

bool prepareStore(Connection &c)
{
    return exec(c, "PRAGMA journal_mode = WAL") == SQLITE_OK && exec(c, "PRAGMA synchronous = FULL") == SQLITE_OK
           && exec(c, "CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)") == SQLITE_OK
           && sqlite_detail::setWalFramesGathered(c.db, true);
}

// A store's writer: through the gathering VFS, in WAL mode with every commit synced.
bool openStore(Connection &c, const QString &path)
{
    return open(c, path, true) && prepareStore(c);
}

} // namespace

class TestSqliteVfs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(recorder::install());
    }

    void onlyItsOwnConnectionsGather()
    {
        QTemporaryDir dir;
        QVERIFY(sqlite_detail::gatheringVfsName() != nullptr);
        Connection plain;
        QVERIFY(open(plain, dir.filePath(QStringLiteral("plain.db")), false));
        QVERIFY(!sqlite_detail::setWalFramesGathered(plain.db, true));
        Connection ours;
        QVERIFY(open(ours, dir.filePath(QStringLiteral("ours.db")), true));
        QVERIFY(sqlite_detail::setWalFramesGathered(ours.db, true));
        QVERIFY(sqlite_detail::setWalFramesGathered(ours.db, false));
    }

    // Commits of one small row, of more than one write's worth (124 KiB), and of more than
    // may gather at all (8 MiB): each is whole in the file the moment another connection,
    // through the plain VFS, can see it, and so after a checkpoint and a reopening.
    void everyCommitIsInTheFileBeforeAnyoneSeesIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        Connection writer;
        QVERIFY(openStore(writer, path));
        Connection reader;
        QVERIFY(open(reader, path, false));

        struct Batch
        {
            int rows;
            int size;
        };
        const Batch batches[] = {{1, 10}, {40, 4000}, {3000, 3500}, {7, 70'000}, {200, 100}};
        qint64 rows = 0;
        qint64 bytes = 0;
        int key = 0;
        for (const Batch &b : batches) {
            QCOMPARE(insertRows(writer, key, b.rows, b.size), SQLITE_OK);
            for (int i = 0; i < b.rows; ++i)
                bytes += b.size + key + i;
            key += b.rows;
            rows += b.rows;
            QCOMPARE(content(reader), qMakePair(rows, bytes));
            QCOMPARE(content(writer), qMakePair(rows, bytes));
        }
        QCOMPARE(integrity(reader), QStringLiteral("ok"));
        QCOMPARE(exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
        QCOMPARE(insertRows(writer, key, 10, 500), SQLITE_OK); // the log, begun again
        for (int i = 0; i < 10; ++i)
            bytes += 500 + key + i;
        rows += 10;
        QCOMPARE(content(reader), qMakePair(rows, bytes));

        writer.close();
        reader.close();
        Connection again;
        QVERIFY(open(again, path, false));
        QCOMPARE(content(again), qMakePair(rows, bytes));
        QCOMPARE(integrity(again), QStringLiteral("ok"));
    }

    // A commit that defers its log's sync is written and seen at once, and makes no sync of
    // its log; the sync stays owed until someone makes it: the caller, through a descriptor of
    // the same file, or whatever next reaches the database, before it does.
    void aDeferredSyncIsMadeBeforeTheDatabaseIsWritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        Connection writer;
        QVERIFY(openStore(writer, path));
        QCOMPARE(exec(writer, "PRAGMA wal_autocheckpoint = 0"), SQLITE_OK);
        Connection reader;
        QVERIFY(open(reader, path, false));

        recorder::start();
        QCOMPARE(insertRows(writer, 0, 10, 100), SQLITE_OK);
        QVERIFY(recorder::count("log-sync") >= 1); // a plain commit syncs
        QCOMPARE(sqlite_detail::owedLogSync(writer.db), quint64(0));

        QVERIFY(sqlite_detail::setLogSyncDeferred(writer.db, true));
        recorder::start();
        QCOMPARE(insertRows(writer, 10, 50, 4000), SQLITE_OK);
        QVERIFY(recorder::count("log-write") >= 1);
        QCOMPARE(recorder::count("log-sync"), 0);
        const quint64 first = sqlite_detail::owedLogSync(writer.db);
        QVERIFY(first != 0);
        QCOMPARE(content(reader).first, qint64(60));

        // Synced through a descriptor of the log itself, the generation it covered is forgiven;
        // a later one is not.
        const int log = sqlite_detail::duplicateLogDescriptor(writer.db);
        QVERIFY(log > 2);
        struct stat viaDescriptor{};
        struct stat viaPath{};
        QCOMPARE(fstat(log, &viaDescriptor), 0);
        QCOMPARE(stat(QFile::encodeName(path + QStringLiteral("-wal")).constData(), &viaPath), 0);
        QCOMPARE(viaDescriptor.st_ino, viaPath.st_ino);
        QCOMPARE(fdatasync(log), 0);
        close(log);
        QCOMPARE(insertRows(writer, 60, 1, 10), SQLITE_OK);
        const quint64 second = sqlite_detail::owedLogSync(writer.db);
        QVERIFY(second > first);
        sqlite_detail::forgiveLogSync(writer.db, first);
        QCOMPARE(sqlite_detail::owedLogSync(writer.db), second);
        sqlite_detail::forgiveLogSync(writer.db, second);
        QCOMPARE(sqlite_detail::owedLogSync(writer.db), quint64(0));

        // Owed again, then made before the first page reaches the database, even by a checkpoint
        // that syncs nothing itself and, held back by a reader, neither finishes nor cuts the
        // database to size.
        QCOMPARE(exec(reader, "BEGIN"), SQLITE_OK);
        QCOMPARE(content(reader).first, qint64(61));
        QCOMPARE(insertRows(writer, 61, 49, 4000), SQLITE_OK);
        QVERIFY(sqlite_detail::owedLogSync(writer.db) != 0);
        QVERIFY(sqlite_detail::setLogSyncDeferred(writer.db, false));
        QCOMPARE(exec(writer, "PRAGMA synchronous = OFF"), SQLITE_OK);
        recorder::start();
        QCOMPARE(exec(writer, "PRAGMA wal_checkpoint(PASSIVE)"), SQLITE_OK);
        const QStringList checkpoint = recorder::events();
        // The checkpoint's start, the size it asks for and its first page all come after it.
        const qsizetype started = checkpoint.indexOf(QStringLiteral("db-checkpoint-start"));
        QVERIFY2(started > 0, qPrintable(checkpoint.join(u' ')));
        QVERIFY2(checkpoint.mid(0, started).contains(QStringLiteral("log-sync")), qPrintable(checkpoint.join(u' ')));
        QVERIFY(checkpoint.indexOf(QStringLiteral("db-write")) > started);
        QCOMPARE(sqlite_detail::owedLogSync(writer.db), quint64(0));
        QCOMPARE(exec(reader, "COMMIT"), SQLITE_OK);
        QCOMPARE(exec(writer, "PRAGMA synchronous = FULL"), SQLITE_OK);

        // The log begun again: its new header is synced at once, before the frames that carry its
        // salt; the frames' sync is owed.
        QCOMPARE(exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
        QVERIFY(sqlite_detail::setLogSyncDeferred(writer.db, true));
        recorder::start();
        QCOMPARE(insertRows(writer, 110, 5, 100), SQLITE_OK);
        const QStringList restart = recorder::events();
        QVERIFY2(restart.mid(0, 2) == (QStringList{QStringLiteral("log-write@0"), QStringLiteral("log-sync")}),
                 qPrintable(restart.join(u' ')));
        QCOMPARE(restart.count(QStringLiteral("log-sync")), 1);
        QVERIFY(sqlite_detail::owedLogSync(writer.db) != 0);
        QVERIFY(sqlite_detail::setLogSyncDeferred(writer.db, false));
        QCOMPARE(exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)"), SQLITE_OK);
        QCOMPARE(content(reader).first, qint64(115));
        QCOMPARE(integrity(reader), QStringLiteral("ok"));

        // A connection through another VFS cannot defer.
        QVERIFY(!sqlite_detail::setLogSyncDeferred(reader.db, true));
        QCOMPARE(sqlite_detail::duplicateLogDescriptor(reader.db), -1);
    }

    // A sync of the log that fails is final for the connection: the checkpoint that asked for it
    // fails and writes no page, no commit is deferred again, and none is made.
    void aFailedSyncStopsTheConnection()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        Connection writer;
        QVERIFY(openStore(writer, path));
        QCOMPARE(exec(writer, "PRAGMA wal_autocheckpoint = 0"), SQLITE_OK);
        QCOMPARE(insertRows(writer, 0, 10, 100), SQLITE_OK);
        QVERIFY(sqlite_detail::setLogSyncDeferred(writer.db, true));
        QCOMPARE(insertRows(writer, 10, 10, 100), SQLITE_OK);
        QVERIFY(sqlite_detail::setLogSyncDeferred(writer.db, false));

        recorder::start();
        recorder::failNextLogSync();
        QVERIFY(exec(writer, "PRAGMA wal_checkpoint(PASSIVE)") != SQLITE_OK);
        QCOMPARE(recorder::count("db-write"), 0);
        QVERIFY(sqlite_detail::logSyncFailed(writer.db));
        QVERIFY(!sqlite_detail::setLogSyncDeferred(writer.db, true));
        QVERIFY(!sqlite_detail::payOwedLogSync(writer.db));
        // The next sync would succeed at the disk; it is refused all the same, and the commit
        // leaves no frame in the log that opening the store again would replay.
        QVERIFY(insertRows(writer, 20, 1, 10) != SQLITE_OK);
        QCOMPARE(recorder::count("db-write"), 0);
        writer.close();
        Connection again;
        QVERIFY(open(again, path, false));
        QCOMPARE(content(again).first, qint64(20));
        QCOMPARE(integrity(again), QStringLiteral("ok"));
    }

    // The file may grow no further (RLIMIT_FSIZE): the commit that needed more fails with an
    // error, nothing of it is seen, and once the file may grow again the next commit goes in.
    void aWriteThatFailsFailsItsCommit()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        Connection writer;
        QVERIFY(openStore(writer, path));
        QCOMPARE(insertRows(writer, 0, 10, 100), SQLITE_OK);
        Connection reader;
        QVERIFY(open(reader, path, false));
        const auto before = content(reader);
        QCOMPARE(before.first, qint64(10));

        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit tight = saved;
        const QFileInfo wal(path + QStringLiteral("-wal"));
        tight.rlim_cur = rlim_t(wal.size() + 64 * 1024);
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &tight), 0);
        const int failed = insertRows(writer, 10, 200, 4000); // about 800 KiB of frames
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previousHandler);

        QVERIFY2(failed != SQLITE_OK, "the commit went through although its log could not grow");
        QCOMPARE(content(reader), before);
        QCOMPARE(content(writer), before);
        QCOMPARE(integrity(reader), QStringLiteral("ok"));

        QCOMPARE(insertRows(writer, 10, 200, 4000), SQLITE_OK);
        QCOMPARE(content(reader).first, qint64(210));
        QCOMPARE(integrity(reader), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestSqliteVfs)
#include "tst_sqlitevfs.moc"
