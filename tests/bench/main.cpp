// mandate-bench --json [--filter PREFIX] [--agents N] [--store FILE] [--list] [--verbose]
//
// Prints one flat JSON object of dotted keys: each of Mandate's figures, and beside them the
// machine's own limits measured in the same run, so that ratios hold on a noisy machine.

#include "BenchReport.h"
#include "DemoBench.h"
#include "Limits.h"
#include "PolicyBench.h"
#include "TokenBench.h"
#include "LiveBench.h"
#include "UiBench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <benchmark/benchmark.h>

using namespace mandate::bench;

namespace {

bool selected(const BenchGroup &group, const QString &filter)
{
    if (filter.isEmpty() || group.name == QLatin1StringView("limits"))
        return true;
    if (group.name.startsWith(filter) || filter.startsWith(group.name + u'.') || filter == group.name)
        return true;
    for (const QString &key : group.keys) {
        if (key.startsWith(filter))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Google Benchmark reads its own flags; it gets none from us but the program name.
    int benchArgc = 1;
    benchmark::Initialize(&benchArgc, argv);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("mandate-bench"));
    QApplication::setApplicationVersion(QStringLiteral(MANDATE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures Mandate's speed and size figures."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one flat JSON object."));
    const QCommandLineOption filter(QStringLiteral("filter"), QStringLiteral("Only the figures whose keys start with PREFIX (limits always run)."),
                                    QStringLiteral("PREFIX"));
    const QCommandLineOption agents(QStringLiteral("agents"), QStringLiteral("Agents in the generated store (default 1000000)."),
                                    QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("Take the console figures on this existing store instead of a generated one."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption list(QStringLiteral("list"), QStringLiteral("List the keys and exit."));
    const QCommandLineOption verbose(QStringLiteral("verbose"), QStringLiteral("Progress on standard error."));
    parser.addOptions({json, filter, agents, store, list, verbose});
    parser.process(app);

    QTextStream err(stderr);
    QTemporaryDir workDir;
    if (!workDir.isValid()) {
        err << "mandate-bench: cannot create a temporary folder\n";
        return 1;
    }
    BenchContext context;
    context.workDir = workDir.path();
    context.verbose = parser.isSet(verbose);
    bool ok = false;
    context.demoAgents = parser.value(agents).toInt(&ok);
    if (!ok || context.demoAgents < 100 || context.demoAgents > 5'000'000) {
        err << "mandate-bench: --agents takes a number from 100 to 5000000\n";
        return 2;
    }
    if (parser.isSet(store))
        context.storePath = parser.value(store);

    const QList<BenchGroup> groups{limitsGroup(), tokenGroup(), policyGroup(), demoGroup(), uiGroup(), liveGroup()};
    if (parser.isSet(list)) {
        for (const BenchGroup &g : groups)
            for (const QString &key : g.keys)
                QTextStream(stdout) << key << '\n';
        return 0;
    }

    BenchReport report;
    report.set(QStringLiteral("machine.cores"), QThread::idealThreadCount());
    int failures = 0;
    for (const BenchGroup &group : groups) {
        if (!selected(group, parser.value(filter)))
            continue;
        if (context.verbose)
            err << "== " << group.name << '\n' << Qt::flush;
        QString error;
        if (!group.run(context, report, &error)) {
            err << "mandate-bench: " << group.name << ": " << error << '\n';
            report.note(group.name + QStringLiteral(".error"), error);
            ++failures;
        }
    }

    if (parser.isSet(json)) {
        QTextStream(stdout) << QJsonDocument(report.values()).toJson(QJsonDocument::Indented);
    } else {
        QTextStream out(stdout);
        const QJsonObject values = report.values();
        for (auto it = values.begin(); it != values.end(); ++it)
            out << it.key().leftJustified(44) << it.value().toVariant().toString() << '\n';
    }
    return failures ? 1 : 0;
}
