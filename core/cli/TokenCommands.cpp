// mandatectl's credential commands: token start, token exchange, token introspect,
// revoke, jwks and sessions list. Every change goes through IdentityEngine.

#include "CliSupport.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace mandate::cli {

namespace {

const Command kTokenStart{
        QStringLiteral("token start"),
        QStringLiteral("mandatectl token start --db FILE --agent ID --human ID --task TEXT --scopes \"a b\" [--ttl S] [--audience AUD]"),
        QStringLiteral("Starts a session: the human delegates the task to the agent, which gets its own\n"
                       "short-lived access token. Prints {session, token, expires_at, scopes}.\n"
                       "Scopes beyond the agent's ceiling are refused, never trimmed.\n"
                       "\n"
                       "Options:\n"
                       "  --db FILE        the store\n"
                       "  --agent ID       the agent that acts\n"
                       "  --human ID       the human it acts for\n"
                       "  --task TEXT      what it is asked to do\n"
                       "  --scopes LIST    the scopes it needs, separated by spaces\n"
                       "  --ttl S          lifetime in seconds (default 900, at most 3600)\n"
                       "  --audience AUD   the token's aud (default: the issuer's own audience)\n")};

const Command kTokenExchange{
        QStringLiteral("token exchange"),
        QStringLiteral("mandatectl token exchange --db FILE --subject-token T --actor AGENT_ID [--scopes \"...\"] [--ttl S] [--audience AUD]"),
        QStringLiteral("Token exchange (RFC 8693): the parent's token buys a sub-agent a narrower child\n"
                       "session. Prints the child's {session, token, expires_at, scopes}. A refusal exits 1\n"
                       "and prints {error, error_description} with the OAuth error code.\n"
                       "\n"
                       "Options:\n"
                       "  --db FILE            the store\n"
                       "  --subject-token T    the parent's access token\n"
                       "  --actor AGENT_ID     the sub-agent\n"
                       "  --scopes LIST        at most the parent's scopes (default: all of them)\n"
                       "  --task TEXT          the sub-task (default: the parent's task)\n"
                       "  --ttl S              lifetime in seconds (never past the parent's expiry)\n"
                       "  --audience AUD       the child token's aud (RFC 8693); one this issuer does not\n"
                       "                       serve is refused with invalid_target\n")};

const Command kTokenIntrospect{
        QStringLiteral("token introspect"),
        QStringLiteral("mandatectl token introspect --db FILE TOKEN"),
        QStringLiteral("Introspection (RFC 7662): prints {active, sub, scope, exp, iat, sid, act, client_id,\n"
                       "token_type, ...} for an active token. An inactive token prints {\"active\": false},\n"
                       "says why on standard error and exits 1.\n")};

const Command kRevoke{
        QStringLiteral("revoke"),
        QStringLiteral("mandatectl revoke --db FILE (--session ID | --agent ID | --human ID | --token T) "
                       "[--dry-run] [--reason TEXT]"),
        QStringLiteral("Revokes a session with everything delegated below it, every session of an agent,\n"
                       "everything a human delegated, or one token. Effective for the next introspection.\n"
                       "Prints what was revoked: {dry_run, target, counts {sessions, sub_agent_sessions,\n"
                       "tokens, pending_step_ups}, sessions, token_ids}. With --dry-run nothing changes and\n"
                       "the same report says what would be revoked (the blast radius).\n")};

const Command kJwks{QStringLiteral("jwks"), QStringLiteral("mandatectl jwks --db FILE"),
                    QStringLiteral("Prints the public keys tokens are verified with, as a JWK Set: the current\n"
                                   "signing key and older keys whose tokens may still be alive.\n")};

const Command kSessionsList{
        QStringLiteral("sessions list"),
        QStringLiteral("mandatectl sessions list --db FILE [--active] [--agent ID] [--limit N]"),
        QStringLiteral("Lists agent sessions, newest first, as a JSON array of {id, agent, human, parent,\n"
                       "depth, scopes, status, issued_at, expires_at}.\n"
                       "\n"
                       "Options:\n"
                       "  --db FILE        the store\n"
                       "  --active         only sessions active now\n"
                       "  --agent ID       only this agent's sessions\n"
                       "  --limit N        at most N sessions (default 100)\n")};

std::optional<ScopeSet> scopesOption(QCommandLineParser &parser, const Command &command, Io &io, int *code,
                                     bool required)
{
    const QString text = parser.value(QStringLiteral("scopes"));
    if (text.trimmed().isEmpty()) {
        if (required) {
            *code = usageError(io, command, QStringLiteral("--scopes is required."));
            return std::nullopt;
        }
        return ScopeSet();
    }
    QString invalid;
    auto scopes = ScopeSet::parse(text, &invalid);
    if (!scopes) {
        *code = usageError(io, command, QStringLiteral("\"%1\" is not a scope.").arg(invalid.left(60)));
        return std::nullopt;
    }
    return scopes;
}

} // namespace

