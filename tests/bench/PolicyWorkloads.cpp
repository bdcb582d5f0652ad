#include "PolicyWorkloads.h"

#include "policy/BundledPolicies.h"

#include <random>

namespace mandate::bench {

namespace {

QJsonObject uid(const QString &type, const QString &id)
{
    return QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("id"), id}};
}

QJsonObject ref(const QString &type, const QString &id)
{
    return QJsonObject{{QStringLiteral("__entity"), uid(type, id)}};
}

QJsonObject extn(const char *fn, const QString &arg)
{
    return QJsonObject{{QStringLiteral("__extn"),
                        QJsonObject{{QStringLiteral("fn"), QLatin1StringView(fn)},
                                    {QStringLiteral("arg"), arg}}}};
}

QString n(const char *prefix, int i) { return QLatin1StringView(prefix) + QString::number(i); }

class Builder
{
public:
    explicit Builder(uint64_t seed)
        : m_random(seed)
    {}

    int pick(int count) { return int(std::uniform_int_distribution<int>(0, count - 1)(m_random)); }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(m_random) < p; }

    void entity(const QString &type, const QString &id, const QJsonObject &attrs,
                const QList<QJsonObject> &parents = {})
    {
        QJsonArray p;
        for (const QJsonObject &parent : parents)
            p.append(parent);
        m_entities.append(QJsonObject{{QStringLiteral("uid"), uid(type, id)},
                                      {QStringLiteral("attrs"), attrs},
                                      {QStringLiteral("parents"), p}});
    }

    void request(const QJsonObject &principal, const QString &action, const QJsonObject &resource,
                 const QJsonObject &context)
    {
        m_requests.append(QJsonObject{{QStringLiteral("principal"), principal},
                                      {QStringLiteral("action"), uid(QStringLiteral("Action"), action)},
                                      {QStringLiteral("resource"), resource},
                                      {QStringLiteral("context"), context}});
    }

    QJsonObject context()
    {
        static const char *const ips[] = {"10.1.2.3", "10.200.0.9", "192.168.1.20", "203.0.113.7"};
        static const char *const times[] = {"2026-03-02T09:30:00Z", "2026-03-06T15:10:00Z",
                                            "2026-03-07T22:00:00Z", "2026-03-03T11:45:00Z"};
        return QJsonObject{{QStringLiteral("ip"), extn("ip", QLatin1StringView(ips[pick(4)]))},
                           {QStringLiteral("time"), extn("datetime", QLatin1StringView(times[pick(4)]))},
                           {QStringLiteral("mfa"), chance(0.7)}};
    }

    PolicyWorkload finish(const QString &name, const QString &policyText,
                          const QJsonObject &templates = {}, const QJsonArray &links = {})
    {
        return PolicyWorkload{name,
                              QJsonObject{{QStringLiteral("staticPolicies"), policyText},
                                          {QStringLiteral("templates"), templates},
                                          {QStringLiteral("templateLinks"), links}},
                              m_entities, m_requests};
    }

private:
    std::mt19937_64 m_random;
    QJsonArray m_entities;
    QJsonArray m_requests;
};

