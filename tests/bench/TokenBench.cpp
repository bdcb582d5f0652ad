#include "TokenBench.h"

#include "Limits.h"

#include "Clock.h"
#include "engine/IdSource.h"
#include "engine/IdentityEngine.h"
#include "store/SqliteStore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace mandate::bench {

namespace {

struct Setup
{
    std::unique_ptr<SqliteStore> store;
    SystemClock clock;
    RandomIdSource ids;
    std::unique_ptr<IdentityEngine> engine;
    Human human;
    Agent agent;
};

bool open(Setup &s, const QString &path, QString *error)
{
    QFile::remove(path);
    auto store = SqliteStore::open(path, SqliteStore::OpenMode::CreateIfMissing);
    if (!store) {
        *error = store.error().message;
        return false;
    }
    s.store = std::move(*store);
    s.engine = std::make_unique<IdentityEngine>(*s.store, s.clock, s.ids);
    Human h;
    h.name = QStringLiteral("Bench Human");
    h.email = QStringLiteral("bench@example.com");
    h.department = QStringLiteral("Bench");
    auto human = s.engine->addHuman(Actor::system(), h);
    if (!human) {
        *error = human.error().message;
        return false;
    }
    s.human = *human;
    Agent a;
    a.name = QStringLiteral("Bench Agent");
    a.ownerId = s.human.id;
    a.purpose = QStringLiteral("Benchmarks");
    a.ceiling = *ScopeSet::parse(QStringLiteral("invoices:read invoices:approve mail:send"));
    auto agent = s.engine->registerAgent(Actor::system(), a);
    if (!agent) {
        *error = agent.error().message;
        return false;
    }
    s.agent = *agent;
    if (auto keys = s.engine->jwks(); !keys) {
        *error = keys.error().message;
        return false;
    }
    return true;
}

SessionRequest rootRequest(const Setup &s)
{
    SessionRequest r;
    r.agentId = s.agent.id;
    r.humanId = s.human.id;
    r.task = QStringLiteral("bench");
    r.scopes = *ScopeSet::parse(QStringLiteral("invoices:read mail:send"));
    return r;
}

// Session starts in batches of this many per transaction, as a server groups concurrent
// requests: one commit per batch, whose sync overlaps the building of the next batch, and whose
// tokens count once it is durable.
constexpr int kStartBatch = 100;

// A round of a limit, run before each round of the figure set beside it.
constexpr int kLimitRoundMs = 200;

// Session starts: more rounds than the other figures, since a batch's rounds are the longest
// and the most disturbed by other work on the machine; the signing limit's rounds before them
// are as long as theirs.
constexpr int kStartRounds = 8;
constexpr int kStartRoundMs = 400;

bool run(BenchContext &context, BenchReport &report, QString *error)
{
    Setup s;
    if (!open(s, QDir(context.workDir).filePath(QStringLiteral("tokens.mandate")), error))
        return false;
    const SessionRequest request = rootRequest(s);

    // The limits these figures are set beside, a round of which runs before each of theirs.
    Es256Limit limit;
    if (!limit.isValid()) {
        *error = QStringLiteral("OpenSSL cannot sign with a new P-256 key");
        return false;
    }
    double bestSign = 0;

    // tokens.session_start_per_s: session, ES256 signature, token row and audit events, a start
    // counted once its batch is durable; the best of kStartRounds rounds.
    QStringList tokens;
    QElapsedTimer timer;
    double bestStarts = 0;
    for (int round = 0; round < kStartRounds; ++round) {
        const double signs = limit.signRound(kStartRoundMs);
        if (signs == 0) {
            *error = QStringLiteral("OpenSSL failed to sign");
            return false;
        }
        bestSign = std::max(bestSign, signs);
        timer.start();
        qint64 started = 0;
        QStringList undurable; // the batch awaiting its sync: its tokens are not handed out yet
        quint64 awaited = 0;
        auto acknowledge = [&]() -> bool {
            if (awaited == 0)
                return true;
            if (auto durable = s.engine->waitUntilDurable(std::exchange(awaited, 0)); !durable) {
                *error = durable.error().message;
                return false;
            }
            started += kStartBatch;
            if (tokens.size() < 20000)
                tokens += undurable;
            undurable.clear();
            return true;
        };
        while (timer.elapsed() < kStartRoundMs) {
            QStringList batch;
            auto committed = s.engine->transactionDeferringSync([&]() -> Status {
                for (int i = 0; i < kStartBatch; ++i) {
                    auto issued = s.engine->startSession(Actor::human(s.human.id), request);
                    if (!issued)
                        return std::unexpected(issued.error());
                    if (tokens.size() + batch.size() < 20000)
                        batch << issued->token;
                }
                return {};
            });
            if (!committed) {
                *error = committed.error().message;
                return false;
            }
            if (!acknowledge()) // the batch before, whose sync ran while this one was built
                return false;
            undurable = std::move(batch);
            awaited = *committed;
        }
        if (!acknowledge())
            return false;
        bestStarts = std::max(bestStarts, started / (timer.nsecsElapsed() / 1e9));
    }
    report.raise(QStringLiteral("limits.openssl_es256_sign_per_s"), bestSign);
    report.set(QStringLiteral("tokens.session_start_per_s"), bestStarts);
    report.set(QStringLiteral("tokens.session_start_batch"), kStartBatch);

    // Unbatched: one durable commit per start.
    timer.restart();
    qint64 single = 0;
    while (timer.elapsed() < 1000) {
        if (!s.engine->startSession(Actor::human(s.human.id), request)) {
            *error = QStringLiteral("startSession failed");
            return false;
        }
        ++single;
    }
    report.set(QStringLiteral("tokens.session_start_unbatched_per_s"), single / (timer.nsecsElapsed() / 1e9));

    // tokens.introspect_cold_per_s: tokens never seen by this engine (its signature cache is
    // empty), each once; the best of kRounds rounds, each a fifth of them.
    {
        IdentityEngine fresh(*s.store, s.clock, s.ids);
        if (!fresh.introspect(tokens.constFirst())) { // loads the key ring outside the timing
            *error = QStringLiteral("introspection failed");
            return false;
        }
        const qsizetype perRound = (tokens.size() - 1) / kRounds;
        double best = 0;
        double bestVerify = 0;
        for (int round = 0; round < kRounds; ++round) {
            const double verifications = limit.verifyRound(kLimitRoundMs);
            if (verifications == 0) {
                *error = QStringLiteral("OpenSSL failed to verify");
                return false;
            }
            bestVerify = std::max(bestVerify, verifications);
            timer.restart();
            const qsizetype first = 1 + round * perRound;
            for (qsizetype i = first; i < first + perRound; ++i) {
                auto answer = fresh.introspect(tokens.at(i));
                if (!answer || !answer->active) {
                    *error = QStringLiteral("a fresh token is inactive");
                    return false;
                }
            }
            best = std::max(best, perRound / (timer.nsecsElapsed() / 1e9));
        }
        report.raise(QStringLiteral("limits.openssl_es256_verify_per_s"), bestVerify);
        report.set(QStringLiteral("tokens.introspect_cold_per_s"), best);
    }

    // tokens.introspect_warm_per_s: a token seen before; the signature check is cached, the
    // revocation state is read from the store every time. The best of kRounds rounds of 200 ms.
    {
        const QString token = tokens.constLast();
        if (!s.engine->introspect(token)) {
            *error = QStringLiteral("introspection failed");
            return false;
        }
        double best = 0;
        for (int round = 0; round < kRounds; ++round) {
            timer.restart();
            qint64 n = 0;
            while (timer.elapsed() < 200) {
                for (int i = 0; i < 1000; ++i) {
                    auto answer = s.engine->introspect(token);
                    if (!answer || !answer->active) {
                        *error = QStringLiteral("the warm token is inactive");
                        return false;
                    }
                }
                n += 1000;
            }
            best = std::max(best, n / (timer.nsecsElapsed() / 1e9));
        }
        report.set(QStringLiteral("tokens.introspect_warm_per_s"), best);
    }

    // The same two figures with every core introspecting at once, each thread with its own
    // connection and engine on the same store, as a server answers concurrent requests. The
    // keys above stay single-threaded, comparable with the one-core OpenSSL limits.
    {
        const int threads = qMax(1, QThread::idealThreadCount());
        const QString path = s.store->path();
        const QString warmToken = tokens.constLast();
        auto runAll = [&](bool cold) -> double {
            std::atomic<qint64> total{0};
            std::atomic<bool> failed{false};
            std::vector<std::thread> pool;
            QElapsedTimer wall;
            wall.start();
            for (int t = 0; t < threads; ++t) {
                pool.emplace_back([&, t] {
                    auto store = SqliteStore::open(path, SqliteStore::OpenMode::OpenExisting);
                    if (!store) {
                        failed = true;
                        return;
                    }
                    SystemClock clock;
                    RandomIdSource ids;
                    IdentityEngine engine(**store, clock, ids);
                    qint64 n = 0;
                    QElapsedTimer clockTime;
                    clockTime.start();
                    for (qsizetype i = t; clockTime.elapsed() < 1000; i += threads) {
                        const QString &token = cold ? tokens.at(1 + i % (tokens.size() - 1)) : warmToken;
                        if (cold && i >= tokens.size() - 1)
                            break; // every token once: a second pass would be warm
                        auto answer = engine.introspect(token);
                        if (!answer || !answer->active) {
                            failed = true;
                            return;
                        }
                        ++n;
                    }
                    total += n;
                });
            }
            for (std::thread &th : pool)
                th.join();
            return failed ? -1.0 : double(total) / (wall.nsecsElapsed() / 1e9);
        };
        const double warm = runAll(false);
        const double cold = runAll(true);
        if (warm < 0 || cold < 0) {
            *error = QStringLiteral("a concurrent introspection failed");
            return false;
        }
        report.set(QStringLiteral("tokens.introspect_warm_per_s_all_cores"), warm);
        report.set(QStringLiteral("tokens.introspect_cold_per_s_all_cores"), cold);
    }

    // revoke.subtree_10k_ms: a root with 100 children of 100 children each (10,100 descendants),
    // revoked through the engine (blast radius, one UPDATE, audit event, durable commit). Three
    // trees, each revoked once: the median is reported, and the slowest beside it (a commit that
    // also checkpoints the write-ahead log takes longer).
    QList<double> revocations;
    for (int tree = 0; tree < 3; ++tree) {
        auto root = s.engine->startSession(Actor::human(s.human.id), request);
        if (!root) {
            *error = root.error().message;
            return false;
        }
        auto child = s.engine->exchangeToken(Actor::agent(s.agent.id), root->token, s.agent.id, {});
        if (!child) {
            *error = child.error().description;
            return false;
        }
        auto grandchild = s.engine->exchangeToken(Actor::agent(s.agent.id), child->token, s.agent.id, {});
        if (!grandchild) {
            *error = grandchild.error().description;
            return false;
        }
        auto built = s.engine->transaction([&]() -> Status {
            for (int i = 0; i < 99; ++i) {
                SessionRequest c = request;
                c.parentId = root->session.id;
                auto mid = s.engine->openSession(Actor::agent(s.agent.id), c);
                if (!mid)
                    return std::unexpected(mid.error());
                for (int j = 0; j < 100; ++j) {
                    SessionRequest g = request;
                    g.parentId = mid->id;
                    if (auto leaf = s.engine->openSession(Actor::agent(s.agent.id), g); !leaf)
                        return std::unexpected(leaf.error());
                }
            }
            for (int j = 0; j < 99; ++j) {
                SessionRequest g = request;
                g.parentId = child->session.id;
                if (auto leaf = s.engine->openSession(Actor::agent(s.agent.id), g); !leaf)
                    return std::unexpected(leaf.error());
            }
            return {};
        });
        if (!built) {
            *error = built.error().message;
            return false;
        }
        timer.restart();
        auto revoked = s.engine->revoke(Actor::system(), RevocationTarget{RevocationTarget::Kind::Session, root->session.id},
                                        QStringLiteral("bench"));
        const double ms = timer.nsecsElapsed() / 1e6;
        if (!revoked) {
            *error = revoked.error().message;
            return false;
        }
        auto answer = s.engine->introspect(grandchild->token);
        if (!answer || answer->active) {
            *error = QStringLiteral("a revoked descendant is still active");
            return false;
        }
        revocations << ms;
        report.set(QStringLiteral("revoke.subtree_sessions"), revoked->sessionIds.size());
    }
    std::sort(revocations.begin(), revocations.end());
    report.set(QStringLiteral("revoke.subtree_10k_ms"), revocations.at(revocations.size() / 2));
    report.set(QStringLiteral("revoke.subtree_10k_ms_max"), revocations.constLast());
    return true;
}

} // namespace

BenchGroup tokenGroup()
{
    return BenchGroup{QStringLiteral("tokens"),
                      {QStringLiteral("tokens.session_start_per_s"), QStringLiteral("tokens.introspect_warm_per_s"),
                       QStringLiteral("tokens.introspect_cold_per_s"), QStringLiteral("revoke.subtree_10k_ms")},
                      run};
}

} // namespace mandate::bench
