// Runs Cedar's integration tests (tests/data/cedar): every request of the handwritten tests
// and of the generated corpus must get Cedar's decision, the same determining policies and
// the same set of erroring policies, and the validator must accept exactly the policy sets
// that Cedar's validator accepts (shouldValidate).
#include "policy/Entities.h"
#include "policy/PolicySet.h"
#include "policy/Schema.h"
#include "policy/Validator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <optional>
#include <set>

using namespace mandate::policy;
using namespace Qt::StringLiterals;

namespace {

struct Tally
{
    int tests = 0;
    int requests = 0;
    int matched = 0;
    int validations = 0;
    int validationsMatched = 0;
    QStringList validationMismatches;
    QStringList mismatches;  // the first few, for the log

    void mismatch(const QString &what)
    {
        if (mismatches.size() < 25)
            mismatches << what;
    }
};

std::optional<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

QString idsToString(const std::set<std::string> &ids)
{
    QStringList out;
    for (const std::string &id : ids)
        out << QString::fromStdString(id);
    return u'[' + out.join(u", ") + u']';
}

std::set<std::string> jsonIds(const QJsonValue &v)
{
    std::set<std::string> ids;
    for (const QJsonValue &id : v.toArray()) {
        if (id.isString())
            ids.insert(id.toString().toStdString());
        else
            ids.insert(id.toObject().value(u"policyId").toString().toStdString());
    }
    return ids;
}

// Runs one test file; paths inside it are relative to `root`.
void runTest(const QString &testPath, const QString &root, Tally &tally)
{
    ++tally.tests;
    const auto json = readFile(testPath);
    const QJsonObject test = json ? QJsonDocument::fromJson(*json).object() : QJsonObject();
    const QJsonArray requests = test.value(u"requests").toArray();
    const int count = int(requests.size());
    tally.requests += count;
    const QString name = QFileInfo(testPath).fileName();
    auto failAll = [&](const QString &why) { tally.mismatch(name + u": " + why); };
    if (test.isEmpty()) {
        failAll(u"cannot read the test"_s);
        return;
    }

    const auto policyText = readFile(root + u'/' + test.value(u"policies").toString());
    if (!policyText) {
        failAll(u"cannot read the policies"_s);
        return;
    }
    auto policies = PolicySet::parse(std::string_view(policyText->constData(), size_t(policyText->size())));
    if (!policies) {
        failAll(u"policies do not parse: "_s + policies.error().toString());
        return;
    }

    std::optional<Schema> schema;
    if (const auto schemaText = readFile(root + u'/' + test.value(u"schema").toString())) {
        auto parsed = Schema::parseCedarSchema(
                std::string_view(schemaText->constData(), size_t(schemaText->size())));
        if (parsed)
            schema = std::move(*parsed);
        else
            failAll(u"schema does not parse: "_s + parsed.error().toString());
        if (!parsed)
            return;
    }

    if (schema) {
        ++tally.validations;
        const auto errors = validatePolicies(*policies, *schema);
        const bool valid = errors.empty();
        if (valid == test.value(u"shouldValidate").toBool()) {
            ++tally.validationsMatched;
        } else if (tally.validationMismatches.size() < 25) {
            tally.validationMismatches << name + (valid ? u": valid, expected invalid"_s
                                                        : u": invalid, expected valid: "_s
                                                                  + QString::fromStdString(errors[0].policyId + " line "
                                                                                           + std::to_string(errors[0].loc.line) + ": " + errors[0].message));
        }
    }

    const auto entityText = readFile(root + u'/' + test.value(u"entities").toString());
    if (!entityText) {
        failAll(u"cannot read the entities"_s);
        return;
    }
    auto entities = Entities::fromJson(QByteArrayView(*entityText), schema ? &*schema : nullptr);
    if (!entities) {
        failAll(u"entities do not load: "_s + entities.error().message);
        return;
    }

    Response response;
    for (int i = 0; i < count; ++i) {
        const QJsonObject r = requests[i].toObject();
        Request request;
        std::string error;
        if (!entityUidFromJson(r.value(u"principal"), request.principal, error)
            || !entityUidFromJson(r.value(u"action"), request.action, error)
            || !entityUidFromJson(r.value(u"resource"), request.resource, error)) {
            tally.mismatch(QStringLiteral("%1 request %2: %3").arg(name).arg(i).arg(QString::fromStdString(error)));
            continue;
        }
        auto context = contextFromJson(r.value(u"context"), schema ? &*schema : nullptr,
                                       request.action);
        if (!context) {
            tally.mismatch(QStringLiteral("%1 request %2: %3").arg(name).arg(i).arg(context.error().message));
            continue;
        }
        request.context = std::move(*context);
        policies->isAuthorized(request, *entities, response);

        const bool allow = r.value(u"decision").toString().compare(u"allow", Qt::CaseInsensitive) == 0;
        std::set<std::string> reasons, errors;
        for (const uint32_t p : response.reasons)
            reasons.insert(policies->policies()[p].id);
        for (const PolicyError &e : response.errors)
            errors.insert(policies->policies()[e.policy].id);
        const std::set<std::string> expectedReasons = jsonIds(r.value(u"reason"));
        const std::set<std::string> expectedErrors = jsonIds(r.value(u"errors"));
        if ((response.decision == Decision::Allow) == allow && reasons == expectedReasons
            && errors == expectedErrors) {
            ++tally.matched;
            continue;
        }
        QString detail = QStringLiteral("%1 request %2: expected %3 %4 errors %5, got %6 %7 errors %8")
                                 .arg(name)
                                 .arg(i)
                                 .arg(allow ? u"allow" : u"deny", idsToString(expectedReasons),
                                      idsToString(expectedErrors),
                                      response.decision == Decision::Allow ? u"allow" : u"deny",
                                      idsToString(reasons), idsToString(errors));
        for (const PolicyError &e : response.errors)
            detail += u"\n    "_s + QString::fromStdString(policies->policies()[e.policy].id)
                    + u": "_s + QString::fromStdString(e.message);
        tally.mismatch(detail);
    }
}

void report(const char *suite, const Tally &tally)
{
    for (const QString &m : tally.validationMismatches)
        qInfo().noquote() << "validation:" << m;
    if (tally.validations)
        qInfo().noquote() << QStringLiteral("%1: shouldValidate matched for %2 of %3 tests")
                                     .arg(QLatin1StringView(suite))
                                     .arg(tally.validationsMatched)
                                     .arg(tally.validations);
    for (const QString &m : tally.mismatches)
        qInfo().noquote() << "mismatch:" << m;
    qInfo().noquote() << QStringLiteral("%1: %2 of %3 requests matched (%4 tests)")
                                 .arg(QLatin1StringView(suite))
                                 .arg(tally.matched)
                                 .arg(tally.requests)
                                 .arg(tally.tests);
}

} // namespace