int runTokenStart(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("agent"), {}, QStringLiteral("ID")},
                       {QStringLiteral("human"), {}, QStringLiteral("ID")},
                       {QStringLiteral("task"), {}, QStringLiteral("TEXT")},
                       {QStringLiteral("scopes"), {}, QStringLiteral("LIST")},
                       {QStringLiteral("ttl"), {}, QStringLiteral("S")},
                       {QStringLiteral("audience"), {}, QStringLiteral("AUD")}});
    if (auto done = parseOptions(parser, kTokenStart, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kTokenStart, io, &code);
    if (!db)
        return code;
    for (const char *name : {"agent", "human", "task"}) {
        if (parser.value(QLatin1StringView(name)).isEmpty())
            return usageError(io, kTokenStart, QStringLiteral("--%1 is required.").arg(QLatin1StringView(name)));
    }
    const auto scopes = scopesOption(parser, kTokenStart, io, &code, true);
    if (!scopes)
        return code;
    const auto ttl = integerOption(parser, QStringLiteral("ttl"), 0, 1, 24 * 3600, kTokenStart, io, &code);
    if (!ttl)
        return code;
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    SessionRequest request;
    request.agentId = parser.value(QStringLiteral("agent"));
    request.humanId = parser.value(QStringLiteral("human"));
    request.task = parser.value(QStringLiteral("task"));
    request.scopes = *scopes;
    request.ttlMs = *ttl * 1000;
    request.audience = parser.value(QStringLiteral("audience"));
    auto issued = host.engine->startSession(cliActor(Actor::human(request.humanId)), request);
    if (!issued)
        return failure(io, issued.error().message);
    printJson(io, issued->toJson());
    return ExitSuccess;
}

int runTokenExchange(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("subject-token"), {}, QStringLiteral("T")},
                       {QStringLiteral("actor"), {}, QStringLiteral("AGENT_ID")},
                       {QStringLiteral("scopes"), {}, QStringLiteral("LIST")},
                       {QStringLiteral("task"), {}, QStringLiteral("TEXT")},
                       {QStringLiteral("ttl"), {}, QStringLiteral("S")},
                       {QStringLiteral("audience"), {}, QStringLiteral("AUD")}});
    if (auto done = parseOptions(parser, kTokenExchange, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kTokenExchange, io, &code);
    if (!db)
        return code;
    for (const char *name : {"subject-token", "actor"}) {
        if (parser.value(QLatin1StringView(name)).isEmpty())
            return usageError(io, kTokenExchange, QStringLiteral("--%1 is required.").arg(QLatin1StringView(name)));
    }
    const auto scopes = scopesOption(parser, kTokenExchange, io, &code, false);
    if (!scopes)
        return code;
    const auto ttl = integerOption(parser, QStringLiteral("ttl"), 0, 1, 24 * 3600, kTokenExchange, io, &code);
    if (!ttl)
        return code;
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    const QString actor = parser.value(QStringLiteral("actor"));
    auto issued = host.engine->exchangeToken(cliActor(Actor::agent(actor)), parser.value(QStringLiteral("subject-token")),
                                             actor, *scopes, *ttl * 1000, parser.value(QStringLiteral("task")),
                                             parser.value(QStringLiteral("audience")));
    if (!issued) {
        printJson(io, issued.error().toJson());
        return failure(io, QStringLiteral("%1: %2").arg(issued.error().error, issued.error().description));
    }
    printJson(io, issued->toJson());
    return ExitSuccess;
}

