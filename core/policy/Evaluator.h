#pragma once

#include "Ast.h"
#include "Entities.h"

#include <string>

namespace mandate::policy {

struct Request
{
    EntityUid principal;
    EntityUid action;
    EntityUid resource;
    Value context = Value::record({});
};

// Evaluates expressions of one request with Cedar's semantics: && || and if-then-else
// short-circuit, operands of the wrong type and missing attributes are errors, arithmetic
// overflow is an error. Errors are values (a false return and a message), never exceptions.
class Evaluator
{
public:
    Evaluator(const Request &request, const Entities &entities);

    // False on an evaluation error; error() then says what went wrong.
    bool evaluate(const PolicyBody &body, int32_t node, Value &out);
    const std::string &error() const { return m_error; }

    // The policy's scope holds for this request (never an error).
    bool scopeHolds(const ScopeConstraint &c, EntityUid uid, const Entity *entity) const;

    const Request &request() const { return m_request; }
    const Entity *principalEntity() const { return m_principal; }
    const Entity *actionEntity() const { return m_action; }
    const Entity *resourceEntity() const { return m_resource; }

private:
    bool eval(const PolicyBody &b, int32_t i, Value &out);
    bool evalBool(const PolicyBody &b, int32_t i, bool &out);
    bool typeError(const Expr &e, const char *expected, const Value &got);
    bool fail(const Expr &e, std::string message);
    bool isIn(EntityUid uid, EntityUid target) const;
    const Entity *find(EntityUid uid) const;

    const Request &m_request;
    const Entities &m_entities;
    const Entity *m_principal;
    const Entity *m_action;
    const Entity *m_resource;
    std::string m_error;
};

bool matchesPattern(std::string_view text, const Pattern &pattern);

} // namespace mandate::policy
