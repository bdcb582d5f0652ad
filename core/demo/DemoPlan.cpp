#include "DemoPlan.h"

#include "../domain/Enums.h"

#include <QHash>

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>

namespace mandate::demo {

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

constexpr int kMaxDepth = 4;                // IdentityEngine::Config::maxDepth
constexpr qint64 kStepUpTtl = 10 * kMinute; // IdentityEngine::Config::stepUpTtlMs

// Every planning choice comes from this one generator, in a fixed order.
class Rng
{
public:
    explicit Rng(quint64 seed)
        : m_engine(seed)
    {}

    int below(qsizetype n) { return n <= 1 ? 0 : int(m_engine() % quint64(n)); }
    qint64 span(qint64 lo, qint64 hi)
    {
        return hi <= lo ? lo : lo + qint64(m_engine() % quint64(hi - lo));
    }
    double real() { return double(m_engine() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return real() < p; }

    int weighted(const std::vector<int> &weights)
    {
        int total = 0;
        for (int w : weights)
            total += w;
        int r = below(total);
        for (int i = 0; i < int(weights.size()); ++i) {
            if (r < weights[i])
                return i;
            r -= weights[i];
        }
        return int(weights.size()) - 1;
    }

    // One set bit of mask, chosen uniformly; mask must not be 0.
    int bitOf(quint64 mask)
    {
        int n = below(std::popcount(mask));
        while (n-- > 0)
            mask &= mask - 1;
        return std::countr_zero(mask);
    }

    // A non-empty subset of mask with at most max bits.
    quint64 subset(quint64 mask, int max)
    {
        const int wanted = 1 + below(std::min(max, std::popcount(mask)));
        quint64 out = 0;
        while (std::popcount(out) < wanted)
            out |= quint64(1) << bitOf(mask & ~out);
        return out;
    }

private:
    std::mt19937_64 m_engine;
};

int lowestBits(quint64 mask, int count, quint64 *out)
{
    quint64 result = 0;
    for (int i = 0; i < count && mask; ++i) {
        const quint64 bit = mask & (~mask + 1);
        result |= bit;
        mask &= mask - 1;
    }
    *out = result;
    return std::popcount(result);
}

class Planner
{
public:
    Planner(const Catalogue &catalogue, int agents, quint64 seed, qint64 now)
        : m_c(catalogue)
        , m_rng(seed)
        , m_agentCount(agents)
        , m_now(now)
    {
        m_plan.nowMs = now;
    }

    Plan run()
    {
        indexScopes();
        planHumans();
        planAgents();
        planUsage();
        planSessions();
        planPendingApprovals();
        planStatusChanges();
        std::sort(m_plan.events.begin(), m_plan.events.end());
        return std::move(m_plan);
    }

private:
    void push(qint64 time, EventKind kind, quint32 a, quint32 b = 0,
              DecisionKind decision = DecisionKind::Allow, quint8 scope = 0)
    {
        Event e;
        e.time = time;
        e.order = m_order++;
        e.kind = kind;
        e.decision = decision;
        e.scope = scope;
        e.a = a;
        e.b = b;
        m_plan.events.push_back(e);
    }

    void indexScopes()
    {
        for (qsizetype i = 0; i < m_c.scopes.size(); ++i) {
            const quint64 bit = quint64(1) << i;
            if (!m_c.scopes.at(i).stepUpPolicy.isEmpty())
                m_stepUpMask |= bit;
            if (!m_c.scopes.at(i).forbidPolicy.isEmpty())
                m_forbidMask |= bit;
        }
        for (int common : m_c.commonScopes)
            m_commonMask |= quint64(1) << common;
        for (const Department &d : m_c.departments) {
            quint64 mask = 0;
            for (int scope : d.scopes)
                mask |= quint64(1) << scope;
            m_departmentMasks.push_back(mask);
            m_humanWeights.push_back(d.humanWeight);
            m_agentWeights.push_back(d.agentWeight);
        }
        for (const Model &m : m_c.models)
            m_modelWeights.push_back(m.weight);
        for (const Runtime &r : m_c.runtimes)
            m_runtimeWeights.push_back(r.weight);
    }

    // ---- People

