// The demo generator: deterministic, believable, and consistent with the engine's rules.

#include "audit/AuditChain.h"
#include "demo/DemoCatalogue.h"
#include "demo/DemoGenerator.h"
#include "store/SqliteStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace mandate;

namespace {

constexpr qint64 kNow = 1'790'000'000'000; // 2026-09-21T14:13:20Z
constexpr int kAgents = 300;

QByteArray fileDigest(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

std::unique_ptr<SqliteStore> openStore(const QString &path)
{
    auto opened = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
    if (!opened) {
        qWarning() << opened.error().message;
        return nullptr;
    }
    return std::move(*opened);
}

QList<Agent> allAgents(Store &store)
{
    AgentQuery query;
    query.sort = AgentSort::Name;
    query.limit = 10000;
    auto page = store.agents(query);
    return page ? page->agents : QList<Agent>();
}

QList<Human> allHumans(Store &store)
{
    HumanQuery query;
    query.limit = 100000;
    auto humans = store.humans(query);
    return humans ? *humans : QList<Human>();
}

QList<AuditEvent> allEvents(Store &store)
{
    auto events = store.auditEvents(1, 100000);
    return events ? *events : QList<AuditEvent>();
}

qint64 count(Store &store, HygieneFilter hygiene)
{
    AgentFilter filter;
    filter.hygiene = hygiene;
    filter.nowMs = kNow;
    auto n = store.countAgents(filter);
    return n ? *n : -1;
}

} // namespace

class TestDemoGenerator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void catalogueIsConsistent();
    void sameSeedSameStore();
    void otherSeedOtherStore();
    void summaryMatchesStore();
    void peopleAreBelievable();
    void everyAgentHasOwnerAndPurpose();
    void delegationsOnlyNarrow();
    void historyIsChronological();
    void hygieneProblemsExist();
    void stepUpsPendingAndDecided();
    void decisionsOfEveryKind();
    void auditChainIsIntact();
    void refusesNonEmptyFile();
    void refusesBadAgentCount();

private:
    Result<DemoSummary> generate(const QString &name, quint64 seed);

    QTemporaryDir m_dir;
    QString m_first;
    QString m_second;
    QString m_other;
    DemoSummary m_firstSummary;
    DemoSummary m_secondSummary;
    DemoSummary m_otherSummary;
    std::unique_ptr<SqliteStore> m_store;
};

Result<DemoSummary> TestDemoGenerator::generate(const QString &name, quint64 seed)
{
    DemoOptions options;
    options.agents = kAgents;
    options.seed = seed;
    options.nowMs = kNow;
    return generateDemo(m_dir.filePath(name), options);
}

void TestDemoGenerator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_first = m_dir.filePath(QStringLiteral("first.mandate"));
    m_second = m_dir.filePath(QStringLiteral("second.mandate"));
    m_other = m_dir.filePath(QStringLiteral("other.mandate"));

    int lastPercent = -1;
    bool monotonic = true;
    DemoOptions options;
    options.agents = kAgents;
    options.seed = 7;
    options.nowMs = kNow;
    options.progress = [&](int percent, const QString &stage) {
        monotonic = monotonic && percent >= lastPercent && !stage.isEmpty();
        lastPercent = percent;
    };
    auto first = generateDemo(m_first, options);
    QVERIFY2(first, qPrintable(first ? QString() : first.error().message));
    QVERIFY(monotonic);
    QCOMPARE(lastPercent, 100);
    m_firstSummary = *first;

    auto second = generate(QStringLiteral("second.mandate"), 7);
    QVERIFY2(second, qPrintable(second ? QString() : second.error().message));
    m_secondSummary = *second;
    auto other = generate(QStringLiteral("other.mandate"), 8);
    QVERIFY2(other, qPrintable(other ? QString() : other.error().message));
    m_otherSummary = *other;

    m_store = openStore(m_first);
    QVERIFY(m_store);
}

