// mandatectl's policy administration: publishing and rolling back policy set
// versions, what-if and replay against a draft, and authorize (an agent asks to act). Every
// change and every decision goes through IdentityEngine and is audited.

#include "CliSupport.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace mandate::cli {

namespace {

const Command kPolicyPublish{
        QStringLiteral("policy publish"),
        QStringLiteral("mandatectl policy publish --db FILE --policies FILE.cedar [--schema FILE] [--comment TEXT] [--author ID]"),
        QStringLiteral("Validates a policy set and makes it the live version. Prints {version, live, comment}.\n"
                       "A set that does not parse or validate is refused with where and why; nothing changes.\n"
                       "\n"
                       "Options:\n"
                       "  --policies FILE   Cedar policy text\n"
                       "  --schema FILE     validate against this Cedar schema (default: Mandate's own)\n"
                       "  --comment TEXT    why this version\n"
                       "  --author ID       the human publishing it (default: the system)\n")};

const Command kPolicyRollback{
        QStringLiteral("policy rollback"),
        QStringLiteral("mandatectl policy rollback --db FILE --version N"),
        QStringLiteral("Makes an earlier policy set version live again. Prints {version}.\n")};

const Command kPolicyVersions{
        QStringLiteral("policy versions"),
        QStringLiteral("mandatectl policy versions --db FILE"),
        QStringLiteral("Lists the policy set versions, newest first: {version, live, author, created_at,\n"
                       "comment}.\n")};

const Command kPolicyWhatIf{
        QStringLiteral("policy whatif"),
        QStringLiteral("mandatectl policy whatif --db FILE --policies DRAFT.cedar --agent ID --human ID "
                       "--action A --resource R [--session ID] [--context JSON]"),
        QStringLiteral("Asks a draft policy set and the live one the same question. Prints {draft, live,\n"
                       "changed}, each {decision, policies, errors}. --action delegate asks whether the agent\n"
                       "may hold the scope named by --resource.\n")};

const Command kPolicyReplay{
        QStringLiteral("policy replay"),
        QStringLiteral("mandatectl policy replay --db FILE --policies DRAFT.cedar [--since ISO8601] [--until ISO8601]"),
        QStringLiteral("Re-runs the decisions recorded in the audit log in a window (default: the last 24\n"
                       "hours) against a draft policy set and lists those that would change: {decisions,\n"
                       "replayed, unchanged, changed, transitions, by_policy, changes}.\n")};

const Command kAuthorize{
        QStringLiteral("authorize"),
        QStringLiteral("mandatectl authorize --db FILE --token T --action A --resource R [--context JSON] "
                       "[--step-up ID]"),
        QStringLiteral("An agent asks whether it may act: prints {decision, policies, reason, session,\n"
                       "step_up_request}. allow exits 0; deny and step_up exit 1. After a person approved\n"
                       "a step-up, ask again with --step-up ID.\n")};

std::optional<QString> readTextFile(const QString &path, Io &io)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        failure(io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    if (file.size() > 4 * 1024 * 1024) {
        failure(io, QStringLiteral("%1 is larger than 4 MiB.").arg(path));
        return std::nullopt;
    }
    return QString::fromUtf8(file.readAll());
}

std::optional<QJsonObject> contextOption(QCommandLineParser &parser, const Command &command, Io &io, int *code)
{
    const QString text = parser.value(QStringLiteral("context"));
    if (text.isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        *code = usageError(io, command, QStringLiteral("--context must be a JSON object."));
        return std::nullopt;
    }
    return doc.object();
}

std::optional<qint64> timeOption(QCommandLineParser &parser, const QString &name, qint64 fallback,
                                 const Command &command, Io &io, int *code)
{
    if (!parser.isSet(name))
        return fallback;
    const QDateTime t = QDateTime::fromString(parser.value(name), Qt::ISODateWithMs);
    if (!t.isValid()) {
        *code = usageError(io, command, QStringLiteral("--%1 must be an ISO 8601 time.").arg(name));
        return std::nullopt;
    }
    return t.toMSecsSinceEpoch();
}

// Opens the store with the policy schema the engine validates against: the given file, or
// Mandate's own when there is one.
bool openWithSchema(EngineHost &host, const QString &db, const QString &schemaPath, Io &io)
{
    IdentityEngine::Config config;
    if (!schemaPath.isEmpty()) {
        auto schema = readTextFile(schemaPath, io);
        if (!schema)
            return false;
        config.policySchema = *schema;
    } else {
        config.policySchema = mandatePolicySchema();
    }
    return host.open(db, io, config);
}

} // namespace

