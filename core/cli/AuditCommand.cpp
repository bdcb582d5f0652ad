#include "CliSupport.h"

#include "Clock.h"
#include "engine/IdSource.h"
#include "engine/IdentityEngine.h"
#include "store/SqliteStore.h"

namespace mandate::cli {

namespace {

const Command kAuditVerify{QStringLiteral("audit verify"),
                           QStringLiteral("mandatectl audit verify --db FILE"),
                           QStringLiteral("Walks the audit log's SHA-256 hash chain from the first "
                                          "event to the head recorded at the\n"
                                          "last commit and names the first broken link: a "
                                          "modified, inserted, removed or reordered\n"
                                          "event, or a truncated tail.\n"
                                          "\n"
                                          "Options:\n"
                                          "  --db FILE        the store\n"
                                          "\n"
                                          "Exit status 0 and {\"intact\": true, \"events\": N, "
                                          "\"head\": {\"seq\": S, \"hash\": H}} when the\n"
                                          "chain is intact; exit status 1 and {\"intact\": false, "
                                          "\"first_broken_seq\": S, \"problem\": ...,\n"
                                          "\"events_checked\": N} when it is not.\n")};

} // namespace

int runAuditVerify(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("db"), {}, QStringLiteral("FILE")});
    if (auto done = parseOptions(parser, kAuditVerify, arguments, io))
        return *done;
    int code = ExitSuccess;
    const auto db = requiredDb(parser, kAuditVerify, io, &code);
    if (!db)
        return code;
    auto store = openExisting(*db, io);
    if (!store)
        return ExitFailure;

    // Through the engine, like every other front-end; verifying changes nothing.
    SystemClock clock;
    RandomIdSource ids;
    IdentityEngine engine(*store, clock, ids);
    auto verified = engine.verifyAudit();
    if (!verified)
        return failure(io, verified.error().message);
    const AuditChain::Verification &v = *verified;
    if (v.intact) {
        printJson(io,
                  QJsonObject{
                          {QStringLiteral("intact"), true},
                          {QStringLiteral("events"), v.eventsChecked},
                          {QStringLiteral("head"),
                           QJsonObject{{QStringLiteral("seq"), v.head.seq},
                                       {QStringLiteral("hash"), QString::fromLatin1(v.head.hash)}}},
                  });
        return ExitSuccess;
    }
    printJson(io, QJsonObject{
                          {QStringLiteral("intact"), false},
                          {QStringLiteral("first_broken_seq"), v.firstBrokenSeq},
                          {QStringLiteral("problem"), v.problem},
                          {QStringLiteral("events_checked"), v.eventsChecked},
                  });
    return failure(io, QStringLiteral("The audit log is broken at event %1: %2")
                               .arg(v.firstBrokenSeq)
                               .arg(v.problem));
}

} // namespace mandate::cli
