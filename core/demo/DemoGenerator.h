#pragma once

#include "../Error.h"

#include <QString>

#include <functional>

namespace mandate {

struct DemoOptions
{
    int agents = 2000;
    quint64 seed = 1;
    qint64 nowMs = 0; // 0: now
    // Called as the work advances (percent 0..100, what is being done); may be empty.
    std::function<void(int percent, const QString &stage)> progress;
};

struct DemoSummary
{
    qint64 humans = 0;
    qint64 agents = 0;
    qint64 sessions = 0;  // root and child sessions
    qint64 decisions = 0; // authz.decision events
    qint64 stepUps = 0;   // step-up requests, decided or pending
    qint64 auditEvents = 0;
    double seconds = 0;
    QByteArray auditHead; // hex hash of the last audit event: equal for equal seed and now
    qint64 nowMs = 0;     // the "now" the organisation was generated for
};

// The most agents generateDemo accepts.
inline constexpr int kDemoMaxAgents = 5'000'000;

// Generates a believable organisation (people, agents, a week of delegated sessions with
// sub-agent trees, decisions and step-up approvals, and the hygiene problems an admin hunts
// for) into a new SQLite store at path, entirely through IdentityEngine. The same seed and
// nowMs give the same logical store, down to the audit head. Refuses, leaving it untouched, a
// file that exists and is not empty; on failure removes what it created. docs/demo.md
// describes the content.
Result<DemoSummary> generateDemo(const QString &path, const DemoOptions &options);

} // namespace mandate