int runPolicyPublish(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("policies"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("schema"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("comment"), {}, QStringLiteral("TEXT")},
                       {QStringLiteral("author"), {}, QStringLiteral("ID")}});
    if (auto done = parseOptions(parser, kPolicyPublish, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kPolicyPublish, io, &code);
    if (!db)
        return code;
    if (parser.value(QStringLiteral("policies")).isEmpty())
        return usageError(io, kPolicyPublish, QStringLiteral("--policies is required."));
    const auto text = readTextFile(parser.value(QStringLiteral("policies")), io);
    if (!text)
        return ExitFailure;
    EngineHost host;
    if (!openWithSchema(host, *db, parser.value(QStringLiteral("schema")), io))
        return ExitFailure;
    const QString author = parser.value(QStringLiteral("author"));
    const Actor actor = cliActor(author.isEmpty() ? Actor::system() : Actor::human(author));
    auto version = host.engine->publishPolicies(actor, *text, parser.value(QStringLiteral("comment")));
    if (!version)
        return failure(io, version.error().message);
    printJson(io, QJsonObject{{QStringLiteral("version"), version->version},
                              {QStringLiteral("live"), true},
                              {QStringLiteral("comment"), version->comment}});
    return ExitSuccess;
}

int runPolicyRollback(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("version"), {}, QStringLiteral("N")}});
    if (auto done = parseOptions(parser, kPolicyRollback, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kPolicyRollback, io, &code);
    if (!db)
        return code;
    if (!parser.isSet(QStringLiteral("version")))
        return usageError(io, kPolicyRollback, QStringLiteral("--version is required."));
    const auto version = integerOption(parser, QStringLiteral("version"), 0, 1, std::numeric_limits<int>::max(),
                                       kPolicyRollback, io, &code);
    if (!version)
        return code;
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    if (auto ok = host.engine->rollbackPolicies(cliActor(Actor::system()), *version); !ok)
        return failure(io, ok.error().message);
    printJson(io, QJsonObject{{QStringLiteral("version"), *version}, {QStringLiteral("live"), true}});
    return ExitSuccess;
}

int runPolicyVersions(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")}});
    if (auto done = parseOptions(parser, kPolicyVersions, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kPolicyVersions, io, &code);
    if (!db)
        return code;
    auto store = openExisting(*db, io);
    if (!store)
        return ExitFailure;
    auto versions = store->policyVersions();
    if (!versions)
        return failure(io, versions.error().message);
    QJsonArray out;
    for (const PolicySetVersion &v : std::as_const(*versions)) {
        out.append(QJsonObject{{QStringLiteral("version"), v.version},
                               {QStringLiteral("live"), v.live},
                               {QStringLiteral("author"), v.author},
                               {QStringLiteral("created_at"), formatTime(v.createdAt)},
                               {QStringLiteral("comment"), v.comment}});
    }
    io.out << QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented));
    io.out.flush();
    return ExitSuccess;
}

