#pragma once

#include "../domain/Domain.h"

#include <QVariant>

#include <optional>

namespace mandate {

// The inventory's columns that can be sorted; each has an index (sort value, id) in the store
// so that any sort order pages by keyset without scanning.
enum class AgentSort { Name, Owner, Status, Risk, Model, Runtime, Purpose, CreatedAt, LastActive, Id };

enum class OwnerFilter { Any, Active, Disabled, Departed, Gone /* disabled or departed */ };

// The hygiene problems an admin hunts for.
enum class HygieneFilter {
    Any,
    OwnerGone,   // the owner is disabled or has left
    Dormant,     // no activity for 30 days (or never used)
    OverScoped,  // a ceiling of 4 or more scopes of which at most a quarter were used in 30 days
};

constexpr qint64 kDormantAfterMs = 30LL * 24 * 3600 * 1000;

struct AgentFilter
{
    QString text;                       // word prefixes over name, owner, purpose and model
    std::optional<AgentStatus> status;
    std::optional<RiskTier> risk;
    OwnerFilter owner = OwnerFilter::Any;
    HygieneFilter hygiene = HygieneFilter::Any;
    QString ownerId;                    // only this owner's agents
    qint64 nowMs = 0;                   // reference time for Dormant

    friend bool operator==(const AgentFilter &, const AgentFilter &) = default;
};

struct AgentCursor
{
    QVariant sortValue;
    QString id;
};

struct AgentQuery
{
    AgentFilter filter;
    AgentSort sort = AgentSort::Name;
    Qt::SortOrder order = Qt::AscendingOrder;
    std::optional<AgentCursor> after;   // keyset: rows strictly after this one
    int limit = 200;
};

struct AgentPage
{
    QList<Agent> agents;
    std::optional<AgentCursor> next;    // absent when there are no more rows
};

struct HumanQuery
{
    std::optional<ConsoleRole> role;
    std::optional<HumanStatus> status;
    QString afterId;
    int limit = 1000;
};

struct SessionQuery
{
    QString agentId;
    QString humanId;
    QString parentId;
    QString rootId;                     // a session and every session below it
    bool activeOnly = false;
    qint64 nowMs = 0;                   // reference time for activeOnly
    int limit = 100;
};

struct AuditHead
{
    qint64 seq = 0;
    QByteArray hash;                    // hex; 64 '0' before the first event
};

// One signing key as the store keeps it. privateJwk is a secret: it never leaves the key ring.
struct SigningKeyRecord
{
    QString kid;
    QString alg;
    QString privateJwk;                 // JSON text
    QString publicJwk;                  // JSON text
    qint64 createdAt = 0;
    qint64 retiredAt = 0;               // 0: the current key
    qint64 notAfter = 0;                // retired keys: published until then; 0 while current
};

// One link of a session's ancestry, for introspection: the session itself first, then its
// parent, up to the root.
struct SessionLink
{
    QString id;
    SessionStatus status = SessionStatus::Active;
    qint64 expiresAt = 0;
    QString revokedReason;
};

// What introspection reads from the store, every time, in one statement: the token's own
// revocation and its session's ancestry. The store reads at most kMaxChainRead links; a
// longer chain (deeper than any configuration allows) is flagged, not read.
inline constexpr int kMaxChainRead = 8;
struct CredentialState
{
    bool tokenKnown = false;            // this session was issued the token with this jti
    qint64 tokenRevokedAt = 0;
    QList<SessionLink> chain;           // the session first, then its ancestors to the root
    bool chainLongerThanRead = false;   // the chain goes on past the links read
};

// What a revocation reaches: the live sessions it selects and everything delegated below
// them. Sessions already revoked or expired are not counted: revoking them changes nothing.
enum class RevocationScope { Session, Agent, Human };

struct SessionSelector
{
    RevocationScope scope = RevocationScope::Session;
    QString id;                         // the session (subtree root), agent or human
};

struct BlastRadius
{
    QStringList sessionIds;             // live sessions that would be revoked
    qint64 subAgentSessions = 0;        // of which delegated (depth > 0)
    qint64 liveTokens = 0;              // unexpired, unrevoked tokens of those sessions
    qint64 pendingStepUps = 0;          // step-up requests of those sessions still pending
};

// The overview's history: what happened in [fromMs, toMs), in buckets of bucketMs.
struct ActivityQuery
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 bucketMs = 60 * 1000;
    qint64 dayStartMs = 0;              // "agents active today" counts from here
    int mostDenied = 8;                 // how many of the agents denied most
};

struct ActivityBucket
{
    qint64 startMs = 0;
    qint64 allow = 0;                   // authz.decision by outcome
    qint64 deny = 0;
    qint64 stepUp = 0;
    qint64 tokens = 0;                  // access tokens issued (session starts and exchanges)
    qint64 activeSessions = 0;          // sessions live at the end of the bucket
};

struct DeniedAgent
{
    QString agentId;
    QString agentName;
    qint64 denials = 0;
};

struct Activity
{
    ActivityQuery query;
    QList<ActivityBucket> buckets;      // contiguous, oldest first
    QList<DeniedAgent> mostDenied;      // most denials first
    qint64 agentsActiveToday = 0;
};

struct StoreSummary
{
    qint64 humans = 0;
    qint64 agents = 0;
    qint64 activeSessions = 0;
    qint64 auditEvents = 0;
    qint64 pendingStepUps = 0;
};

} // namespace mandate