// Google Drive-like: users in groups, documents in folders in drives, owners, viewers and
// editors, public links, sharing; per-user folder grants are template links.
const char kGdrivePolicies[] = R"cedar(
permit(principal, action in [Action::"viewDocument", Action::"editDocument", Action::"deleteDocument", Action::"shareDocument"], resource is Document) when { resource.owner == principal };
permit(principal, action == Action::"viewDocument", resource is Document) when { resource.isPublic };
permit(principal, action == Action::"viewDocument", resource is Document) when { principal in resource.viewers };
permit(principal, action == Action::"viewDocument", resource is Document) when { principal in resource.editors };
permit(principal, action == Action::"editDocument", resource is Document) when { principal in resource.editors };
permit(principal, action == Action::"commentDocument", resource is Document) when { principal in resource.viewers || principal in resource.editors };
permit(principal, action in [Action::"viewFolder", Action::"createDocument"], resource is Folder) when { resource.owner == principal };
permit(principal, action == Action::"viewFolder", resource is Folder) when { principal in resource.viewers };
permit(principal, action == Action::"createDocument", resource is Folder) when { principal in resource.editors };
permit(principal, action == Action::"viewDrive", resource is Drive) when { principal in resource.members };
permit(principal in Group::"admins", action, resource);
permit(principal, action == Action::"viewDocument", resource in Folder::"handbook");
permit(principal, action == Action::"downloadDocument", resource is Document) when { principal in resource.editors && context.mfa };
forbid(principal, action == Action::"shareDocument", resource is Document) when { resource.locked };
forbid(principal, action == Action::"downloadDocument", resource is Document) unless { context.ip.isInRange(ip("10.0.0.0/8")) };
forbid(principal, action in [Action::"editDocument", Action::"deleteDocument"], resource is Document) when { resource.locked && !(principal in Group::"admins") };
forbid(principal is User, action, resource) when { principal.suspended };
forbid(principal, action == Action::"deleteDocument", resource in Folder::"legal-hold");
permit(principal, action == Action::"viewDocument", resource is Document) when { resource.sharedWithDomain && principal.domain == "meridian-group.example" };
forbid(principal, action == Action::"viewDocument", resource is Document) when { resource.classification == "restricted" && !(principal in Group::"legal") };
)cedar";

const char kGdriveTemplate[] =
        "permit(principal == ?principal, action in [Action::\"viewDocument\", "
        "Action::\"commentDocument\"], resource in ?resource);";

// GitHub-like: repositories with reader, triager, writer, maintainer and admin groups (each
// role's group inside the one below it), issues with reporters, organisations and teams.
const char kGithubPolicies[] = R"cedar(
permit(principal, action == Action::"pull", resource is Repository) when { principal in resource.readers };
permit(principal, action == Action::"fork", resource is Repository) when { principal in resource.readers };
permit(principal, action == Action::"push", resource is Repository) when { principal in resource.writers };
permit(principal, action == Action::"createIssue", resource is Repository) when { principal in resource.readers };
permit(principal, action in [Action::"editIssue", Action::"deleteIssue"], resource is Issue) when { principal in resource.repo.readers && principal == resource.reporter };
permit(principal, action == Action::"assignIssue", resource is Issue) when { principal in resource.repo.triagers };
permit(principal, action == Action::"editIssue", resource is Issue) when { principal in resource.repo.writers };
permit(principal, action == Action::"closeIssue", resource is Issue) when { principal in resource.repo.triagers };
permit(principal, action == Action::"deleteIssue", resource is Issue) when { principal in resource.repo.maintainers };
permit(principal, action == Action::"addReader", resource is Repository) when { principal in resource.admins };
permit(principal, action == Action::"addTriager", resource is Repository) when { principal in resource.admins };
permit(principal, action == Action::"addWriter", resource is Repository) when { principal in resource.admins };
permit(principal, action == Action::"addMaintainer", resource is Repository) when { principal in resource.admins };
permit(principal, action == Action::"addAdmin", resource is Repository) when { principal in resource.admins };
permit(principal, action == Action::"deleteRepository", resource is Repository) when { principal in resource.admins && context.mfa };
permit(principal, action == Action::"pull", resource is Repository) when { resource.isPublic };
permit(principal, action == Action::"fork", resource is Repository) when { resource.isPublic };
forbid(principal, action in [Action::"push", Action::"deleteRepository"], resource is Repository) when { resource.archived };
forbid(principal is User, action, resource) when { principal.blocked };
forbid(principal, action == Action::"fork", resource is Repository) when { resource.forkingDisabled };
forbid(principal, action == Action::"push", resource is Repository) unless { context.ip.isInRange(ip("10.0.0.0/8")) || context.mfa };
permit(principal in Team::"security", action == Action::"pull", resource is Repository);
)cedar";

