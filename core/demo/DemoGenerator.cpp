#include "DemoGenerator.h"

#include "../Clock.h"
#include "../engine/IdSource.h"
#include "../engine/IdentityEngine.h"
#include "../policy/BundledPolicies.h"
#include "../store/SqliteStore.h"
#include "DemoPlan.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <array>
#include <bit>

namespace mandate {

namespace {

using namespace demo;

// Engine calls per transaction: large enough that commits cost nothing, small enough that
// the progress report moves.
constexpr std::size_t kBatch = 50000;

// Key spaces of the keyed random streams that render text.
enum class Stream : quint64 {
    Task = 1,
    Subtask,
    HumanStatus,
    AgentStatus,
    Amount,
    Binding,
    Decide,
    Address
};

QString jsonString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (const QChar c : text) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        out += c;
    }
    out += u'"';
    return out;
}

QString eventName(EventKind kind)
{
    switch (kind) {
    case EventKind::AddHuman:
        return QStringLiteral("add human");
    case EventKind::RegisterAgent:
        return QStringLiteral("register agent");
    case EventKind::SetHumanStatus:
        return QStringLiteral("change human status");
    case EventKind::SetAgentStatus:
        return QStringLiteral("change agent status");
    case EventKind::OpenSession:
        return QStringLiteral("open session");
    case EventKind::Decision:
        return QStringLiteral("record decision");
    case EventKind::RequestStepUp:
        return QStringLiteral("request step-up");
    case EventKind::DecideStepUp:
        return QStringLiteral("decide step-up");
    }
    return {};
}

// Turns planned events into engine calls, rendering names and texts on the way.
class Replayer
{
public:
    Replayer(const Catalogue &catalogue, const Plan &plan, IdentityEngine &engine, quint64 seed)
        : m_c(catalogue)
        , m_plan(plan)
        , m_engine(engine)
        , m_seed(seed)
    {
        m_humanIds.resize(plan.humans.size());
        m_agentIds.resize(plan.agents.size());
        m_sessionIds.resize(plan.sessions.size());
        m_stepUpIds.resize(plan.stepUps.size());
        for (const ScopeEntry &s : catalogue.scopes)
            m_scopeNames << s.scope;
    }

    Status apply(const Event &e)
    {
        switch (e.kind) {
        case EventKind::AddHuman:
            return addHuman(e);
        case EventKind::RegisterAgent:
            return registerAgent(e);
        case EventKind::SetHumanStatus:
            return setHumanStatus(e);
        case EventKind::SetAgentStatus:
            return setAgentStatus(e);
        case EventKind::OpenSession:
            return openSession(e);
        case EventKind::Decision:
            return recordDecision(e);
        case EventKind::RequestStepUp:
            return requestStepUp(e);
        case EventKind::DecideStepUp:
            return decideStepUp(e);
        }
        return {};
    }

    qint64 sessions = 0;
    qint64 decisions = 0;
    qint64 stepUps = 0;

private:
    KeyedRandom random(Stream stream, quint64 index) const
    {
        return KeyedRandom(m_seed, (quint64(stream) << 40) ^ index);
    }

    ScopeSet scopeSet(quint64 mask)
    {
        auto it = m_scopeSets.constFind(mask);
        if (it != m_scopeSets.cend())
            return *it;
        QStringList scopes;
        for (quint64 m = mask; m; m &= m - 1)
            scopes << m_scopeNames.at(std::countr_zero(m));
        ScopeSet set(std::move(scopes));
        if (m_scopeSets.size() > 200000) // ceilings are nearly all different at a million agents
            m_scopeSets.clear();
        m_scopeSets.insert(mask, set);
        return set;
    }

    // Agents talk from their runtime's network, people from the corporate VPN.
    QString address(const QString &prefix, quint64 index) const
    {
        KeyedRandom r = random(Stream::Address, index);
        return prefix + QString::number(r(256)) + u'.' + QString::number(1 + r(254));
    }

    Actor humanActor(quint32 human) const
    {
        return Actor{QStringLiteral("human:") + m_humanIds[human],
                     address(QStringLiteral("100.64."), human)};
    }

    Actor agentActor(quint32 agent) const
    {
        const PlannedAgent &a = m_plan.agents[agent];
        return Actor{QStringLiteral("agent:") + m_agentIds[agent],
                     address(m_c.runtimes.at(a.runtime).addressPrefix, (quint64(1) << 32) + agent)};
    }