void TestDemoGenerator::catalogueIsConsistent()
{
    const demo::Catalogue c = demo::buildCatalogue();
    QVERIFY(c.scopes.size() <= 64); // the generator's scope sets are 64-bit masks
    QSet<QString> scopes;
    for (const demo::ScopeEntry &s : c.scopes) {
        QVERIFY2(Scope::isValid(s.scope), qPrintable(s.scope));
        scopes.insert(s.scope);
        QVERIFY(!s.entity.isEmpty() && !s.permitPolicy.isEmpty());
        QVERIFY(!s.idPrefix.isEmpty() || !s.names.isEmpty());
        QCOMPARE(s.stepUpPolicy.isEmpty(), s.stepUpReason.isEmpty());
        QCOMPARE(s.forbidPolicy.isEmpty(), s.forbidReason.isEmpty());
    }
    QCOMPARE(scopes.size(), c.scopes.size());
    QCOMPARE(c.commonScopes.size(), 4);
    QVERIFY(!c.commonScopes.contains(-1));
    QVERIFY(c.departments.size() >= 10);
    QVERIFY(c.firstNames.size() >= 200 && c.lastNames.size() >= 200);
    const QRegularExpression token(QStringLiteral("\\{[A-Z]\\}"));
    int pick = 0;
    auto next = [&pick](qsizetype n) { return int(pick++ % n); };
    for (const demo::Department &d : c.departments) {
        QVERIFY2(d.scopes.size() >= 4, qPrintable(d.name)); // every department has a scope list
        QVERIFY(!d.objects.isEmpty() && !d.curated.isEmpty() && !d.tasks.isEmpty());
        for (const demo::CuratedAgent &a : d.curated)
            QVERIFY2(a.purpose.endsWith(u'.'), qPrintable(a.name));
        for (const QString &task : d.tasks) {
            const QString text = demo::expandTemplate(c, task, next);
            QVERIFY2(!text.contains(token), qPrintable(text));
            QVERIFY(text.size() < 200);
        }
    }
    for (const demo::AgentRole &r : c.roles)
        QVERIFY2(r.purpose.contains(QLatin1StringView("%1")), qPrintable(r.name));
}

void TestDemoGenerator::sameSeedSameStore()
{
    QCOMPARE(m_secondSummary.auditHead, m_firstSummary.auditHead);
    QCOMPARE(m_secondSummary.auditEvents, m_firstSummary.auditEvents);
    auto second = openStore(m_second);
    QVERIFY(second);

    const QList<Agent> a = allAgents(*m_store);
    const QList<Agent> b = allAgents(*second);
    QCOMPARE(a.size(), kAgents);
    QCOMPARE(b.size(), a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].id, a[i].id);
        QCOMPARE(b[i].name, a[i].name);
        QCOMPARE(b[i].ownerId, a[i].ownerId);
        QCOMPARE(b[i].purpose, a[i].purpose);
        QCOMPARE(b[i].ceiling, a[i].ceiling);
        QVERIFY(b[i].status == a[i].status);
        QCOMPARE(b[i].lastActiveAt, a[i].lastActiveAt);
    }
    const QList<Human> ha = allHumans(*m_store);
    const QList<Human> hb = allHumans(*second);
    QCOMPARE(hb.size(), ha.size());
    for (qsizetype i = 0; i < ha.size(); ++i) {
        QCOMPARE(hb[i].id, ha[i].id);
        QCOMPARE(hb[i].name, ha[i].name);
        QCOMPARE(hb[i].email, ha[i].email);
        QVERIFY(hb[i].status == ha[i].status);
        QCOMPARE(hb[i].roles.toInt(), ha[i].roles.toInt());
    }
}

void TestDemoGenerator::otherSeedOtherStore()
{
    QVERIFY(m_otherSummary.auditHead != m_firstSummary.auditHead);
    auto other = openStore(m_other);
    QVERIFY(other);
    QStringList names;
    for (const Agent &agent : allAgents(*m_store))
        names << agent.name;
    QStringList otherNames;
    for (const Agent &agent : allAgents(*other))
        otherNames << agent.name;
    QCOMPARE(otherNames.size(), kAgents);
    QVERIFY(names != otherNames);
}

