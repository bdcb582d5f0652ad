#include "CedarCaseGenerator.h"

#include <QJsonArray>

namespace mandate::policy::testing {

namespace {

constexpr int kUsers = 6;
constexpr int kGroups = 3;
constexpr int kDocs = 5;
constexpr int kFolders = 2;

QString q(const std::string &s) { return QString::fromStdString(s); }

std::string n(const char *prefix, int i) { return prefix + std::to_string(i); }

QJsonObject extn(const char *fn, const char *arg)
{
    return QJsonObject{{QStringLiteral("__extn"),
                        QJsonObject{{QStringLiteral("fn"), QLatin1StringView(fn)},
                                    {QStringLiteral("arg"), QLatin1StringView(arg)}}}};
}

const std::vector<const char *> kIps{"10.1.2.3", "192.168.0.7", "127.0.0.1", "::1",
                                     "224.0.0.1", "10.0.0.0/8", "2001:db8::/32"};
const std::vector<const char *> kDecimals{"1.5", "-0.25", "3.0", "0.0001", "12.3456",
                                          "-922337203685477.5808", "922337203685477.5807"};
const std::vector<const char *> kDatetimes{"2024-06-01", "2024-06-01T12:00:00Z",
                                           "2023-12-31T23:59:59.999Z", "2025-02-03T04:05:06+0130",
                                           "1970-01-01"};
const std::vector<const char *> kDurations{"1h30m", "-2d", "15m", "0ms", "3d4h5m6s7ms",
                                           "-9223372036854775808ms", "106751991167d"};
// Literals that only policies use: some are invalid, so constructing them is an error.
const std::vector<const char *> kPolicyOnlyLiterals{
        "ip(\"010.0.0.1\")", "ip(\"::ffff:1.2.3.4\")", "ip(\"1.2.3.4/33\")", "decimal(\"1.23456\")",
        "datetime(\"2024-13-01\")", "datetime(\"2024-01-01T00:00:00+2400\")", "duration(\"1h1d\")",
        "duration(\"-9223372036854775809ms\")", "datetime(\"2024-02-29T23:59:59.999-0130\")"};
const std::vector<const char *> kStrings{"a", "eng", "ops", "x*y", "", "alice", "Eng"};
const std::vector<const char *> kPatterns{"\"a*\"", "\"*\"", "\"e*g\"", "\"x\\*y\"", "\"\"",
                                          "\"*s\"", "\"al*e\""};

} // namespace

std::string GenExpr::render() const
{
    std::string out;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '$' && i + 1 < format.size() && format[i + 1] >= '0'
            && format[i + 1] <= '9') {
            out += kids[size_t(format[i + 1] - '0')].render();
            ++i;
        } else {
            out += format[i];
        }
    }
    return out;
}

size_t GenExpr::size() const
{
    size_t total = 1;
    for (const GenExpr &k : kids)
        total += k.size();
    return total;
}

std::string GenPolicy::render() const
{
    std::string out = annotations;
    out += permit ? "permit(" : "forbid(";
    out += principal + ", " + action + ", " + resource + ")";
    for (const GenCondition &c : conditions)
        out += std::string(c.when ? " when { " : " unless { ") + c.expr.render() + " }";
    return out + ";";
}

QJsonObject GenCase::toJson() const
{
    QJsonObject policies;
    if (policiesAsText) {
        std::string text;
        for (const GenPolicy &p : statics)
            text += p.render() + "\n";
        policies.insert(QStringLiteral("staticPolicies"), q(text));
    } else {
        QJsonObject byId;
        for (const GenPolicy &p : statics)
            byId.insert(q(p.id), q(p.render()));
        policies.insert(QStringLiteral("staticPolicies"), byId);
    }
    QJsonObject templateTexts;
    for (const GenPolicy &t : templates)
        templateTexts.insert(q(t.id), q(t.render()));
    policies.insert(QStringLiteral("templates"), templateTexts);
    QJsonArray linkArray;
    for (const GenLink &l : links) {
        QJsonObject values;
        if (l.principal)
            values.insert(QStringLiteral("?principal"), *l.principal);
        if (l.resource)
            values.insert(QStringLiteral("?resource"), *l.resource);
        linkArray.append(QJsonObject{{QStringLiteral("templateId"), q(l.templateId)},
                                     {QStringLiteral("newId"), q(l.newId)},
                                     {QStringLiteral("values"), values}});
    }
    policies.insert(QStringLiteral("templateLinks"), linkArray);
    QJsonArray entityArray;
    for (const QJsonObject &e : entities)
        entityArray.append(e);
    return QJsonObject{{QStringLiteral("principal"), principal},
                       {QStringLiteral("action"), action},
                       {QStringLiteral("resource"), resource},
                       {QStringLiteral("context"), context},
                       {QStringLiteral("policies"), policies},
                       {QStringLiteral("entities"), entityArray}};
}

