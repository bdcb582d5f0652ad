#pragma once

#include <Error.h>
#include <domain/Domain.h>

#include <QHash>
#include <QList>
#include <QString>

namespace mandate::test {

// What a generated test store holds, as the generator made it: tests compute what a query
// should return from this, independently of the store's SQL.
struct TestStore
{
    qint64 nowMs = 0;
    QList<Human> humans; // final statuses
    QList<Agent> agents; // final statuses; ownerStatus follows the owner
    qint64 sessions = 0;

    const Human *human(const QString &id) const;
    const Agent *agent(const QString &id) const;
    // Agents one of whose words in name, owner, purpose or model starts with prefix (ASCII,
    // case-insensitive): what the store's word-prefix search returns for one word.
    QList<Agent> agentsMatching(const QString &prefix) const;
};

// Builds a store of a small organisation through IdentityEngine (people, agents with mixed
// case names and duplicates, sessions with sub-agents, owners who left, suspended and retired
// agents). The same seed gives the same store; nowMs is the organisation's "now".
Result<TestStore> buildTestStore(const QString &path, int agentCount, quint64 seed, qint64 nowMs);

} // namespace mandate::test
