#include "SqliteVfs.h"

#include <QFileInfo>
#include <QUrl>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

namespace mandate::sqlite_detail {

namespace {

// File-control opcodes of our own, far above SQLite's (SQLITE_FCNTL_* stay below 100).
constexpr int kGatherOpcode = 0x4d4e4401;
constexpr int kDeferOpcode = 0x4d4e4402;   // set: commits leave their log's sync owed
constexpr int kOwedOpcode = 0x4d4e4403;    // get: the owed sync's generation, 0 if none
constexpr int kForgiveOpcode = 0x4d4e4404; // a generation synced elsewhere: owed no more
constexpr int kLogFdOpcode = 0x4d4e4405;   // get: a new descriptor of the log
constexpr int kPayOpcode = 0x4d4e4406;     // make the owed sync now
constexpr int kFailedOpcode = 0x4d4e4407;  // set: a sync of the log failed elsewhere; get: any has

// What may gather before it is written anyway: a few large transactions' worth.
constexpr std::size_t kMaxGathered = std::size_t(8) << 20;

// The most the unix VFS writes in one call (it takes less than 128 KiB).
constexpr std::size_t kMaxWrite = std::size_t(124) << 10;

// What a log keeps allocated between transactions.
constexpr std::size_t kKeptCapacity = std::size_t(1) << 20;

sqlite3_vfs *g_base = nullptr;

// One open file: ours first, the platform VFS's right behind it in the same allocation.
struct File
{
    sqlite3_file base; // its pMethods are ours
    sqlite3_file *real = nullptr;
    File *database = nullptr; // a log: its main database; null for any other file
    File *wal = nullptr;      // a main database: its open log
    bool gather = false;      // a main database: gathering is on
    bool defer = false;       // a main database: its log's syncs are owed, not made
    // A log: each deferred sync makes the sync owed under a new generation; a sync through
    // SQLite's own descriptor pays it, one through syncFd forgives the generation it covered.
    quint64 owed = 0;         // the generation owed, 0 when nothing is
    quint64 generations = 0;
    int owedFlags = 0;        // the flags of the sync it owes
    bool headerWritten = false; // the log's header was written since its last sync
    // A sync failed: nothing written may be called durable again, nor anything more written.
    // Kept on the open log; a connection reopens its log only when its journal mode changes,
    // which writes first and is refused.
    bool failed = false;
    int syncFd = -1;          // open for writing: a descriptor of its own, to sync from elsewhere
    std::vector<char> pending;
    sqlite3_int64 pendingOffset = 0;

