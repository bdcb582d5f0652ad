#pragma once

#include <backend/Backend.h>

#include <QList>
#include <QPromise>

#include <memory>

namespace mandate::test {

// A backend that passes calls to a real one, except that while holding it keeps the answers
// to agents() back until the test releases them, in any order and possibly as errors: the
// way to prove that a late answer for an old query is dropped.
class HoldingBackend final : public Backend
{
    Q_OBJECT

public:
    explicit HoldingBackend(Backend &inner, QObject *parent = nullptr);
    ~HoldingBackend() override;
    Q_DISABLE_COPY_MOVE(HoldingBackend)

    void setHolding(bool holding) { m_holding = holding; }
    qsizetype heldCount() const { return m_held.size(); }
    const AgentQuery &heldQuery(qsizetype i) const { return m_held.at(i).query; }
    // Answers held request i with what the real backend says, as soon as it has said it.
    void release(qsizetype i);
    bool isAnswered(qsizetype i) const;
    void fail(qsizetype i, const Error &error);
    // Forgets every held request; their futures are cancelled.
    void dropAll();

    QString connectionDescription() const override { return m_inner.connectionDescription(); }
    qint64 nowMs() const override { return m_inner.nowMs(); }
    QFuture<Result<AgentPage>> agents(const AgentQuery &query) override;
    QFuture<Result<qint64>> countAgents(const AgentFilter &filter) override
    {
        return m_inner.countAgents(filter);
    }
    QFuture<Result<AgentDetails>> agentDetails(const QString &agentId) override
    {
        return m_inner.agentDetails(agentId);
    }
    QFuture<Result<QList<Human>>> humans(const HumanQuery &query) override
    {
        return m_inner.humans(query);
    }
    QFuture<Result<StoreSummary>> summary() override { return m_inner.summary(); }
    QFuture<Result<AuditChain::Verification>> verifyAudit() override
    {
        return m_inner.verifyAudit();
    }
    QFuture<Result<QList<SessionInfo>>> liveSessions(int limit) override { return m_inner.liveSessions(limit); }
    QFuture<Result<QList<SessionInfo>>> sessionsById(const QStringList &ids) override
    {
        return m_inner.sessionsById(ids);
    }
    QFuture<Result<DelegationSearch>> findDelegations(const QString &text) override
    {
        return m_inner.findDelegations(text);
    }
    QFuture<Result<DelegationTree>> delegationTree(const QString &sessionId) override
    {
        return m_inner.delegationTree(sessionId);
    }
    QFuture<Result<SessionDetails>> sessionDetails(const QString &sessionId) override
    {
        return m_inner.sessionDetails(sessionId);
    }
    QFuture<Result<Activity>> activity(const ActivityQuery &query) override { return m_inner.activity(query); }
    QFuture<Result<RevocationReport>> previewRevocation(const RevocationTarget &target) override
    {
        return m_inner.previewRevocation(target);
    }
    QFuture<Result<RevocationReport>> revoke(const RevocationTarget &target, const QString &reason) override
    {
        return m_inner.revoke(target, reason);
    }
    QFuture<Result<RevocationReport>> setAgentStatus(const QString &agentId, AgentStatus status,
                                                     const QString &reason) override
    {
        return m_inner.setAgentStatus(agentId, status, reason);
    }

private:
    struct Held
    {
        AgentQuery query;
        std::shared_ptr<QPromise<Result<AgentPage>>> promise;
    };

    Backend &m_inner;
    bool m_holding = false;
    QList<Held> m_held;
};

} // namespace mandate::test