    Status addHuman(const Event &e)
    {
        const PlannedHuman &p = m_plan.humans[e.a];
        Human h;
        h.name = m_c.firstNames.at(p.firstName) + u' ' + m_c.lastNames.at(p.lastName);
        h.email = m_plan.emailFirst.at(p.firstName) + u'.' + m_plan.emailLast.at(p.lastName)
                  + (p.emailNumber ? QString::number(p.emailNumber) : QString()) + u'@'
                  + m_c.companyDomain;
        h.department = m_c.departments.at(p.department).name;
        h.roles = ConsoleRoles::fromInt(p.roles);
        h.createdAt = e.time;
        // People arrive through the HR directory feed.
        auto added = m_engine.addHuman(Actor::system(), std::move(h));
        if (!added)
            return std::unexpected(added.error());
        m_humanIds[e.a] = added->id;
        return {};
    }

    Status registerAgent(const Event &e)
    {
        const PlannedAgent &p = m_plan.agents[e.a];
        const NameBase &base = m_plan.nameBases[p.nameBase];
        const Model &model = m_c.models.at(p.model);
        Agent a;
        a.name = p.nameNumber > 1 ? base.name + u' ' + QString::number(p.nameNumber) : base.name;
        a.ownerId = m_humanIds[p.owner];
        for (quint32 sponsor : p.sponsors) {
            if (sponsor != kNone)
                a.sponsorIds << m_humanIds[sponsor];
        }
        a.purpose = p.purposeTail ? base.purpose + u' ' + m_c.purposeTails.at(p.purposeTail - 1)
                                  : base.purpose;
        a.model = ModelInfo{model.provider, model.name, model.version};
        a.runtime = m_c.runtimes.at(p.runtime).name;
        a.risk = static_cast<RiskTier>(p.risk);
        a.ceiling = scopeSet(p.ceiling);
        // The demo's agents hand work to sub-agents of many kinds as they go (DemoPlan picks
        // them per session), so each lets any agent act below it.
        a.mayAct = {QStringLiteral("*")};
        a.createdAt = e.time;
        auto registered = m_engine.registerAgent(humanActor(p.registrar), std::move(a));
        if (!registered)
            return std::unexpected(registered.error());
        m_agentIds[e.a] = registered->id;
        return {};
    }

    Status setHumanStatus(const Event &e)
    {
        const PlannedHuman &p = m_plan.humans[e.a];
        const auto status = static_cast<HumanStatus>(p.finalStatus);
        static const std::array<const char *, 3> kDisabled{
                "Disabled: extended leave", "Disabled by IT: suspected account compromise",
                "Disabled: contract paused"};
        KeyedRandom r = random(Stream::HumanStatus, e.a);
        const QString reason = status == HumanStatus::Departed
                                       ? QStringLiteral("Left the company (HR directory feed)")
                                       : QString::fromLatin1(kDisabled[r(kDisabled.size())]);
        return m_engine.setHumanStatus(Actor::system(), m_humanIds[e.a], status, reason);
    }

    Status setAgentStatus(const Event &e)
    {
        const PlannedAgent &p = m_plan.agents[e.a];
        const auto status = static_cast<AgentStatus>(p.finalStatus);
        KeyedRandom r = random(Stream::AgentStatus, e.a);
        const QStringList &reasons =
                status == AgentStatus::Retired ? m_c.retireReasons : m_c.suspendReasons;
        const quint32 admin = m_plan.admins[r(m_plan.admins.size())];
        return m_engine.setAgentStatus(humanActor(admin), m_agentIds[e.a], status,
                                       reasons.at(r(reasons.size())));
    }

    QString taskFor(quint32 sessionIndex) const
    {
        const PlannedSession &s = m_plan.sessions[sessionIndex];
        const PlannedSession &root = m_plan.sessions[s.root];
        const Department &d = m_c.departments.at(m_plan.agents[root.agent].department);
        KeyedRandom r = random(Stream::Task, s.root);
        const QString task = expandTemplate(m_c, d.tasks.at(r(d.tasks.size())), r);
        if (s.parent == kNone)
            return task;
        KeyedRandom sub = random(Stream::Subtask, sessionIndex);
        return m_c.subtasks.at(sub(m_c.subtasks.size())) + QStringLiteral(": ") + task;
    }

