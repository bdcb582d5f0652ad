#pragma once

#include <QStringList>

class QTextStream;

namespace mandate::cli {

// mandatectl's exit codes; scripts rely on them.
enum ExitCode : int {
    ExitSuccess = 0,
    ExitFailure =
            1,     // the command ran and failed or refused (missing store, broken audit chain ...)
    ExitUsage = 2, // the command line was wrong
};

// Runs one mandatectl command line, given without the program name ("agents", "list", "--db",
// "x.mandate"). The command's result goes to out as one JSON document; progress and errors go
// to err, one sentence a line. Returns an ExitCode.
int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace mandate::cli