std::string GenCase::policyText() const
{
    std::string out;
    for (const GenPolicy &p : statics)
        out += "// " + p.id + "\n" + p.render() + "\n";
    for (const GenPolicy &t : templates)
        out += "// template " + t.id + "\n" + t.render() + "\n";
    return out;
}

CedarCaseGenerator::CedarCaseGenerator(uint64_t seed)
    : m_random(seed)
{}

int CedarCaseGenerator::pick(int count)
{
    return int(std::uniform_int_distribution<int>(0, count - 1)(m_random));
}

bool CedarCaseGenerator::chance(double p)
{
    return std::uniform_real_distribution<double>(0, 1)(m_random) < p;
}

QJsonObject CedarCaseGenerator::uid(const char *type, const std::string &id) const
{
    return QJsonObject{{QStringLiteral("type"), QLatin1StringView(type)},
                       {QStringLiteral("id"), q(id)}};
}

GenExpr CedarCaseGenerator::typed(GenExpr (CedarCaseGenerator::*make)(int), int depth)
{
    if (chance(0.04))
        return anyValue(depth);
    return (this->*make)(depth);
}

GenExpr CedarCaseGenerator::integer(int depth)
{
    const int choice = pick(depth > 0 ? 12 : 7);
    switch (choice) {
    case 0: return {std::to_string(pick(25) - 5), {}};
    case 1: return {"principal.age", {}};
    case 2: return {"resource.size", {}};
    case 3: return {"context.depth", {}};
    case 4: return {"principal.profile.clearance", {}};
    case 5: return {"resource.owner.age", {}};
    case 6: return {chance(0.5) ? "9000000000000000" : "-9000000000000000", {}};
    case 7: return {"($0 + $1)", {typed(&CedarCaseGenerator::integer, depth - 1), typed(&CedarCaseGenerator::integer, depth - 1)}};
    case 8: return {"($0 - $1)", {typed(&CedarCaseGenerator::integer, depth - 1), typed(&CedarCaseGenerator::integer, depth - 1)}};
    case 9: return {"($0 * $1)", {typed(&CedarCaseGenerator::integer, depth - 1), typed(&CedarCaseGenerator::integer, depth - 1)}};
    case 10: return {"(-$0)", {typed(&CedarCaseGenerator::integer, depth - 1)}};
    default: {
        static const std::vector<const char *> methods{"toMilliseconds", "toSeconds", "toMinutes",
                                                       "toHours", "toDays"};
        return {std::string("$0.") + oneOf(methods) + "()", {typed(&CedarCaseGenerator::duration, depth - 1)}};
    }
    }
}

GenExpr CedarCaseGenerator::string(int depth)
{
    switch (pick(depth > 0 ? 6 : 5)) {
    case 0: return {std::string("\"") + oneOf(kStrings) + "\"", {}};
    case 1: return {"principal.name", {}};
    case 2: return {"principal.profile.dept", {}};
    case 3: return {"context.reason", {}};
    case 4: return {"principal.getTag(\"k0\")", {}};
    default: return {"(if $0 then $1 else $2)", {boolean(depth - 1), string(depth - 1), string(depth - 1)}};
    }
}