    void planHumans()
    {
        const int departments = int(m_c.departments.size());
        const int count = std::max(20, m_agentCount / 8);
        for (const QString &name : m_c.firstNames)
            m_plan.emailFirst << emailPart(name);
        for (const QString &name : m_c.lastNames)
            m_plan.emailLast << emailPart(name);
        // The company moved its directory in 19 months ago; people have joined since.
        const qint64 importAt = m_now - 575 * kDay;
        std::vector<PlannedHuman> humans(count);
        for (int i = 0; i < count; ++i) {
            PlannedHuman &h = humans[i];
            // The first of each department is imported and stays: every team can delegate.
            h.department = quint8(i < departments ? i : m_rng.weighted(m_humanWeights));
            h.imported = i < departments || m_rng.chance(0.85);
            h.createdAt = h.imported ? importAt + m_rng.span(0, 4 * kHour)
                                     : m_rng.span(importAt + 2 * kDay, m_now - 2 * kDay);
            h.firstName = quint16(m_rng.below(m_c.firstNames.size()));
            h.lastName = quint16(m_rng.below(m_c.lastNames.size()));
            h.finalStatus = i < departments ? 0 : 255; // 255: decided below
        }
        std::stable_sort(humans.begin(), humans.end(),
                         [](const PlannedHuman &a, const PlannedHuman &b) {
                             return a.createdAt < b.createdAt;
                         });

        // Console roles go to people who were there from the start and stay.
        std::vector<quint32> imported;
        std::vector<quint32> securityAndIt;
        for (quint32 i = 0; i < quint32(count); ++i) {
            if (!humans[i].imported)
                continue;
            imported.push_back(i);
            const QString &dept = m_c.departments.at(humans[i].department).name;
            if (dept == QLatin1StringView("Security") || dept == QLatin1StringView("IT"))
                securityAndIt.push_back(i);
        }
        auto grant = [&](std::vector<quint32> pool, int wanted, ConsoleRole role) {
            std::vector<quint32> granted;
            while (int(granted.size()) < wanted && !pool.empty()) {
                const int at = m_rng.below(qsizetype(pool.size()));
                const quint32 h = pool[at];
                std::swap(pool[at], pool.back());
                pool.pop_back();
                if (humans[h].roles & quint8(role))
                    continue;
                humans[h].roles |= quint8(role);
                humans[h].finalStatus = 0;
                granted.push_back(h);
            }
            return granted;
        };
        const int admins = std::clamp(count / 150, 3, 12);
        m_plan.admins = grant(securityAndIt.size() >= 3 ? securityAndIt : imported, admins,
                              ConsoleRole::IamAdmin);
        if (int(m_plan.admins.size()) < admins) {
            const auto more =
                    grant(imported, admins - int(m_plan.admins.size()), ConsoleRole::IamAdmin);
            m_plan.admins.insert(m_plan.admins.end(), more.begin(), more.end());
        }
        m_approvers =
                grant(imported, std::max(3, int(std::lround(count * 0.05))), ConsoleRole::Approver);
        grant(imported, std::max(2, int(std::lround(count * 0.02))), ConsoleRole::Auditor);

        // About 4% have left and 3% are disabled (at least one of each): people without console
        // roles, whose agents stay behind.
        std::vector<quint32> leavers;
        for (quint32 i = 0; i < quint32(count); ++i) {
            if (humans[i].finalStatus == 255)
                leavers.push_back(i);
        }
        for (std::size_t i = leavers.size(); i > 1; --i)
            std::swap(leavers[i - 1], leavers[m_rng.below(qsizetype(i))]);
        const std::size_t departed = std::max<std::size_t>(1, std::lround(count * 0.04));
        const std::size_t disabled = std::max<std::size_t>(1, std::lround(count * 0.03));
        for (std::size_t k = 0; k < leavers.size(); ++k) {
            humans[leavers[k]].finalStatus =
                    quint8(k < departed              ? HumanStatus::Departed
                           : k < departed + disabled ? HumanStatus::Disabled
                                                     : HumanStatus::Active);
        }

        QHash<QString, int> emails;
        emails.reserve(count);
        for (quint32 i = 0; i < quint32(count); ++i) {
            PlannedHuman &h = humans[i];
            // Names repeat in a big company, addresses may not: the second Chloé Martin is
            // chloe.martin2 (and so is the second Chloe Martin).
            const QString local =
                    m_plan.emailFirst.at(h.firstName) + u'.' + m_plan.emailLast.at(h.lastName);
            const int seen = emails.value(local, 0);
            emails.insert(local, seen + 1);
            h.emailNumber = quint16(std::min(seen == 0 ? 0 : seen + 1, 65535));
            push(h.createdAt, EventKind::AddHuman, i);
        }

        m_delegators.resize(m_c.departments.size());
        m_delegatorTimes.resize(m_c.departments.size());
        m_owners.resize(m_c.departments.size());
        m_ownerTimes.resize(m_c.departments.size());
        for (quint32 i = 0; i < quint32(count); ++i) {
            const PlannedHuman &h = humans[i];
            m_owners[h.department].push_back(i);
            m_ownerTimes[h.department].push_back(h.createdAt);
            if (h.finalStatus == quint8(HumanStatus::Active)) {
                m_delegators[h.department].push_back(i);
                m_delegatorTimes[h.department].push_back(h.createdAt);
            }
        }
        m_lastOwned.assign(count, 0);
        m_plan.humans = std::move(humans);
    }

