#pragma once

#include "PolicySet.h"
#include "Schema.h"

#include <string>
#include <vector>

namespace mandate::policy {

// What Cedar's validator does not tell an admin: policies that can never apply, permits that a
// forbid always overrides, permits that another permit already covers, and scopes that the
// admin declared must never be held together (separation of duties) yet some permits would
// let one agent be delegated.
//
// The analysis is syntactic and sound in one direction: a never-applies, shadowed or redundant
// finding is reported only when the policies' text proves it (for every request and every
// entity store). It looks at each policy's scope and at the facts its conditions state: the
// conjuncts of a `when`, the negated disjuncts of an `unless`, comparisons of an expression
// with a literal, `is` tests and expressions without variables (evaluated once). Anything it
// cannot read is treated as unknown, so it may miss a finding but never invents one.
//
// Toxic combinations are the other way round: they are possibilities, reported unless the
// policies rule them out (a permit whose scope or conditions exclude the scope, or a forbid
// that always blocks delegating it).
enum class LintKind : uint8_t {
    NeverApplies,       // no request can satisfy the policy's scope and conditions
    ShadowedByForbid,   // a forbid applies whenever this permit does
    RedundantPermit,    // another permit applies whenever this one does
    ToxicCombination,   // one agent could be delegated both scopes of a toxic pair
};

const char *lintKindName(LintKind kind);  // "never-applies", "shadowed-by-forbid", ...

struct LintFinding
{
    LintKind kind = LintKind::NeverApplies;
    uint32_t policy = 0;                // index into PolicySet::policies()
    std::optional<uint32_t> other;      // the forbid, the covering permit, the second permit
    std::vector<std::string> scopes;    // ToxicCombination: the pair
    std::string message;
};

struct ToxicPair
{
    std::string first;   // scope names: "invoices:approve"
    std::string second;
};

struct LintOptions
{
    const Schema *schema = nullptr;     // lets action groups count in scope coverage
    std::vector<ToxicPair> toxicPairs;
    std::string delegateAction = "delegate";  // Action::"delegate"
    std::string scopeType = "Scope";          // Scope::"invoices:read"
};

std::vector<LintFinding> lintPolicies(const PolicySet &policies, const LintOptions &options = {});

// "a+b,c+d" -> pairs; false (and `error` set) on a malformed list.
bool parseToxicPairs(std::string_view text, std::vector<ToxicPair> &out, std::string &error);

} // namespace mandate::policy
