#pragma once

#include "PolicySet.h"
#include "Schema.h"

#include <string>
#include <vector>

namespace mandate::policy {

struct ValidationError
{
    std::string policyId;
    SourceLoc loc;
    std::string message;
};

// Cedar's strict validation: each policy is type-checked in every request environment the
// schema allows (principal type, action, resource type, context), with Cedar's rules: boolean
// singleton types for short-circuits, `has` guards for optional attributes and tags, no
// empty set literals, extension constructors over valid literals only, no unknown entity types
// or actions, and no policy that can apply to no request at all. Templates are skipped.
std::vector<ValidationError> validatePolicies(const PolicySet &policies, const Schema &schema);

} // namespace mandate::policy