// TinyTodo: an application, lists with owners, readers and editors (teams), tasks on lists.
const char kTinytodoPolicies[] = R"cedar(
permit(principal, action in [Action::"CreateList", Action::"GetLists"], resource == Application::"TinyTodo");
permit(principal, action, resource is List) when { resource.owner == principal };
permit(principal, action == Action::"GetList", resource is List) when { principal in resource.readers || principal in resource.editors };
permit(principal, action in [Action::"UpdateList", Action::"CreateTask", Action::"UpdateTask", Action::"DeleteTask"], resource is List) when { principal in resource.editors };
permit(principal, action in [Action::"EditShare"], resource is List) when { principal in resource.editors && principal.level >= 3 };
permit(principal in Team::"admins", action, resource is List);
permit(principal, action == Action::"GetList", resource is List) when { resource.public };
permit(principal, action == Action::"ExportList", resource is List) when { resource.owner == principal && context.mfa };
forbid(principal in Team::"interns", action in [Action::"CreateList", Action::"DeleteList"], resource);
forbid(principal, action == Action::"DeleteList", resource is List) when { resource.archived };
forbid(principal is User, action, resource) when { principal.location like "*-blocked" };
forbid(principal, action in [Action::"UpdateList", Action::"DeleteList", Action::"EditShare"], resource is List) when { resource.locked && resource.owner != principal };
forbid(principal, action == Action::"ExportList", resource is List) unless { context.ip.isInRange(ip("10.0.0.0/8")) };
forbid(principal, action, resource) when { context.time > datetime("2026-03-07T00:00:00Z") && principal is User && principal.level < 2 };
permit(principal, action == Action::"GetList", resource is List) when { principal.level >= 5 };
)cedar";

} // namespace

PolicyWorkload gdriveWorkload(uint64_t seed)
{
    Builder b(seed);
    const int users = 10, groups = 5, folders = 6, docs = 24, drives = 2;
    static const char *const groupNames[] = {"admins", "legal", "eng", "sales", "finance"};
    for (int g = 0; g < groups; ++g)
        b.entity(QStringLiteral("Group"), QLatin1StringView(groupNames[g]), {});
    for (int u = 0; u < users; ++u) {
        QList<QJsonObject> parents;
        for (int g = 0; g < groups; ++g) {
            if (b.chance(g == 0 ? 0.1 : 0.3))
                parents << uid(QStringLiteral("Group"), QLatin1StringView(groupNames[g]));
        }
        b.entity(QStringLiteral("User"), n("user", u),
                 {{QStringLiteral("suspended"), b.chance(0.05)},
                  {QStringLiteral("domain"), b.chance(0.8) ? QStringLiteral("meridian-group.example") : QStringLiteral("partner.example")}},
                 parents);
    }
    for (int d = 0; d < drives; ++d)
        b.entity(QStringLiteral("Drive"), n("drive", d),
                 {{QStringLiteral("members"), ref(QStringLiteral("Group"), QLatin1StringView(groupNames[1 + d]))}});
    static const char *const folderNames[] = {"handbook", "legal-hold", "projects", "sales-decks", "finance-close", "personal"};
    for (int f = 0; f < folders; ++f)
        b.entity(QStringLiteral("Folder"), QLatin1StringView(folderNames[f]),
                 {{QStringLiteral("owner"), ref(QStringLiteral("User"), n("user", b.pick(users)))},
                  {QStringLiteral("viewers"), ref(QStringLiteral("Group"), QLatin1StringView(groupNames[b.pick(groups)]))},
                  {QStringLiteral("editors"), ref(QStringLiteral("Group"), QLatin1StringView(groupNames[b.pick(groups)]))}},
                 {uid(QStringLiteral("Drive"), n("drive", f % drives))});
    for (int d = 0; d < docs; ++d)
        b.entity(QStringLiteral("Document"), n("doc", d),
                 {{QStringLiteral("owner"), ref(QStringLiteral("User"), n("user", b.pick(users)))},
                  {QStringLiteral("isPublic"), b.chance(0.15)},
                  {QStringLiteral("locked"), b.chance(0.1)},
                  {QStringLiteral("sharedWithDomain"), b.chance(0.3)},
                  {QStringLiteral("classification"), b.chance(0.1) ? QStringLiteral("restricted") : QStringLiteral("internal")},
                  {QStringLiteral("viewers"), ref(QStringLiteral("Group"), QLatin1StringView(groupNames[b.pick(groups)]))},
                  {QStringLiteral("editors"), ref(QStringLiteral("Group"), QLatin1StringView(groupNames[b.pick(groups)]))}},
                 {uid(QStringLiteral("Folder"), QLatin1StringView(folderNames[b.pick(folders)]))});
    QJsonArray links;
    for (int l = 0; l < 8; ++l)
        links.append(QJsonObject{
                {QStringLiteral("templateId"), QStringLiteral("folder-share")},
                {QStringLiteral("newId"), n("folder-share-", l)},
                {QStringLiteral("values"),
                 QJsonObject{{QStringLiteral("?principal"), uid(QStringLiteral("User"), n("user", b.pick(users)))},
                             {QStringLiteral("?resource"), uid(QStringLiteral("Folder"), QLatin1StringView(folderNames[b.pick(folders)]))}}}});
    static const char *const docActions[] = {"viewDocument", "editDocument", "deleteDocument", "shareDocument", "commentDocument", "downloadDocument"};
    for (int r = 0; r < 200; ++r) {
        const QJsonObject principal = uid(QStringLiteral("User"), n("user", b.pick(users)));
        const int kind = b.pick(10);
        if (kind < 8)
            b.request(principal, QLatin1StringView(docActions[b.pick(6)]), uid(QStringLiteral("Document"), n("doc", b.pick(docs))), b.context());
        else if (kind == 8)
            b.request(principal, b.chance(0.5) ? QStringLiteral("viewFolder") : QStringLiteral("createDocument"),
                      uid(QStringLiteral("Folder"), QLatin1StringView(folderNames[b.pick(folders)])), b.context());
        else
            b.request(principal, QStringLiteral("viewDrive"), uid(QStringLiteral("Drive"), n("drive", b.pick(drives))), b.context());
    }
    return b.finish(QStringLiteral("gdrive"), QString::fromUtf8(kGdrivePolicies),
                    QJsonObject{{QStringLiteral("folder-share"), QString::fromUtf8(kGdriveTemplate)}}, links);
}

