#include "AuditChain.h"

#include "../JsonText.h"
#include "../crypto/Digest.h"
#include "../store/Store.h"

namespace mandate::AuditChain {

QByteArray genesisHash()
{
    return QByteArray(64, '0');
}

QByteArray canonicalEncoding(const AuditEvent &e)
{
    QByteArray out;
    out.reserve(256 + e.detail.size() + e.task.size());
    out += '[';
    out += QByteArray::number(e.seq);
    out += ',';
    out += QByteArray::number(e.time);
    for (const QString *field : {&e.type, &e.actor, &e.agentId, &e.sessionId, &e.humanId, &e.scopes,
                                 &e.action, &e.resource, &e.decision}) {
        out += ',';
        appendJsonString(out, *field);
    }
    out += ",[";
    for (qsizetype i = 0; i < e.policies.size(); ++i) {
        if (i)
            out += ',';
        appendJsonString(out, e.policies.at(i));
    }
    out += ']';
    for (const QString *field : {&e.modelVersion, &e.task, &e.sourceAddress, &e.detail}) {
        out += ',';
        appendJsonString(out, *field);
    }
    out += ']';
    return out;
}

QByteArray computeHash(const QByteArray &prevHash, const AuditEvent &event)
{
    return crypto::sha256Hex(prevHash, canonicalEncoding(event));
}

AuditHead seal(AuditEvent &event, const AuditHead &head)
{
    event.seq = head.seq + 1;
    event.prevHash = head.hash;
    event.hash = computeHash(event.prevHash, event);
    return AuditHead{event.seq, event.hash};
}

Result<Verification> verify(Store &store)
{
    Verification v;
    v.head = AuditHead{0, genesisHash()};
    auto breakAt = [&v](qint64 seq, QString problem) {
        v.intact = false;
        v.firstBrokenSeq = seq;
        v.problem = std::move(problem);
        return false;
    };
    auto walked = store.forEachAudit(1, [&](const AuditEvent &e) {
        const qint64 expected = v.head.seq + 1;
        if (e.seq != expected) {
            return breakAt(expected, e.seq > expected
                                         ? QStringLiteral("Event %1 is missing: the log jumps from %2 to %3.")
                                               .arg(expected).arg(v.head.seq).arg(e.seq)
                                         : QStringLiteral("Event %1 is out of sequence.").arg(e.seq));
        }
        if (computeHash(e.prevHash, e) != e.hash)
            return breakAt(e.seq, QStringLiteral("Event %1 was modified: its content no longer matches its hash.")
                                      .arg(e.seq));
        if (e.prevHash != v.head.hash)
            return breakAt(e.seq, QStringLiteral("Event %1 does not follow event %2: an event was inserted, "
                                                 "removed, reordered or rewritten here.")
                                      .arg(e.seq).arg(v.head.seq));
        v.head = AuditHead{e.seq, e.hash};
        ++v.eventsChecked;
        return true;
    });
    if (!walked)
        return std::unexpected(walked.error());
    if (!v.intact)
        return v;

    auto recorded = store.recordedAuditHead();
    if (!recorded)
        return std::unexpected(recorded.error());
    if (recorded->seq > v.head.seq) {
        breakAt(v.head.seq + 1, QStringLiteral("The log ends at event %1, but the store recorded %2 events: "
                                               "the tail was removed.")
                                    .arg(v.head.seq).arg(recorded->seq));
    } else if (recorded->seq < v.head.seq) {
        breakAt(recorded->seq + 1, QStringLiteral("Events after %1 were added outside Mandate.").arg(recorded->seq));
    } else if (recorded->hash != v.head.hash) {
        breakAt(v.head.seq, QStringLiteral("Event %1 differs from the head recorded at the last commit.")
                                .arg(v.head.seq));
    }
    return v;
}

} // namespace mandate::AuditChain