    Status openSession(const Event &e)
    {
        const PlannedSession &p = m_plan.sessions[e.a];
        SessionRequest request;
        request.agentId = m_agentIds[p.agent];
        if (p.parent == kNone)
            request.humanId = m_humanIds[p.human];
        else
            request.parentId = m_sessionIds[p.parent];
        request.task = taskFor(e.a);
        request.scopes = scopeSet(p.scopes);
        request.ttlMs = p.ttlMs;
        const Actor actor = p.parent == kNone ? humanActor(p.human)
                                              : agentActor(m_plan.sessions[p.parent].agent);
        auto opened = m_engine.openSession(actor, request);
        if (!opened)
            return std::unexpected(opened.error());
        m_sessionIds[e.a] = opened->id;
        ++sessions;
        return {};
    }

    QString resource(int scope, quint32 number) const
    {
        const ScopeEntry &s = m_c.scopes.at(scope);
        const QString id = s.names.isEmpty() ? s.idPrefix + QString::number(number)
                                             : s.names.at(number % quint32(s.names.size()));
        return s.entity + QStringLiteral("::\"") + id + u'"';
    }

    // Amounts a policy would look at: small ones pass, larger ones need a person, the
    // largest are forbidden.
    qint64 amount(DecisionKind kind, quint32 number) const
    {
        KeyedRandom r = random(Stream::Amount, number);
        switch (kind) {
        case DecisionKind::StepUp:
        case DecisionKind::AllowAfterApproval:
            return 600 + r(9400);
        case DecisionKind::DenyForbidden:
            return 12000 + r(48000);
        default:
            return 20 + r(460);
        }
    }

    QString amountJson(DecisionKind kind, quint32 number) const
    {
        return QStringLiteral("\"amount\":") + QString::number(amount(kind, number))
               + QStringLiteral(",\"currency\":\"EUR\"");
    }

    Status recordDecision(const Event &e)
    {
        const PlannedSession &session = m_plan.sessions[e.a];
        const ScopeEntry &scope = m_c.scopes.at(e.scope);
        quint32 number = e.b;
        if (e.decision == DecisionKind::StepUp || e.decision == DecisionKind::AllowAfterApproval)
            number = m_plan.stepUps[e.b].resource;
        DecisionRecord d;
        d.sessionId = m_sessionIds[e.a];
        d.action = scope.scope;
        d.resource = resource(e.scope, number);
        QString detail;
        switch (e.decision) {
        case DecisionKind::Allow:
            d.decision = Decision::Allow;
            d.policies = QStringList{scope.permitPolicy};
            if (scope.money)
                detail = amountJson(e.decision, number);
            break;
        case DecisionKind::DenyForbidden:
            d.decision = Decision::Deny;
            d.policies = QStringList{scope.forbidPolicy};
            detail = QStringLiteral("\"reason\":") + jsonString(scope.forbidReason);
            if (scope.money)
                detail += u',' + amountJson(e.decision, number);
            break;
        case DecisionKind::DenyNotGranted:
            d.decision = Decision::Deny;
            detail = QStringLiteral("\"reason\":")
                     + jsonString(QStringLiteral("No policy permits it: the session "
                                                 "was not granted ")
                                  + scope.scope);
            break;
        case DecisionKind::StepUp:
            d.decision = Decision::StepUpRequired;
            d.policies = QStringList{scope.stepUpPolicy};
            detail = QStringLiteral("\"reason\":") + jsonString(scope.stepUpReason);
            if (scope.money)
                detail += u',' + amountJson(e.decision, number);
            break;
        case DecisionKind::AllowAfterApproval: {
            const PlannedStepUp &up = m_plan.stepUps[e.b];
            d.decision = Decision::Allow;
            d.policies = QStringList{scope.stepUpPolicy};
            detail = QStringLiteral("\"step_up\":") + jsonString(m_stepUpIds[e.b])
                     + QStringLiteral(",\"approved_by\":") + jsonString(m_humanIds[up.approver]);
            break;
        }
        }
        if (!detail.isEmpty())
            d.detail = u'{' + detail + u'}';
        ++decisions;
        return m_engine.recordDecision(agentActor(session.agent), d);
    }