class TestCedarIntegration final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handwritten()
    {
        const QString root = QStringLiteral(MANDATE_TEST_DATA "/cedar");
        QStringList files;
        QDirIterator it(root + u"/tests"_s, {u"*.json"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        files.sort();
        QVERIFY(!files.isEmpty());
        Tally tally;
        for (const QString &f : files)
            runTest(f, root, tally);
        report("handwritten", tally);
        QVERIFY(tally.requests > 0);
        QCOMPARE(tally.matched, tally.requests);
        QCOMPARE(tally.validationsMatched, tally.tests);
    }

    void corpus()
    {
        const QString root = QStringLiteral(MANDATE_CEDAR_CORPUS);
        QDir dir(root + u"/corpus-tests"_s);
        QStringList files;
        for (const QString &f : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
            if (!f.endsWith(u".entities.json"))
                files << dir.filePath(f);
        }
        QVERIFY2(!files.isEmpty(), "the corpus is not extracted (run the test through CTest)");
        Tally tally;
        for (const QString &f : files)
            runTest(f, root, tally);
        report("corpus", tally);
        QVERIFY(tally.requests > 0);
        QCOMPARE(tally.matched, tally.requests);
        QCOMPARE(tally.validationsMatched, tally.tests);
    }
};

QTEST_GUILESS_MAIN(TestCedarIntegration)
#include "tst_cedar_integration.moc"