    bool gathering() const { return database && database->gather; }
};

File *self(sqlite3_file *file)
{
    return reinterpret_cast<File *>(file);
}

// Writes what has gathered. The bytes are gone either way: if the write failed, the call that
// asked (a sync, so a commit) fails and SQLite never publishes those frames.
int flush(File *f)
{
    if (f->pending.empty())
        return SQLITE_OK;
    if (f->failed) { // a log whose sync failed takes no more frames (xWrite)
        f->pending.clear();
        return SQLITE_IOERR_WRITE;
    }
    int rc = SQLITE_OK;
    for (std::size_t done = 0; done < f->pending.size() && rc == SQLITE_OK; done += kMaxWrite) {
        const std::size_t size = std::min(kMaxWrite, f->pending.size() - done);
        rc = f->real->pMethods->xWrite(f->real, f->pending.data() + done, int(size),
                                       f->pendingOffset + sqlite3_int64(done));
    }
    f->pending.clear();
    if (f->pending.capacity() > kKeptCapacity)
        std::vector<char>().swap(f->pending);
    return rc;
}

// Before anything on a main database's shared memory: its log's frames are in the file.
void flushLogOf(File *f)
{
    if (f->wal)
        flush(f->wal);
}

// Syncs a log through SQLite's own descriptor. A failure is final: the kernel may have dropped
// the pages it could not write, and a later sync would succeed without them.
int syncLog(File *log, int flags)
{
    if (log->failed)
        return SQLITE_IOERR_FSYNC;
    const int rc = log->real->pMethods->xSync(log->real, flags);
    if (rc != SQLITE_OK) {
        log->failed = true;
        return rc;
    }
    log->owed = 0;
    log->headerWritten = false;
    return SQLITE_OK;
}

// Makes the sync a log owes. Before anything reaches its main database (a checkpoint's
// pages, or its size), and before the log is cut or closed: no page may be there before the
// frames it was copied from are durable. Refused for good once a sync of the log has failed.
int payOwed(File *log)
{
    if (!log)
        return SQLITE_OK;
    if (log->failed)
        return SQLITE_IOERR_FSYNC;
    if (!log->owed)
        return SQLITE_OK;
    if (const int rc = flush(log); rc != SQLITE_OK)
        return rc;
    return syncLog(log, log->owedFlags);
}

int xClose(sqlite3_file *file)
{
    File *f = self(file);
    int flushed = flush(f);
    if (const int rc = payOwed(f); flushed == SQLITE_OK)
        flushed = rc;
    if (f->syncFd >= 0)
        ::close(f->syncFd);
    if (f->database)
        f->database->wal = nullptr;
    if (f->wal)
        f->wal->database = nullptr;
    const int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    f->~File();
    return flushed != SQLITE_OK ? flushed : rc;
}

int xRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xRead(f->real, buffer, amount, offset);
}

int xWrite(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
    File *f = self(file);
    if (f->database && f->failed) // no frame may reach it that a reopening would replay
        return SQLITE_IOERR_WRITE;
    if (f->database && offset == 0)
        f->headerWritten = true; // a new log, or one begun again after a checkpoint
    if (f->gathering() && amount > 0) {
        const std::size_t size = std::size_t(amount);
        if (!f->pending.empty() && offset != f->pendingOffset + sqlite3_int64(f->pending.size())) {
            if (const int rc = flush(f); rc != SQLITE_OK)
                return rc;
        }
        if (f->pending.size() + size <= kMaxGathered) {
            try {
                if (f->pending.empty())
                    f->pendingOffset = offset;
                const char *bytes = static_cast<const char *>(buffer);
                f->pending.insert(f->pending.end(), bytes, bytes + size);
                return SQLITE_OK;
            } catch (const std::bad_alloc &) {
                // Written straight through below, after what gathered before it.
            }
        }
    }
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    if (const int rc = payOwed(f->wal); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xWrite(f->real, buffer, amount, offset);
}

int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    if (const int rc = payOwed(f->database ? f : f->wal); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xTruncate(f->real, size);
}

int xSync(sqlite3_file *file, int flags)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    if (f->database) {
        if (f->failed)
            return SQLITE_IOERR_FSYNC;
        // The frames are in the file; whoever deferred the sync makes it, or the next thing
        // that reaches the main database does (payOwed). A new header is synced at once, before
        // the frames that carry its salt, as SQLite orders it even when it syncs nothing else.
        if (f->database->defer && !f->headerWritten) {
            f->owed = ++f->generations;
            f->owedFlags = flags;
            return SQLITE_OK;
        }
        return syncLog(f, flags);
    }
    if (const int rc = payOwed(f->wal); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xSync(f->real, flags);
}

int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xFileSize(f->real, size);
}

int xLock(sqlite3_file *file, int level)
{
    File *f = self(file);
    return f->real->pMethods->xLock(f->real, level);
}

int xUnlock(sqlite3_file *file, int level)
{
    File *f = self(file);
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xUnlock(f->real, level);
}

int xCheckReservedLock(sqlite3_file *file, int *out)
{
    File *f = self(file);
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

int xFileControl(sqlite3_file *file, int op, void *arg)
{
    File *f = self(file);
    if (op == kGatherOpcode) {
        if (f->database)
            return SQLITE_NOTFOUND; // a log follows its database
        f->gather = *static_cast<int *>(arg) != 0;
        if (!f->gather && f->wal)
            return flush(f->wal);
        return SQLITE_OK;
    }
    if (op >= kDeferOpcode && op <= kFailedOpcode) {
        if (f->database)
            return SQLITE_NOTFOUND; // asked of the main database
        File *log = f->wal;
        switch (op) {
        case kDeferOpcode:
            // Only with a descriptor to sync the log through, and never after a failed sync.
            if (*static_cast<int *>(arg) != 0 && (!log || log->syncFd < 0 || log->failed))
                return SQLITE_NOTFOUND;
            f->defer = *static_cast<int *>(arg) != 0;
            return SQLITE_OK;
        case kOwedOpcode:
            *static_cast<quint64 *>(arg) = log ? log->owed : 0;
            return SQLITE_OK;
        case kForgiveOpcode:
            if (log && log->owed == *static_cast<quint64 *>(arg))
                log->owed = 0;
            return SQLITE_OK;
        case kLogFdOpcode:
            // Never 0 to 2: a stray write to standard output must not land in a log.
            *static_cast<int *>(arg) = log && log->syncFd >= 0 ? ::fcntl(log->syncFd, F_DUPFD_CLOEXEC, 3) : -1;
            return SQLITE_OK;
        case kPayOpcode:
            return payOwed(log);
        default: // kFailedOpcode
            if (*static_cast<int *>(arg) != 0 && log)
                log->failed = true;
            *static_cast<int *>(arg) = log && log->failed ? 1 : 0;
            return SQLITE_OK;
        }
    }
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    // A checkpoint announces itself, then may grow the database to size: both after the sync.
    if (op == SQLITE_FCNTL_CKPT_START || op == SQLITE_FCNTL_SIZE_HINT) {
        if (const int rc = payOwed(f->wal); rc != SQLITE_OK)
            return rc;
    }
    if (op == SQLITE_FCNTL_VFSNAME) {
        // Ours in front of the platform's, as SQLite's own shims report themselves.
        const int rc = f->real->pMethods->xFileControl(f->real, op, arg);
        if (rc == SQLITE_OK) {
            char **name = static_cast<char **>(arg);
            char *joined = sqlite3_mprintf("mandate/%z", *name);
            if (!joined)
                return SQLITE_NOMEM;
            *name = joined;
        }
        return rc;
    }
    return f->real->pMethods->xFileControl(f->real, op, arg);
}

int xSectorSize(sqlite3_file *file)
{
    File *f = self(file);
    return f->real->pMethods->xSectorSize(f->real);
}

int xDeviceCharacteristics(sqlite3_file *file)
{
    File *f = self(file);
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

int xShmMap(sqlite3_file *file, int page, int pageSize, int extend, void volatile **out)
{
    File *f = self(file);
    if (f->real->pMethods->iVersion < 2)
        return SQLITE_IOERR_SHMMAP;
    flushLogOf(f);
    return f->real->pMethods->xShmMap(f->real, page, pageSize, extend, out);
}

int xShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    File *f = self(file);
    if (f->real->pMethods->iVersion < 2)
        return SQLITE_IOERR_SHMLOCK;
    flushLogOf(f);
    return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

void xShmBarrier(sqlite3_file *file)
{
    File *f = self(file);
    // Gathering is on only while every commit asks for its log to be synced first (deferred or
    // not, that writes what gathered), so nothing is left here when a commit publishes its
    // frames; this is the last line should that ever change.
    flushLogOf(f);
    if (f->real->pMethods->iVersion >= 2)
        f->real->pMethods->xShmBarrier(f->real);
}

int xShmUnmap(sqlite3_file *file, int deleteFlag)
{
    File *f = self(file);
    if (f->real->pMethods->iVersion < 2)
        return SQLITE_OK;
    flushLogOf(f);
    return f->real->pMethods->xShmUnmap(f->real, deleteFlag);
}

int xFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    File *f = self(file);
    if (f->real->pMethods->iVersion < 3) {
        *out = nullptr;
        return SQLITE_OK;
    }
    if (const int rc = flush(f); rc != SQLITE_OK)
        return rc;
    return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

int xUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    File *f = self(file);
    if (f->real->pMethods->iVersion < 3)
        return SQLITE_OK;
    return f->real->pMethods->xUnfetch(f->real, offset, page);
}

const sqlite3_io_methods g_methods = {
    3,           xClose,      xRead,     xWrite,      xTruncate,   xSync,
    xFileSize,   xLock,       xUnlock,   xCheckReservedLock,       xFileControl,
    xSectorSize, xDeviceCharacteristics, xShmMap,     xShmLock,    xShmBarrier,
    xShmUnmap,   xFetch,      xUnfetch,
};

int vfsOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags)
{
    File *f = new (file) File;
    f->real = reinterpret_cast<sqlite3_file *>(f + 1);
    f->real->pMethods = nullptr;
    const int rc = g_base->xOpen(g_base, name, f->real, flags, outFlags);
    if (!f->real->pMethods) {
        // SQLite calls no method of a file whose open failed, not even xClose.
        f->~File();
        file->pMethods = nullptr;
        return rc == SQLITE_OK ? SQLITE_CANTOPEN : rc;
    }
    f->base.pMethods = &g_methods;
    if (rc == SQLITE_OK && (flags & SQLITE_OPEN_WAL) && name) {
        sqlite3_file *db = sqlite3_database_file_object(name);
        if (db && db->pMethods == &g_methods) {
            f->database = self(db);
            f->database->wal = f;
            // The same file again, for a sync made on another thread while this one writes on.
            // Read-only is enough for fdatasync on Linux (and nothing can write through it);
            // -1 if it cannot open, and then commits are never deferred.
            if (flags & SQLITE_OPEN_READWRITE)
                f->syncFd = ::open(name, O_RDONLY | O_CLOEXEC);
        }
    }
    return rc;
}

// The rest of the VFS is the platform's, called with its own object.
int vfsDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    return g_base->xDelete(g_base, name, syncDir);
}
int vfsAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return g_base->xAccess(g_base, name, flags, out);
}
int vfsFullPathname(sqlite3_vfs *, const char *name, int size, char *out)
{
    return g_base->xFullPathname(g_base, name, size, out);
}
void *vfsDlOpen(sqlite3_vfs *, const char *name)
{
    return g_base->xDlOpen(g_base, name);
}
void vfsDlError(sqlite3_vfs *, int size, char *out)
{
    g_base->xDlError(g_base, size, out);
}
void (*vfsDlSym(sqlite3_vfs *, void *handle, const char *symbol))(void)
{
    return g_base->xDlSym(g_base, handle, symbol);
}
void vfsDlClose(sqlite3_vfs *, void *handle)
{
    g_base->xDlClose(g_base, handle);
}
int vfsRandomness(sqlite3_vfs *, int size, char *out)
{
    return g_base->xRandomness(g_base, size, out);
}
int vfsSleep(sqlite3_vfs *, int microseconds)
{
    return g_base->xSleep(g_base, microseconds);
}
int vfsCurrentTime(sqlite3_vfs *, double *out)
{
    return g_base->xCurrentTime(g_base, out);
}
int vfsGetLastError(sqlite3_vfs *, int size, char *out)
{
    return g_base->xGetLastError ? g_base->xGetLastError(g_base, size, out) : 0;
}
int vfsCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out)
{
    if (g_base->iVersion >= 2 && g_base->xCurrentTimeInt64)
        return g_base->xCurrentTimeInt64(g_base, out);
    double days = 0;
    const int rc = g_base->xCurrentTime(g_base, &days);
    *out = sqlite3_int64(days * 86400000.0);
    return rc;
}
int vfsSetSystemCall(sqlite3_vfs *, const char *name, sqlite3_syscall_ptr call)
{
    return g_base->iVersion >= 3 ? g_base->xSetSystemCall(g_base, name, call) : SQLITE_NOTFOUND;
}
sqlite3_syscall_ptr vfsGetSystemCall(sqlite3_vfs *, const char *name)
{
    return g_base->iVersion >= 3 ? g_base->xGetSystemCall(g_base, name) : nullptr;
}
const char *vfsNextSystemCall(sqlite3_vfs *, const char *name)
{
    return g_base->iVersion >= 3 ? g_base->xNextSystemCall(g_base, name) : nullptr;
}