void TestDemoGenerator::summaryMatchesStore()
{
    auto summary = m_store->summary(kNow);
    QVERIFY(summary);
    QCOMPARE(summary->agents, qint64(kAgents));
    QCOMPARE(summary->humans, m_firstSummary.humans);
    QCOMPARE(summary->auditEvents, m_firstSummary.auditEvents);
    QCOMPARE(m_firstSummary.agents, qint64(kAgents));
    QVERIFY(m_firstSummary.humans >= 20);
    // About five sessions and ten decisions an agent at this size.
    QVERIFY2(m_firstSummary.sessions > kAgents * 3 && m_firstSummary.sessions < kAgents * 8,
             qPrintable(QString::number(m_firstSummary.sessions)));
    QVERIFY(m_firstSummary.decisions > m_firstSummary.sessions);
    QVERIFY(m_firstSummary.stepUps > 0);
    QCOMPARE(m_firstSummary.nowMs, kNow);
    QCOMPARE(m_firstSummary.auditHead.size(), 64);
}

void TestDemoGenerator::peopleAreBelievable()
{
    const QList<Human> humans = allHumans(*m_store);
    QVERIFY(humans.size() >= 20);
    QSet<QString> emails;
    QSet<QString> departments;
    int admins = 0;
    int approvers = 0;
    int auditors = 0;
    int gone = 0;
    for (const Human &h : humans) {
        QVERIFY2(h.name.contains(u' '), qPrintable(h.name));
        QVERIFY2(h.email.endsWith(QLatin1StringView("@meridian-group.example")),
                 qPrintable(h.email));
        const QString local = h.email.section(u'@', 0, 0);
        for (const QChar c : local)
            QVERIFY2(c.isDigit() || (c >= u'a' && c <= u'z') || c == u'.' || c == u'-',
                     qPrintable(h.email));
        emails.insert(h.email.toLower());
        departments.insert(h.department);
        admins += h.roles.testFlag(ConsoleRole::IamAdmin);
        approvers += h.roles.testFlag(ConsoleRole::Approver);
        auditors += h.roles.testFlag(ConsoleRole::Auditor);
        gone += h.status != HumanStatus::Active;
    }
    QCOMPARE(emails.size(), humans.size());
    QVERIFY(departments.size() >= 8);
    QVERIFY(admins >= 3);
    QVERIFY(approvers >= 3);
    QVERIFY(auditors >= 2);
    QVERIFY(gone >= 1);
}

void TestDemoGenerator::everyAgentHasOwnerAndPurpose()
{
    QSet<QString> names;
    QSet<QString> models;
    for (const Agent &agent : allAgents(*m_store)) {
        auto owner = m_store->human(agent.ownerId);
        QVERIFY(owner && *owner);
        QCOMPARE(agent.ownerName, (*owner)->name);
        QVERIFY2(!agent.purpose.trimmed().isEmpty(), qPrintable(agent.name));
        QVERIFY(!agent.ceiling.isEmpty());
        QVERIFY(!agent.runtime.isEmpty());
        QVERIFY(!agent.model.provider.isEmpty() && !agent.model.name.isEmpty()
                && !agent.model.version.isEmpty());
        QVERIFY(agent.createdAt < kNow && agent.createdAt > kNow - 19LL * 30 * 24 * 3600 * 1000);
        QVERIFY(agent.lastActiveAt <= kNow);
        names.insert(agent.name);
        models.insert(agent.model.display());
    }
    QCOMPARE(names.size(), kAgents); // distinguishing numbers where names repeat
    QVERIFY(models.size() >= 5);
}

