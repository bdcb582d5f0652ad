#include "TestStore.h"

#include <Clock.h>
#include <engine/IdSource.h>
#include <engine/IdentityEngine.h>
#include <store/SqliteStore.h>

#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace mandate::test {

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

const QStringList kFirstNames = {
        QStringLiteral("Ada"),    QStringLiteral("Bruno"),   QStringLiteral("Chiara"),
        QStringLiteral("Dmitri"), QStringLiteral("Elena"),   QStringLiteral("Farah"),
        QStringLiteral("Goran"),  QStringLiteral("Hana"),    QStringLiteral("Ivo"),
        QStringLiteral("Jana"),   QStringLiteral("Kofi"),    QStringLiteral("Lena"),
        QStringLiteral("Mateo"),  QStringLiteral("Nadia"),   QStringLiteral("Oskar"),
        QStringLiteral("Priya"),  QStringLiteral("Quentin"), QStringLiteral("Rosa"),
        QStringLiteral("Sven"),   QStringLiteral("Tomas"),
};
const QStringList kLastNames = {
        QStringLiteral("Albers"), QStringLiteral("Brandt"),   QStringLiteral("Costa"),
        QStringLiteral("Dvorak"), QStringLiteral("Eriksen"),  QStringLiteral("Fischer"),
        QStringLiteral("Garcia"), QStringLiteral("Huber"),    QStringLiteral("Ito"),
        QStringLiteral("Jensen"), QStringLiteral("Kowalski"), QStringLiteral("Lindqvist"),
        QStringLiteral("Moreau"), QStringLiteral("Novak"),    QStringLiteral("Okafor"),
        QStringLiteral("Petrov"),
};
const QStringList kDepartments = {
        QStringLiteral("Finance"),
        QStringLiteral("Engineering"),
        QStringLiteral("Customer Support"),
        QStringLiteral("Sales"),
        QStringLiteral("People"),
        QStringLiteral("Security"),
        QStringLiteral("Legal"),
};

struct Kind
{
    QString name; // "Invoice Reconciler"; varied in case and form below
    QString purpose;
    QStringList scopes; // the ceiling is drawn from these
};

const QList<Kind> kKinds = {
        {QStringLiteral("Invoice Reconciler"),
         QStringLiteral(
                 "Matches incoming invoices against payments and flags differences for billing."),
         {QStringLiteral("billing:invoices:read"), QStringLiteral("billing:invoices:write"),
          QStringLiteral("payments:read"), QStringLiteral("mail:send"),
          QStringLiteral("docs:read")}},
        {QStringLiteral("Billing Digest"),
         QStringLiteral("Writes a weekly billing summary for the finance team."),
         {QStringLiteral("billing:invoices:read"), QStringLiteral("payments:read"),
          QStringLiteral("mail:send"), QStringLiteral("docs:write")}},
        {QStringLiteral("Refund Assistant"),
         QStringLiteral("Proposes and issues customer refunds within policy limits."),
         {QStringLiteral("payments:read"), QStringLiteral("payments:refund"),
          QStringLiteral("crm:contacts:read"), QStringLiteral("tickets:read"),
          QStringLiteral("tickets:write"), QStringLiteral("mail:send")}},
        {QStringLiteral("Support Triage"),
         QStringLiteral("Sorts new support tickets by urgency and routes them to a queue."),
         {QStringLiteral("tickets:read"), QStringLiteral("tickets:write"),
          QStringLiteral("crm:contacts:read"), QStringLiteral("docs:read")}},
        {QStringLiteral("Calendar Scheduler"),
         QStringLiteral("Finds meeting slots and sends invitations on behalf of staff."),
         {QStringLiteral("calendar:read"), QStringLiteral("calendar:write"),
          QStringLiteral("mail:send"), QStringLiteral("crm:contacts:read")}},
        {QStringLiteral("Code Reviewer"),
         QStringLiteral("Reviews pull requests and suggests changes before merge."),
         {QStringLiteral("code:repo:read"), QStringLiteral("code:repo:write"),
          QStringLiteral("code:ci:read"), QStringLiteral("tickets:read")}},
        {QStringLiteral("Release Notes Writer"),
         QStringLiteral("Drafts release notes from merged changes and tickets."),
         {QStringLiteral("code:repo:read"), QStringLiteral("tickets:read"),
          QStringLiteral("docs:write")}},
        {QStringLiteral("Onboarding Helper"),
         QStringLiteral("Prepares accounts and checklists for new employees."),
         {QStringLiteral("hr:records:read"), QStringLiteral("hr:records:write"),
          QStringLiteral("calendar:write"), QStringLiteral("mail:send"),
          QStringLiteral("directory:users:write")}},
        {QStringLiteral("Sales Research"),
         QStringLiteral("Researches prospects and updates contact records."),
         {QStringLiteral("crm:contacts:read"), QStringLiteral("crm:contacts:write"),
          QStringLiteral("web:search"), QStringLiteral("mail:read")}},
        {QStringLiteral("Contract Analyst"),
         QStringLiteral("Reads contracts and extracts renewal dates and obligations."),
         {QStringLiteral("docs:read"), QStringLiteral("legal:contracts:read"),
          QStringLiteral("calendar:write")}},
        {QStringLiteral("Access Reviewer"),
         QStringLiteral("Prepares quarterly access reviews for security."),
         {QStringLiteral("directory:users:read"), QStringLiteral("directory:groups:read"),
          QStringLiteral("docs:write"), QStringLiteral("mail:send")}},
        {QStringLiteral("Data Pipeline Monitor"),
         QStringLiteral("Watches analytics pipelines and reports failed runs."),
         {QStringLiteral("db:analytics:read"), QStringLiteral("code:ci:read"),
          QStringLiteral("tickets:write")}},
};

