// mandatectl's administration of credentials: signing key rotation and who may act below an
// agent (RFC 8693 may_act). Every change goes through IdentityEngine and is audited.

#include "CliSupport.h"

#include "crypto/Algorithm.h"

#include <QJsonArray>

namespace mandate::cli {

namespace {

const Command kKeysRotate{
        QStringLiteral("keys rotate"),
        QStringLiteral("mandatectl keys rotate --db FILE [--alg ES256|EdDSA|RS256]"),
        QStringLiteral("Makes a new current signing key. Tokens signed by the old key keep verifying: it\n"
                       "stays in the JWKS until the longest-lived token it could have signed has expired.\n"
                       "Prints {kid, alg, previous, jwks}.\n"
                       "\n"
                       "Options:\n"
                       "  --db FILE     the store\n"
                       "  --alg ALG     the new key's algorithm (default: the current key's); RS256 only\n"
                       "                for peers that cannot verify ES256 or EdDSA\n")};

const Command kAgentsMayAct{
        QStringLiteral("agents may-act"),
        QStringLiteral("mandatectl agents may-act --db FILE --agent ID [--set \"ID ID ...\" | --set \"*\"]"),
        QStringLiteral("Shows or sets who may act below an agent (RFC 8693 may_act): the agents that may\n"
                       "hold a sub-agent session delegated by one of its sessions. \"*\" allows any agent;\n"
                       "an empty list (--set \"\") none but other runs of the agent itself.\n"
                       "Prints {agent, may_act}.\n")};

} // namespace

int runKeysRotate(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("alg"), {}, QStringLiteral("ALG")}});
    if (auto done = parseOptions(parser, kKeysRotate, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kKeysRotate, io, &code);
    if (!db)
        return code;
    std::optional<crypto::Algorithm> alg;
    if (parser.isSet(QStringLiteral("alg"))) {
        const QString name = parser.value(QStringLiteral("alg"));
        if (const QString why = crypto::algorithmRefusal(name); !why.isEmpty())
            return usageError(io, kKeysRotate, why);
        alg = crypto::algorithmFromName(name);
    }
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    auto before = host.engine->jwks(); // the first key, when the store has none yet
    if (!before)
        return failure(io, before.error().message);
    QString previous;
    if (const QJsonArray keys = before->value(QStringLiteral("keys")).toArray(); !keys.isEmpty())
        previous = keys.first().toObject().value(QStringLiteral("kid")).toString();
    auto kid = host.engine->rotateSigningKey(cliActor(Actor::system()), alg);
    if (!kid)
        return failure(io, kid.error().message);
    auto jwks = host.engine->jwks();
    if (!jwks)
        return failure(io, jwks.error().message);
    QString newAlg;
    for (const QJsonValue &key : jwks->value(QStringLiteral("keys")).toArray()) {
        if (key.toObject().value(QStringLiteral("kid")).toString() == *kid)
            newAlg = key.toObject().value(QStringLiteral("alg")).toString();
    }
    printJson(io, QJsonObject{{QStringLiteral("kid"), *kid},
                              {QStringLiteral("alg"), newAlg},
                              {QStringLiteral("previous"), previous},
                              {QStringLiteral("jwks"), *jwks}});
    return ExitSuccess;
}

int runAgentsMayAct(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("db"), {}, QStringLiteral("FILE")},
                       {QStringLiteral("agent"), {}, QStringLiteral("ID")},
                       {QStringLiteral("set"), {}, QStringLiteral("LIST")}});
    if (auto done = parseOptions(parser, kAgentsMayAct, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kAgentsMayAct, io, &code);
    if (!db)
        return code;
    const QString agentId = parser.value(QStringLiteral("agent"));
    if (agentId.isEmpty())
        return usageError(io, kAgentsMayAct, QStringLiteral("--agent is required."));
    EngineHost host;
    if (!host.open(*db, io))
        return ExitFailure;
    if (parser.isSet(QStringLiteral("set"))) {
        const QStringList mayAct = parser.value(QStringLiteral("set")).split(u' ', Qt::SkipEmptyParts);
        if (auto ok = host.engine->setAgentMayAct(cliActor(Actor::system()), agentId, mayAct); !ok)
            return failure(io, ok.error().message);
    }
    auto agent = host.store->agent(agentId);
    if (!agent)
        return failure(io, agent.error().message);
    if (!*agent)
        return failure(io, QStringLiteral("There is no agent %1.").arg(agentId.left(200)));
    printJson(io, QJsonObject{{QStringLiteral("agent"), agentId},
                              {QStringLiteral("may_act"), QJsonArray::fromStringList((*agent)->mayAct)}});
    return ExitSuccess;
}

} // namespace mandate::cli
