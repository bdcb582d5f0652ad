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
//
// Second, a commit may leave its log's sync owed (setLogSyncDeferred): its frames are written
// and published, and the caller syncs the log on another thread through a descriptor of its own
// (duplicateLogDescriptor) while this one works on. SQLite's own order stays whole: anything
// that reaches the main database (a checkpoint), and any cut or close of the log, makes the
// owed sync first, so no page is ever in the database before the frames it came from are durable.

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

// While on, the connection's commits write their log but leave its sync owed. Returns false
// when the connection was not opened through the VFS above.
bool setLogSyncDeferred(sqlite3 *db, bool on);

// Whether the log has been written since its last sync, which was deferred.
bool logSyncOwed(sqlite3 *db);

// The log has been synced through another descriptor since the last commit: nothing is owed.
void forgiveLogSync(sqlite3 *db);

// A new descriptor (close-on-exec, the caller's to close) of the connection's open log, or -1.
int duplicateLogDescriptor(sqlite3 *db);

} // namespace mandate::sqlite_detail