    Status requestStepUp(const Event &e)
    {
        const PlannedStepUp &up = m_plan.stepUps[e.b];
        const PlannedSession &session = m_plan.sessions[up.session];
        const ScopeEntry &scope = m_c.scopes.at(up.scope);
        StepUpRequest r;
        r.sessionId = m_sessionIds[up.session];
        r.action = scope.scope;
        r.resource = resource(up.scope, up.resource);
        r.policyId = scope.stepUpPolicy;
        r.reason = scope.stepUpReason;
        KeyedRandom code = random(Stream::Binding, e.b);
        QString what = scope.scope + QStringLiteral(" on ")
                       + (scope.names.isEmpty()
                                  ? scope.idPrefix + QString::number(up.resource)
                                  : scope.names.at(up.resource % quint32(scope.names.size())));
        if (scope.money) {
            const qint64 value = amount(DecisionKind::StepUp, up.resource);
            what += QStringLiteral(" for ") + QString::number(value) + QStringLiteral(" EUR");
            r.context = u'{' + amountJson(DecisionKind::StepUp, up.resource) + u'}';
        }
        // The code both sides see, so the approver knows which request the agent shows.
        r.bindingMessage = what + QStringLiteral(" · code ") + QString::number(1000 + code(9000));
        auto requested = m_engine.requestStepUp(agentActor(session.agent), std::move(r));
        if (!requested)
            return std::unexpected(requested.error());
        m_stepUpIds[e.b] = requested->id;
        ++stepUps;
        return {};
    }

    Status decideStepUp(const Event &e)
    {
        static const std::array<const char *, 5> kApproved{
                "Checked with the customer", "Within this quarter's budget",
                "Matches the purchase order", "Expected as part of today's change",
                "Verified the request with the requester"};
        static const std::array<const char *, 5> kDenied{
                "The amount looks wrong; please recheck",
                "Not without the customer's written request", "Wait for the next change window",
                "Duplicate of an earlier request", "Outside this team's authority"};
        const PlannedStepUp &up = m_plan.stepUps[e.b];
        KeyedRandom r = random(Stream::Decide, e.b);
        const QString reason = QString::fromUtf8(up.approve ? kApproved[r(kApproved.size())]
                                                            : kDenied[r(kDenied.size())]);
        const QString &approver = m_humanIds[up.approver];
        auto decided = m_engine.decideStepUp(humanActor(up.approver), m_stepUpIds[e.b], approver,
                                             up.approve, reason);
        if (!decided)
            return std::unexpected(decided.error());
        return {};
    }

    const Catalogue &m_c;
    const Plan &m_plan;
    IdentityEngine &m_engine;
    quint64 m_seed;
    QStringList m_scopeNames;
    QHash<quint64, ScopeSet> m_scopeSets;
    std::vector<QString> m_humanIds;
    std::vector<QString> m_agentIds;
    std::vector<QString> m_sessionIds;
    std::vector<QString> m_stepUpIds;
};

void removeStoreFiles(const QString &path)
{
    for (const QString &suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
        QFile::remove(path + suffix);
}

} // namespace

