#include "CliSupport.h"

#include "Clock.h"
#include "demo/DemoGenerator.h"

#include <QDateTime>
#include <QFileInfo>

namespace mandate::cli {

namespace {

const Command kDemo{
        QStringLiteral("demo"),
        QStringLiteral("mandatectl demo --db FILE [--agents N] [--seed S] [--now ISO8601]"),
        QStringLiteral(
                "Generates the demo organisation (people, agents, a week of delegated sessions, "
                "decisions\n"
                "and step-up approvals) into a new store, through the engine. The same seed and "
                "--now give\n"
                "the same store, down to the audit head. Refuses a file that exists and is not "
                "empty.\n"
                "\n"
                "Options:\n"
                "  --db FILE        the store to create\n"
                "  --agents N       number of agents, 1 to 5000000 (default 2000)\n"
                "  --seed S         seed of every random choice (default 1)\n"
                "  --now ISO8601    the moment the history leads up to, e.g. 2026-03-02T09:30:00Z\n"
                "                   (default: now; without a UTC offset the time is read as UTC)\n"
                "\n"
                "Prints progress on standard error and a JSON summary on standard output.\n")};

std::optional<qint64> parseNow(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset given: UTC, whatever this machine's zone
        t = QDateTime(t.date(), t.time(), Qt::UTC);
    return t.toMSecsSinceEpoch();
}

} // namespace

int runDemo(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({
            {QStringLiteral("db"), {}, QStringLiteral("FILE")},
            {QStringLiteral("agents"), {}, QStringLiteral("N")},
            {QStringLiteral("seed"), {}, QStringLiteral("S")},
            {QStringLiteral("now"), {}, QStringLiteral("ISO8601")},
    });
    if (auto done = parseOptions(parser, kDemo, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kDemo, io, &code);
    if (!db)
        return code;
    const auto agents = integerOption(parser, QStringLiteral("agents"), 2000, 1, kDemoMaxAgents,
                                      kDemo, io, &code);
    if (!agents)
        return code;

    DemoOptions options;
    options.agents = int(*agents);
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return usageError(
                    io, kDemo,
                    QStringLiteral("--seed takes a whole number from 0 to 18446744073709551615."));
    }
    if (parser.isSet(QStringLiteral("now"))) {
        const auto now = parseNow(parser.value(QStringLiteral("now")));
        if (!now || *now <= 0)
            return usageError(
                    io, kDemo,
                    QStringLiteral("--now takes an ISO 8601 time such as 2026-03-02T09:30:00Z, "
                                   "not \"%1\".")
                            .arg(parser.value(QStringLiteral("now")).left(40)));
        options.nowMs = *now;
    }
    options.progress = [&io](int percent, const QString &stage) {
        io.err << '[' << qSetFieldWidth(3) << percent << qSetFieldWidth(0) << "%] " << stage
               << '\n';
        io.err.flush();
    };

    auto generated = generateDemo(*db, options);
    if (!generated)
        return failure(io, generated.error().message);
    const DemoSummary &s = *generated;
    // JSON numbers are doubles: a seed beyond 2^53 is written as a string to keep every digit.
    const QJsonValue seed = options.seed < (quint64(1) << 53)
                                    ? QJsonValue(qint64(options.seed))
                                    : QJsonValue(QString::number(options.seed));
    printJson(io, QJsonObject{
                          {QStringLiteral("db"), QFileInfo(*db).absoluteFilePath()},
                          {QStringLiteral("seed"), seed},
                          {QStringLiteral("now"), formatTime(s.nowMs)},
                          {QStringLiteral("humans"), s.humans},
                          {QStringLiteral("agents"), s.agents},
                          {QStringLiteral("sessions"), s.sessions},
                          {QStringLiteral("decisions"), s.decisions},
                          {QStringLiteral("step_ups"), s.stepUps},
                          {QStringLiteral("audit_events"), s.auditEvents},
                          {QStringLiteral("audit_head"), QString::fromLatin1(s.auditHead)},
                          {QStringLiteral("seconds"), qRound(s.seconds * 100) / 100.0},
                          // 10^6 bytes, as mandate-bench's demo.file_1m_mb.
                          {QStringLiteral("file_mb"),
                           qRound64(double(QFileInfo(*db).size()) / 1e5) / 10.0},
                  });
    return ExitSuccess;
}

} // namespace mandate::cli
