#pragma once

#include <QString>
#include <QStringList>

#include <sqlite3.h>

#include <utility>

// A VFS for the tests, installed as the default under the one a store uses (before anything
// asks for that one), that records what reaches the platform's: each write (with its offset
// when it is the log's header) and sync of a main database or a log, in order. It can also make
// the next sync of a log fail, as a disk does.
namespace mandate::test::recorder {

inline sqlite3_vfs *g_platform = nullptr;
inline sqlite3_vfs g_vfs{};
inline sqlite3_io_methods g_methods{};
inline bool g_recording = false;
inline bool g_failNextLogSync = false;
inline QStringList g_events;

struct File
{
    sqlite3_file base;
    sqlite3_file *real;
    const char *kind; // "db", "log" or null: not recorded
};

inline File *self(sqlite3_file *file)
{
    return reinterpret_cast<File *>(file);
}

inline void note(File *f, const char *what, qint64 offset = -1)
{
    if (!g_recording || !f->kind)
        return;
    QString event = QString::fromLatin1(f->kind) + u'-' + QString::fromLatin1(what);
    if (offset == 0)
        event += QStringLiteral("@0");
    g_events << event;
}

// Records from now on, forgetting what was recorded before; no sync is set to fail.
inline void start()
{
    g_events.clear();
    g_failNextLogSync = false;
    g_recording = true;
}

inline QStringList events()
{
    return g_events;
}

inline qsizetype count(const char *event)
{
    return g_events.count(QString::fromLatin1(event));
}

inline void failNextLogSync()
{
    g_failNextLogSync = true;
}

inline int xClose(sqlite3_file *file)
{
    return self(file)->real->pMethods->xClose(self(file)->real);
}
inline int xRead(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
    return self(file)->real->pMethods->xRead(self(file)->real, buffer, amount, offset);
}
inline int xWrite(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
    note(self(file), "write", offset);
    return self(file)->real->pMethods->xWrite(self(file)->real, buffer, amount, offset);
}
inline int xTruncate(sqlite3_file *file, sqlite3_int64 size)
{
    note(self(file), "truncate");
    return self(file)->real->pMethods->xTruncate(self(file)->real, size);
}
inline int xSync(sqlite3_file *file, int flags)
{
    File *f = self(file);
    if (f->kind && qstrcmp(f->kind, "log") == 0 && std::exchange(g_failNextLogSync, false)) {
        note(f, "sync-failed");
        return SQLITE_IOERR_FSYNC;
    }
    note(f, "sync");
    return f->real->pMethods->xSync(f->real, flags);
}
inline int xFileSize(sqlite3_file *file, sqlite3_int64 *size)
{
    return self(file)->real->pMethods->xFileSize(self(file)->real, size);
}
inline int xLock(sqlite3_file *file, int level)
{
    return self(file)->real->pMethods->xLock(self(file)->real, level);
}
inline int xUnlock(sqlite3_file *file, int level)
{
    return self(file)->real->pMethods->xUnlock(self(file)->real, level);
}
inline int xCheckReservedLock(sqlite3_file *file, int *out)
{
    return self(file)->real->pMethods->xCheckReservedLock(self(file)->real, out);
}
inline int xFileControl(sqlite3_file *file, int op, void *arg)
{
    if (op == SQLITE_FCNTL_CKPT_START)
        note(self(file), "checkpoint-start");
    else if (op == SQLITE_FCNTL_SIZE_HINT)
        note(self(file), "size-hint");
    return self(file)->real->pMethods->xFileControl(self(file)->real, op, arg);
}
inline int xSectorSize(sqlite3_file *file)
{
    return self(file)->real->pMethods->xSectorSize(self(file)->real);
}
inline int xDeviceCharacteristics(sqlite3_file *file)
{
    return self(file)->real->pMethods->xDeviceCharacteristics(self(file)->real);
}
inline int xShmMap(sqlite3_file *file, int page, int pageSize, int extend, void volatile **out)
{
    return self(file)->real->pMethods->xShmMap(self(file)->real, page, pageSize, extend, out);
}
inline int xShmLock(sqlite3_file *file, int offset, int n, int flags)
{
    return self(file)->real->pMethods->xShmLock(self(file)->real, offset, n, flags);
}
inline void xShmBarrier(sqlite3_file *file)
{
    self(file)->real->pMethods->xShmBarrier(self(file)->real);
}
inline int xShmUnmap(sqlite3_file *file, int deleteFlag)
{
    return self(file)->real->pMethods->xShmUnmap(self(file)->real, deleteFlag);
}
inline int xFetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    return self(file)->real->pMethods->xFetch(self(file)->real, offset, amount, out);
}
inline int xUnfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    return self(file)->real->pMethods->xUnfetch(self(file)->real, offset, page);
}

inline int vfsOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags)
{
    File *f = self(file);
    f->real = reinterpret_cast<sqlite3_file *>(f + 1);
    f->real->pMethods = nullptr;
    f->kind = (flags & SQLITE_OPEN_MAIN_DB) ? "db" : (flags & SQLITE_OPEN_WAL) ? "log" : nullptr;
    const int rc = g_platform->xOpen(g_platform, name, f->real, flags, outFlags);
    file->pMethods = f->real->pMethods ? &g_methods : nullptr;
    return rc;
}

// Registers it as the default, under the VFS a store uses: before anything asks for that one.
inline bool install()
{
    if (sqlite3_vfs_find("mandate")) // too late: it sits on the platform's already
        return false;
    g_platform = sqlite3_vfs_find(nullptr);
    if (!g_platform || g_platform->iVersion < 3)
        return false;
    g_vfs = *g_platform;
    g_vfs.zName = "recorder";
    g_vfs.pNext = nullptr;
    g_vfs.szOsFile = int(sizeof(File)) + g_platform->szOsFile;
    g_vfs.xOpen = vfsOpen;
    g_methods = {3,           xClose,      xRead,     xWrite,      xTruncate,   xSync,
                 xFileSize,   xLock,       xUnlock,   xCheckReservedLock,       xFileControl,
                 xSectorSize, xDeviceCharacteristics, xShmMap,     xShmLock,    xShmBarrier,
                 xShmUnmap,   xFetch,      xUnfetch};
    return sqlite3_vfs_register(&g_vfs, 1) == SQLITE_OK;
}

} // namespace mandate::test::recorder