    // ---- Agents

    quint32 nameBaseFor(int department)
    {
        const Department &d = m_c.departments.at(department);
        QString name;
        QString purpose;
        if (!d.curated.isEmpty() && m_rng.chance(0.5)) {
            const CuratedAgent &curated = d.curated.at(m_rng.below(d.curated.size()));
            name = curated.name;
            purpose = curated.purpose;
        } else {
            const AgentObject &object = d.objects.at(m_rng.below(d.objects.size()));
            const AgentRole &role = m_c.roles.at(m_rng.below(m_c.roles.size()));
            name = object.name + u' ' + role.name;
            // Not arg(): a role's sentence need not name the department.
            purpose = QString(role.purpose)
                              .replace(QLatin1StringView("%1"), object.plural)
                              .replace(QLatin1StringView("%2"), d.name);
        }
        if (m_rng.chance(0.25)) {
            const QString &qualifier = m_c.qualifiers.at(m_rng.below(m_c.qualifiers.size()));
            name = qualifier + u' ' + name;
        }
        auto it = m_baseIndex.constFind(name);
        if (it != m_baseIndex.cend())
            return *it;
        const quint32 index = quint32(m_plan.nameBases.size());
        m_plan.nameBases.push_back(NameBase{name, purpose});
        m_baseIndex.insert(name, index);
        m_baseUses.push_back(0);
        return index;
    }

    quint64 ceilingFor(int department, bool wide)
    {
        const QList<int> &scopes = m_c.departments.at(department).scopes;
        quint64 mask = 0;
        if (wide) {
            // The over-scoped agent: someone ticked everything the team might ever need, and more.
            const int wanted = 10 + m_rng.below(11);
            mask = m_departmentMasks[department] | m_commonMask;
            while (std::popcount(mask) > wanted)
                mask &= ~(quint64(1) << m_rng.bitOf(mask));
            while (std::popcount(mask) < wanted)
                mask |= quint64(1) << m_rng.below(m_c.scopes.size());
            return mask;
        }
        // Most agents hold a few scopes, the team's everyday ones more often than the rare ones.
        const int wanted = std::min<int>(1 + m_rng.below(2) + m_rng.below(3) + m_rng.below(2),
                                         int(scopes.size()));
        mask |= quint64(1) << scopes.at(m_rng.below(std::min<qsizetype>(3, scopes.size())));
        while (std::popcount(mask) < wanted) {
            const int at = int(scopes.size() * std::pow(m_rng.real(), 1.5));
            mask |= quint64(1) << scopes.at(std::min<qsizetype>(at, scopes.size() - 1));
        }
        if (m_rng.chance(0.4))
            mask |= quint64(1) << m_c.commonScopes.at(m_rng.below(m_c.commonScopes.size()));
        return mask;
    }

    // A human of the department who existed at t, preferring long-standing colleagues.
    quint32 humanOf(const std::vector<quint32> &pool, const std::vector<qint64> &times, qint64 t,
                    double skew)
    {
        const qsizetype present = std::upper_bound(times.begin(), times.end(), t) - times.begin();
        if (present == 0)
            return kNone;
        const qsizetype at = qsizetype(double(present) * std::pow(m_rng.real(), skew));
        return pool[std::min(at, present - 1)];
    }

