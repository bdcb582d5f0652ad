#pragma once

#include "../Error.h"
#include "../audit/AuditChain.h"
#include "../domain/Domain.h"
#include "../store/Queries.h"

#include <QFuture>
#include <QObject>

#include <optional>

namespace mandate {

struct AgentDetails
{
    Agent agent;
    std::optional<Human> owner;
    QList<Human> sponsors;
    QList<AgentSession> recentSessions; // newest first
};

// What a console needs from Mandate, asynchronously. LocalBackend runs the engine in this
// process on worker threads; a remote backend speaks to mandated over HTTPS. The UI talks to
// nothing else, so both behave the same and the UI never waits on I/O.
//
// Every call returns at once; its future finishes on a worker thread. Continue on the GUI
// thread with future.then(context, ...).
class Backend : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~Backend() override = default;

    // For the status bar: "Local store ~/…/demo.mandate" or "Server https://…".
    virtual QString connectionDescription() const = 0;
    // The backend's clock (the engine's time), for "time left" and "dormant".
    virtual qint64 nowMs() const = 0;

    virtual QFuture<Result<AgentPage>> agents(const AgentQuery &query) = 0;
    virtual QFuture<Result<qint64>> countAgents(const AgentFilter &filter) = 0;
    virtual QFuture<Result<AgentDetails>> agentDetails(const QString &agentId) = 0;
    virtual QFuture<Result<QList<Human>>> humans(const HumanQuery &query) = 0;
    virtual QFuture<Result<StoreSummary>> summary() = 0;
    virtual QFuture<Result<AuditChain::Verification>> verifyAudit() = 0;
};

} // namespace mandate
