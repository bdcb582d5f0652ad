#include "Limits.h"

#include <benchmark/benchmark.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <sqlite3.h>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mandate::bench {

namespace {

struct PkeyDeleter
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

// A signing input the size of a typical access token's header and payload.
const std::string kMessage(420, 'x');

Pkey p256Key()
{
    return Pkey(EVP_EC_gen("P-256"));
}

// One item of each limit: a signature, or a verification, with a context of its own as a
// signer or verifier makes for each token.
bool signOnce(EVP_PKEY *key, std::vector<unsigned char> &sig, size_t *len)
{
    MdCtx ctx(EVP_MD_CTX_new());
    *len = sig.size();
    return ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestSign(ctx.get(), sig.data(), len, reinterpret_cast<const unsigned char *>(kMessage.data()),
                          kMessage.size())
        == 1;
}

bool verifyOnce(EVP_PKEY *key, const std::vector<unsigned char> &sig, size_t len)
{
    MdCtx ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestVerify(ctx.get(), sig.data(), len, reinterpret_cast<const unsigned char *>(kMessage.data()),
                            kMessage.size())
        == 1;
}

void bmEs256Sign(benchmark::State &state)
{
    Pkey key = p256Key();
    std::vector<unsigned char> sig(128);
    size_t len = 0;
    for (auto _ : state) {
        if (!signOnce(key.get(), sig, &len)) {
            state.SkipWithError("EVP_DigestSign failed");
            break;
        }
        benchmark::DoNotOptimize(sig.data());
    }
    state.SetItemsProcessed(state.iterations());
}

void bmEs256Verify(benchmark::State &state)
{
    Pkey key = p256Key();
    std::vector<unsigned char> sig(128);
    size_t len = 0;
    if (!signOnce(key.get(), sig, &len)) {
        state.SkipWithError("EVP_DigestSign failed");
        return;
    }
    for (auto _ : state) {
        if (!verifyOnce(key.get(), sig, len)) {
            state.SkipWithError("EVP_DigestVerify failed");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations());
}

// Rows shaped like an audit event, in transactions of 1,000, with the store's own settings
// (WAL, synchronous FULL): what SQLite itself can do here, without Qt or Mandate.
void bmSqliteInsert(benchmark::State &state)
{
    QTemporaryDir dir;
    const QByteArray path = dir.filePath(QStringLiteral("limit.db")).toUtf8();
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.constData(), &db) != SQLITE_OK) {
        state.SkipWithError("sqlite3_open failed");
        return;
    }
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE t (seq INTEGER PRIMARY KEY, time INTEGER, type TEXT, actor TEXT, "
                     "session TEXT, scopes TEXT, detail TEXT, hash TEXT)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, nullptr);
    const std::string hash(64, 'a');
    const std::string detail = R"({"expires_at":"2026-11-22T10:15:00.000Z","depth":1})";
    sqlite3_int64 seq = 0;
    for (auto _ : state) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (int i = 0; i < 1000; ++i) {
            ++seq;
            sqlite3_bind_int64(stmt, 1, seq);
            sqlite3_bind_int64(stmt, 2, 1790000000000 + seq);
            sqlite3_bind_text(stmt, 3, "session.started", -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 4, "human:hum_0123456789abcdef", -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 5, "ses_0123456789abcdef", -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 6, "calendar:read mail:send", -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 7, detail.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(stmt, 8, hash.c_str(), -1, SQLITE_STATIC);
            sqlite3_step(stmt);
            sqlite3_reset(stmt);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    state.SetItemsProcessed(state.iterations() * 1000);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

class CollectingReporter final : public benchmark::BenchmarkReporter
{
public:
    std::map<std::string, double> perSecond;
    std::string error;

    bool ReportContext(const Context &) override { return true; }
    void ReportRuns(const std::vector<Run> &runs) override
    {
        for (const Run &run : runs) {
            if (run.error_occurred) {
                error = run.benchmark_name() + ": " + run.error_message;
                continue;
            }
            if (run.run_type != Run::RT_Iteration)
                continue; // the library's mean, median and deviation of the repetitions
            const auto it = run.counters.find("items_per_second");
            if (it == run.counters.end())
                continue;
            double &best = perSecond[run.run_name.function_name];
            best = std::max(best, double(it->second.value));
        }
    }
};

} // namespace

struct Es256Limit::Private
{
    Pkey key = p256Key();
    std::vector<unsigned char> sig = std::vector<unsigned char>(128);
    size_t length = 0;
    bool signedOnce = key && signOnce(key.get(), sig, &length);
};

Es256Limit::Es256Limit()
    : d(std::make_unique<Private>())
{
}

Es256Limit::~Es256Limit() = default;

bool Es256Limit::isValid() const
{
    return d->signedOnce;
}

namespace {

// Items per second of op over a round of about `milliseconds`, or 0 as soon as one fails.
template<typename Op>
double perSecond(int milliseconds, Op op)
{
    QElapsedTimer timer;
    timer.start();
    qint64 n = 0;
    while (timer.elapsed() < milliseconds) {
        for (int i = 0; i < 32; ++i) {
            if (!op())
                return 0;
        }
        n += 32;
    }
    return n / (timer.nsecsElapsed() / 1e9);
}

} // namespace

double Es256Limit::signRound(int milliseconds)
{
    std::vector<unsigned char> sig(128);
    size_t length = 0;
    return perSecond(milliseconds, [&] {
        const bool ok = signOnce(d->key.get(), sig, &length);
        benchmark::DoNotOptimize(sig.data());
        return ok;
    });
}

double Es256Limit::verifyRound(int milliseconds)
{
    if (!d->signedOnce)
        return 0;
    return perSecond(milliseconds, [&] { return verifyOnce(d->key.get(), d->sig, d->length); });
}

BenchGroup limitsGroup()
{
    return BenchGroup{
        QStringLiteral("limits"),
        {QStringLiteral("limits.openssl_es256_sign_per_s"), QStringLiteral("limits.openssl_es256_verify_per_s"),
         QStringLiteral("limits.sqlite_insert_per_s")},
        [](BenchContext &, BenchReport &report, QString *error) {
            benchmark::ClearRegisteredBenchmarks();
            // The best of several short repetitions, as the figures set beside them are taken:
            // whatever else runs on a shared machine only ever slows a round down.
            benchmark::RegisterBenchmark("es256_sign", bmEs256Sign)
                    ->MinTime(0.2)
                    ->Repetitions(kRounds)
                    ->Unit(benchmark::kMicrosecond);
            benchmark::RegisterBenchmark("es256_verify", bmEs256Verify)
                    ->MinTime(0.2)
                    ->Repetitions(kRounds)
                    ->Unit(benchmark::kMicrosecond);
            benchmark::RegisterBenchmark("sqlite_insert", bmSqliteInsert)->MinTime(1.0)->Unit(benchmark::kMillisecond);
            CollectingReporter reporter;
            benchmark::RunSpecifiedBenchmarks(&reporter);
            if (!reporter.error.empty()) {
                *error = QString::fromStdString(reporter.error);
                return false;
            }
            report.set(QStringLiteral("limits.openssl_es256_sign_per_s"), reporter.perSecond["es256_sign"]);
            report.set(QStringLiteral("limits.openssl_es256_verify_per_s"), reporter.perSecond["es256_verify"]);
            report.set(QStringLiteral("limits.sqlite_insert_per_s"), reporter.perSecond["sqlite_insert"]);
            return true;
        }};
}

} // namespace mandate::bench