    void planAgents()
    {
        const qint64 start = m_now - 548 * kDay; // the first agent was registered 18 months ago
        const qint64 end = m_now - kHour;
        std::vector<qint64> created(m_agentCount);
        for (qint64 &t : created) // adoption grows: more agents were registered recently
            t = start + qint64(double(end - start) * std::pow(m_rng.real(), 0.7));
        std::sort(created.begin(), created.end());

        m_plan.agents.resize(m_agentCount);
        m_wide.assign(m_agentCount, false);
        for (int i = 0; i < m_agentCount; ++i) {
            PlannedAgent &a = m_plan.agents[i];
            a.createdAt = created[i];
            a.department = quint8(m_rng.weighted(m_agentWeights));
            a.owner = humanOf(m_owners[a.department], m_ownerTimes[a.department], a.createdAt, 1.6);
            if (a.owner == kNone) // cannot happen: every department has an imported human
                a.owner = 0;
            m_lastOwned[a.owner] = std::max(m_lastOwned[a.owner], a.createdAt);
            const int sponsors = m_rng.chance(0.5) ? 0 : m_rng.chance(0.7) ? 1 : 2;
            for (int k = 0; k < sponsors; ++k) {
                const int dept =
                        m_rng.chance(0.7) ? a.department : m_rng.below(m_c.departments.size());
                const quint32 s = humanOf(m_owners[dept], m_ownerTimes[dept], a.createdAt, 1.0);
                if (s != kNone && s != a.owner && s != a.sponsors[0])
                    a.sponsors[k] = s;
            }
            if (a.sponsors[0] == kNone) {
                a.sponsors[0] = a.sponsors[1];
                a.sponsors[1] = kNone;
            }
            a.registrar = m_rng.chance(0.7)
                                  ? a.owner
                                  : m_plan.admins[m_rng.below(qsizetype(m_plan.admins.size()))];
            a.nameBase = nameBaseFor(a.department);
            a.nameNumber = ++m_baseUses[a.nameBase];
            a.purposeTail =
                    quint8(m_rng.chance(0.35) ? 1 + m_rng.below(m_c.purposeTails.size()) : 0);
            a.model = quint8(m_rng.weighted(m_modelWeights));
            a.runtime = quint8(m_rng.weighted(m_runtimeWeights));
            a.risk = quint8(m_rng.weighted({40, 35, 20, 5}));
            m_wide[i] = m_rng.chance(0.08);
            a.ceiling = ceilingFor(a.department, m_wide[i]);
            a.finalStatus = quint8(m_rng.weighted({92, 5, 3}));
            if (a.finalStatus == quint8(AgentStatus::Retired)) {
                a.statusAt =
                        a.createdAt < m_now - 45 * kDay
                                ? m_rng.span(std::min(a.createdAt + 14 * kDay, m_now - 32 * kDay),
                                             m_now - 31 * kDay)
                                : m_rng.span(a.createdAt + kHour, m_now - kMinute);
            } else if (a.finalStatus == quint8(AgentStatus::Suspended)) {
                const qint64 lo = std::max(a.createdAt + 2 * kHour, m_now - 20 * kDay);
                a.statusAt = lo < m_now - 10 * kMinute ? m_rng.span(lo, m_now - 10 * kMinute)
                                                       : a.createdAt + (m_now - a.createdAt) / 2;
            }
            push(a.createdAt, EventKind::RegisterAgent, quint32(i));
        }
    }

    // The scopes an agent actually asks for. An over-scoped agent keeps to a quarter of its
    // ceiling, which is what makes it over-scoped.
    quint64 usable(quint32 agent) const
    {
        const quint64 ceiling = m_plan.agents[agent].ceiling;
        if (!m_wide[agent])
            return ceiling;
        quint64 core = 0;
        lowestBits(ceiling, std::max(1, std::popcount(ceiling) / 4), &core);
        return core;
    }

    // ---- Who is used, and how much

