#include "Domain.h"

namespace mandate {

QString ModelInfo::display() const
{
    if (name.isEmpty())
        return provider;
    if (version.isEmpty())
        return provider + u' ' + name;
    return provider + u' ' + name + u' ' + version;
}

Delegation Delegation::between(const AgentSession &parent, const AgentSession &child)
{
    return Delegation{parent.id, child.id, child.agentId, parent.scopes, child.scopes, child.depth};
}

} // namespace mandate
