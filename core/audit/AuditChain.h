#pragma once

#include "../Error.h"
#include "../domain/Domain.h"
#include "../store/Queries.h"

namespace mandate {

class Store;

// The audit log is a SHA-256 hash chain (docs/audit.md):
//   hash(n) = hex(SHA-256(hash(n-1) || canonical(n)))
// where hash(0) is 64 '0' characters and canonical(n) is the event's fields as a compact JSON
// array in a fixed order, serialised as RFC 8785 (JCS) would serialise it.
namespace AuditChain {

QByteArray genesisHash();
QByteArray canonicalEncoding(const AuditEvent &event);
QByteArray computeHash(const QByteArray &prevHash, const AuditEvent &event);

// Fills in seq, prevHash and hash so that the event follows head; returns the new head.
AuditHead seal(AuditEvent &event, const AuditHead &head);

struct Verification
{
    bool intact = true;
    qint64 eventsChecked = 0;
    qint64 firstBrokenSeq = 0;  // 0 when intact
    QString problem;            // what is wrong at firstBrokenSeq, for people
    AuditHead head;             // the last event checked
};

// Walks the whole chain in order and names the first broken link: a modified event (its
// hash no longer matches), a deleted or inserted one (a gap in the sequence or a broken
// link), a reordering (a broken link), or a truncated tail (the chain ends before the head
// recorded with the last commit).
Result<Verification> verify(Store &store);

} // namespace AuditChain
} // namespace mandate