    static qint64 targetSessions(int agents)
    {
        // About five sessions an agent in a small organisation; traffic grows more slowly than
        // the inventory beyond that (600,000 sessions for a million agents).
        if (agents <= 20000)
            return qint64(agents) * 5;
        return qint64(100000.0 * std::pow(agents / 20000.0, 0.458));
    }

    void planUsage()
    {
        // A root session brings about 0.6 sub-agent sessions with it.
        const qint64 roots = std::max<qint64>(1, std::llround(targetSessions(m_agentCount) / 1.6));
        const qint64 used = std::max<qint64>(
                1, std::min(std::llround(m_agentCount * 0.85), std::llround(roots * 0.8)));
        std::vector<quint32> order(m_agentCount);
        for (quint32 i = 0; i < quint32(m_agentCount); ++i)
            order[i] = i;
        for (int i = m_agentCount - 1; i > 0; --i)
            std::swap(order[i], order[m_rng.below(i + 1)]);

        m_roots.assign(m_agentCount, 0);
        qint64 planned = 0;
        std::vector<quint32> active;
        for (qint64 k = 0; k < m_agentCount; ++k) {
            const quint32 i = order[k];
            PlannedAgent &a = m_plan.agents[i];
            const bool old = a.createdAt < m_now - 45 * kDay;
            if (k >= used) {
                a.usage = Usage::Never;
            } else if (a.finalStatus == quint8(AgentStatus::Retired)) {
                a.usage =
                        old && a.statusAt > a.createdAt + 3 * kHour ? Usage::Dormant : Usage::Never;
            } else {
                a.usage = old && m_rng.chance(0.12) ? Usage::Dormant : Usage::Active;
            }
            if (a.usage == Usage::Dormant)
                m_roots[i] = quint32(1 + m_rng.below(3));
            else if (a.usage == Usage::Active)
                m_roots[i] = 1;
            planned += m_roots[i];
            if (a.usage == Usage::Active) {
                active.push_back(i);
                if (a.finalStatus == quint8(AgentStatus::Active)) {
                    m_childPool.push_back(i);
                    if (usable(i) & m_stepUpMask)
                        m_liveCandidates.push_back(i);
                }
            }
        }
        // The rest goes to busy agents: a few run all day, most a few times a week.
        for (; planned < roots && !active.empty(); ++planned)
            ++m_roots[active[std::size_t(double(active.size()) * m_rng.real() * m_rng.real())]];

        // Sub-agents are looked up by department among agents registered before the parent's
        // session; pools are in order of creation.
        std::sort(m_childPool.begin(), m_childPool.end());
        m_childPoolByDept.resize(m_c.departments.size());
        for (quint32 i : m_childPool)
            m_childPoolByDept[m_plan.agents[i].department].push_back(i);
    }

    // ---- Sessions, sub-agents, decisions, step-ups

    qint64 businessTime(qint64 lo, qint64 hi)
    {
        qint64 t = lo;
        for (int attempt = 0; attempt < 6; ++attempt) {
            t = m_rng.span(lo, hi);
            const qint64 hour = (t / kHour) % 24;
            const qint64 weekday = (t / kDay + 3) % 7; // 1970-01-01 was a Thursday; 0 is Monday
            double weight = hour >= 7 && hour < 19 ? 1.0 : 0.2;
            if (weekday >= 5)
                weight *= 0.3;
            if (m_rng.chance(weight))
                break;
        }
        return t;
    }

    quint32 delegatorFor(const PlannedAgent &agent, qint64 t)
    {
        const PlannedHuman &owner = m_plan.humans[agent.owner];
        if (owner.finalStatus == quint8(HumanStatus::Active) && m_rng.chance(0.45))
            return agent.owner;
        const quint32 h =
                humanOf(m_delegators[agent.department], m_delegatorTimes[agent.department], t, 1.0);
        if (h != kNone)
            return h;
        return m_delegators[agent.department].front();
    }

    quint32 approverFor(quint32 human)
    {
        for (;;) {
            const quint32 a = m_approvers[m_rng.below(qsizetype(m_approvers.size()))];
            if (a != human)
                return a;
        }
    }

    quint32 addSession(const PlannedSession &s)
    {
        const quint32 index = quint32(m_plan.sessions.size());
        m_plan.sessions.push_back(s);
        if (s.parent == kNone)
            m_plan.sessions.back().root = index;
        push(s.issuedAt, EventKind::OpenSession, index);
        return index;
    }

