#pragma once

// The demo generator works in two passes. Planning (here) draws every choice from one seeded
// generator into compact tables of small integers and a list of timed events; replaying
// (DemoGenerator.cpp) sorts the events by time and turns each into an IdentityEngine call,
// rendering text only then. Keeping the plan small is what lets a million agents fit in memory.

#include "DemoCatalogue.h"

#include <QtGlobal>

#include <limits>
#include <vector>

namespace mandate::demo {

inline constexpr quint32 kNone = std::numeric_limits<quint32>::max();

enum class Usage : quint8 { Never, Dormant, Active };

struct PlannedHuman
{
    qint64 createdAt = 0;
    qint64 statusAt = 0; // when a disabled or departed human changed status
    quint16 firstName = 0;
    quint16 lastName = 0;
    quint16 emailNumber = 0; // 0: first.last@, n: first.last<n>@ (names repeat in a big company)
    quint8 department = 0;
    quint8 roles = 0;       // ConsoleRoles
    quint8 finalStatus = 0; // HumanStatus
    bool imported = false;  // part of the initial directory import
};

struct NameBase
{
    QString name;
    QString purpose;
};

struct PlannedAgent
{
    qint64 createdAt = 0;
    qint64 statusAt = 0; // when a suspended or retired agent changed status
    quint64 ceiling = 0; // bit i: Catalogue::scopes[i]
    quint32 owner = 0;
    quint32 sponsors[2] = {kNone, kNone};
    quint32 registrar = 0;  // the human who registered it (its owner or an iam-admin)
    quint32 nameBase = 0;   // Plan::nameBases
    quint32 nameNumber = 1; // 1: the bare name; n: "<name> n"
    quint8 department = 0;
    quint8 model = 0;
    quint8 runtime = 0;
    quint8 risk = 0;        // RiskTier
    quint8 finalStatus = 0; // AgentStatus
    quint8 purposeTail = 0; // 0: none; n: Catalogue::purposeTails[n - 1]
    Usage usage = Usage::Never;
};

struct PlannedSession
{
    qint64 issuedAt = 0;
    qint64 expiresAt = 0;
    quint64 scopes = 0;
    quint32 agent = 0;
    quint32 human = 0;      // on whose behalf
    quint32 parent = kNone; // kNone for a root session
    quint32 root = 0;       // the root of its tree (itself for a root)
    quint32 ttlMs = 0;      // as requested; the engine caps a child at its parent's expiry
    quint8 depth = 0;
};

struct PlannedStepUp
{
    quint32 session = 0;
    quint32 approver = kNone; // kNone: still pending
    quint32 resource = 0;
    quint8 scope = 0;
    bool approve = false;
};

enum class EventKind : quint8 {
    AddHuman,
    RegisterAgent,
    SetHumanStatus,
    SetAgentStatus,
    OpenSession,
    Decision,
    RequestStepUp,
    DecideStepUp,
};

enum class DecisionKind : quint8 {
    Allow,              // the scope's permit
    DenyForbidden,      // the scope's forbid
    DenyNotGranted,     // the action needs a scope the session was not given: nothing permits it
    StepUp,             // the scope's @step_up permit: b is the step-up
    AllowAfterApproval, // the approved action goes ahead: b is the step-up
};

struct Event
{
    qint64 time = 0;
    quint32 order = 0; // tie-break: planning order, so causes precede effects
    EventKind kind = EventKind::AddHuman;
    DecisionKind decision = DecisionKind::Allow;
    quint8 scope = 0; // the action of a decision
    quint32 a = 0;    // the human, agent or session
    quint32 b = 0;    // a decision's resource number, or a step-up

    bool operator<(const Event &o) const
    {
        return time != o.time ? time < o.time : order < o.order;
    }
};

struct Plan
{
    qint64 nowMs = 0;
    std::vector<PlannedHuman> humans; // in order of creation
    std::vector<PlannedAgent> agents; // in order of creation
    std::vector<NameBase> nameBases;
    std::vector<PlannedSession> sessions;
    std::vector<PlannedStepUp> stepUps;
    std::vector<Event> events;   // sorted by time once planned
    std::vector<quint32> admins; // humans holding iam-admin
    QStringList emailFirst;      // Catalogue::firstNames as address parts
    QStringList emailLast;
};

// The ASCII form of a name in an address: "Søren" -> "soren", "O'Brien" -> "obrien".
QString emailPart(const QString &name);

// Draws the whole organisation and its history. Deterministic for equal arguments.
Plan planOrganisation(const Catalogue &catalogue, int agents, quint64 seed, qint64 nowMs);

// A value in [0, n) from a stream keyed by (seed, key): text is rendered at replay time from
// these, so it does not depend on the order things are rendered in.
class KeyedRandom
{
public:
    KeyedRandom(quint64 seed, quint64 key)
        : m_state(seed * 0x9E3779B97F4A7C15ULL ^ (key + 0x632BE59BD9B4E019ULL))
    {}
    quint64 next()
    {
        // SplitMix64: tiny state, well mixed, cheap to seed per item.
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int operator()(qsizetype n) { return n <= 1 ? 0 : int(next() % quint64(n)); }

private:
    quint64 m_state;
};

} // namespace mandate::demo
