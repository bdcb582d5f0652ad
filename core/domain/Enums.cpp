#include "Enums.h"

#include <array>
#include <utility>

namespace mandate {

namespace {

template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char *>, N> &table, E v)
{
    for (const auto &[value, name] : table) {
        if (value == v)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char *>, N> &table, QStringView s)
{
    for (const auto &[value, name] : table) {
        if (s == QLatin1StringView(name))
            return value;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<HumanStatus, const char *>, 3> kHumanStatus{{
    {HumanStatus::Active, "active"},
    {HumanStatus::Disabled, "disabled"},
    {HumanStatus::Departed, "departed"},
}};
constexpr std::array<std::pair<AgentStatus, const char *>, 3> kAgentStatus{{
    {AgentStatus::Active, "active"},
    {AgentStatus::Suspended, "suspended"},
    {AgentStatus::Retired, "retired"},
}};
constexpr std::array<std::pair<RiskTier, const char *>, 4> kRiskTier{{
    {RiskTier::Low, "low"},
    {RiskTier::Medium, "medium"},
    {RiskTier::High, "high"},
    {RiskTier::Critical, "critical"},
}};
constexpr std::array<std::pair<SessionStatus, const char *>, 3> kSessionStatus{{
    {SessionStatus::Active, "active"},
    {SessionStatus::Expired, "expired"},
    {SessionStatus::Revoked, "revoked"},
}};
constexpr std::array<std::pair<StepUpStatus, const char *>, 5> kStepUpStatus{{
    {StepUpStatus::Pending, "pending"},
    {StepUpStatus::Approved, "approved"},
    {StepUpStatus::Denied, "denied"},
    {StepUpStatus::Expired, "expired"},
    {StepUpStatus::Cancelled, "cancelled"},
}};
constexpr std::array<std::pair<Decision, const char *>, 3> kDecision{{
    {Decision::Allow, "allow"},
    {Decision::Deny, "deny"},
    {Decision::StepUpRequired, "step_up"},
}};
constexpr std::array<std::pair<ConsoleRole, const char *>, 3> kRole{{
    {ConsoleRole::IamAdmin, "iam-admin"},
    {ConsoleRole::Approver, "approver"},
    {ConsoleRole::Auditor, "auditor"},
}};

} // namespace

QString toString(HumanStatus v) { return nameOf(kHumanStatus, v); }
QString toString(AgentStatus v) { return nameOf(kAgentStatus, v); }
QString toString(RiskTier v) { return nameOf(kRiskTier, v); }
QString toString(SessionStatus v) { return nameOf(kSessionStatus, v); }
QString toString(StepUpStatus v) { return nameOf(kStepUpStatus, v); }
QString toString(Decision v) { return nameOf(kDecision, v); }
QString toString(ConsoleRole v) { return nameOf(kRole, v); }

QStringList roleNames(ConsoleRoles roles)
{
    QStringList names;
    for (const auto &[value, name] : kRole) {
        if (roles.testFlag(value))
            names << QString::fromLatin1(name);
    }
    return names;
}

std::optional<HumanStatus> humanStatusFromString(QStringView s) { return valueOf(kHumanStatus, s); }
std::optional<AgentStatus> agentStatusFromString(QStringView s) { return valueOf(kAgentStatus, s); }
std::optional<RiskTier> riskTierFromString(QStringView s) { return valueOf(kRiskTier, s); }
std::optional<SessionStatus> sessionStatusFromString(QStringView s) { return valueOf(kSessionStatus, s); }
std::optional<StepUpStatus> stepUpStatusFromString(QStringView s) { return valueOf(kStepUpStatus, s); }
std::optional<Decision> decisionFromString(QStringView s) { return valueOf(kDecision, s); }
std::optional<ConsoleRole> consoleRoleFromString(QStringView s) { return valueOf(kRole, s); }

std::optional<ConsoleRoles> rolesFromString(QStringView s)
{
    ConsoleRoles roles;
    for (QStringView part : s.split(u' ', Qt::SkipEmptyParts)) {
        const auto role = consoleRoleFromString(part);
        if (!role)
            return std::nullopt;
        roles |= *role;
    }
    return roles;
}

} // namespace mandate
