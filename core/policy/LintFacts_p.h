#pragma once

// The lint's reading of a policy (Lint.cpp): the facts that must hold of a request whenever
// the policy applies, and the requirements its conditions place on a request. Private to
// core/policy.

#include "Ast.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace mandate::policy::lint {

struct Range
{
    int64_t low = std::numeric_limits<int64_t>::min();
    int64_t high = std::numeric_limits<int64_t>::max();
    bool set = false;

    void atLeast(int64_t v) { low = std::max(low, v), set = true; }
    void atMost(int64_t v) { high = std::min(high, v), set = true; }
    bool empty() const { return low > high; }
};

enum class Cmp : uint8_t { Less, LessEq, Greater, GreaterEq };

// Facts: what must hold of a request for a policy to apply.
struct Facts
{
    std::map<std::string, bool> atoms;                 // key -> holds (true) or is false
    std::map<std::string, Range> ranges;               // long-valued terms
    std::map<std::string, Value> equal;                // term == literal
    std::map<std::string, std::vector<Value>> unequal; // term != literal
    std::map<std::string, const Symbol *> types;       // term is T
    std::map<std::string, std::set<const Symbol *>> notTypes;
    std::map<std::string, std::vector<Value>> oneOf;    // term == one of the literals
    bool contradiction = false;
    std::string why;
    bool unreadable = false;  // a fact we could not read as a requirement (for coverage)

    void contradict(std::string reason)
    {
        if (!contradiction)
            why = std::move(reason);
        contradiction = true;
    }
};

// A requirement one policy places on a request, in a form another policy's facts can imply.
struct Requirement
{
    enum Kind : uint8_t { Atom, Compare, Equal, Unequal, Type } kind = Atom;
    std::string key;
    bool holds = true;  // Atom
    Cmp cmp = Cmp::Less;
    int64_t bound = 0;  // Compare
    Value value;        // Equal, Unequal
    const Symbol *type = nullptr;
};

// The facts of a policy's scope and conditions, and what its conditions require.
struct PolicyFacts
{
    Facts facts;
    std::vector<Requirement> requirements;  // from the conditions only
};

PolicyFacts analyse(const PolicyAst &ast);

} // namespace mandate::policy::lint