const QList<ModelInfo> kModels = {
        {QStringLiteral("Anthropic"), QStringLiteral("Claude"), QStringLiteral("3.5 Sonnet")},
        {QStringLiteral("Anthropic"), QStringLiteral("Claude"), QStringLiteral("3 Haiku")},
        {QStringLiteral("OpenAI"), QStringLiteral("GPT-4o"), QStringLiteral("2024-08-06")},
        {QStringLiteral("OpenAI"), QStringLiteral("GPT-4o mini"), QString()},
        {QStringLiteral("Mistral"), QStringLiteral("Large"), QStringLiteral("2")},
        {QStringLiteral("Meta"), QStringLiteral("Llama 3.1"), QStringLiteral("70B")},
};

const QStringList kRuntimes = {
        QStringLiteral("k8s/prod-eu"),
        QStringLiteral("k8s/prod-us"),
        QStringLiteral("lambda"),
        QStringLiteral("desktop"),
        QStringLiteral("ci/github-actions"),
};

// The same kind of agent named the ways people name things: "Invoice Reconciler",
// "invoice-reconciler", "INVOICE RECONCILER 2", so that sorting without case is exercised.
QString varyName(const QString &name, QRandomGenerator &rng)
{
    switch (rng.bounded(6)) {
    case 0:
        return name.toLower().replace(u' ', u'-');
    case 1:
        return name.toLower();
    case 2:
        return name + QStringLiteral(" %1").arg(rng.bounded(2, 9));
    case 3:
        return name.toUpper();
    default:
        return name;
    }
}

template<typename T>
const T &pick(const QList<T> &list, QRandomGenerator &rng)
{
    return list.at(rng.bounded(static_cast<int>(list.size())));
}

} // namespace

const Human *TestStore::human(const QString &id) const
{
    for (const Human &h : humans) {
        if (h.id == id)
            return &h;
    }
    return nullptr;
}

