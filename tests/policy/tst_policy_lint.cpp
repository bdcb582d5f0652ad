// The policy lint (core/policy/Lint.h): each case file in data/lint lists in its header the
// findings it must produce ("// expect: KIND POLICY [OTHER]"), and no other finding may appear,
// so the files hold both what must and what must not be reported. Then mandatectl policy check
// as scripts run it.

#include "CedarCaseGenerator.h"

#include "policy/AuthorizationCall.h"
#include "policy/BundledPolicies.h"
#include "policy/Lint.h"
#include "policy/PolicySet.h"
#include "policy/Schema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <map>

using namespace mandate::policy;

namespace {

QString dataPath(const QString &name)
{
    return QStringLiteral(MANDATE_POLICY_TEST_DATA "/") + name;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string_view view(const QByteArray &b) { return {b.constData(), size_t(b.size())}; }

QString nameOf(const Policy &p)
{
    const std::string *id = p.ast.annotation("id");
    return QString::fromStdString(id ? *id : p.id);
}

QStringList describe(const PolicySet &set, const std::vector<LintFinding> &findings)
{
    QStringList out;
    for (const LintFinding &f : findings) {
        QString line = QLatin1StringView(lintKindName(f.kind)) + u' ' + nameOf(set.policies()[f.policy]);
        if (f.other && f.kind != LintKind::ToxicCombination)
            line += u' ' + nameOf(set.policies()[*f.other]);
        out << line;
    }
    out.sort();
    return out;
}

struct Run
{
    int code = -1;
    QJsonObject json;
    QString err;
};

Run mandatectl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MANDATE_BIN_DIR "/mandatectl"), arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class TestPolicyLint final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cases_data();
    void cases();
    void actionGroupsFromTheSchema();
    void starterSetIsClean();
    void toxicPairsParse();
    void soundOnGeneratedPolicies();
    void checkCommandOnStarterSet();
    void checkCommandReportsValidationErrors();
    void checkCommandReportsParseErrors();
    void checkCommandRejectsBadToxicList();
};

void TestPolicyLint::cases_data()
{
    QTest::addColumn<QString>("file");
    for (const char *name : {"never-applies.cedar", "shadowed-redundant.cedar", "toxic.cedar"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestPolicyLint::cases()
{
    QFETCH(QString, file);
    const QByteArray text = readFile(dataPath(QStringLiteral("lint/") + file));
    QVERIFY(!text.isEmpty());
    QStringList expected;
    LintOptions options;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(u"// expect: "))
            expected << line.mid(11).trimmed();
        if (line.startsWith(u"// toxic: ")) {
            std::string error;
            QVERIFY(parseToxicPairs(line.mid(10).trimmed().toStdString(), options.toxicPairs, error));
        }
    }
    expected.sort();
    QVERIFY(!expected.isEmpty());
    auto set = PolicySet::parse(view(text));
    QVERIFY2(set, set ? "" : qPrintable(set.error().toString()));
    const QStringList found = describe(*set, lintPolicies(*set, options));
    QCOMPARE(found, expected);
}

// With a schema, `action in Action::"write"` covers the actions the schema puts in that group.
void TestPolicyLint::actionGroupsFromTheSchema()
{
    const QByteArray text = readFile(dataPath(QStringLiteral("lint/shadowed-redundant.cedar")));
    auto set = PolicySet::parse(view(text));
    QVERIFY(set);
    const QByteArray schemaText = readFile(dataPath(QStringLiteral("lint/groups.cedarschema")));
    auto schema = Schema::parseCedarSchema(view(schemaText));
    QVERIFY2(schema, schema ? "" : qPrintable(schema.error().toString()));
    LintOptions options;
    options.schema = &*schema;
    const QStringList found = describe(*set, lintPolicies(*set, options));
    QVERIFY(found.contains(QStringLiteral("shadowed-by-forbid permit-edit-when-frozen forbid-writes-when-frozen")));
}

void TestPolicyLint::starterSetIsClean()
{
    auto set = PolicySet::parse(view(bundledStarterPolicies()));
    QVERIFY(set);
    auto schema = Schema::parseCedarSchema(view(bundledSchema()));
    QVERIFY(schema);
    LintOptions options;
    options.schema = &*schema;
    QCOMPARE(describe(*set, lintPolicies(*set, options)), QStringList());

    // The starter set delegates within each agent's ceiling: separation of duties then rests
    // on the ceilings, and the lint says so for a declared toxic pair.
    std::string error;
    QVERIFY(parseToxicPairs("invoices:approve+payments:refund", options.toxicPairs, error));
    const QStringList toxic = describe(*set, lintPolicies(*set, options));
    QCOMPARE(toxic, QStringList{QStringLiteral("toxic-combination permit-delegate-within-ceiling")});
}

void TestPolicyLint::toxicPairsParse()
{
    std::vector<ToxicPair> pairs;
    std::string error;
    QVERIFY(parseToxicPairs(" a:read + b:write ,c+d,", pairs, error));
    QCOMPARE(pairs.size(), size_t(2));
    QCOMPARE(pairs[0].first, std::string("a:read"));
    QCOMPARE(pairs[0].second, std::string("b:write"));
    QCOMPARE(pairs[1].second, std::string("d"));
    for (const char *bad : {"a", "a+b+c", "a+a", "+b"}) {
        std::vector<ToxicPair> none;
        QVERIFY2(!parseToxicPairs(bad, none, error), bad);
        QVERIFY(!error.empty());
    }
}

// What the lint proves must hold on every request: a policy that can never apply never
// determines a decision (it may err: that is one way of not applying); a shadowed permit never determines an allow; a redundant permit determines an allow only
// beside the permit that covers it. Checked on the differential test's generated policy sets.
void TestPolicyLint::soundOnGeneratedPolicies()
{
    using namespace mandate::policy::testing;
    CedarCaseGenerator generator(99);
    int checked = 0;
    std::map<LintKind, int> seen;
    for (int world = 0; world < 400; ++world) {
        const std::vector<GenCase> cases = generator.next(8);
        auto first = authorizationCallFromJson(cases.front().toJson());
        if (!first)
            continue;
        const std::vector<LintFinding> findings = lintPolicies(first->policies);
        for (const LintFinding &f : findings)
            ++seen[f.kind];
        if (findings.empty())
            continue;
        for (const GenCase &c : cases) {
            auto call = authorizationCallFromJson(c.toJson());
            if (!call)
                continue;
            const Response r = call->policies.isAuthorized(call->request, call->entities);
            auto determines = [&](uint32_t p) {
                return std::find(r.reasons.begin(), r.reasons.end(), p) != r.reasons.end();
            };
            for (const LintFinding &f : findings) {
                ++checked;
                const std::string text = call->policies.policies()[f.policy].id + ": " + f.message;
                switch (f.kind) {
                case LintKind::NeverApplies:
                case LintKind::ShadowedByForbid:
                    QVERIFY2(!determines(f.policy), text.c_str());
                    break;
                case LintKind::RedundantPermit:
                    if (determines(f.policy))
                        QVERIFY2(determines(*f.other), text.c_str());
                    break;
                case LintKind::ToxicCombination: break;
                }
            }
        }
    }
    qInfo("%d checks; %d never-applies, %d shadowed, %d redundant", checked,
          seen[LintKind::NeverApplies], seen[LintKind::ShadowedByForbid],
          seen[LintKind::RedundantPermit]);
    QVERIFY(seen[LintKind::NeverApplies] > 0);
    QVERIFY(checked > 100);
}

void TestPolicyLint::checkCommandOnStarterSet()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("check"),
                                QStringLiteral("--policies"), QStringLiteral(MANDATE_STARTER_POLICIES),
                                QStringLiteral("--schema"), QStringLiteral(MANDATE_STARTER_SCHEMA),
                                QStringLiteral("--toxic"), QStringLiteral("invoices:approve+payments:refund")});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.json.value(u"valid").toBool(), true);
    QVERIFY(run.json.value(u"policies").toInt() >= 40);
    QVERIFY(run.json.value(u"errors").toArray().isEmpty());
    const QJsonArray findings = run.json.value(u"findings").toArray();
    QCOMPARE(findings.size(), 1);
    const QJsonObject f = findings.at(0).toObject();
    QCOMPARE(f.value(u"kind").toString(), QStringLiteral("toxic-combination"));
    QCOMPARE(f.value(u"name").toString(), QStringLiteral("permit-delegate-within-ceiling"));
    QCOMPARE(f.value(u"scopes").toArray().size(), 2);
    QVERIFY(f.value(u"line").toInt() > 1);
}

