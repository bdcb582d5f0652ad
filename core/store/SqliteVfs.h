#pragma once

// The SQLite VFS a store is opened through: the platform's own, with one change. A commit
// writes each write-ahead-log frame as two calls (its 24-byte header, then the page), so a
// commit of 50 pages costs 100 system calls. Here the frames of a transaction gather in memory
// while they are contiguous and reach the file in one write, before SQLite syncs the log.
//
// Gathering is only ever on while the connection syncs every commit (PRAGMA synchronous =
// FULL): then SQLite syncs the log before it publishes a commit's frames to other connections
// (in the shared-memory index), so the frames are always in the file before anyone can look
// for them, and a failed write fails the commit that wrote it. Any read, size, truncation,
// lock or close of the log writes what has gathered first, so SQLite itself never sees the
// difference either.

#include <QString>

struct sqlite3;

namespace mandate::sqlite_detail {

// The VFS's name, for the "vfs" parameter of a URI filename; registered on first use (not as
// the default). Null if SQLite has no default VFS to build on.
const char *gatheringVfsName();

// A URI filename that opens path, literally, through that VFS (open with SQLITE_OPEN_URI);
// empty without it.
QString gatheringUri(const QString &path);

// Turns gathering on or off for the connection's main database and its write-ahead log.
// Returns false when the connection was not opened through the VFS above.
bool setWalFramesGathered(sqlite3 *db, bool on);

} // namespace mandate::sqlite_detail