GenExpr CedarCaseGenerator::entity(int)
{
    switch (pick(9)) {
    case 0: return {"principal", {}};
    case 1: return {"resource", {}};
    case 2: return {"action", {}};
    case 3: return {"User::\"" + n("u", pick(kUsers + 1)) + "\"", {}};
    case 4: return {"Group::\"" + n("g", pick(kGroups)) + "\"", {}};
    case 5: return {"Folder::\"" + n("f", pick(kFolders)) + "\"", {}};
    case 6: return {"resource.owner", {}};
    case 7: return {"principal.manager", {}};
    default: return {"Action::\"read\"", {}};
    }
}

GenExpr CedarCaseGenerator::set(int depth)
{
    switch (pick(7)) {
    case 0: return {"principal.tags", {}};
    case 1: return {"resource.labels", {}};
    case 2: return {"[\"a\", \"eng\"]", {}};
    case 3: return {"[1, 2, 3]", {}};
    case 4: return {"[$0, $1]", {entity(depth), entity(depth)}};
    case 5: return {"[$0]", {typed(&CedarCaseGenerator::string, depth - 1)}};
    default: return {"[$0, $1]", {typed(&CedarCaseGenerator::integer, depth - 1), anyValue(depth - 1)}};
    }
}

GenExpr CedarCaseGenerator::ipaddr()
{
    switch (pick(3)) {
    case 0: return {"context.ip", {}};
    case 1: return {"principal.addr", {}};
    default: return {std::string("ip(\"") + oneOf(kIps) + "\")", {}};
    }
}

GenExpr CedarCaseGenerator::decimal()
{
    if (chance(0.5))
        return {"principal.level", {}};
    return {std::string("decimal(\"") + oneOf(kDecimals) + "\")", {}};
}

GenExpr CedarCaseGenerator::datetime(int depth)
{
    switch (pick(depth > 0 ? 6 : 4)) {
    case 0: return {"context.now", {}};
    case 1: return {"principal.joined", {}};
    case 2: return {"resource.created", {}};
    case 3: return {std::string("datetime(\"") + oneOf(kDatetimes) + "\")", {}};
    case 4: return {"$0.offset($1)", {datetime(depth - 1), duration(depth - 1)}};
    default: return {"$0.toDate()", {datetime(depth - 1)}};
    }
}

GenExpr CedarCaseGenerator::duration(int depth)
{
    switch (pick(depth > 0 ? 5 : 3)) {
    case 0: return {"resource.ttl", {}};
    case 1: return {"context.window", {}};
    case 2: return {std::string("duration(\"") + oneOf(kDurations) + "\")", {}};
    case 3: return {"$0.durationSince($1)", {datetime(depth - 1), datetime(depth - 1)}};
    default: return {"$0.toTime()", {datetime(depth - 1)}};
    }
}

GenExpr CedarCaseGenerator::anyValue(int depth)
{
    const int d = std::max(depth, 0);
    switch (pick(10)) {
    case 0: return boolean(d);
    case 1: return integer(d);
    case 2: return string(d);
    case 3: return entity(d);
    case 4: return set(d);
    case 5: return ipaddr();
    case 6: return decimal();
    case 7: return datetime(d);
    case 8: return {oneOf(kPolicyOnlyLiterals), {}};
    default: return {"{a: $0, b: $1}", {integer(0), string(0)}};
    }
}

