#include "DemoBench.h"

#include "demo/DemoGenerator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

namespace mandate::bench {

namespace {

QString suffixFor(int agents)
{
    if (agents % 1'000'000 == 0)
        return QStringLiteral("%1m").arg(agents / 1'000'000);
    if (agents % 1000 == 0)
        return QStringLiteral("%1k").arg(agents / 1000);
    return QString::number(agents);
}

bool generate(BenchContext &context, BenchReport *report, QString *error)
{
    const QString path = QDir(context.workDir).filePath(QStringLiteral("bench-%1.mandate").arg(context.demoAgents));
    QFile::remove(path);
    DemoOptions options;
    options.agents = context.demoAgents;
    options.seed = 1;
    if (context.verbose) {
        options.progress = [](int percent, const QString &stage) {
            QTextStream(stderr) << "  demo " << percent << "% " << stage << '\n';
        };
    }
    QElapsedTimer timer;
    timer.start();
    auto summary = generateDemo(path, options);
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (!summary) {
        *error = summary.error().message;
        return false;
    }
    context.storePath = path;
    if (report) {
        // The store as it rests: the main file plus whatever the write-ahead log still holds.
        qint64 bytes = QFileInfo(path).size();
        bytes += QFileInfo(path + QStringLiteral("-wal")).size();
        const QString suffix = suffixFor(context.demoAgents);
        report->set(QStringLiteral("demo.generate_%1_s").arg(suffix), seconds);
        report->set(QStringLiteral("demo.file_%1_mb").arg(suffix), bytes / 1e6);
        report->set(QStringLiteral("demo.agents"), context.demoAgents);
        report->set(QStringLiteral("demo.sessions"), summary->sessions);
        report->set(QStringLiteral("demo.audit_events"), summary->auditEvents);
    }
    return true;
}

} // namespace

bool ensureStore(BenchContext &context, QString *error)
{
    if (!context.storePath.isEmpty())
        return true;
    return generate(context, nullptr, error);
}

BenchGroup demoGroup()
{
    return BenchGroup{QStringLiteral("demo"),
                      {QStringLiteral("demo.generate_1m_s"), QStringLiteral("demo.file_1m_mb")},
                      [](BenchContext &context, BenchReport &report, QString *error) {
                          return generate(context, &report, error);
                      }};
}

} // namespace mandate::bench