void TestPolicyLint::checkCommandReportsValidationErrors()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("check"),
                                QStringLiteral("--policies"), dataPath(QStringLiteral("lint/invalid-for-schema.cedar")),
                                QStringLiteral("--schema"), QStringLiteral(MANDATE_STARTER_SCHEMA)});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.json.value(u"valid").toBool(), false);
    QStringList names;
    for (const QJsonValue &e : run.json.value(u"errors").toArray())
        names << e.toObject().value(u"name").toString();
    QVERIFY2(names.contains(u"permit-rich-agents"), qPrintable(names.join(u", ")));
    QVERIFY2(names.contains(u"permit-robots"), qPrintable(names.join(u", ")));
    // Lint findings come alongside the errors.
    bool never = false;
    for (const QJsonValue &f : run.json.value(u"findings").toArray()) {
        never = never || (f.toObject().value(u"kind").toString() == u"never-applies"
                          && f.toObject().value(u"name").toString() == u"permit-never");
    }
    QVERIFY(never);
}

void TestPolicyLint::checkCommandReportsParseErrors()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("check"),
                                QStringLiteral("--policies"), dataPath(QStringLiteral("lint/parse-error.cedar"))});
    QCOMPARE(run.code, 1);
    const QJsonArray errors = run.json.value(u"errors").toArray();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).toObject().value(u"line").toInt(), 1);
    QVERIFY(!errors.at(0).toObject().value(u"message").toString().isEmpty());
}

void TestPolicyLint::checkCommandRejectsBadToxicList()
{
    const Run run = mandatectl({QStringLiteral("policy"), QStringLiteral("check"),
                                QStringLiteral("--policies"), QStringLiteral(MANDATE_STARTER_POLICIES),
                                QStringLiteral("--toxic"), QStringLiteral("invoices:approve")});
    QCOMPARE(run.code, 2);
    QVERIFY(run.err.contains(u"toxic"));
    const Run missing = mandatectl({QStringLiteral("policy"), QStringLiteral("check")});
    QCOMPARE(missing.code, 2);
}

QTEST_GUILESS_MAIN(TestPolicyLint)
#include "tst_policy_lint.moc"
