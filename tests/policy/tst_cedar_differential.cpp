// Differential test against Cedar's reference implementation: thousands of generated requests
// (CedarCaseGenerator) answered by Mandate's engine and by @cedar-policy/cedar-wasm under
// Node.js must agree on the decision, the determining policies and the erroring policies.
// A disagreement is shrunk (policies, links, entities, their attributes, context fields and
// conditions dropped, expressions simplified, while the disagreement holds) and the smallest
// case found is printed.
//
// MANDATE_DIFF_SEED and MANDATE_DIFF_WORLDS change the seed and the size of a run.

#include "CedarCaseGenerator.h"
#include "CedarPeer.h"

#include "policy/AuthorizationCall.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>

using namespace mandate::policy;
using namespace mandate::policy::testing;

namespace {

struct Outcome
{
    bool failed = false;  // the request could not be answered (bad input for that side)
    QString decision;
    QStringList reasons;
    QStringList errors;
    QString detail;       // error messages, for the report

    bool operator==(const Outcome &o) const
    {
        if (failed || o.failed)
            return failed == o.failed;
        return decision == o.decision && reasons == o.reasons && errors == o.errors;
    }
    QString toString() const
    {
        if (failed)
            return QStringLiteral("not answered: ") + detail;
        return QStringLiteral("%1 reason [%2] errors [%3]%4")
                .arg(decision, reasons.join(u", "), errors.join(u", "),
                     detail.isEmpty() ? QString() : QStringLiteral(" (") + detail + u')');
    }
};

QStringList sortedStrings(const QJsonArray &a)
{
    QStringList out;
    for (const QJsonValue &v : a)
        out << v.toString();
    out.sort();
    return out;
}

Outcome ours(const QByteArray &line)
{
    Outcome o;
    auto call = authorizationCallFromJson(QJsonDocument::fromJson(line).object());
    if (!call) {
        o.failed = true;
        o.detail = call.error().message;
        return o;
    }
    const QJsonObject answer =
            responseToJson(call->policies, call->policies.isAuthorized(call->request, call->entities));
    o.decision = answer.value(u"decision").toString();
    o.reasons = sortedStrings(answer.value(u"reason").toArray());
    QStringList messages;
    for (const QJsonValue &e : answer.value(u"errors").toArray()) {
        o.errors << e.toObject().value(u"policyId").toString();
        messages << e.toObject().value(u"message").toString();
    }
    o.errors.sort();
    o.detail = messages.join(u"; ");
    return o;
}

Outcome theirs(const QJsonObject &answer)
{
    Outcome o;
    if (answer.contains(u"error") || !answer.contains(u"decision")) {
        o.failed = true;
        o.detail = answer.value(u"error").toString();
        return o;
    }
    o.decision = answer.value(u"decision").toString();
    o.reasons = sortedStrings(answer.value(u"reason").toArray());
    o.errors = sortedStrings(answer.value(u"errors").toArray());
    QStringList messages;
    for (const QJsonValue &m : answer.value(u"messages").toArray())
        messages << m.toString();
    o.detail = messages.join(u"; ");
    return o;
}

QByteArray line(const GenCase &c)
{
    return QJsonDocument(c.toJson()).toJson(QJsonDocument::Compact);
}

// Paths to every node of an expression tree, in pre-order.
void collectPaths(const GenExpr &e, std::vector<size_t> &path, std::vector<std::vector<size_t>> &out)
{
    out.push_back(path);
    for (size_t i = 0; i < e.kids.size(); ++i) {
        path.push_back(i);
        collectPaths(e.kids[i], path, out);
        path.pop_back();
    }
}

GenExpr &nodeAt(GenExpr &root, const std::vector<size_t> &path)
{
    GenExpr *e = &root;
    for (const size_t i : path)
        e = &e->kids[i];
    return *e;
}

class Shrinker
{
public:
    explicit Shrinker(std::function<bool(const GenCase &)> disagrees)
        : m_disagrees(std::move(disagrees))
    {}

    GenCase shrink(GenCase c)
    {
        bool progress = true;
        while (progress && m_budget > 0) {
            progress = dropParts(c) || simplifyExpressions(c);
        }
        return c;
    }

private:
    bool attempt(GenCase &c, GenCase candidate)
    {
        if (--m_budget < 0)
            return false;
        if (!m_disagrees(candidate))
            return false;
        c = std::move(candidate);
        return true;
    }

