#include "Cli.h"

#include "CliSupport.h"
#include "store/SqliteStore.h"

namespace mandate::cli {

namespace {

const char kOverview[] =
        "Usage: mandatectl COMMAND [OPTIONS]\n"
        "\n"
        "The command line of Mandate, identity and access for AI agents. Results are JSON on\n"
        "standard output; progress and errors go to standard error.\n"
        "\n"
        "Commands:\n"
        "  demo              Generate the demo organisation into a new store\n"
        "  agents list       List registered agents\n"
        "  agents may-act    Show or set who may act below an agent (RFC 8693 may_act)\n"
        "  humans list       List people, optionally by console role\n"
        "  audit verify      Verify the audit log's hash chain\n"
        "  token start       Start a session: a human delegates a task to an agent\n"
        "  token exchange    A sub-agent's narrower token from its parent's (RFC 8693)\n"
        "  token introspect  Whether a token is active now (RFC 7662)\n"
        "  revoke            Revoke a token, a session tree, an agent's or a human's sessions\n"
        "  jwks              Print the public signing keys (JWKS)\n"
        "  keys rotate       Make a new signing key; the old one verifies until its tokens expire\n"
        "  sessions list     List agent sessions\n"
        "  authorize         May an agent do this now? (its token, an action, a resource)\n"
        "  policy publish    Validate a policy set and make it live\n"
        "  policy rollback   Make an earlier policy set version live again\n"
        "  policy versions   List the policy set versions\n"
        "  policy whatif     Ask a draft policy set and the live one the same question\n"
        "  policy replay     Re-run recorded decisions against a draft policy set\n"
        "  policy eval       Answer Cedar authorization requests read as JSON Lines\n"
        "  policy check      Validate a policy file and lint it\n"
        "  version           Print the version\n"
        "\n"
        "Run 'mandatectl COMMAND --help' for a command's options.\n"
        "Exit status: 0 success, 1 failure or refusal, 2 wrong command line.\n";

int version(const QStringList &arguments, Io &io)
{
    const Command command{
            QStringLiteral("version"), QStringLiteral("mandatectl version"),
            QStringLiteral(
                    "Prints the versions of mandatectl, Qt and the store format as JSON.\n")};
    QCommandLineParser parser;
    if (auto done = parseOptions(parser, command, arguments, io))
        return *done;
    printJson(io, QJsonObject{{QStringLiteral("mandatectl"), QStringLiteral(MANDATE_VERSION)},
                              {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                              {QStringLiteral("store_schema"), SqliteStore::kSchemaVersion}});
    return ExitSuccess;
}

int unknown(Io &io, const QString &message)
{
    io.err << "mandatectl: " << message << "\nRun 'mandatectl --help' for the commands.\n";
    io.err.flush();
    return ExitUsage;
}

// "agents list": commands with a verb check it here, so "agents" alone names what is missing.
int withVerb(const QStringList &arguments, Io &io, const QString &noun, const QString &verb,
             int (*run)(const QStringList &, Io &))
{
    const QString given = arguments.value(1);
    if (given == verb)
        return run(arguments.mid(2), io);
    if (given == QLatin1StringView("--help") || given == QLatin1StringView("-h"))
        return run(QStringList{given}, io); // the one verb's help
    if (given.isEmpty())
        return unknown(io, QStringLiteral("'%1' needs a verb: mandatectl %1 %2.").arg(noun, verb));
    return unknown(io, QStringLiteral("Unknown command 'mandatectl %1 %2': did you mean '%1 %3'?")
                               .arg(noun, given.left(40), verb));
}

} // namespace

int run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    Io io{out, err};
    const QString first = arguments.value(0);
    if (first.isEmpty()) {
        err << kOverview;
        err.flush();
        return ExitUsage;
    }
    if (first == QLatin1StringView("--help") || first == QLatin1StringView("-h")
        || first == QLatin1StringView("help")) {
        out << kOverview;
        out.flush();
        return ExitSuccess;
    }
    if (first == QLatin1StringView("version") || first == QLatin1StringView("--version"))
        return version(arguments.mid(1), io);
    if (first == QLatin1StringView("demo"))
        return runDemo(arguments.mid(1), io);
    if (first == QLatin1StringView("agents")) {
        if (arguments.value(1) == QLatin1StringView("may-act"))
            return runAgentsMayAct(arguments.mid(2), io);
        return withVerb(arguments, io, QStringLiteral("agents"), QStringLiteral("list"),
                        runAgentsList);
    }
    if (first == QLatin1StringView("humans"))
        return withVerb(arguments, io, QStringLiteral("humans"), QStringLiteral("list"),
                        runHumansList);
    if (first == QLatin1StringView("audit"))
        return withVerb(arguments, io, QStringLiteral("audit"), QStringLiteral("verify"),
                        runAuditVerify);
    if (first == QLatin1StringView("token")) {
        const QString verb = arguments.value(1);
        if (verb == QLatin1StringView("start"))
            return runTokenStart(arguments.mid(2), io);
        if (verb == QLatin1StringView("exchange"))
            return runTokenExchange(arguments.mid(2), io);
        if (verb == QLatin1StringView("introspect"))
            return runTokenIntrospect(arguments.mid(2), io);
        return unknown(io, QStringLiteral("'mandatectl token' takes a verb: start, exchange or introspect."));
    }
    if (first == QLatin1StringView("revoke"))
        return runRevoke(arguments.mid(1), io);
    if (first == QLatin1StringView("jwks"))
        return runJwks(arguments.mid(1), io);
    if (first == QLatin1StringView("keys"))
        return withVerb(arguments, io, QStringLiteral("keys"), QStringLiteral("rotate"),
                        runKeysRotate);
    if (first == QLatin1StringView("authorize"))
        return runAuthorize(arguments.mid(1), io);
    if (first == QLatin1StringView("policy")) {
        const QString verb = arguments.value(1);
        const std::pair<const char *, int (*)(const QStringList &, Io &)> verbs[] = {
                {"eval", runPolicyEval},       {"check", runPolicyCheck},       {"publish", runPolicyPublish},
                {"rollback", runPolicyRollback}, {"versions", runPolicyVersions}, {"whatif", runPolicyWhatIf},
                {"replay", runPolicyReplay}};
        for (const auto &[name, run] : verbs) {
            if (verb == QLatin1StringView(name))
                return run(arguments.mid(2), io);
        }
        return unknown(io, QStringLiteral("'mandatectl policy' takes a verb: eval, check, publish, rollback, versions, whatif or replay."));
    }
    if (first == QLatin1StringView("sessions"))
        return withVerb(arguments, io, QStringLiteral("sessions"), QStringLiteral("list"),
                        runSessionsList);
    return unknown(io, QStringLiteral("Unknown command '%1'.").arg(first.left(40)));
}

} // namespace mandate::cli