PolicyWorkload githubWorkload(uint64_t seed)
{
    Builder b(seed);
    const int users = 12, repos = 4, issues = 10;
    static const char *const roles[] = {"readers", "triagers", "writers", "maintainers", "admins"};
    b.entity(QStringLiteral("Organization"), QStringLiteral("meridian"), {});
    for (const char *team : {"security", "platform"})
        b.entity(QStringLiteral("Team"), QLatin1StringView(team), {}, {uid(QStringLiteral("Organization"), QStringLiteral("meridian"))});
    for (int r = 0; r < repos; ++r) {
        // Each role's group sits inside the role below it: a writer is also a triager and a reader.
        for (int role = 0; role < 5; ++role) {
            QList<QJsonObject> parents;
            if (role > 0)
                parents << uid(QStringLiteral("UserGroup"), n("repo", r) + u'-' + QLatin1StringView(roles[role - 1]));
            b.entity(QStringLiteral("UserGroup"), n("repo", r) + u'-' + QLatin1StringView(roles[role]), {}, parents);
        }
        QJsonObject attrs{{QStringLiteral("isPublic"), b.chance(0.3)},
                          {QStringLiteral("archived"), b.chance(0.1)},
                          {QStringLiteral("forkingDisabled"), b.chance(0.2)}};
        for (int role = 0; role < 5; ++role)
            attrs.insert(QLatin1StringView(roles[role]), ref(QStringLiteral("UserGroup"), n("repo", r) + u'-' + QLatin1StringView(roles[role])));
        b.entity(QStringLiteral("Repository"), n("repo", r), attrs);
    }
    for (int u = 0; u < users; ++u) {
        QList<QJsonObject> parents;
        for (int r = 0; r < repos; ++r) {
            if (b.chance(0.6))
                parents << uid(QStringLiteral("UserGroup"), n("repo", r) + u'-' + QLatin1StringView(roles[b.pick(5)]));
        }
        if (b.chance(0.2))
            parents << uid(QStringLiteral("Team"), b.chance(0.5) ? QStringLiteral("security") : QStringLiteral("platform"));
        b.entity(QStringLiteral("User"), n("user", u), {{QStringLiteral("blocked"), b.chance(0.05)}}, parents);
    }
    for (int i = 0; i < issues; ++i)
        b.entity(QStringLiteral("Issue"), n("issue", i),
                 {{QStringLiteral("repo"), ref(QStringLiteral("Repository"), n("repo", b.pick(repos)))},
                  {QStringLiteral("reporter"), ref(QStringLiteral("User"), n("user", b.pick(users)))}});
    static const char *const repoActions[] = {"pull", "fork", "push", "createIssue", "addReader", "addWriter", "addAdmin", "deleteRepository"};
    static const char *const issueActions[] = {"editIssue", "deleteIssue", "assignIssue", "closeIssue"};
    for (int r = 0; r < 200; ++r) {
        const QJsonObject principal = uid(QStringLiteral("User"), n("user", b.pick(users)));
        if (b.chance(0.6))
            b.request(principal, QLatin1StringView(repoActions[b.pick(8)]), uid(QStringLiteral("Repository"), n("repo", b.pick(repos))), b.context());
        else
            b.request(principal, QLatin1StringView(issueActions[b.pick(4)]), uid(QStringLiteral("Issue"), n("issue", b.pick(issues))), b.context());
    }
    return b.finish(QStringLiteral("github"), QString::fromUtf8(kGithubPolicies));
}

