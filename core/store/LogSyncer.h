#pragma once

#include "../Error.h"

#include <QString>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <sys/types.h>

namespace mandate {

// Syncs a store's write-ahead log on a thread of its own, so that waiting for the disk to make
// one commit durable overlaps the work of the next. The thread runs only while there are syncs
// to make: idle for 100 ms, it stops, and the next request starts another. Commits are numbered in the order they were
// written; a sync covers every commit written before it began, so one sync answers them all.
//
// A failed sync is final: the kernel may already have dropped the pages it could not write, so
// nothing written since the last good sync can be called durable again. That commit and every
// later one wait in vain and get the error; the store refuses further writes (failure()).
class LogSyncer
{
public:
    // directory: the log's, synced once for each new log file so that its name is durable too.
    explicit LogSyncer(QString directory);
    ~LogSyncer(); // makes what was asked durable first
    Q_DISABLE_COPY_MOVE(LogSyncer)

    // Asks for a sync of everything written to the log so far, for commits up to number.
    // descriptor: a descriptor of the log, taken over (closed once synced or superseded).
    void request(quint64 number, int descriptor);

    // Waits until commit number is durable. Immediate for numbers already durable.
    Status wait(quint64 number);

    // Waits until every sync asked for is made, or one has failed.
    void waitForAll();

    // What made the store's log untrustworthy; empty while every sync has succeeded.
    QString failure() const;

    // Test seam: the next sync fails with this errno, as a disk that returns an I/O error does.
    void failNextSyncForTest(int error);

private:
    static constexpr std::chrono::milliseconds kIdle{100};

    void run(std::chrono::milliseconds idle = kIdle);
    int syncDescriptor(int descriptor);

    const QString m_directory;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    quint64 m_requested = 0;
    quint64 m_durable = 0;
    int m_descriptor = -1; // the newest request's, not yet taken
    bool m_running = false; // a thread is syncing, or waiting for work
    bool m_stopping = false;
    int m_injectedError = 0;
    QString m_failure;
    // The log file whose name was last made durable in its directory.
    dev_t m_syncedDevice = 0;
    ino_t m_syncedInode = 0;
    std::thread m_thread;
};

} // namespace mandate
