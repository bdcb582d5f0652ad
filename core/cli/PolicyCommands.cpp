#include "CliSupport.h"

#include "policy/AuthorizationCall.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace mandate::cli {

namespace {

const Command kPolicyEval{
        QStringLiteral("policy eval"),
        QStringLiteral("mandatectl policy eval --input FILE.jsonl"),
        QStringLiteral(
                "Answers authorization requests with Mandate's Cedar engine. The input holds one\n"
                "JSON object a line, shaped like cedar-wasm's isAuthorized input:\n"
                "  {principal, action, resource, context,\n"
                "   policies: {staticPolicies, templates, templateLinks}, entities, schema?}\n"
                "staticPolicies is Cedar text (ids policy0, policy1, ...) or an object of id to\n"
                "text; templates an object of id to text; templateLinks an array of\n"
                "{templateId, newId, values: {\"?principal\": uid, \"?resource\": uid}}; schema, if\n"
                "given, is .cedarschema text.\n"
                "\n"
                "Prints one line per input line, in order: {decision, reason, errors}, where\n"
                "reason lists the determining policies' ids and errors the policies whose\n"
                "condition failed to evaluate ({policyId, message}). A line that cannot be\n"
                "answered (bad JSON, bad policy text, bad entities) prints {line, error} and the\n"
                "next line is read. Blank lines are skipped.\n"
                "\n"
                "Options:\n"
                "  --input FILE     the requests; - reads standard input\n"
                "\n"
                "Exit status: 0 when every line was answered, 1 when some line was not.\n")};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject lineError(qint64 line, const QString &message)
{
    return QJsonObject{{QStringLiteral("line"), line}, {QStringLiteral("error"), message}};
}

QJsonObject answer(const QByteArray &text, qint64 line, bool *ok)
{
    *ok = false;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return lineError(line, QStringLiteral("not JSON: %1 at offset %2")
                                       .arg(parseError.errorString())
                                       .arg(parseError.offset));
    if (!doc.isObject())
        return lineError(line, QStringLiteral("a request must be a JSON object"));
    auto call = policy::authorizationCallFromJson(doc.object());
    if (!call)
        return lineError(line, call.error().message);
    *ok = true;
    return policy::responseToJson(call->policies,
                                  call->policies.isAuthorized(call->request, call->entities));
}

} // namespace

int runPolicyEval(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("input"), {}, QStringLiteral("FILE")});
    if (auto done = parseOptions(parser, kPolicyEval, arguments, io))
        return *done;
    const QString path = parser.value(QStringLiteral("input"));
    if (path.isEmpty())
        return usageError(io, kPolicyEval, QStringLiteral("--input FILE is required (- for "
                                                          "standard input)."));
    QFile input;
    bool opened = false;
    if (path == u"-") {
        opened = input.open(stdin, QIODevice::ReadOnly);
    } else {
        input.setFileName(path);
        opened = input.open(QIODevice::ReadOnly);
    }
    if (!opened)
        return failure(io, QStringLiteral("Cannot read %1: %2.").arg(path, input.errorString()));

    int failed = 0;
    qint64 lineNumber = 0;
    while (!input.atEnd()) {
        const QByteArray raw = input.readLine();
        ++lineNumber;
        const QByteArray text = raw.trimmed();
        if (text.isEmpty())
            continue;
        bool ok = false;
        const QJsonObject result = answer(text, lineNumber, &ok);
        if (!ok)
            ++failed;
        io.out << QString::fromUtf8(compact(result)) << '\n';
        // A caller feeding requests one by one through a pipe waits for each answer.
        io.out.flush();
    }
    if (input.error() != QFileDevice::NoError && !input.atEnd())
        return failure(io, QStringLiteral("Reading %1 failed: %2.").arg(path, input.errorString()));
    if (failed) {
        io.err << "mandatectl: " << failed << (failed == 1 ? " line" : " lines")
               << " could not be answered.\n";
        io.err.flush();
        return ExitFailure;
    }
    return ExitSuccess;
}

} // namespace mandate::cli
