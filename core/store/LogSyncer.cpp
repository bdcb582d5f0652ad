#include "LogSyncer.h"

#include <QFile>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mandate {

LogSyncer::LogSyncer(QString directory) : m_directory(std::move(directory)) {}

LogSyncer::~LogSyncer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

void LogSyncer::request(quint64 number, int descriptor)
{
    bool start = false;
    {
        std::lock_guard lock(m_mutex);
        // A newer request's sync covers an older one that has not begun.
        if (m_descriptor >= 0)
            ::close(m_descriptor);
        m_descriptor = descriptor;
        m_requested = std::max(m_requested, number);
        start = !std::exchange(m_running, true);
    }
    if (!start) {
        m_changed.notify_all();
        return;
    }
    if (m_thread.joinable())
        m_thread.join(); // the one that stopped for want of work
    try {
        m_thread = std::thread([this] { run(); });
    } catch (...) { // std::system_error, or std::bad_alloc for the thread's state
        // No thread to be had: the sync is made here and now, as a plain commit's is.
        run(std::chrono::milliseconds(0));
    }
}

Status LogSyncer::wait(quint64 number)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_durable >= number || !m_failure.isEmpty() || m_requested < number; });
    if (m_durable >= number)
        return {};
    if (!m_failure.isEmpty())
        return fail(ErrorCode::StoreFailed,
                    QStringLiteral("The store's write-ahead log could not be made durable (%1); the changes "
                                   "since its last good sync may be lost.")
                        .arg(m_failure));
    return fail(ErrorCode::Internal, QStringLiteral("Commit %1 was never asked to be made durable.").arg(number));
}

void LogSyncer::waitForAll()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_durable >= m_requested || !m_failure.isEmpty(); });
}

QString LogSyncer::failure() const
{
    std::lock_guard lock(m_mutex);
    return m_failure;
}

void LogSyncer::failNextSyncForTest(int error)
{
    std::lock_guard lock(m_mutex);
    m_injectedError = error;
}

void LogSyncer::run(std::chrono::milliseconds idle)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        const auto hasWork = [&] { return m_requested > m_durable && m_descriptor >= 0; };
        // The thread runs only while there is work; with none for a while it stops, and the
        // next request starts another.
        if (!m_changed.wait_for(lock, idle, [&] { return m_stopping || hasWork(); }) || !hasWork()) {
            m_running = false;
            return;
        }
        const int descriptor = std::exchange(m_descriptor, -1);
        if (!m_failure.isEmpty()) { // nothing is synced after a failure
            ::close(descriptor);
            m_changed.notify_all();
            continue;
        }
        const quint64 target = m_requested;
        const int injected = std::exchange(m_injectedError, 0);
        lock.unlock();
        const int error = injected ? injected : syncDescriptor(descriptor);
        ::close(descriptor);
        lock.lock();
        if (error)
            m_failure = QString::fromStdString(std::generic_category().message(error));
        else
            m_durable = std::max(m_durable, target);
        m_changed.notify_all();
    }
}

// The log's data, then, for a log file not seen before, its directory: a file created since the
// directory was last synced could otherwise vanish with everything in it. Returns an errno.
// As SQLite's own sync does, a directory that cannot be opened or synced (some file systems
// refuse) is tried once and not held against the log.
int LogSyncer::syncDescriptor(int descriptor)
{
    if (::fdatasync(descriptor) != 0)
        return errno;
    struct stat info{};
    if (::fstat(descriptor, &info) != 0 || (info.st_dev == m_syncedDevice && info.st_ino == m_syncedInode))
        return 0;
    m_syncedDevice = info.st_dev;
    m_syncedInode = info.st_ino;
    const int directory = ::open(QFile::encodeName(m_directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
    return 0;
}

} // namespace mandate
