#pragma once

#include "../Error.h"
#include "../domain/Domain.h"

#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace mandate {

namespace policy {
class PolicySet;
class Schema;
} // namespace policy

class Store;

// Mandate's Cedar schema (resources/policies/mandate.cedarschema): the entities and actions
// the engine's requests use. Policies are validated against it when published.
QString mandatePolicySchema();

// What the policies said about one request, and why (DESIGN section 3): the determining
// policies by their @id (or Cedar's position id, policy0 ...), and the policies that failed to
// evaluate. A permit annotated @step_up("why") among the determining policies makes an allow
// a StepUpRequired: a human must approve first.
struct PolicyOutcome
{
    Decision decision = Decision::Deny;
    QStringList policies;
    QStringList errors;        // "policy-id: what went wrong"
    QString stepUpPolicy;      // StepUpRequired: the policy that asks
    QString stepUpReason;      // and its @step_up text

    QJsonObject toJson() const;
};

// A parsed policy set, ready to decide.
class CompiledPolicies
{
public:
    // Parses Cedar text and, given a schema (Cedar's human-readable format), validates every
    // policy against it strictly. Errors name the policy, line and column.
    // Without `validate`, the schema only types contexts.
    static Result<std::shared_ptr<const CompiledPolicies>> compile(const QString &text, const QString &schemaText = {},
                                                                   bool validate = true);

    ~CompiledPolicies();
    qsizetype size() const;

    // May the agent hold this scope, for this human and task, at this depth, below a parent
    // that holds parentScopes? Principal Agent, action Action::"delegate", resource
    // Scope::"scope", context {human, task, depth, parentScopes}.
    struct DelegationQuestion
    {
        const Agent &agent;
        const Human *owner;            // the agent's owner, when known (its department)
        const Human &human;            // on whose behalf
        QString scope;
        QString task;
        int depth = 0;
        ScopeSet parentScopes;         // none for a root session
    };
    PolicyOutcome delegate(const DelegationQuestion &question) const;

    // May the session do action to resource ("Type::\"id\"")? Principal AgentSession, the
    // action named like its scope, context: what the caller gives (amounts as JSON numbers),
    // with time and ip filled in when absent. Fails for a malformed resource or context.
    struct ActionQuestion
    {
        const Agent &agent;
        const Human *owner;
        const Human &human;
        const AgentSession &session;
        QString action;
        QString resource;
        QJsonObject resourceAttributes;  // Cedar JSON, typed by the schema; may be empty
        QJsonObject context;
        QString sourceAddress;           // the caller's IP address, when it has one
        qint64 nowMs = 0;
    };
    Result<PolicyOutcome> act(const ActionQuestion &question) const;

private:
    CompiledPolicies();
    struct Private;
    std::unique_ptr<Private> d;
};

// The live policy set of a store, compiled once per version and re-read when another version
// becomes live (in this process or another sharing the store). One per engine.
class LivePolicies
{
public:
    LivePolicies(Store &store, QString schemaText) : m_store(store), m_schemaText(std::move(schemaText)) {}

    // The live set, or null when none has been published (delegation is then bounded by the
    // agents' ceilings alone). Within one write transaction (transaction != 0) the live version
    // cannot change under the writer, so it is read once per transaction, not per decision.
    Result<std::shared_ptr<const CompiledPolicies>> current(quint64 transaction = 0);
    void forget()
    {
        m_version = 0;
        m_checkedIn = 0;
        m_compiled.reset();
    }

private:
    Store &m_store;
    QString m_schemaText;
    qint64 m_version = 0;
    quint64 m_checkedIn = 0; // the transaction the version was last read in
    std::shared_ptr<const CompiledPolicies> m_compiled;
};

} // namespace mandate
