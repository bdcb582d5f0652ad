#pragma once

// What the commands of mandatectl share: output, errors, option parsing and opening a store.

#include "Cli.h"
#include "Error.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QTextStream>

#include <memory>
#include <optional>

#include "Clock.h"
#include "domain/Domain.h"
#include "engine/IdSource.h"
#include "engine/IdentityEngine.h"
#include "store/SqliteStore.h"

namespace mandate::cli {

struct Io
{
    QTextStream &out;
    QTextStream &err;
};

// One command: its words ("agents list"), its usage line and help text.
struct Command
{
    QString words;
    QString usage; // "mandatectl agents list --db FILE [--filter TEXT] [--limit N]"
    QString help;  // what it does, its options, what it prints
};

// Parses a command's options. Returns the exit code to end with (help printed, or a usage
// error reported), or nullopt to go on.
// maxPositionals: how many arguments besides the options the command takes.
std::optional<int> parseOptions(QCommandLineParser &parser, const Command &command,
                                const QStringList &arguments, Io &io, qsizetype maxPositionals = 0);

int usageError(Io &io, const Command &command, const QString &message);
int failure(Io &io, const QString &message);
void printJson(Io &io, const QJsonObject &object);

// The value of --db, or a usage error.
std::optional<QString> requiredDb(QCommandLineParser &parser, const Command &command, Io &io,
                                  int *exitCode);

// A positive integer option, or a usage error naming the option and the range.
std::optional<qint64> integerOption(QCommandLineParser &parser, const QString &name,
                                    qint64 fallback, qint64 min, qint64 max, const Command &command,
                                    Io &io, int *exitCode);

// Opens an existing store, never creating one; on failure prints the store's sentence.
std::unique_ptr<SqliteStore> openExisting(const QString &path, Io &io);

int runDemo(const QStringList &arguments, Io &io);
int runAgentsList(const QStringList &arguments, Io &io);
int runHumansList(const QStringList &arguments, Io &io);
int runAuditVerify(const QStringList &arguments, Io &io);
int runTokenStart(const QStringList &arguments, Io &io);
int runTokenExchange(const QStringList &arguments, Io &io);
int runTokenIntrospect(const QStringList &arguments, Io &io);
int runRevoke(const QStringList &arguments, Io &io);
int runJwks(const QStringList &arguments, Io &io);
int runSessionsList(const QStringList &arguments, Io &io);
int runPolicyEval(const QStringList &arguments, Io &io);
int runPolicyCheck(const QStringList &arguments, Io &io);
int runKeysRotate(const QStringList &arguments, Io &io);
int runAgentsMayAct(const QStringList &arguments, Io &io);
int runPolicyPublish(const QStringList &arguments, Io &io);
int runPolicyRollback(const QStringList &arguments, Io &io);
int runPolicyVersions(const QStringList &arguments, Io &io);
int runPolicyWhatIf(const QStringList &arguments, Io &io);
int runPolicyReplay(const QStringList &arguments, Io &io);
int runAuthorize(const QStringList &arguments, Io &io);

// An engine over an opened store, with the system's clock and random identifiers.
struct EngineHost
{
    std::unique_ptr<SqliteStore> store;
    SystemClock clock;
    RandomIdSource ids;
    std::unique_ptr<IdentityEngine> engine;

    bool open(const QString &path, Io &io, const IdentityEngine::Config &config = {})
    {
        store = openExisting(path, io);
        if (!store)
            return false;
        engine = std::make_unique<IdentityEngine>(*store, clock, ids, config);
        return true;
    }
};

// The actor a command acts as, marked as coming from mandatectl in the audit trail.
inline Actor cliActor(Actor actor)
{
    actor.sourceAddress = QStringLiteral("mandatectl");
    return actor;
}

} // namespace mandate::cli