    template <typename List>
    bool dropEach(GenCase &c, List GenCase::*member)
    {
        bool any = false;
        for (size_t i = 0; i < (c.*member).size();) {
            GenCase candidate = c;
            (candidate.*member).erase((candidate.*member).begin() + qsizetype(i));
            if (attempt(c, std::move(candidate)))
                any = true;
            else
                ++i;
        }
        return any;
    }

    bool dropParts(GenCase &c)
    {
        bool any = dropEach(c, &GenCase::statics);
        for (size_t t = 0; t < c.templates.size();) {
            GenCase candidate = c;
            const std::string id = candidate.templates[t].id;
            candidate.templates.erase(candidate.templates.begin() + qsizetype(t));
            std::erase_if(candidate.links, [&](const GenLink &l) { return l.templateId == id; });
            if (attempt(c, std::move(candidate)))
                any = true;
            else
                ++t;
        }
        any = dropEach(c, &GenCase::links) || any;
        any = dropEach(c, &GenCase::entities) || any;
        for (size_t e = 0; e < c.entities.size(); ++e) {
            const QJsonObject attrs = c.entities[e].value(u"attrs").toObject();
            for (const QString &key : attrs.keys()) {
                GenCase candidate = c;
                QJsonObject fewer = candidate.entities[e].value(u"attrs").toObject();
                fewer.remove(key);
                candidate.entities[e].insert(QStringLiteral("attrs"), fewer);
                any = attempt(c, std::move(candidate)) || any;
            }
            if (c.entities[e].contains(u"tags")) {
                GenCase candidate = c;
                candidate.entities[e].remove(QStringLiteral("tags"));
                any = attempt(c, std::move(candidate)) || any;
            }
        }
        for (const QString &key : c.context.keys()) {
            GenCase candidate = c;
            candidate.context.remove(key);
            any = attempt(c, std::move(candidate)) || any;
        }
        for (std::vector<GenPolicy> *list : {&c.statics, &c.templates}) {
            for (size_t p = 0; p < list->size(); ++p) {
                for (size_t k = 0; k < (*list)[p].conditions.size();) {
                    GenCase candidate = c;
                    auto &policies = list == &c.statics ? candidate.statics : candidate.templates;
                    policies[p].conditions.erase(policies[p].conditions.begin() + qsizetype(k));
                    if (attempt(c, std::move(candidate)))
                        any = true;
                    else
                        ++k;
                }
            }
        }
        return any;
    }

    bool simplifyExpressions(GenCase &c)
    {
        for (int which = 0; which < 2; ++which) {
            auto &list = which == 0 ? c.statics : c.templates;
            for (size_t p = 0; p < list.size(); ++p) {
                for (size_t k = 0; k < list[p].conditions.size(); ++k) {
                    std::vector<std::vector<size_t>> paths;
                    std::vector<size_t> path;
                    collectPaths(list[p].conditions[k].expr, path, paths);
                    for (const auto &at : paths) {
                        const GenExpr node = nodeAt(list[p].conditions[k].expr, at);
                        std::vector<GenExpr> replacements{GenExpr{"true", {}}, GenExpr{"false", {}}};
                        for (const GenExpr &kid : node.kids)
                            replacements.push_back(kid);
                        for (const GenExpr &r : replacements) {
                            if (r.size() >= node.size() && r.format == node.format)
                                continue;
                            GenCase candidate = c;
                            auto &policies = which == 0 ? candidate.statics : candidate.templates;
                            nodeAt(policies[p].conditions[k].expr, at) = r;
                            if (attempt(c, std::move(candidate)))
                                return true;  // the tree changed: start over
                        }
                    }
                }
            }
        }
        return false;
    }

