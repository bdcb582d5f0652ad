#pragma once

// The SQLite VFS a store is opened through: the platform's own, with two changes.
//
// First, a commit writes each write-ahead-log frame as two calls (its 24-byte header, then the
// page), so a commit of 50 pages costs 100 system calls. Here the frames of a transaction
// gather in memory while they are contiguous and reach the file in one write, when SQLite asks
// for the log to be synced. Gathering is only ever on while the connection syncs every commit
// (PRAGMA synchronous = FULL), so SQLite asks for that sync before it publishes a commit's
// frames to other connections (in the shared-memory index): the frames are always in the file
// before anyone can look for them, and a failed write fails the commit that wrote it. Any read,
// size, truncation, lock or close of the log writes what has gathered first, so SQLite itself
// never sees the difference either.
//
// Second, a commit may leave its log's sync owed (setLogSyncDeferred): the sync it asks for
// writes what gathered, as ever, but makes no sync, and the caller syncs the log on another
// thread through a descriptor of its own (duplicateLogDescriptor) while this one works on.
// SQLite's own order stays whole:
// - anything that reaches the main database (a checkpoint's start, its size, its pages), and
//   any cut or close of the log, makes the owed sync first, so no page is ever in the database
//   before the frames it came from are durable;
// - a new log header (the log begun again) is synced at once, before the frames that carry
//   its salt, as SQLite orders it;
// - a sync of the log that fails is final for the connection: every later sync, checkpoint and
//   deferral is refused, since the kernel may have dropped the pages it could not write.
// This holds for the connection that deferred. Another connection that checkpoints with
// synchronous = OFF could copy frames not yet durable; in Mandate only bulk loading runs so,
// on a new store that nothing else writes.

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
// when it cannot be turned on: the connection was not opened through the VFS above, its log
// has no descriptor of its own, or a sync of its log has failed.
bool setLogSyncDeferred(sqlite3 *db, bool on);

// The generation of the sync the log owes (each deferred sync makes a new one), or 0 when it
// owes none.
quint64 owedLogSync(sqlite3 *db);

// The log was synced through another descriptor after the deferred sync of that generation:
// owed no more, unless a later one is.
void forgiveLogSync(sqlite3 *db, quint64 generation);

// Makes the owed sync now, through SQLite's own descriptor. False if it failed (or had failed
// before).
bool payOwedLogSync(sqlite3 *db);

// Whether a sync of the log has failed, which refuses every later sync, checkpoint and deferral
// on this connection. failedElsewhere: a sync through another descriptor failed; record it.
bool logSyncFailed(sqlite3 *db, bool failedElsewhere = false);

// A new descriptor (close-on-exec, the caller's to close) of the connection's open log, or -1.
int duplicateLogDescriptor(sqlite3 *db);

} // namespace mandate::sqlite_detail
