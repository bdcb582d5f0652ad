#include "CliSupport.h"

#include "policy/AuthorizationCall.h"
#include "policy/Lint.h"
#include "policy/Validator.h"

#include <QFile>
#include <QJsonArray>
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

const Command kPolicyCheck{
        QStringLiteral("policy check"),
        QStringLiteral("mandatectl policy check --policies FILE [--schema FILE] [--toxic \"a+b,c+d\"]"),
        QStringLiteral(
                "Checks a Cedar policy file and prints one JSON object:\n"
                "  {policies, valid, errors: [...], findings: [...]}\n"
                "errors are what makes the set unusable: parse errors, and with --schema the\n"
                "errors of Cedar's strict validation. findings are the lint's warnings:\n"
                "  never-applies       no request can satisfy the policy's scope and conditions\n"
                "  shadowed-by-forbid  a forbid applies whenever the permit does\n"
                "  redundant-permit    another permit applies whenever this one does\n"
                "  toxic-combination   one agent could be delegated both scopes of a pair\n"
                "                      declared with --toxic (Action::\"delegate\" on Scope::\"...\")\n"
                "Each names the policy (policyId as Cedar numbers them, name from @id), the other\n"
                "policy involved, and where the policy starts.\n"
                "\n"
                "Options:\n"
                "  --policies FILE  the Cedar policies (.cedar)\n"
                "  --schema FILE    a .cedarschema to validate against\n"
                "  --toxic LIST     scopes no one agent may hold together: a+b pairs, comma-separated\n"
                "\n"
                "Exit status: 0 when there is no error (findings are warnings), 1 when there is.\n")};

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

std::optional<QByteArray> readFile(const QString &path, Io &io)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        failure(io, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
        return std::nullopt;
    }
    return file.readAll();
}

std::string_view view(const QByteArray &b)
{
    return {b.constData(), size_t(b.size())};
}

QJsonObject located(const policy::SourceLoc &loc, const QString &message)
{
    return QJsonObject{{QStringLiteral("line"), qint64(loc.line)},
                       {QStringLiteral("column"), qint64(loc.column)},
                       {QStringLiteral("message"), message}};
}

void name(QJsonObject &o, const policy::Policy &p, const QString &idKey, const QString &nameKey)
{
    o.insert(idKey, QString::fromStdString(p.id));
    if (const std::string *id = p.ast.annotation("id"))
        o.insert(nameKey, QString::fromStdString(*id));
}

} // namespace

int runPolicyCheck(const QStringList &arguments, Io &io)
{
    QCommandLineParser parser;
    parser.addOptions({
            {QStringLiteral("policies"), {}, QStringLiteral("FILE")},
            {QStringLiteral("schema"), {}, QStringLiteral("FILE")},
            {QStringLiteral("toxic"), {}, QStringLiteral("LIST")},
    });
    if (auto done = parseOptions(parser, kPolicyCheck, arguments, io))
        return *done;
    const QString policiesPath = parser.value(QStringLiteral("policies"));
    if (policiesPath.isEmpty())
        return usageError(io, kPolicyCheck, QStringLiteral("--policies FILE is required."));
    policy::LintOptions options;
    if (parser.isSet(QStringLiteral("toxic"))) {
        std::string error;
        if (!policy::parseToxicPairs(parser.value(QStringLiteral("toxic")).toStdString(),
                                     options.toxicPairs, error))
            return usageError(io, kPolicyCheck, QString::fromStdString(error) + u'.');
    }
    const auto text = readFile(policiesPath, io);
    if (!text)
        return ExitFailure;

    QJsonArray errors;
    QJsonArray findings;
    std::optional<policy::Schema> schema;
    if (parser.isSet(QStringLiteral("schema"))) {
        const auto schemaText = readFile(parser.value(QStringLiteral("schema")), io);
        if (!schemaText)
            return ExitFailure;
        auto parsed = policy::Schema::parseCedarSchema(view(*schemaText));
        if (parsed) {
            schema = std::move(*parsed);
        } else {
            QJsonObject e = located(parsed.error().loc,
                                    QString::fromStdString(parsed.error().message));
            e.insert(QStringLiteral("file"), QStringLiteral("schema"));
            errors.append(e);
        }
    }

    auto policies = policy::PolicySet::parse(view(*text));
    qint64 count = 0;
    if (!policies) {
        QJsonObject e = located(policies.error().loc, QString::fromStdString(policies.error().message));
        e.insert(QStringLiteral("file"), QStringLiteral("policies"));
        errors.append(e);
    } else {
        count = qint64(policies->policies().size() + policies->templates().size());
        if (schema) {
            for (const policy::ValidationError &v : policy::validatePolicies(*policies, *schema)) {
                QJsonObject e = located(v.loc, QString::fromStdString(v.message));
                e.insert(QStringLiteral("policyId"), QString::fromStdString(v.policyId));
                if (const policy::Policy *p = policies->policy(v.policyId)) {
                    if (const std::string *id = p->ast.annotation("id"))
                        e.insert(QStringLiteral("name"), QString::fromStdString(*id));
                }
                errors.append(e);
            }
        }
        options.schema = schema ? &*schema : nullptr;
        const auto &all = policies->policies();
        for (const policy::LintFinding &f : policy::lintPolicies(*policies, options)) {
            const policy::Policy &p = all[f.policy];
            QJsonObject o = located(p.ast.loc, QString::fromStdString(f.message));
            o.insert(QStringLiteral("kind"), QLatin1StringView(policy::lintKindName(f.kind)));
            name(o, p, QStringLiteral("policyId"), QStringLiteral("name"));
            if (f.other)
                name(o, all[*f.other], QStringLiteral("otherPolicyId"), QStringLiteral("otherName"));
            if (!f.scopes.empty()) {
                QJsonArray scopes;
                for (const std::string &s : f.scopes)
                    scopes.append(QString::fromStdString(s));
                o.insert(QStringLiteral("scopes"), scopes);
            }
            findings.append(o);
        }
    }
    printJson(io, QJsonObject{{QStringLiteral("policies"), count},
                              {QStringLiteral("valid"), errors.isEmpty()},
                              {QStringLiteral("errors"), errors},
                              {QStringLiteral("findings"), findings}});
    return errors.isEmpty() ? ExitSuccess : ExitFailure;
}

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
