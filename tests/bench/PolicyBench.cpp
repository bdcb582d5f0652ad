#include "PolicyBench.h"

#include "PolicyWorkloads.h"
#include "../policy/CedarPeer.h"

#include "policy/AuthorizationCall.h"

#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace mandate::bench {

namespace {

using namespace mandate::policy;

constexpr int kRounds = 50;      // each request of a workload this many times (ours)
constexpr int kPeerRounds = 5;   // and through cedar-wasm, which is far slower per call

struct Prepared
{
    PolicySet policies;
    Entities entities;
    std::vector<Request> requests;
};

bool prepare(const PolicyWorkload &w, Prepared &out, QString *error)
{
    auto policies = policySetFromJson(w.policies);
    if (!policies) {
        *error = w.name + QStringLiteral(": ") + policies.error().message;
        return false;
    }
    out.policies = std::move(*policies);
    auto entities = Entities::fromJson(QJsonValue(w.entities));
    if (!entities) {
        *error = w.name + QStringLiteral(": ") + entities.error().message;
        return false;
    }
    out.entities = std::move(*entities);
    for (const QJsonValue &v : w.requests) {
        const QJsonObject r = v.toObject();
        Request request;
        std::string e;
        if (!entityUidFromJson(r.value(u"principal"), request.principal, e)
            || !entityUidFromJson(r.value(u"action"), request.action, e)
            || !entityUidFromJson(r.value(u"resource"), request.resource, e)) {
            *error = w.name + QStringLiteral(": ") + QString::fromStdString(e);
            return false;
        }
        auto context = contextFromJson(r.value(u"context"), nullptr, request.action);
        if (!context) {
            *error = w.name + QStringLiteral(": ") + context.error().message;
            return false;
        }
        request.context = std::move(*context);
        out.requests.push_back(std::move(request));
    }
    return true;
}

// Times every decision on its own (the clock's own cost, some 20 ns, included).
// Returns the number of requests allowed in one round.
int measure(const Prepared &p, std::vector<double> &samples)
{
    Response response;
    int allowed = 0;
    for (const Request &r : p.requests) {  // warm-up, and the decisions to compare
        p.policies.isAuthorized(r, p.entities, response);
        allowed += response.decision == Decision::Allow;
    }
    for (int round = 0; round < kRounds; ++round) {
        for (const Request &r : p.requests) {
            const auto t0 = std::chrono::steady_clock::now();
            p.policies.isAuthorized(r, p.entities, response);
            const auto t1 = std::chrono::steady_clock::now();
            samples.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
        }
    }
    return allowed;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = size_t(std::max(0.0, std::ceil(p * double(v.size())) - 1));
    return v[std::min(i, v.size() - 1)];
}

QJsonObject peerInput(const PolicyWorkload &w, bool pooled)
{
    return QJsonObject{{QStringLiteral("name"), w.name},
                       {QStringLiteral("policies"), w.policies},
                       {QStringLiteral("entities"), w.entities},
                       {QStringLiteral("requests"), w.requests},
                       {QStringLiteral("rounds"), kPeerRounds},
                       {QStringLiteral("pool"), pooled}};
}

bool run(BenchContext &context, BenchReport &report, QString *error)
{
    const QList<PolicyWorkload> small{gdriveWorkload(11), githubWorkload(12), tinytodoWorkload(13)};
    const PolicyWorkload large = starterWorkload(1000, 14);

    std::vector<double> pooled;
    QMap<QString, int> allowed;
    for (const PolicyWorkload &w : small) {
        Prepared p;
        if (!prepare(w, p, error))
            return false;
        std::vector<double> samples;
        allowed[w.name] = measure(p, samples);
        report.set(QStringLiteral("policy.%1_p50_ns").arg(w.name), percentile(samples, 0.5));
        report.set(QStringLiteral("policy.%1_p99_ns").arg(w.name), percentile(samples, 0.99));
        report.set(QStringLiteral("policy.%1_entities").arg(w.name), double(p.entities.size()));
        report.set(QStringLiteral("policy.%1_policies").arg(w.name), double(p.policies.policies().size()));
        pooled.insert(pooled.end(), samples.begin(), samples.end());
        if (context.verbose)
            qInfo("  %s: %zu policies, %zu entities, %d of %zu allowed", qPrintable(w.name),
                  p.policies.policies().size(), p.entities.size(), allowed[w.name], p.requests.size());
    }
    report.set(QStringLiteral("policy.decision_p50_ns"), percentile(pooled, 0.5));
    report.set(QStringLiteral("policy.decision_p99_ns"), percentile(pooled, 0.99));
    {
        Prepared p;
        if (!prepare(large, p, error))
            return false;
        std::vector<double> samples;
        allowed[large.name] = measure(p, samples);
        report.set(QStringLiteral("policy.decision_p50_ns_1000_policies"), percentile(samples, 0.5));
        report.set(QStringLiteral("policy.decision_p99_ns_1000_policies"), percentile(samples, 0.99));
        report.set(QStringLiteral("policy.starter_1000_policies"), double(p.policies.policies().size()));
        report.set(QStringLiteral("policy.starter_1000_entities"), double(p.entities.size()));
    }

    // The reference implementation on the same workloads, in the same run.
    QJsonArray input;
    for (const PolicyWorkload &w : small)
        input.append(peerInput(w, true));
    input.append(peerInput(large, false));
    policy::testing::CedarPeer peer;
    if (!peer.start("bench", error))
        return false;
    const auto answer = peer.runOnce(QJsonDocument(input).toJson(QJsonDocument::Compact), 600000, error);
    if (!answer)
        return false;
    const QJsonObject pooledPeer = answer->value(u"_pooled").toObject();
    report.set(QStringLiteral("peer.cedar_wasm_p50_ns"), pooledPeer.value(u"p50_ns").toDouble());
    report.set(QStringLiteral("peer.cedar_wasm_p99_ns"), pooledPeer.value(u"p99_ns").toDouble());
    const QJsonObject largePeer = answer->value(large.name).toObject();
    report.set(QStringLiteral("peer.cedar_wasm_p50_ns_1000_policies"), largePeer.value(u"p50_ns").toDouble());
    report.set(QStringLiteral("peer.cedar_wasm_p99_ns_1000_policies"), largePeer.value(u"p99_ns").toDouble());
    // Both engines must have decided the same: the figures compare like with like.
    bool agree = true;
    for (auto it = allowed.begin(); it != allowed.end(); ++it) {
        const QJsonObject w = answer->value(it.key()).toObject();
        if (w.contains(u"error")) {
            *error = QStringLiteral("cedar-wasm on %1: %2").arg(it.key(), w.value(u"error").toString());
            return false;
        }
        agree = agree && qRound(w.value(u"allowed").toDouble()) == it.value();
    }
    report.set(QStringLiteral("policy.decisions_agree_with_peer"), agree ? 1 : 0);
    if (!agree) {
        *error = QStringLiteral("cedar-wasm allowed a different number of requests than Mandate");
        return false;
    }
    return true;
}

} // namespace

BenchGroup policyGroup()
{
    return BenchGroup{QStringLiteral("policy"),
                      {QStringLiteral("policy.decision_p50_ns"), QStringLiteral("policy.decision_p99_ns"),
                       QStringLiteral("policy.decision_p99_ns_1000_policies"),
                       QStringLiteral("peer.cedar_wasm_p50_ns")},
                      run};
}

} // namespace mandate::bench