const Agent *TestStore::agent(const QString &id) const
{
    for (const Agent &a : agents) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

QList<Agent> TestStore::agentsMatching(const QString &prefix) const
{
    static const QRegularExpression nonWord(QStringLiteral("[^A-Za-z0-9]+"));
    QList<Agent> out;
    for (const Agent &a : agents) {
        const QString text =
                a.name + u' ' + a.ownerName + u' ' + a.purpose + u' ' + a.model.display();
        const QStringList words = text.split(nonWord, Qt::SkipEmptyParts);
        if (std::any_of(words.cbegin(), words.cend(), [&](const QString &w) {
                return w.startsWith(prefix, Qt::CaseInsensitive);
            }))
            out << a;
    }
    return out;
}

Result<TestStore> buildTestStore(const QString &path, int agentCount, quint64 seed, qint64 nowMs)
{
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::CreateIfMissing);
    if (!store)
        return std::unexpected(store.error());
    ManualClock clock(nowMs - 400 * kDayMs);
    SeededIdSource ids(seed);
    IdentityEngine engine(**store, clock, ids);
    QRandomGenerator rng(static_cast<quint32>(seed));
    const Actor admin = Actor::system();

    TestStore result;
    result.nowMs = nowMs;
    const Status built = engine.transaction([&]() -> Status {
        const int humanCount = qMax(8, agentCount / 20);
        for (int i = 0; i < humanCount; ++i) {
            Human h;
            const QString first = kFirstNames.at(i % kFirstNames.size());
            const QString last = kLastNames.at((i / kFirstNames.size() + i) % kLastNames.size());
            h.name = first + u' ' + last;
            h.email = QStringLiteral("%1.%2.%3@example.com")
                              .arg(first.toLower(), last.toLower())
                              .arg(i);
            h.department = kDepartments.at(i % kDepartments.size());
            h.roles = i % 5 == 0 ? ConsoleRoles(ConsoleRole::IamAdmin)
                                 : ConsoleRoles(ConsoleRole::Approver);
            auto added = engine.addHuman(admin, h);
            if (!added)
                return std::unexpected(added.error());
            result.humans << *added;
        }

        struct Planned
        {
            qint64 at;
            int agent;
        };
        QList<Planned> sessions;
        for (int i = 0; i < agentCount; ++i) {
            const Kind &kind = pick(kKinds, rng);
            const Human &owner = pick(result.humans, rng);
            Agent a;
            a.name = varyName(kind.name, rng);
            a.ownerId = owner.id;
            a.purpose = kind.purpose;
            a.model = pick(kModels, rng);
            a.runtime = pick(kRuntimes, rng);
            const int r = static_cast<int>(rng.bounded(100));
            a.risk = r < 40   ? RiskTier::Low
                     : r < 70 ? RiskTier::Medium
                     : r < 90 ? RiskTier::High
                              : RiskTier::Critical;
            QStringList ceiling = kind.scopes;
            // Some agents carry more than their kind needs: the over-scoping admins look for.
            if (rng.bounded(4) == 0)
                ceiling << QStringLiteral("admin:all") << QStringLiteral("payments:transfer");
            a.ceiling = ScopeSet(ceiling);
            if (rng.bounded(3) == 0) {
                const Human &sponsor = pick(result.humans, rng);
                if (sponsor.id != owner.id)
                    a.sponsorIds << sponsor.id;
            }
            a.createdAt = nowMs - (60 + rng.bounded(340)) * kDayMs;
            auto registered = engine.registerAgent(admin, a);
            if (!registered)
                return std::unexpected(registered.error());
            result.agents << *registered;
            // Most agents ran in the last weeks; some never did (dormant).
            const int runs = rng.bounded(5) == 0 ? 0 : static_cast<int>(rng.bounded(1, 4));
            for (int k = 0; k < runs; ++k)
                sessions << Planned{nowMs - static_cast<qint64>(rng.bounded(50 * 24)) * 3600 * 1000,
                                    i};
        }

        // Sessions in time order, so the audit trail reads forwards.
        std::sort(sessions.begin(), sessions.end(),
                  [](const Planned &a, const Planned &b) { return a.at < b.at; });
        for (const Planned &planned : std::as_const(sessions)) {
            clock.setNowMs(planned.at);
            Agent &agent = result.agents[planned.agent];
            const QStringList &ceiling = agent.ceiling.values();
            QStringList scopes{ceiling.at(rng.bounded(static_cast<int>(ceiling.size())))};
            if (ceiling.size() > 2 && rng.bounded(2) == 0)
                scopes << ceiling.at(rng.bounded(static_cast<int>(ceiling.size())));
            SessionRequest request;
            request.agentId = agent.id;
            request.humanId = agent.ownerId;
            request.task = QStringLiteral("%1 for %2")
                                   .arg(agent.purpose.section(u' ', 0, 2),
                                        kDepartments.at(rng.bounded(
                                                static_cast<int>(kDepartments.size()))));
            request.scopes = ScopeSet(scopes);
            auto session = engine.openSession(Actor::human(agent.ownerId), request);
            if (!session)
                return std::unexpected(session.error());
            ++result.sessions;
            agent.lastActiveAt = planned.at;
            agent.usedScopes = ScopeSet(agent.usedScopes.values() + request.scopes.values());
            // A sub-agent now and then, with narrowed scopes.
            if (rng.bounded(4) == 0) {
                SessionRequest child;
                child.agentId = agent.id;
                child.parentId = session->id;
                child.task = QStringLiteral("Sub-task: check %1")
                                     .arg(request.scopes.values().constFirst());
                child.scopes = ScopeSet(QStringList{request.scopes.values().constFirst()});
                auto childSession = engine.openSession(Actor::agent(agent.id), child);
                if (!childSession)
                    return std::unexpected(childSession.error());
                ++result.sessions;
            }
        }

        // Now the organisation changes: some agents are suspended or retired, some people leave.
        clock.setNowMs(nowMs - kDayMs);
        for (Agent &a : result.agents) {
            const int r = static_cast<int>(rng.bounded(100));
            const AgentStatus status = r < 8    ? AgentStatus::Suspended
                                       : r < 13 ? AgentStatus::Retired
                                                : AgentStatus::Active;
            if (status == AgentStatus::Active)
                continue;
            if (auto ok = engine.setAgentStatus(admin, a.id, status, QStringLiteral("test")); !ok)
                return ok;
            a.status = status;
        }
        for (int i = 0; i < result.humans.size(); ++i) {
            Human &h = result.humans[i];
            const HumanStatus status = i % 9 == 4    ? HumanStatus::Departed
                                       : i % 13 == 6 ? HumanStatus::Disabled
                                                     : HumanStatus::Active;
            if (status == HumanStatus::Active)
                continue;
            if (auto ok = engine.setHumanStatus(admin, h.id, status, QStringLiteral("test")); !ok)
                return ok;
            h.status = status;
        }
        for (Agent &a : result.agents) {
            const Human *owner = result.human(a.ownerId);
            a.ownerStatus = owner ? owner->status : HumanStatus::Active;
        }
        return {};
    });
    if (!built)
        return std::unexpected(built.error());
    return result;
}

} // namespace mandate::test