Result<DemoSummary> generateDemo(const QString &path, const DemoOptions &options)
{
    if (options.agents < 1 || options.agents > kDemoMaxAgents)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The demo organisation has 1 to %1 agents, not %2.")
                            .arg(kDemoMaxAgents)
                            .arg(options.agents));
    if (path.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("No store file was given."));
    const QFileInfo info(path);
    if (info.exists() && info.isDir())
        return fail(ErrorCode::Conflict,
                    QStringLiteral("%1 is a folder, not a store file.").arg(path));
    if (info.exists() && info.size() > 0)
        return fail(
                ErrorCode::Conflict,
                QStringLiteral(
                        "%1 already exists and is not empty: the demo generator only creates new "
                        "stores. Choose another file or delete this one first.")
                        .arg(path));
    const bool existedEmpty = info.exists();

    QElapsedTimer timer;
    timer.start();
    auto report = [&](int percent, const QString &stage) {
        if (options.progress)
            options.progress(percent, stage);
    };
    const bool profile = qEnvironmentVariableIsSet("MANDATE_DEMO_PROFILE");
    auto stageDone = [&](const char *stage, qint64 &since) {
        if (profile)
            qInfo("demo: %s %.2f s", stage, double(timer.elapsed() - since) / 1000.0);
        since = timer.elapsed();
    };
    qint64 since = 0;

    const qint64 now = options.nowMs != 0 ? options.nowMs : QDateTime::currentMSecsSinceEpoch();
    report(0, QStringLiteral("Planning the organisation"));
    const Catalogue catalogue = buildCatalogue();
    const Plan plan = planOrganisation(catalogue, options.agents, options.seed, now);
    stageDone("plan", since);

    std::unique_ptr<SqliteStore> store;
    // What this run created goes; an empty file that was there before stays, empty.
    auto failed = [&](Error error) -> Result<DemoSummary> {
        store.reset();
        removeStoreFiles(path);
        if (existedEmpty)
            QFile(path).open(QIODevice::WriteOnly);
        return std::unexpected(error);
    };
    auto opened = SqliteStore::open(path, SqliteStore::OpenMode::CreateIfMissing);
    if (!opened)
        return failed(opened.error());
    store = std::move(*opened);
    if (auto ok = store->setBulkLoad(true); !ok)
        return failed(ok.error());

    ManualClock clock(plan.events.empty() ? now : plan.events.front().time);
    SeededIdSource ids(options.seed);
    IdentityEngine::Config config;
    config.policySchema = mandatePolicySchema();
    IdentityEngine engine(*store, clock, ids, config);
    Replayer replayer(catalogue, plan, engine, options.seed);

    const std::size_t total = plan.events.size();
    std::array<qint64, 8> nanos{};
    QElapsedTimer eventTimer;
    int lastPercent = -1;
    auto reportReplay = [&](std::size_t done) {
        const int percent = 2 + int(96.0 * double(done) / double(total));
        if (percent == lastPercent)
            return;
        lastPercent = percent;
        const QString month = QDateTime::fromMSecsSinceEpoch(plan.events[done - 1].time, Qt::UTC)
                                      .toString(QStringLiteral("MMMM yyyy"));
        report(percent, QStringLiteral("Writing history: %1").arg(month));
    };
    std::size_t next = 0;
    while (next < total) {
        const std::size_t end = std::min(next + kBatch, total);
        auto ok = engine.transaction([&]() -> Status {
            for (; next < end; ++next) {
                const Event &e = plan.events[next];
                clock.setNowMs(e.time);
                if (profile)
                    eventTimer.start();
                if (auto applied = replayer.apply(e); !applied) {
                    return fail(
                            applied.error().code,
                            QStringLiteral(
                                    "The demo generator could not %1 (event %2 of %3, at %4): %5")
                                    .arg(eventName(e.kind))
                                    .arg(next + 1)
                                    .arg(total)
                                    .arg(formatTime(e.time), applied.error().message));
                }
                if (profile)
                    nanos[std::size_t(e.kind)] += eventTimer.nsecsElapsed();
                if ((next & 1023) == 0 && next > 0)
                    reportReplay(next);
            }
            return {};
        });
        if (!ok)
            return failed(ok.error());
        reportReplay(next);
    }
    stageDone("replay", since);
    if (profile) {
        for (std::size_t k = 0; k < nanos.size(); ++k)
            qInfo("demo:   %s %.2f s", qPrintable(eventName(EventKind(k))), double(nanos[k]) / 1e9);
    }

    // From the end of the history on, the starter policy set decides (resources/policies).
    clock.setNowMs(qMax(now, clock.nowMs()));
    if (auto published = engine.publishPolicies(Actor::system(), QString::fromUtf8(policy::bundledStarterPolicies()),
                                                QStringLiteral("The starter policy set of the demo organisation"));
        !published)
        return failed(published.error());

    report(99, QStringLiteral("Finishing"));
    if (auto ok = store->setBulkLoad(false); !ok)
        return failed(ok.error());
    auto head = store->auditHead();
    if (!head)
        return failed(head.error());
    store.reset(); // closing checkpoints the write-ahead log into the file
    stageDone("close", since);

    DemoSummary summary;
    summary.humans = qint64(plan.humans.size());
    summary.agents = qint64(plan.agents.size());
    summary.sessions = replayer.sessions;
    summary.decisions = replayer.decisions;
    summary.stepUps = replayer.stepUps;
    summary.auditEvents = head->seq;
    summary.auditHead = head->hash;
    summary.nowMs = now;
    summary.seconds = double(timer.nsecsElapsed()) / 1e9;
    report(100, QStringLiteral("Done"));
    return summary;
}

} // namespace mandate