    void planDecisions(quint32 sessionIndex, bool child)
    {
        const PlannedSession s = m_plan.sessions[sessionIndex];
        const int count = child ? m_rng.weighted({20, 35, 30, 10, 5})
                                : m_rng.weighted({10, 25, 30, 20, 10, 5});
        const qint64 end = std::min(s.expiresAt, m_now);
        const PlannedAgent &agent = m_plan.agents[s.agent];
        for (int k = 0; k < count && end > s.issuedAt + kSecond; ++k) {
            const qint64 t = m_rng.span(s.issuedAt + kSecond, end);
            const quint32 resource = quint32(1000 + m_rng.below(90000));
            const double r = m_rng.real();
            const quint64 stepUps = s.scopes & m_stepUpMask;
            const quint64 forbidden = s.scopes & m_forbidMask;
            const quint64 notGranted =
                    (m_departmentMasks[agent.department] | agent.ceiling) & ~s.scopes;
            // Mostly allowed; a few need a person's approval, a few are denied by a forbid or
            // because the session was not given the scope.
            if (r < 0.08 && stepUps) {
                planStepUp(sessionIndex, t, quint8(m_rng.bitOf(stepUps)), resource, true);
            } else if (r < 0.11 && forbidden) {
                push(t, EventKind::Decision, sessionIndex, resource, DecisionKind::DenyForbidden,
                     quint8(m_rng.bitOf(forbidden)));
            } else if (r < 0.14 && notGranted) {
                push(t, EventKind::Decision, sessionIndex, resource, DecisionKind::DenyNotGranted,
                     quint8(m_rng.bitOf(notGranted)));
            } else {
                push(t, EventKind::Decision, sessionIndex, resource, DecisionKind::Allow,
                     quint8(m_rng.bitOf(s.scopes)));
            }
        }
    }

    void planStepUp(quint32 sessionIndex, qint64 t, quint8 scope, quint32 resource, bool mayDecide)
    {
        const quint32 index = quint32(m_plan.stepUps.size());
        PlannedStepUp up;
        up.session = sessionIndex;
        up.resource = resource;
        up.scope = scope;
        push(t, EventKind::Decision, sessionIndex, index, DecisionKind::StepUp, scope);
        push(t, EventKind::RequestStepUp, sessionIndex, index);
        // Approvers answer within minutes; a request still unanswered at "now" stays pending,
        // which only happens to the last few minutes' requests (they live 10 minutes).
        const qint64 decideAt = t + m_rng.span(20 * kSecond, 8 * kMinute);
        if (mayDecide && decideAt <= m_now && decideAt < t + kStepUpTtl) {
            up.approver = approverFor(m_plan.sessions[sessionIndex].human);
            up.approve = m_rng.chance(0.8);
            push(decideAt, EventKind::DecideStepUp, sessionIndex, index);
            const qint64 goAhead = decideAt + m_rng.span(2 * kSecond, 20 * kSecond);
            if (up.approve && goAhead <= m_now)
                push(goAhead, EventKind::Decision, sessionIndex, index,
                     DecisionKind::AllowAfterApproval, scope);
        }
        m_plan.stepUps.push_back(up);
    }

