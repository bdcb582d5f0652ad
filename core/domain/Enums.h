#pragma once

#include <QFlags>
#include <QString>
#include <QStringList>

#include <optional>

namespace mandate {

enum class HumanStatus { Active, Disabled, Departed };
enum class AgentStatus { Active, Suspended, Retired };
enum class RiskTier { Low, Medium, High, Critical };
enum class SessionStatus { Active, Expired, Revoked };
enum class StepUpStatus { Pending, Approved, Denied, Expired, Cancelled };
enum class Decision { Allow, Deny, StepUpRequired };

enum class ConsoleRole {
    None = 0,
    IamAdmin = 0x1,
    Approver = 0x2,
    Auditor = 0x4,
};
Q_DECLARE_FLAGS(ConsoleRoles, ConsoleRole)
Q_DECLARE_OPERATORS_FOR_FLAGS(ConsoleRoles)

// Stable wire names (lower-case, as in the store, JSON and the command line).
QString toString(HumanStatus v);
QString toString(AgentStatus v);
QString toString(RiskTier v);
QString toString(SessionStatus v);
QString toString(StepUpStatus v);
QString toString(Decision v);
QString toString(ConsoleRole v);
QStringList roleNames(ConsoleRoles roles);

std::optional<HumanStatus> humanStatusFromString(QStringView s);
std::optional<AgentStatus> agentStatusFromString(QStringView s);
std::optional<RiskTier> riskTierFromString(QStringView s);
std::optional<SessionStatus> sessionStatusFromString(QStringView s);
std::optional<StepUpStatus> stepUpStatusFromString(QStringView s);
std::optional<Decision> decisionFromString(QStringView s);
std::optional<ConsoleRole> consoleRoleFromString(QStringView s);
// Space separated role names; nullopt if any name is unknown.
std::optional<ConsoleRoles> rolesFromString(QStringView s);

} // namespace mandate