sqlite3_vfs g_vfs{};

bool registerVfs()
{
    g_base = sqlite3_vfs_find(nullptr);
    if (!g_base)
        return false;
    g_vfs.iVersion = 3;
    // The platform's file and ours, each aligned as SQLite aligns what it allocates.
    static_assert(sizeof(File) % 8 == 0);
    g_vfs.szOsFile = int(sizeof(File)) + g_base->szOsFile;
    g_vfs.mxPathname = g_base->mxPathname;
    g_vfs.zName = "mandate";
    g_vfs.xOpen = vfsOpen;
    g_vfs.xDelete = vfsDelete;
    g_vfs.xAccess = vfsAccess;
    g_vfs.xFullPathname = vfsFullPathname;
    g_vfs.xDlOpen = vfsDlOpen;
    g_vfs.xDlError = vfsDlError;
    g_vfs.xDlSym = vfsDlSym;
    g_vfs.xDlClose = vfsDlClose;
    g_vfs.xRandomness = vfsRandomness;
    g_vfs.xSleep = vfsSleep;
    g_vfs.xCurrentTime = vfsCurrentTime;
    g_vfs.xGetLastError = vfsGetLastError;
    g_vfs.xCurrentTimeInt64 = vfsCurrentTimeInt64;
    g_vfs.xSetSystemCall = vfsSetSystemCall;
    g_vfs.xGetSystemCall = vfsGetSystemCall;
    g_vfs.xNextSystemCall = vfsNextSystemCall;
    return sqlite3_vfs_register(&g_vfs, 0) == SQLITE_OK;
}

} // namespace