    quint32 pickChildAgent(quint32 parentAgent, quint64 parentScopes, qint64 t)
    {
        const quint8 dept = m_plan.agents[parentAgent].department;
        quint32 best = kNone;
        int bestScore = 0;
        for (int attempt = 0; attempt < 8; ++attempt) {
            // Mostly a team's own agents; sometimes another team's specialist (Legal's redliner
            // for a Sales renewal).
            const std::vector<quint32> &pool =
                    m_rng.chance(0.8) ? m_childPoolByDept[dept] : m_childPool;
            const qsizetype present =
                    std::partition_point(
                            pool.begin(), pool.end(),
                            [&](quint32 i) { return m_plan.agents[i].createdAt < t - kMinute; })
                    - pool.begin();
            if (present == 0)
                continue;
            const quint32 candidate = pool[m_rng.below(present)];
            if (candidate == parentAgent)
                continue;
            const int score = std::popcount(usable(candidate) & parentScopes);
            if (score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        // Nobody fits: the agent fans out to another instance of itself.
        return best != kNone ? best : parentAgent;
    }

    void planChildren(quint32 parentIndex)
    {
        static constexpr double kSpawn[kMaxDepth] = {0.25, 0.35, 0.3, 0.25};
        const PlannedSession parent = m_plan.sessions[parentIndex];
        if (parent.depth >= kMaxDepth || !m_rng.chance(kSpawn[parent.depth]))
            return;
        const int children = m_rng.chance(0.35) ? 2 : 1;
        for (int k = 0; k < children; ++k) {
            const qint64 lo = parent.issuedAt + 2 * kSecond;
            const qint64 hi = std::min(parent.expiresAt, m_now) - 30 * kSecond;
            if (hi <= lo)
                return;
            PlannedSession child;
            child.issuedAt = lo + qint64(double(hi - lo) * 0.7 * m_rng.real());
            child.agent = pickChildAgent(parent.agent, parent.scopes, child.issuedAt);
            // Narrowing at each hop: what the parent holds and the child's ceiling allows,
            // often less.
            const quint64 allowed = usable(child.agent) & parent.scopes;
            if (!allowed)
                continue;
            child.scopes = m_rng.chance(0.25) ? allowed : m_rng.subset(allowed, 3);
            child.ttlMs = quint32((1 + m_rng.below(6)) * 5 * kMinute);
            child.expiresAt = std::min(child.issuedAt + child.ttlMs, parent.expiresAt);
            child.human = parent.human;
            child.parent = parentIndex;
            child.root = parent.root;
            child.depth = quint8(parent.depth + 1);
            const quint32 index = addSession(child);
            planDecisions(index, true);
            planChildren(index);
        }
    }

    static constexpr quint32 kTtlMinutes[] = {5, 10, 15, 15, 15, 20, 30, 30, 45, 60};

    void planSessions()
    {
        for (quint32 i = 0; i < quint32(m_agentCount); ++i) {
            const PlannedAgent &a = m_plan.agents[i];
            if (a.usage == Usage::Never)
                continue;
            const bool changes = a.finalStatus != quint8(AgentStatus::Active);
            qint64 lo = 0;
            qint64 hi = 0;
            if (a.usage == Usage::Active) {
                lo = std::max(a.createdAt + 10 * kMinute, m_now - 7 * kDay);
                hi = m_now - 2 * kMinute;
                if (changes) {
                    hi = std::min(hi, a.statusAt - 2 * kHour);
                    if (hi <= lo) // suspended before the week began: its last week of work
                        lo = std::max(a.createdAt + 10 * kMinute, a.statusAt - 7 * kDay);
                }
            } else {
                lo = std::max(a.createdAt + kHour, m_now - 200 * kDay);
                hi = m_now - 31 * kDay;
                if (changes)
                    hi = std::min(hi, a.statusAt - 2 * kHour);
            }
            for (quint32 r = 0; r < m_roots[i] && hi > lo; ++r) {
                PlannedSession s;
                s.agent = i;
                s.issuedAt = businessTime(lo, hi);
                s.ttlMs = quint32(kTtlMinutes[m_rng.below(std::size(kTtlMinutes))] * kMinute);
                s.expiresAt = s.issuedAt + s.ttlMs;
                s.human = delegatorFor(a, s.issuedAt);
                s.scopes = m_rng.subset(usable(i), 4);
                const quint32 index = addSession(s);
                planDecisions(index, false);
                planChildren(index);
            }
        }
    }

    // Requests waiting for an approver right now: sessions that started in the last hour and
    // asked within the last ten minutes.
    void planPendingApprovals()
    {
        if (m_liveCandidates.empty())
            return;
        const int wanted = std::clamp(m_agentCount / 250, 6, 400);
        for (int k = 0; k < wanted; ++k) {
            const quint32 agent = m_liveCandidates[m_rng.below(qsizetype(m_liveCandidates.size()))];
            const PlannedAgent &a = m_plan.agents[agent];
            PlannedSession s;
            s.agent = agent;
            s.issuedAt = m_now - m_rng.span(12 * kMinute, 50 * kMinute);
            if (s.issuedAt <= a.createdAt + kMinute)
                continue;
            s.ttlMs = quint32(60 * kMinute);
            s.expiresAt = s.issuedAt + s.ttlMs;
            s.human = delegatorFor(a, s.issuedAt);
            const quint64 stepUps = usable(agent) & m_stepUpMask;
            const quint8 scope = quint8(m_rng.bitOf(stepUps));
            s.scopes = m_rng.subset(usable(agent), 4) | (quint64(1) << scope);
            const quint32 index = addSession(s);
            const qint64 askedAt = m_rng.span(
                    std::max(s.issuedAt + 30 * kSecond, m_now - 9 * kMinute), m_now - 20 * kSecond);
            for (int d = m_rng.below(3); d > 0; --d) {
                push(m_rng.span(s.issuedAt + kSecond, askedAt), EventKind::Decision, index,
                     quint32(1000 + m_rng.below(90000)), DecisionKind::Allow,
                     quint8(m_rng.bitOf(s.scopes)));
            }
            planStepUp(index, askedAt, scope, quint32(1000 + m_rng.below(90000)), false);
        }
    }

    // People leave after their agents were registered: their agents remain, owned by nobody.
    void planStatusChanges()
    {
        for (quint32 i = 0; i < quint32(m_plan.humans.size()); ++i) {
            PlannedHuman &h = m_plan.humans[i];
            if (h.finalStatus == quint8(HumanStatus::Active))
                continue;
            const qint64 lo = std::max(h.createdAt, m_lastOwned[i]) + kMinute;
            h.statusAt = lo < m_now - kMinute ? m_rng.span(lo, m_now - kMinute) : m_now - kMinute;
            h.statusAt = std::max(h.statusAt, lo);
            push(h.statusAt, EventKind::SetHumanStatus, i);
        }
        for (quint32 i = 0; i < quint32(m_agentCount); ++i) {
            const PlannedAgent &a = m_plan.agents[i];
            if (a.finalStatus != quint8(AgentStatus::Active))
                push(a.statusAt, EventKind::SetAgentStatus, i);
        }
    }

    const Catalogue &m_c;
    Rng m_rng;
    int m_agentCount;
    qint64 m_now;
    Plan m_plan;
    quint32 m_order = 0;

    quint64 m_stepUpMask = 0;
    quint64 m_forbidMask = 0;
    quint64 m_commonMask = 0;
    std::vector<quint64> m_departmentMasks;
    std::vector<int> m_humanWeights;
    std::vector<int> m_agentWeights;
    std::vector<int> m_modelWeights;
    std::vector<int> m_runtimeWeights;

    std::vector<std::vector<quint32>> m_owners; // by department, in order of creation
    std::vector<std::vector<qint64>> m_ownerTimes;
    std::vector<std::vector<quint32>> m_delegators; // who stays active, by department
    std::vector<std::vector<qint64>> m_delegatorTimes;
    std::vector<quint32> m_approvers;
    std::vector<qint64> m_lastOwned;

    QHash<QString, quint32> m_baseIndex;
    std::vector<quint32> m_baseUses;
    std::vector<bool> m_wide;
    std::vector<quint32> m_roots;
    std::vector<quint32> m_childPool;
    std::vector<std::vector<quint32>> m_childPoolByDept;
    std::vector<quint32> m_liveCandidates;
};

} // namespace

QString emailPart(const QString &name)
{
    QString out;
    for (const QChar c : name.normalized(QString::NormalizationForm_D)) {
        const char16_t u = c.toLower().unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-') {
            out += QChar(u);
            continue;
        }
        // Letters that do not decompose into an ASCII letter and a mark.
        switch (u) {
        case u'ø':
            out += u'o';
            break;
        case u'ł':
            out += u'l';
            break;
        case u'đ':
            out += u'd';
            break;
        case u'ı':
            out += u'i';
            break;
        case u'ß':
            out += QLatin1StringView("ss");
            break;
        case u'æ':
            out += QLatin1StringView("ae");
            break;
        default:
            break; // marks, spaces, apostrophes
        }
    }
    return out;
}

Plan planOrganisation(const Catalogue &catalogue, int agents, quint64 seed, qint64 nowMs)
{
    return Planner(catalogue, agents, seed, nowMs).run();
}

} // namespace mandate::demo
