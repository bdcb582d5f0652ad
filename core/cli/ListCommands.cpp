#include "CliSupport.h"

#include "store/SqliteStore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mandate::cli {

namespace {

const Command kAgentsList{
        QStringLiteral("agents list"),
        QStringLiteral("mandatectl agents list --db FILE [--filter TEXT] [--limit N]"),
        QStringLiteral("Lists registered agents sorted by name, as a JSON array of\n"
                       "{id, name, owner, owner_id, status, risk, model, ceiling}.\n"
                       "\n"
                       "Options:\n"
                       "  --db FILE        the store\n"
                       "  --filter TEXT    the inventory's search: every word must start a word of "
                       "the agent's\n"
                       "                   name, owner, purpose or model\n"
                       "  --limit N        at most N agents (default 100)\n")};

const Command kHumansList{
        QStringLiteral("humans list"),
        QStringLiteral("mandatectl humans list --db FILE [--role ROLE] [--limit N]"),
        QStringLiteral("Lists people sorted by id, as a JSON array of {id, name, email, "
                       "department, roles, status}.\n"
                       "\n"
                       "Options:\n"
                       "  --db FILE        the store\n"
                       "  --role ROLE      only holders of a console role: iam-admin, approver or "
                       "auditor\n"
                       "  --limit N        at most N people (default 100)\n")};

constexpr qint64 kMaxLimit = 100'000'000;

// Arrays are written element by element, so that a large --limit never builds the whole
// document in memory; the output is still one JSON array.
class ArrayWriter
{
public:
    explicit ArrayWriter(QTextStream &out)
        : m_out(out)
    {
        m_out << '[';
    }
    void add(const QJsonObject &object)
    {
        m_out << (m_first ? "\n  " : ",\n  ")
              << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        m_first = false;
    }
    void finish()
    {
        m_out << (m_first ? "]\n" : "\n]\n");
        m_out.flush();
    }

private:
    QTextStream &m_out;
    bool m_first = true;
};

} // namespace

int runAgentsList(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({
            {QStringLiteral("db"), {}, QStringLiteral("FILE")},
            {QStringLiteral("filter"), {}, QStringLiteral("TEXT")},
            {QStringLiteral("limit"), {}, QStringLiteral("N")},
    });
    if (auto done = parseOptions(parser, kAgentsList, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kAgentsList, io, &code);
    if (!db)
        return code;
    const auto limit = integerOption(parser, QStringLiteral("limit"), 100, 1, kMaxLimit,
                                     kAgentsList, io, &code);
    if (!limit)
        return code;
    auto store = openExisting(*db, io);
    if (!store)
        return ExitFailure;

    // Read every page before writing, so that an error mid-way never leaves half an array.
    QList<Agent> agents;
    AgentQuery query;
    query.filter.text = parser.value(QStringLiteral("filter"));
    query.sort = AgentSort::Name;
    while (agents.size() < *limit) {
        query.limit = int(std::min<qint64>(10000, *limit - agents.size()));
        auto page = store->agents(query);
        if (!page)
            return failure(io, page.error().message);
        agents += page->agents;
        if (!page->next)
            break;
        query.after = page->next;
    }

    ArrayWriter writer(io.out);
    for (const Agent &a : std::as_const(agents)) {
        writer.add(QJsonObject{
                {QStringLiteral("id"), a.id},
                {QStringLiteral("name"), a.name},
                {QStringLiteral("owner"), a.ownerName},
                {QStringLiteral("owner_id"), a.ownerId},
                {QStringLiteral("status"), toString(a.status)},
                {QStringLiteral("risk"), toString(a.risk)},
                {QStringLiteral("model"), a.model.display()},
                {QStringLiteral("ceiling"), QJsonArray::fromStringList(a.ceiling.values())},
        });
    }
    writer.finish();
    return ExitSuccess;
}

int runHumansList(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({
            {QStringLiteral("db"), {}, QStringLiteral("FILE")},
            {QStringLiteral("role"), {}, QStringLiteral("ROLE")},
            {QStringLiteral("limit"), {}, QStringLiteral("N")},
    });
    if (auto done = parseOptions(parser, kHumansList, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kHumansList, io, &code);
    if (!db)
        return code;
    const auto limit = integerOption(parser, QStringLiteral("limit"), 100, 1, kMaxLimit,
                                     kHumansList, io, &code);
    if (!limit)
        return code;
    HumanQuery query;
    if (parser.isSet(QStringLiteral("role"))) {
        const QString role = parser.value(QStringLiteral("role"));
        query.role = consoleRoleFromString(role);
        if (!query.role)
            return usageError(io, kHumansList,
                              QStringLiteral("Unknown role \"%1\": the roles are iam-admin, "
                                             "approver and auditor.")
                                      .arg(role.left(40)));
    }
    auto store = openExisting(*db, io);
    if (!store)
        return ExitFailure;

    QList<Human> humans;
    while (humans.size() < *limit) {
        query.limit = int(std::min<qint64>(10000, *limit - humans.size()));
        auto page = store->humans(query);
        if (!page)
            return failure(io, page.error().message);
        humans += *page;
        if (page->size() < query.limit)
            break;
        query.afterId = page->constLast().id;
    }

    ArrayWriter writer(io.out);
    for (const Human &h : std::as_const(humans)) {
        writer.add(QJsonObject{
                {QStringLiteral("id"), h.id},
                {QStringLiteral("name"), h.name},
                {QStringLiteral("email"), h.email},
                {QStringLiteral("department"), h.department},
                {QStringLiteral("roles"), QJsonArray::fromStringList(roleNames(h.roles))},
                {QStringLiteral("status"), toString(h.status)},
        });
    }
    writer.finish();
    return ExitSuccess;
}

} // namespace mandate::cli