int runTokenIntrospect(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")}});
    parser.addPositionalArgument(QStringLiteral("TOKEN"), QStringLiteral("the access token"));
    if (auto done = parseOptions(parser, kTokenIntrospect, arguments, io, 1))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kTokenIntrospect, io, &code);
    if (!db)
        return code;
    if (parser.positionalArguments().isEmpty())
        return usageError(io, kTokenIntrospect, QStringLiteral("TOKEN is required."));
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    auto answer = host.engine->introspect(parser.positionalArguments().constFirst());
    if (!answer)
        return failure(io, answer.error().message);
    printJson(io, answer->toJson());
    if (!answer->active)
        return failure(io, QStringLiteral("The token is not active: %1").arg(answer->reason));
    return ExitSuccess;
}

int runRevoke(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("session"), {}, QStringLiteral("ID")},
                       {QStringLiteral("agent"), {}, QStringLiteral("ID")},
                       {QStringLiteral("human"), {}, QStringLiteral("ID")},
                       {QStringLiteral("token"), {}, QStringLiteral("T")},
                       {QStringLiteral("reason"), {}, QStringLiteral("TEXT")},
                       {QStringLiteral("dry-run"), {}}});
    if (auto done = parseOptions(parser, kRevoke, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kRevoke, io, &code);
    if (!db)
        return code;
    const std::pair<const char *, RevocationTarget::Kind> kinds[] = {
            {"session", RevocationTarget::Kind::Session},
            {"agent", RevocationTarget::Kind::Agent},
            {"human", RevocationTarget::Kind::Human},
            {"token", RevocationTarget::Kind::Token}};
    std::optional<RevocationTarget> target;
    for (const auto &[name, kind] : kinds) {
        if (!parser.isSet(QLatin1StringView(name)))
            continue;
        if (target)
            return usageError(io, kRevoke, QStringLiteral("Give exactly one of --session, --agent, --human, --token."));
        target = RevocationTarget{kind, parser.value(QLatin1StringView(name))};
        if (target->id.isEmpty())
            return usageError(io, kRevoke, QStringLiteral("--%1 needs a value.").arg(QLatin1StringView(name)));
    }
    if (!target)
        return usageError(io, kRevoke, QStringLiteral("Give one of --session, --agent, --human, --token."));
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    auto report = host.engine->revoke(cliActor(Actor::system()), *target, parser.value(QStringLiteral("reason")),
                                      parser.isSet(QStringLiteral("dry-run")));
    if (!report)
        return failure(io, report.error().message);
    printJson(io, report->toJson());
    return ExitSuccess;
}

int runJwks(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")}});
    if (auto done = parseOptions(parser, kJwks, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kJwks, io, &code);
    if (!db)
        return code;
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    auto jwks = host.engine->jwks();
    if (!jwks)
        return failure(io, jwks.error().message);
    printJson(io, *jwks);
    return ExitSuccess;
}

int runSessionsList(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("active"), {}},
                       {QStringLiteral("agent"), {}, QStringLiteral("ID")},
                       {QStringLiteral("limit"), {}, QStringLiteral("N")}});
    if (auto done = parseOptions(parser, kSessionsList, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kSessionsList, io, &code);
    if (!db)
        return code;
    const auto limit = integerOption(parser, QStringLiteral("limit"), 100, 1, 100000, kSessionsList, io, &code);
    if (!limit)
        return code;
    auto store = openExisting(*db, io);
    if (!store)
        return ExitFailure;
    SystemClock clock;
    SessionQuery query;
    query.agentId = parser.value(QStringLiteral("agent"));
    query.activeOnly = parser.isSet(QStringLiteral("active"));
    query.nowMs = clock.nowMs();
    query.limit = int(*limit);
    auto sessions = store->sessions(query);
    if (!sessions)
        return failure(io, sessions.error().message);
    QJsonArray out;
    for (const AgentSession &s : std::as_const(*sessions)) {
        out.append(QJsonObject{{QStringLiteral("id"), s.id},
                               {QStringLiteral("agent"), s.agentId},
                               {QStringLiteral("human"), s.humanId},
                               {QStringLiteral("parent"), s.parentId.isEmpty() ? QJsonValue() : QJsonValue(s.parentId)},
                               {QStringLiteral("depth"), s.depth},
                               {QStringLiteral("scopes"), QJsonArray::fromStringList(s.scopes.values())},
                               {QStringLiteral("status"), toString(s.effectiveStatus(query.nowMs))},
                               {QStringLiteral("issued_at"), formatTime(s.issuedAt)},
                               {QStringLiteral("expires_at"), formatTime(s.expiresAt)}});
    }
    io.out << QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented));
    io.out.flush();
    return ExitSuccess;
}

} // namespace mandate::cli
