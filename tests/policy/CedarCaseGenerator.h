#pragma once

// Random Cedar authorization cases for the differential test against cedar-wasm: policy sets
// with templates and links, entity hierarchies, records, sets, tags and extension values
// (ipaddr, decimal, datetime, duration). Seeded and deterministic. Every case keeps its parts
// (policies, expressions, entities) as a structure, so that a disagreement can be shrunk.

#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace mandate::policy::testing {

// An expression as a format with holes $0, $1, $2 filled by its children, so that shrinking
// can replace any node by a constant or by one of its children without knowing the grammar.
struct GenExpr
{
    std::string format;
    std::vector<GenExpr> kids;

    std::string render() const;
    size_t size() const;
};

struct GenCondition
{
    bool when = true;
    GenExpr expr;
};

struct GenPolicy
{
    std::string id;
    std::string annotations;  // e.g. @id("x")
    bool permit = true;
    std::string principal;    // the scope's text, e.g. principal in Group::"g0"
    std::string action;
    std::string resource;
    std::vector<GenCondition> conditions;

    std::string render() const;
};

struct GenLink
{
    std::string templateId;
    std::string newId;
    std::optional<QJsonObject> principal;
    std::optional<QJsonObject> resource;
};

struct GenCase
{
    bool policiesAsText = false;  // staticPolicies as one text (ids policy0...) or id -> text
    std::vector<GenPolicy> statics;
    std::vector<GenPolicy> templates;
    std::vector<GenLink> links;
    std::vector<QJsonObject> entities;
    QJsonObject principal, action, resource;
    QJsonObject context;

    // The cedar-wasm isAuthorized call.
    QJsonObject toJson() const;
    // The policies as Cedar text, for people.
    std::string policyText() const;
};

class CedarCaseGenerator
{
public:
    explicit CedarCaseGenerator(uint64_t seed);

    // A new world (policies, entities) and `requests` requests over it.
    std::vector<GenCase> next(int requests);

private:
    int pick(int n);
    bool chance(double p);
    template <typename T>
    const T &oneOf(const std::vector<T> &items)
    {
        return items[size_t(pick(int(items.size())))];
    }

    GenExpr boolean(int depth);
    GenExpr integer(int depth);
    GenExpr string(int depth);
    GenExpr entity(int depth);
    GenExpr set(int depth);
    GenExpr ipaddr();
    GenExpr decimal();
    GenExpr datetime(int depth);
    GenExpr duration(int depth);
    GenExpr anyValue(int depth);
    // Mostly the wanted type, now and then any other: type errors are part of the test.
    GenExpr typed(GenExpr (CedarCaseGenerator::*make)(int), int depth);

    GenPolicy policy(bool isTemplate);
    std::vector<QJsonObject> entities();
    QJsonObject context();
    QJsonObject uid(const char *type, const std::string &id) const;

    std::mt19937_64 m_random;
    int m_counter = 0;
};

} // namespace mandate::policy::testing