    std::function<bool(const GenCase &)> m_disagrees;
    int m_budget = 4000;
};

int environmentNumber(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

class TestCedarDifferential final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void agreesWithCedar();
    void shrinkerFindsTheCulprit();
    void cleanupTestCase() { m_peer.stop(); }

private:
    CedarPeer m_peer;
};

void TestCedarDifferential::initTestCase()
{
    QString error;
    if (!m_peer.start("eval", &error))
        QFAIL(qPrintable(error));
}

void TestCedarDifferential::agreesWithCedar()
{
    const int seed = environmentNumber("MANDATE_DIFF_SEED", 20261122);
    const int worlds = environmentNumber("MANDATE_DIFF_WORLDS", 500);
    constexpr int requestsPerWorld = 8;
    CedarCaseGenerator generator{uint64_t(seed)};
    std::vector<GenCase> cases;
    for (int w = 0; w < worlds; ++w) {
        for (GenCase &c : generator.next(requestsPerWorld))
            cases.push_back(std::move(c));
    }
    std::vector<QByteArray> lines;
    lines.reserve(cases.size());
    for (const GenCase &c : cases)
        lines.push_back(line(c));

    QString error;
    const auto answers = m_peer.ask(lines, &error);
    QVERIFY2(answers, qPrintable(error));

    int allows = 0, withErrors = 0, linkedReasons = 0, unanswered = 0;
    std::vector<size_t> disagreements;
    for (size_t i = 0; i < lines.size(); ++i) {
        const Outcome mine = ours(lines[i]);
        const Outcome reference = theirs((*answers)[i]);
        if (!(mine == reference)) {
            disagreements.push_back(i);
            continue;
        }
        if (mine.failed) {
            ++unanswered;
            continue;
        }
        allows += mine.decision == u"allow";
        withErrors += !mine.errors.isEmpty();
        for (const QString &r : mine.reasons)
            linkedReasons += r.contains(u"-link");
    }
    const int total = int(lines.size());
    qInfo("%d requests (seed %d): %d allowed, %d with erroring policies, %d decided by a linked "
          "template, %d not answered by either, %d disagreements",
          total, seed, allows, withErrors, linkedReasons, unanswered, int(disagreements.size()));

    if (!disagreements.empty()) {
        Shrinker shrinker([this](const GenCase &c) {
            QString e;
            const QByteArray l = line(c);
            const auto a = m_peer.ask({l}, &e);
            return a && !(ours(l) == theirs(a->front()));
        });
        const GenCase smallest = shrinker.shrink(cases[disagreements.front()]);
        const QByteArray l = line(smallest);
        QString e;
        const auto a = m_peer.ask({l}, &e);
        const QString report =
                QStringLiteral("%1 of %2 requests disagree with cedar-wasm. The smallest case "
                               "found:\n--- policies\n%3--- request (cedar-wasm isAuthorized "
                               "input)\n%4\n--- Mandate: %5\n--- cedar-wasm: %6")
                        .arg(disagreements.size())
                        .arg(total)
                        .arg(QString::fromStdString(smallest.policyText()),
                             QString::fromUtf8(l), ours(l).toString(),
                             a ? theirs(a->front()).toString() : e);
        QFAIL(qPrintable(report));
    }
    // The generator must reach what it is meant to test, or agreement proves little.
    QVERIFY(total >= 3000 || worlds < 375);
    QVERIFY2(allows > total / 10, "too few requests allowed");
    QVERIFY2(allows < total * 9 / 10, "too few requests denied");
    QVERIFY2(withErrors > total / 20, "too few evaluation errors");
    QVERIFY2(linkedReasons > 0, "no decision by a linked template");
    QVERIFY2(unanswered < total / 10, "too many requests rejected as input");
}

// The shrinker on a disagreement made up for the purpose: a case "disagrees" while one
// condition still contains a given fragment. It must cut everything else away.
void TestCedarDifferential::shrinkerFindsTheCulprit()
{
    CedarCaseGenerator generator(7);
    GenCase c;
    for (int i = 0; i < 20 && c.statics.size() < 4; ++i)
        c = generator.next(1).front();
    QVERIFY(c.statics.size() >= 2);
    c.statics[1].conditions.push_back(
            GenCondition{true, GenExpr{"($0 && $1)", {GenExpr{"principal.age > 3", {}},
                                                      GenExpr{"context.mfa", {}}}}});
    Shrinker shrinker([](const GenCase &candidate) {
        for (const GenPolicy &p : candidate.statics) {
            for (const GenCondition &k : p.conditions) {
                if (k.expr.render().find("principal.age > 3") != std::string::npos)
                    return true;
            }
        }
        return false;
    });
    const GenCase smallest = shrinker.shrink(c);
    QCOMPARE(smallest.statics.size(), size_t(1));
    QVERIFY(smallest.templates.empty());
    QVERIFY(smallest.links.empty());
    QVERIFY(smallest.entities.empty());
    QVERIFY(smallest.context.isEmpty());
    QCOMPARE(smallest.statics[0].conditions.size(), size_t(1));
    QCOMPARE(QString::fromStdString(smallest.statics[0].conditions[0].expr.render()),
             QStringLiteral("principal.age > 3"));
}

QTEST_GUILESS_MAIN(TestCedarDifferential)
#include "tst_cedar_differential.moc"