GenExpr CedarCaseGenerator::boolean(int depth)
{
    using G = CedarCaseGenerator;
    if (depth <= 0) {
        switch (pick(9)) {
        case 0: return {chance(0.5) ? "true" : "false", {}};
        case 1: return {"principal.active", {}};
        case 2: return {"resource.public", {}};
        case 3: return {"context.mfa", {}};
        case 4: return {"(principal has age)", {}};
        case 5: return {"(context has ip)", {}};
        case 6: return {"principal.hasTag(\"k0\")", {}};
        case 7: return {"(principal has profile.dept)", {}};
        default: return {"(resource is Doc)", {}};
        }
    }
    const int d = depth - 1;
    static const std::vector<const char *> order{"<", "<=", ">", ">="};
    static const std::vector<const char *> decimalOrder{"lessThan", "lessThanOrEqual",
                                                        "greaterThan", "greaterThanOrEqual"};
    switch (pick(24)) {
    case 0: return {std::string("($0 ") + oneOf(order) + " $1)", {typed(&G::integer, d), typed(&G::integer, d)}};
    case 1: {
        GenExpr a = anyValue(d);
        return {chance(0.5) ? "($0 == $1)" : "($0 != $1)", {a, chance(0.6) ? a : anyValue(d)}};
    }
    case 2: return {"($0 == $1)", {entity(d), entity(d)}};
    case 3: return {"($0 in $1)", {entity(d), entity(d)}};
    case 4: return {"($0 in $1)", {entity(d), set(d)}};
    case 5: return {"$0.contains($1)", {typed(&G::set, d), anyValue(d)}};
    case 6: return {chance(0.5) ? "$0.containsAll($1)" : "$0.containsAny($1)", {typed(&G::set, d), typed(&G::set, d)}};
    case 7: return {"$0.isEmpty()", {typed(&G::set, d)}};
    case 8: return {std::string("($0 like ") + oneOf(kPatterns) + ")", {typed(&G::string, d)}};
    case 9: {
        static const std::vector<const char *> attrs{"age", "name", "owner", "profile", "tags", "manager", "profile.clearance", "nothing"};
        return {std::string("($0 has ") + oneOf(attrs) + ")", {entity(d)}};
    }
    case 10: return {chance(0.5) ? "($0 is User)" : "($0 is Doc in $1)", {entity(d), entity(d)}};
    case 11: return {"$0.isInRange($1)", {ipaddr(), ipaddr()}};
    case 12: {
        static const std::vector<const char *> tests{"isIpv4", "isIpv6", "isLoopback", "isMulticast"};
        return {std::string("$0.") + oneOf(tests) + "()", {ipaddr()}};
    }
    case 13: return {std::string("$0.") + oneOf(decimalOrder) + "($1)", {decimal(), decimal()}};
    case 14: return {std::string("($0 ") + oneOf(order) + " $1)", {typed(&G::datetime, d), typed(&G::datetime, d)}};
    case 15: return {std::string("($0 ") + oneOf(order) + " $1)", {typed(&G::duration, d), typed(&G::duration, d)}};
    case 16: return {"(!$0)", {typed(&G::boolean, d)}};
    case 17:
    case 18: return {"($0 && $1)", {typed(&G::boolean, d), typed(&G::boolean, d)}};
    case 19: return {"($0 || $1)", {typed(&G::boolean, d), typed(&G::boolean, d)}};
    case 20: return {"(if $0 then $1 else $2)", {typed(&G::boolean, d), typed(&G::boolean, d), typed(&G::boolean, d)}};
    case 21: return {"({a: $0, b: $1}.a == $0)", {typed(&G::integer, d), typed(&G::string, d)}};
    case 22: return {"(principal.getTag(\"k1\") == $0)", {typed(&G::string, d)}};
    default: return boolean(0);
    }
}

GenPolicy CedarCaseGenerator::policy(bool isTemplate)
{
    GenPolicy p;
    p.permit = chance(0.65);
    if (chance(0.15))
        p.annotations = "@id(\"a" + std::to_string(m_counter++) + "\") ";
    if (isTemplate) {
        p.principal = chance(0.5) ? "principal == ?principal" : "principal in ?principal";
        switch (pick(4)) {
        case 0: p.resource = "resource == ?resource"; break;
        case 1: p.resource = "resource in ?resource"; break;
        case 2: p.resource = "resource is Doc in ?resource"; break;
        default: p.resource = "resource"; break;
        }
    } else {
        switch (pick(7)) {
        case 0: p.principal = "principal == User::\"" + n("u", pick(kUsers)) + "\""; break;
        case 1: p.principal = "principal in Group::\"" + n("g", pick(kGroups)) + "\""; break;
        case 2: p.principal = "principal is User"; break;
        case 3: p.principal = "principal is User in Group::\"" + n("g", pick(kGroups)) + "\""; break;
        case 4: p.principal = "principal is Doc"; break;
        default: p.principal = "principal"; break;
        }
        switch (pick(6)) {
        case 0: p.resource = "resource == Doc::\"" + n("d", pick(kDocs)) + "\""; break;
        case 1: p.resource = "resource in Folder::\"" + n("f", pick(kFolders)) + "\""; break;
        case 2: p.resource = "resource is Doc"; break;
        case 3: p.resource = "resource is Doc in Folder::\"" + n("f", pick(kFolders)) + "\""; break;
        default: p.resource = "resource"; break;
        }
    }
    switch (pick(5)) {
    case 0: p.action = "action == Action::\"view\""; break;
    case 1: p.action = "action in [Action::\"view\", Action::\"edit\"]"; break;
    case 2: p.action = "action in Action::\"read\""; break;
    case 3: p.action = "action in Action::\"write\""; break;
    default: p.action = "action"; break;
    }
    const int conditions = pick(3);
    for (int i = 0; i < conditions; ++i)
        p.conditions.push_back(GenCondition{chance(0.8), boolean(1 + pick(3))});
    return p;
}