PolicyWorkload tinytodoWorkload(uint64_t seed)
{
    Builder b(seed);
    const int users = 12, lists = 30;
    static const char *const teams[] = {"admins", "interns", "temps", "planners"};
    b.entity(QStringLiteral("Application"), QStringLiteral("TinyTodo"), {});
    for (const char *t : teams)
        b.entity(QStringLiteral("Team"), QLatin1StringView(t), {});
    for (int u = 0; u < users; ++u) {
        QList<QJsonObject> parents;
        for (int t = 0; t < 4; ++t) {
            if (b.chance(t == 0 ? 0.1 : 0.25))
                parents << uid(QStringLiteral("Team"), QLatin1StringView(teams[t]));
        }
        b.entity(QStringLiteral("User"), n("user", u),
                 {{QStringLiteral("level"), b.pick(7)},
                  {QStringLiteral("location"), b.chance(0.05) ? QStringLiteral("site-blocked") : QStringLiteral("hq")}},
                 parents);
    }
    for (int l = 0; l < lists; ++l)
        b.entity(QStringLiteral("List"), n("list", l),
                 {{QStringLiteral("owner"), ref(QStringLiteral("User"), n("user", b.pick(users)))},
                  {QStringLiteral("readers"), ref(QStringLiteral("Team"), QLatin1StringView(teams[b.pick(4)]))},
                  {QStringLiteral("editors"), ref(QStringLiteral("Team"), QLatin1StringView(teams[b.pick(4)]))},
                  {QStringLiteral("public"), b.chance(0.1)},
                  {QStringLiteral("archived"), b.chance(0.1)},
                  {QStringLiteral("locked"), b.chance(0.1)}});
    static const char *const listActions[] = {"GetList", "UpdateList", "DeleteList", "CreateTask", "UpdateTask", "DeleteTask", "EditShare", "ExportList"};
    for (int r = 0; r < 200; ++r) {
        const QJsonObject principal = uid(QStringLiteral("User"), n("user", b.pick(users)));
        if (b.chance(0.15))
            b.request(principal, b.chance(0.5) ? QStringLiteral("CreateList") : QStringLiteral("GetLists"),
                      uid(QStringLiteral("Application"), QStringLiteral("TinyTodo")), b.context());
        else
            b.request(principal, QLatin1StringView(listActions[b.pick(8)]), uid(QStringLiteral("List"), n("list", b.pick(lists))), b.context());
    }
    return b.finish(QStringLiteral("tinytodo"), QString::fromUtf8(kTinytodoPolicies));
}

