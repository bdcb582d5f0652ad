// mandatectl: the command line over the engine. Everything but the process lives in mandate_cli.

#include "cli/Cli.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("mandatectl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MANDATE_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = mandate::cli::run(QCoreApplication::arguments().mid(1), out, err);
    out.flush();
    err.flush();
    return code;
}
