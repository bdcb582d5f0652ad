#pragma once

#include "../Error.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace mandate {

class Clock;
class EngineEvents;
class IdSource;

// Live traffic on a demo store, through IdentityEngine like everything else: people delegate
// tasks to agents (a session and its token), agents exchange their tokens for sub-agents,
// act (allowed, denied by a forbid or for want of a scope, or held for a person's approval),
// approvers answer, sessions run out, and now and then an agent misbehaves: a burst of
// denials, after which the system revokes its session (DESIGN section 3, automatic
// revocation). It runs on its own thread with its own store connection and engine; the
// engine tells `events` of what it commits.
//
// The pace multiplies every rate (1: a new delegation every five seconds or so, with its
// sub-agents and decisions). Paused, it writes nothing.
class DemoSimulator final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString path;          // the store
        double pace = 1.0;
        quint64 seed = 0;      // 0: from the clock
        int tickMs = 250;
    };

    DemoSimulator(Options options, const Clock &clock, IdSource &ids, EngineEvents *events,
                  QObject *parent = nullptr);
    ~DemoSimulator() override; // stops the thread and waits for it
    Q_DISABLE_COPY_MOVE(DemoSimulator)

    void start();
    bool isRunning() const;

    void setPaused(bool paused);
    bool isPaused() const { return m_paused.load(); }
    void setPace(double pace); // clamped to [0.1, 20]
    double pace() const { return m_pace.load(); }

    static constexpr double kMinPace = 0.1;
    static constexpr double kMaxPace = 20.0;

Q_SIGNALS:
    // From the simulator's thread: it could not open the store or lost it.
    void failed(const QString &message);

private:
    class Worker;
    Options m_options;
    const Clock &m_clock;
    IdSource &m_ids;
    EngineEvents *m_events;
    std::atomic<bool> m_paused{false};
    std::atomic<double> m_pace{1.0};
    std::unique_ptr<QThread> m_thread;
    Worker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
};

} // namespace mandate