PolicyWorkload starterWorkload(int total, uint64_t seed)
{
    Builder b(seed);
    QString text = QString::fromUtf8(policy::bundledStarterPolicies());
    const int starter = int(text.count(QStringLiteral("@id(")));
    const int humans = 6, agents = 12, sessions = 24, invoices = 200, documents = 200, channels = 40;
    static const char *const scopes[] = {"invoices:read", "invoices:write", "invoices:approve", "docs:read", "docs:write", "slack:post", "mail:send", "payments:refund"};

    for (const char *d : {"Finance", "HR", "Engineering", "Sales"})
        b.entity(QStringLiteral("Department"), QLatin1StringView(d), {{QStringLiteral("name"), QLatin1StringView(d)}});
    for (int h = 0; h < humans; ++h)
        b.entity(QStringLiteral("Human"), n("human", h),
                 {{QStringLiteral("name"), n("Human ", h)}, {QStringLiteral("email"), QString(n("h", h) + QStringLiteral("@meridian-group.example"))},
                  {QStringLiteral("roles"), QJsonArray()}, {QStringLiteral("status"), QStringLiteral("active")}});
    for (const char *s : scopes)
        b.entity(QStringLiteral("Scope"), QLatin1StringView(s), {{QStringLiteral("risk"), QStringLiteral("medium")}});
    static const char *const risks[] = {"low", "medium", "high", "critical"};
    for (int a = 0; a < agents; ++a) {
        QJsonArray ceiling;
        for (const char *s : scopes)
            ceiling.append(ref(QStringLiteral("Scope"), QLatin1StringView(s)));
        const int level = 1 + b.pick(4);
        b.entity(QStringLiteral("Agent"), n("agent", a),
                 {{QStringLiteral("name"), n("Agent ", a)}, {QStringLiteral("owner"), ref(QStringLiteral("Human"), n("human", b.pick(humans)))},
                  {QStringLiteral("risk"), QLatin1StringView(risks[level - 1])}, {QStringLiteral("riskLevel"), level},
                  {QStringLiteral("status"), b.chance(0.9) ? QStringLiteral("active") : QStringLiteral("suspended")},
                  {QStringLiteral("ceiling"), ceiling}, {QStringLiteral("model"), QStringLiteral("m")}},
                 {uid(QStringLiteral("Department"), a % 2 ? QStringLiteral("Finance") : QStringLiteral("Sales"))});
    }
    for (int s = 0; s < sessions; ++s) {
        QJsonArray granted;
        for (const char *sc : scopes) {
            if (b.chance(0.6))
                granted.append(ref(QStringLiteral("Scope"), QLatin1StringView(sc)));
        }
        b.entity(QStringLiteral("AgentSession"), n("session", s),
                 {{QStringLiteral("agent"), ref(QStringLiteral("Agent"), n("agent", b.pick(agents)))},
                  {QStringLiteral("human"), ref(QStringLiteral("Human"), n("human", b.pick(humans)))},
                  {QStringLiteral("task"), QStringLiteral("close the month")}, {QStringLiteral("depth"), b.pick(3)},
                  {QStringLiteral("scopes"), granted}});
    }
    // Resources are the entities most requests name; only those requested need to exist.
    for (int i = 0; i < 40; ++i)
        b.entity(QStringLiteral("Invoice"), n("inv_", i),
                 {{QStringLiteral("amount"), extn("decimal", QString(QString::number(50 + b.pick(20000)) + QStringLiteral(".0")))},
                  {QStringLiteral("status"), b.chance(0.2) ? QStringLiteral("posted") : QStringLiteral("draft")},
                  {QStringLiteral("createdBy"), ref(QStringLiteral("AgentSession"), n("session", b.pick(sessions)))}});
    for (int d = 0; d < 40; ++d)
        b.entity(QStringLiteral("Document"), n("doc_", d),
                 {{QStringLiteral("folder"), b.chance(0.1) ? QStringLiteral("Board papers") : QStringLiteral("Team")}});
    for (int c = 0; c < 10; ++c)
        b.entity(QStringLiteral("Channel"), n("#channel-", c), {{QStringLiteral("public"), b.chance(0.5)}});
    b.entity(QStringLiteral("Message"), QStringLiteral("msg_1"), {});
    b.entity(QStringLiteral("Payment"), QStringLiteral("pay_1"),
             {{QStringLiteral("amount"), extn("decimal", QStringLiteral("900.0"))}, {QStringLiteral("currency"), QStringLiteral("EUR")}});

    // Generated policies: grants and blocks for one session or human on one resource, the
    // shape a growing organisation adds; each names its resource, so the scope index finds it.
    for (int p = starter; p < total; ++p) {
        const QString session = n("session", b.pick(sessions));
        switch (b.pick(5)) {
        case 0:
            text += QStringLiteral("\n@id(\"grant-doc-%1\")\npermit(principal == AgentSession::\"%2\", action == Action::\"docs:read\", resource == Document::\"doc_%3\");\n")
                            .arg(p).arg(session).arg(b.pick(documents));
            break;
        case 1:
            text += QStringLiteral("\n@id(\"block-doc-%1\")\nforbid(principal, action in [Action::\"docs:read\", Action::\"docs:write\"], resource == Document::\"doc_%2\")\nwhen { context has fields && context.fields.contains(\"salary\") };\n")
                            .arg(p).arg(b.pick(documents));
            break;
        case 2:
            text += QStringLiteral("\n@id(\"grant-channel-%1\")\npermit(principal == AgentSession::\"%2\", action == Action::\"slack:post\", resource == Channel::\"#channel-%3\")\nwhen { principal.scopes.contains(Scope::\"slack:post\") };\n")
                            .arg(p).arg(session).arg(b.pick(channels));
            break;
        case 3:
            text += QStringLiteral("\n@id(\"team-invoice-%1\")\npermit(principal is AgentSession, action == Action::\"invoices:read\", resource == Invoice::\"inv_%2\")\nwhen { principal.human == Human::\"human%3\" };\n")
                            .arg(p).arg(b.pick(invoices)).arg(b.pick(humans));
            break;
        default:
            text += QStringLiteral("\n@id(\"freeze-invoice-%1\")\nforbid(principal, action in [Action::\"invoices:write\", Action::\"invoices:approve\"], resource == Invoice::\"inv_%2\")\nwhen { context.time > datetime(\"2026-03-01T00:00:00Z\") };\n")
                            .arg(p).arg(b.pick(invoices));
            break;
        }
    }

    static const char *const actions[] = {"invoices:read", "invoices:write", "invoices:approve", "docs:read", "docs:write", "slack:post", "mail:send", "payments:refund"};
    for (int r = 0; r < 200; ++r) {
        const QJsonObject principal = uid(QStringLiteral("AgentSession"), n("session", b.pick(sessions)));
        const int a = b.pick(8);
        QJsonObject resource;
        if (a < 3)
            resource = uid(QStringLiteral("Invoice"), n("inv_", b.pick(40)));
        else if (a < 5)
            resource = uid(QStringLiteral("Document"), n("doc_", b.pick(40)));
        else if (a == 5)
            resource = uid(QStringLiteral("Channel"), n("#channel-", b.pick(10)));
        else if (a == 6)
            resource = uid(QStringLiteral("Message"), QStringLiteral("msg_1"));
        else
            resource = uid(QStringLiteral("Payment"), QStringLiteral("pay_1"));
        QJsonObject context = b.context();
        if (a == 6) {
            QJsonArray domains{QStringLiteral("meridian-group.example")};
            if (b.chance(0.3))
                domains.append(QStringLiteral("customer.example"));
            context.insert(QStringLiteral("recipientDomains"), domains);
            context.insert(QStringLiteral("recipientCount"), 1 + b.pick(80));
        }
        if (a == 7)
            context.insert(QStringLiteral("amount"), extn("decimal", QString(QString::number(b.pick(15000)) + QStringLiteral(".5"))));
        b.request(principal, QLatin1StringView(actions[a]), resource, context);
    }
    return b.finish(QStringLiteral("starter_1000"), text);
}

} // namespace mandate::bench
