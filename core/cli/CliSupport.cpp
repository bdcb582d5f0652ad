#include "CliSupport.h"

#include "store/SqliteStore.h"

#include <QJsonDocument>

namespace mandate::cli {

std::optional<int> parseOptions(QCommandLineParser &parser, const Command &command,
                                const QStringList &arguments, Io &io, qsizetype maxPositionals)
{
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOption(help);
    // QCommandLineParser reads the first argument as the program's name.
    if (!parser.parse(QStringList{QStringLiteral("mandatectl")} + arguments))
        return usageError(io, command, parser.errorText());
    if (parser.isSet(help)) {
        io.out << "Usage: " << command.usage << "\n\n" << command.help;
        io.out.flush();
        return ExitSuccess;
    }
    if (parser.positionalArguments().size() > maxPositionals)
        return usageError(io, command,
                          QStringLiteral("Unexpected argument \"%1\".")
                                  .arg(parser.positionalArguments().at(maxPositionals).left(40)));
    return std::nullopt;
}

int usageError(Io &io, const Command &command, const QString &message)
{
    io.err << "mandatectl: " << message << '\n'
           << "Usage: " << command.usage << '\n'
           << "Try 'mandatectl " << command.words << " --help' for more.\n";
    io.err.flush();
    return ExitUsage;
}

int failure(Io &io, const QString &message)
{
    io.err << "mandatectl: " << message << '\n';
    io.err.flush();
    return ExitFailure;
}

void printJson(Io &io, const QJsonObject &object)
{
    io.out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    io.out.flush();
}

std::optional<QString> requiredDb(QCommandLineParser &parser, const Command &command, Io &io,
                                  int *exitCode)
{
    const QString db = parser.value(QStringLiteral("db"));
    if (db.isEmpty()) {
        *exitCode = usageError(io, command, QStringLiteral("--db FILE is required."));
        return std::nullopt;
    }
    return db;
}

std::optional<qint64> integerOption(QCommandLineParser &parser, const QString &name,
                                    qint64 fallback, qint64 min, qint64 max, const Command &command,
                                    Io &io, int *exitCode)
{
    if (!parser.isSet(name))
        return fallback;
    const QString text = parser.value(name);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) {
        *exitCode =
                usageError(io, command,
                           QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\".")
                                   .arg(name)
                                   .arg(min)
                                   .arg(max)
                                   .arg(text.left(40)));
        return std::nullopt;
    }
    return value;
}

std::unique_ptr<SqliteStore> openExisting(const QString &path, Io &io)
{
    auto opened = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
    if (!opened) {
        failure(io, opened.error().message);
        return nullptr;
    }
    return std::move(*opened);
}

} // namespace mandate::cli