int runPolicyWhatIf(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("policies"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("schema"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("agent"), {}, QStringLiteral("ID")},
                       {QStringLiteral("human"), {}, QStringLiteral("ID")},
                       {QStringLiteral("session"), {}, QStringLiteral("ID")},
                       {QStringLiteral("action"), {}, QStringLiteral("A")},
                       {QStringLiteral("resource"), {}, QStringLiteral("R")},
                       {QStringLiteral("context"), {}, QStringLiteral("JSON")}});
    if (auto done = parseOptions(parser, kPolicyWhatIf, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kPolicyWhatIf, io, &code);
    if (!db)
        return code;
    for (const char *name : {"policies", "agent", "action", "resource"}) {
        if (parser.value(QLatin1StringView(name)).isEmpty())
            return usageError(io, kPolicyWhatIf, QStringLiteral("--%1 is required.").arg(QLatin1StringView(name)));
    }
    if (parser.value(QStringLiteral("human")).isEmpty() && parser.value(QStringLiteral("session")).isEmpty())
        return usageError(io, kPolicyWhatIf, QStringLiteral("--human or --session is required."));
    const auto context = contextOption(parser, kPolicyWhatIf, io, &code);
    if (!context)
        return code;
    const auto draft = readTextFile(parser.value(QStringLiteral("policies")), io);
    if (!draft)
        return ExitFailure;
    EngineHost host;
    if (!openWithSchema(host, *db, parser.value(QStringLiteral("schema")), io))
        return ExitFailure;
    WhatIfRequest request;
    request.agentId = parser.value(QStringLiteral("agent"));
    request.humanId = parser.value(QStringLiteral("human"));
    request.sessionId = parser.value(QStringLiteral("session"));
    request.action = parser.value(QStringLiteral("action"));
    request.resource = parser.value(QStringLiteral("resource"));
    request.context = *context;
    auto answer = host.engine->whatIf(*draft, request);
    if (!answer)
        return failure(io, answer.error().message);
    printJson(io, answer->toJson());
    return ExitSuccess;
}

int runPolicyReplay(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("policies"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("schema"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("since"), {}, QStringLiteral("ISO8601")},
                       {QStringLiteral("until"), {}, QStringLiteral("ISO8601")}});
    if (auto done = parseOptions(parser, kPolicyReplay, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kPolicyReplay, io, &code);
    if (!db)
        return code;
    if (parser.value(QStringLiteral("policies")).isEmpty())
        return usageError(io, kPolicyReplay, QStringLiteral("--policies is required."));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto until = timeOption(parser, QStringLiteral("until"), now, kPolicyReplay, io, &code);
    if (!until)
        return code;
    const auto since = timeOption(parser, QStringLiteral("since"), *until - 24 * 3600 * 1000, kPolicyReplay, io, &code);
    if (!since)
        return code;
    const auto draft = readTextFile(parser.value(QStringLiteral("policies")), io);
    if (!draft)
        return ExitFailure;
    EngineHost host;
    if (!openWithSchema(host, *db, parser.value(QStringLiteral("schema")), io))
        return ExitFailure;
    auto report = host.engine->replay(*draft, *since, *until);
    if (!report)
        return failure(io, report.error().message);
    printJson(io, report->toJson());
    return ExitSuccess;
}

int runAuthorize(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("token"), {}, QStringLiteral("T")},
                       {QStringLiteral("action"), {}, QStringLiteral("A")},
                       {QStringLiteral("resource"), {}, QStringLiteral("R")},
                       {QStringLiteral("context"), {}, QStringLiteral("JSON")},
                       {QStringLiteral("step-up"), {}, QStringLiteral("ID")}});
    if (auto done = parseOptions(parser, kAuthorize, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kAuthorize, io, &code);
    if (!db)
        return code;
    for (const char *name : {"token", "action", "resource"}) {
        if (parser.value(QLatin1StringView(name)).isEmpty())
            return usageError(io, kAuthorize, QStringLiteral("--%1 is required.").arg(QLatin1StringView(name)));
    }
    const auto context = contextOption(parser, kAuthorize, io, &code);
    if (!context)
        return code;
    EngineHost host;
    if (!openWithSchema(host, *db, {}, io))
        return ExitFailure;
    AuthorizationRequest request;
    request.token = parser.value(QStringLiteral("token"));
    request.action = parser.value(QStringLiteral("action"));
    request.resource = parser.value(QStringLiteral("resource"));
    request.context = *context;
    request.stepUpRequestId = parser.value(QStringLiteral("step-up"));
    auto answer = host.engine->authorize(cliActor(Actor::system()), request);
    if (!answer)
        return failure(io, answer.error().message);
    printJson(io, answer->toJson());
    return answer->decision == Decision::Allow ? ExitSuccess : ExitFailure;
}

} // namespace mandate::cli