void TestDemoGenerator::delegationsOnlyNarrow()
{
    SessionQuery query;
    query.limit = 100000;
    auto sessions = m_store->sessions(query);
    QVERIFY(sessions);
    QCOMPARE(qint64(sessions->size()), m_firstSummary.sessions);
    QHash<QString, AgentSession> byId;
    for (const AgentSession &s : *sessions)
        byId.insert(s.id, s);
    QHash<QString, Agent> agents;
    for (const Agent &a : allAgents(*m_store))
        agents.insert(a.id, a);

    int children = 0;
    int deepest = 0;
    for (const AgentSession &s : std::as_const(*sessions)) {
        QVERIFY(agents.contains(s.agentId));
        QVERIFY2(s.scopes.isSubsetOf(agents.value(s.agentId).ceiling), qPrintable(s.id));
        QVERIFY(!s.scopes.isEmpty());
        QVERIFY(!s.task.isEmpty());
        QVERIFY(s.expiresAt > s.issuedAt);
        QVERIFY(s.expiresAt - s.issuedAt <= 60 * 60 * 1000);
        QVERIFY(s.issuedAt <= kNow);
        deepest = qMax(deepest, s.depth);
        if (s.parentId.isEmpty()) {
            QCOMPARE(s.depth, 0);
            QCOMPARE(s.rootId, s.id);
            continue;
        }
        ++children;
        QVERIFY2(byId.contains(s.parentId), qPrintable(s.parentId));
        const AgentSession &parent = byId[s.parentId];
        QVERIFY2(s.scopes.isSubsetOf(parent.scopes), qPrintable(s.id));
        QVERIFY(s.expiresAt <= parent.expiresAt);
        QVERIFY(s.issuedAt >= parent.issuedAt && s.issuedAt < parent.expiresAt);
        QCOMPARE(s.depth, parent.depth + 1);
        QVERIFY(s.depth <= 4);
        QCOMPARE(s.humanId, parent.humanId);
        QCOMPARE(s.rootId, parent.rootId);
    }
    QVERIFY(children > 0);
    QVERIFY2(deepest >= 3, qPrintable(QString::number(deepest)));
}

void TestDemoGenerator::historyIsChronological()
{
    const QList<AuditEvent> events = allEvents(*m_store);
    QCOMPARE(qint64(events.size()), m_firstSummary.auditEvents);
    for (qsizetype i = 1; i < events.size(); ++i)
        QVERIFY2(events[i].time >= events[i - 1].time, qPrintable(QString::number(events[i].seq)));
    QVERIFY(events.constLast().time <= kNow);
}

void TestDemoGenerator::hygieneProblemsExist()
{
    QVERIFY(count(*m_store, HygieneFilter::OwnerGone) > 0);
    QVERIFY(count(*m_store, HygieneFilter::OverScoped) > 0);
    QVERIFY(count(*m_store, HygieneFilter::Dormant) > 0);
    int neverUsed = 0;
    int dormant = 0;
    int recent = 0;
    int suspended = 0;
    int retired = 0;
    for (const Agent &a : allAgents(*m_store)) {
        if (a.lastActiveAt == 0)
            ++neverUsed;
        else if (a.lastActiveAt < kNow - kDormantAfterMs)
            ++dormant;
        else
            ++recent;
        suspended += a.status == AgentStatus::Suspended;
        retired += a.status == AgentStatus::Retired;
    }
    QVERIFY2(neverUsed > kAgents / 20 && neverUsed < kAgents / 3,
             qPrintable(QString::number(neverUsed)));
    QVERIFY2(dormant > 0, "some agents were used, but not in the last 30 days");
    QVERIFY(recent > kAgents / 2);
    QVERIFY(suspended > 0);
    QVERIFY(retired > 0);
}

