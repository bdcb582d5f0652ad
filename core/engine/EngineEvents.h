#pragma once

#include "../domain/Domain.h"

#include <QList>

namespace mandate {

// Told of every change an IdentityEngine makes, as the audit events that record it, once they
// are durable: after the outermost transaction commits, on the engine's thread, in chain
// order. A rolled-back transaction tells nothing. The events are the audit log's own (sealed,
// with seq and hash): the console's live views and the audit trail cannot disagree.
class EngineEvents
{
public:
    virtual ~EngineEvents() = default;
    virtual void committed(const QList<AuditEvent> &events) = 0;
};

} // namespace mandate