std::vector<QJsonObject> CedarCaseGenerator::entities()
{
    std::vector<QJsonObject> out;
    auto maybe = [this](QJsonObject &attrs, const char *name, const QJsonValue &value) {
        if (chance(0.88))
            attrs.insert(QLatin1StringView(name), value);
    };
    auto entityRef = [this](const char *type, const std::string &id) {
        return QJsonObject{{QStringLiteral("__entity"), uid(type, id)}};
    };
    for (int i = 0; i < kUsers; ++i) {
        QJsonObject attrs;
        maybe(attrs, "age", pick(60) + 10);
        maybe(attrs, "name", QLatin1StringView(oneOf(kStrings)));
        maybe(attrs, "active", chance(0.6));
        QJsonArray tags;
        for (int t = pick(3); t > 0; --t)
            tags.append(QLatin1StringView(oneOf(kStrings)));
        maybe(attrs, "tags", tags);
        maybe(attrs, "level", extn("decimal", oneOf(kDecimals)));
        maybe(attrs, "addr", extn("ip", oneOf(kIps)));
        maybe(attrs, "joined", extn("datetime", oneOf(kDatetimes)));
        QJsonObject profile{{QStringLiteral("clearance"), pick(5)}};
        if (chance(0.7))
            profile.insert(QStringLiteral("dept"), QLatin1StringView(oneOf(kStrings)));
        maybe(attrs, "profile", profile);
        maybe(attrs, "manager", entityRef("User", n("u", pick(kUsers + 1))));
        QJsonArray parents;
        for (int g = 0; g < kGroups; ++g) {
            if (chance(0.35))
                parents.append(uid("Group", n("g", g)));
        }
        QJsonObject e{{QStringLiteral("uid"), uid("User", n("u", i))},
                      {QStringLiteral("attrs"), attrs},
                      {QStringLiteral("parents"), parents}};
        if (chance(0.5)) {
            QJsonObject tagValues{{QStringLiteral("k0"), QLatin1StringView(oneOf(kStrings))}};
            if (chance(0.5))
                tagValues.insert(QStringLiteral("k1"), QLatin1StringView(oneOf(kStrings)));
            e.insert(QStringLiteral("tags"), tagValues);
        }
        out.push_back(e);
    }
    // Groups in groups: g1 and g2 may sit inside g0.
    for (int g = 0; g < kGroups; ++g) {
        QJsonArray parents;
        if (g > 0 && chance(0.5))
            parents.append(uid("Group", "g0"));
        out.push_back(QJsonObject{{QStringLiteral("uid"), uid("Group", n("g", g))},
                                  {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("name"), QLatin1StringView(oneOf(kStrings))}}},
                                  {QStringLiteral("parents"), parents}});
    }
    for (int f = 0; f < kFolders; ++f) {
        QJsonArray parents;
        if (f > 0 && chance(0.5))
            parents.append(uid("Folder", "f0"));
        out.push_back(QJsonObject{{QStringLiteral("uid"), uid("Folder", n("f", f))},
                                  {QStringLiteral("attrs"), QJsonObject()},
                                  {QStringLiteral("parents"), parents}});
    }
    for (int d = 0; d < kDocs; ++d) {
        QJsonObject attrs;
        maybe(attrs, "owner", entityRef("User", n("u", pick(kUsers + 1))));
        maybe(attrs, "public", chance(0.5));
        maybe(attrs, "size", pick(100));
        maybe(attrs, "created", extn("datetime", oneOf(kDatetimes)));
        maybe(attrs, "ttl", extn("duration", oneOf(kDurations)));
        QJsonArray labels;
        for (int t = pick(3); t > 0; --t)
            labels.append(QLatin1StringView(oneOf(kStrings)));
        maybe(attrs, "labels", labels);
        QJsonArray parents;
        if (chance(0.8))
            parents.append(uid("Folder", n("f", pick(kFolders))));
        out.push_back(QJsonObject{{QStringLiteral("uid"), uid("Doc", n("d", d))},
                                  {QStringLiteral("attrs"), attrs},
                                  {QStringLiteral("parents"), parents}});
    }
    auto action = [&](const char *id, std::vector<const char *> groups) {
        QJsonArray parents;
        for (const char *g : groups)
            parents.append(uid("Action", g));
        out.push_back(QJsonObject{{QStringLiteral("uid"), uid("Action", id)},
                                  {QStringLiteral("attrs"), QJsonObject()},
                                  {QStringLiteral("parents"), parents}});
    };
    action("view", {"read"});
    action("edit", {"write"});
    action("delete", {"write"});
    action("share", {});
    action("read", {});
    action("write", {});
    return out;
}