void TestDemoGenerator::stepUpsPendingAndDecided()
{
    auto summary = m_store->summary(kNow);
    QVERIFY(summary);
    QVERIFY2(summary->pendingStepUps > 0, "requests wait for an approver now");

    QHash<QString, int> types;
    QStringList requestIds;
    for (const AuditEvent &e : allEvents(*m_store)) {
        ++types[e.type];
        if (e.type == QLatin1StringView("stepup.requested"))
            requestIds << QJsonDocument::fromJson(e.detail.toUtf8())
                                  .object()
                                  .value(QLatin1StringView("request"))
                                  .toString();
    }
    QVERIFY(types.value(QStringLiteral("stepup.approved")) > 0);
    QVERIFY(types.value(QStringLiteral("stepup.denied")) > 0);
    QCOMPARE(qint64(types.value(QStringLiteral("stepup.requested"))), m_firstSummary.stepUps);

    int pending = 0;
    int decided = 0;
    for (const QString &id : std::as_const(requestIds)) {
        auto request = m_store->stepUp(id);
        QVERIFY2(request && *request, qPrintable(id));
        const StepUpRequest &r = **request;
        QVERIFY(!r.policyId.isEmpty() && !r.reason.isEmpty() && !r.bindingMessage.isEmpty());
        if (r.status == StepUpStatus::Pending) {
            ++pending;
            QVERIFY2(r.expiresAt > kNow, "a pending request was created in the last ten minutes");
        } else {
            ++decided;
            QVERIFY(!r.approverId.isEmpty());
            QVERIFY2(r.approverId != r.humanId, "nobody approves their own request");
            auto approver = m_store->human(r.approverId);
            QVERIFY(approver && *approver && (*approver)->roles.testFlag(ConsoleRole::Approver));
            QVERIFY(r.decidedAt >= r.createdAt && r.decidedAt < r.expiresAt);
        }
    }
    QCOMPARE(qint64(pending), summary->pendingStepUps);
    QVERIFY(decided > pending);
}

void TestDemoGenerator::decisionsOfEveryKind()
{
    QHash<QString, int> decisions;
    qint64 total = 0;
    for (const AuditEvent &e : allEvents(*m_store)) {
        if (e.type != QLatin1StringView("authz.decision"))
            continue;
        ++total;
        ++decisions[e.decision];
        QVERIFY(!e.sessionId.isEmpty() && !e.action.isEmpty());
        QVERIFY2(e.resource.contains(QLatin1StringView("::\"")), qPrintable(e.resource));
        if (e.decision != QLatin1StringView("deny"))
            QVERIFY(!e.policies.isEmpty());
    }
    QCOMPARE(total, m_firstSummary.decisions);
    QVERIFY(decisions.value(QStringLiteral("allow")) > decisions.value(QStringLiteral("deny")));
    QVERIFY(decisions.value(QStringLiteral("deny")) > 0);
    QVERIFY(decisions.value(QStringLiteral("step_up")) > 0);
}

void TestDemoGenerator::auditChainIsIntact()
{
    auto verified = AuditChain::verify(*m_store);
    QVERIFY(verified);
    QVERIFY2(verified->intact, qPrintable(verified->problem));
    QCOMPARE(verified->eventsChecked, m_firstSummary.auditEvents);
    QCOMPARE(verified->head.hash, m_firstSummary.auditHead);
}

void TestDemoGenerator::refusesNonEmptyFile()
{
    // Anything at all, and a real store: both are left byte for byte as they were.
    const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
    {
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("my notes\n");
    }
    const QByteArray textDigest = fileDigest(text);
    auto refused = generate(QStringLiteral("notes.txt"), 7);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Conflict);
    QVERIFY(refused.error().message.contains(QLatin1StringView("not empty")));
    QCOMPARE(fileDigest(text), textDigest);

    const QByteArray storeDigest = fileDigest(m_second);
    QVERIFY(!generate(QStringLiteral("second.mandate"), 9));
    QCOMPARE(fileDigest(m_second), storeDigest);
    auto second = openStore(m_second);
    QVERIFY(second);
    QCOMPARE(second->auditHead()->hash, m_secondSummary.auditHead);
}

void TestDemoGenerator::refusesBadAgentCount()
{
    DemoOptions options;
    options.agents = 0;
    const QString path = m_dir.filePath(QStringLiteral("none.mandate"));
    auto refused = generateDemo(path, options);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
