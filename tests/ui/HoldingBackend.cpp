#include "HoldingBackend.h"

namespace mandate::test {

HoldingBackend::HoldingBackend(Backend &inner, QObject *parent)
    : Backend(parent)
    , m_inner(inner)
{
    connect(&inner, &Backend::eventsCommitted, this, &Backend::eventsCommitted);
}

HoldingBackend::~HoldingBackend()
{
    dropAll();
}

QFuture<Result<AgentPage>> HoldingBackend::agents(const AgentQuery &query)
{
    if (!m_holding)
        return m_inner.agents(query);
    auto promise = std::make_shared<QPromise<Result<AgentPage>>>();
    promise->start();
    m_held.append(Held{query, promise});
    return promise->future();
}

void HoldingBackend::release(qsizetype i)
{
    // Passed on from the worker thread that answers. Waiting here instead would let
    // QtConcurrent run the query on this thread, where the backend must never work.
    m_inner.agents(m_held.at(i).query)
            .then(QtFuture::Launch::Sync,
                  [promise = m_held.at(i).promise](const Result<AgentPage> &page) {
                      promise->addResult(page);
                      promise->finish();
                  });
}

bool HoldingBackend::isAnswered(qsizetype i) const
{
    return m_held.at(i).promise->future().isFinished();
}

void HoldingBackend::fail(qsizetype i, const Error &error)
{
    Held &held = m_held[i];
    held.promise->addResult(Result<AgentPage>(std::unexpected(error)));
    held.promise->finish();
}

void HoldingBackend::dropAll()
{
    for (Held &held : m_held) {
        if (!held.promise->future().isFinished()) {
            held.promise->future().cancel();
            held.promise->finish();
        }
    }
    m_held.clear();
}

} // namespace mandate::test
