#pragma once

#include "../Error.h"
#include "Ast.h"
#include "Evaluator.h"
#include "Parser.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mandate::policy {

struct Policy
{
    std::string id;
    PolicyAst ast;           // for a linked policy: the template's, with its slots filled
    std::string templateId;  // empty for a static policy
};

enum class Decision : uint8_t { Allow, Deny };

struct PolicyError
{
    uint32_t policy = 0;  // index in PolicySet::policies()
    std::string message;
};

struct Response
{
    Decision decision = Decision::Deny;
    std::vector<uint32_t> reasons;  // the determining policies, in policy order
    std::vector<PolicyError> errors;
};

// Policies and templates, indexed by their scope so that a request only looks at the
// policies whose principal, action and resource constraints can hold.
class PolicySet
{
public:
    // Parses Cedar text; policies and templates get the ids policy0, policy1, ... in order
    // (Cedar's default; an @id annotation is kept as an annotation).
    static std::expected<PolicySet, ParseError> parse(std::string_view text);

    // Adds a static policy or a template; a duplicate id is refused.
    Status add(std::string id, PolicyAst ast);
    // Links a template: fills ?principal and ?resource (each required iff the template has it).
    Status link(std::string_view templateId, std::string id, std::optional<EntityUid> principal,
                std::optional<EntityUid> resource);

    const std::vector<Policy> &policies() const { return m_policies; }
    const std::vector<Policy> &templates() const { return m_templates; }
    const Policy *policy(std::string_view id) const;

    // Forbid overrides permit; nothing permitted means deny. A policy whose condition errors
    // is skipped and reported in errors.
    Response isAuthorized(const Request &request, const Entities &entities) const;
    void isAuthorized(const Request &request, const Entities &entities, Response &out) const;

private:
    // The policies that name one entity or type in one scope: a list while it is short,
    // also a bitset once it is long, so that a request never walks a long list.
    struct Bucket
    {
        std::vector<uint32_t> list;
        std::vector<uint64_t> bits;

        void add(uint32_t policy);
        void mark(uint64_t *out) const;
    };

    struct Dimension
    {
        std::vector<uint64_t> any;  // bitset of policies without a constraint here
        std::unordered_map<const EntityUidData *, Bucket> eq;
        std::unordered_map<const EntityUidData *, Bucket> in;
        std::unordered_map<const Symbol *, Bucket> is;

        void add(uint32_t policy, const ScopeConstraint &c);
        void collect(EntityUid uid, const Entity *entity, uint64_t *bits, size_t words) const;
    };

    void index(uint32_t policy);
    bool idTaken(std::string_view id) const;

    std::vector<Policy> m_policies;
    std::vector<Policy> m_templates;
    Dimension m_principal;
    Dimension m_action;
    Dimension m_resource;
};

} // namespace mandate::policy