QJsonObject CedarCaseGenerator::context()
{
    QJsonObject c;
    auto maybe = [&](const char *name, const QJsonValue &value) {
        if (chance(0.85))
            c.insert(QLatin1StringView(name), value);
    };
    maybe("ip", extn("ip", oneOf(kIps)));
    maybe("now", extn("datetime", oneOf(kDatetimes)));
    maybe("depth", pick(6));
    maybe("mfa", chance(0.5));
    maybe("reason", QLatin1StringView(oneOf(kStrings)));
    maybe("window", extn("duration", oneOf(kDurations)));
    return c;
}

std::vector<GenCase> CedarCaseGenerator::next(int requests)
{
    GenCase world;
    world.policiesAsText = chance(0.3);
    const int statics = 2 + pick(7);
    for (int i = 0; i < statics; ++i) {
        world.statics.push_back(policy(false));
        world.statics.back().id = "p" + std::to_string(i);
    }
    const int templates = pick(3);
    for (int t = 0; t < templates; ++t) {
        GenPolicy tmpl = policy(true);
        tmpl.id = "t" + std::to_string(t);
        const bool wantsResource = tmpl.resource != "resource";
        for (int l = 1 + pick(3); l > 0; --l) {
            GenLink link;
            link.templateId = tmpl.id;
            link.newId = tmpl.id + "-link" + std::to_string(l);
            link.principal = chance(0.7) ? uid("User", n("u", pick(kUsers)))
                                         : uid("Group", n("g", pick(kGroups)));
            if (wantsResource)
                link.resource = chance(0.6) ? uid("Doc", n("d", pick(kDocs)))
                                            : uid("Folder", n("f", pick(kFolders)));
            world.links.push_back(link);
        }
        world.templates.push_back(std::move(tmpl));
    }
    world.entities = entities();

    static const std::vector<const char *> actions{"view", "edit", "delete", "share"};
    std::vector<GenCase> cases;
    for (int r = 0; r < requests; ++r) {
        GenCase c = world;
        c.principal = chance(0.9) ? uid("User", n("u", pick(kUsers + 1)))
                                  : uid("Group", n("g", pick(kGroups)));
        c.action = uid("Action", oneOf(actions));
        c.resource = chance(0.9) ? uid("Doc", n("d", pick(kDocs + 1)))
                                 : uid("Folder", n("f", pick(kFolders)));
        c.context = context();
        cases.push_back(std::move(c));
    }
    return cases;
}

} // namespace mandate::policy::testing