QString gatheringUri(const QString &path)
{
    const char *vfs = gatheringVfsName();
    if (!vfs)
        return {};
    const QByteArray file = QUrl::toPercentEncoding(QFileInfo(path).absoluteFilePath(), "/");
    return QStringLiteral("file:%1?vfs=%2").arg(QString::fromLatin1(file), QString::fromLatin1(vfs));
}

const char *gatheringVfsName()
{
    static std::once_flag once;
    static bool registered = false;
    std::call_once(once, [] { registered = registerVfs(); });
    return registered ? g_vfs.zName : nullptr;
}

bool setWalFramesGathered(sqlite3 *db, bool on)
{
    int value = on ? 1 : 0;
    return sqlite3_file_control(db, "main", kGatherOpcode, &value) == SQLITE_OK;
}

bool setLogSyncDeferred(sqlite3 *db, bool on)
{
    int value = on ? 1 : 0;
    return sqlite3_file_control(db, "main", kDeferOpcode, &value) == SQLITE_OK;
}

quint64 owedLogSync(sqlite3 *db)
{
    quint64 generation = 0;
    return sqlite3_file_control(db, "main", kOwedOpcode, &generation) == SQLITE_OK ? generation : 0;
}

void forgiveLogSync(sqlite3 *db, quint64 generation)
{
    sqlite3_file_control(db, "main", kForgiveOpcode, &generation);
}

bool payOwedLogSync(sqlite3 *db)
{
    int unused = 0;
    const int rc = sqlite3_file_control(db, "main", kPayOpcode, &unused);
    return rc == SQLITE_OK || rc == SQLITE_NOTFOUND; // not ours: nothing is ever owed
}

bool logSyncFailed(sqlite3 *db, bool failedElsewhere)
{
    int value = failedElsewhere ? 1 : 0;
    return sqlite3_file_control(db, "main", kFailedOpcode, &value) == SQLITE_OK && value != 0;
}

int duplicateLogDescriptor(sqlite3 *db)
{
    int fd = -1;
    return sqlite3_file_control(db, "main", kLogFdOpcode, &fd) == SQLITE_OK ? fd : -1;
}

} // namespace mandate::sqlite_detail
