#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The vocabulary of the demo organisation: people's names, departments, the scope catalogue
// with the policies that decide on each scope, agent names and purposes, models, runtimes and
// task texts. Plain data, fixed order: the generator's output depends on it, so changing an
// entry changes every demo store (and its audit head) generated from then on.

namespace mandate::demo {

struct ScopeEntry
{
    QString scope;        // "payments:refund"
    QString entity;       // Cedar entity type of the resources it acts on: "Payment"
    QString idPrefix;     // "pay_", when resources are numbered
    QStringList names;    // named resources (repositories, services, channels) instead
    QString permitPolicy; // the permit that allows it in the normal case
    QString stepUpPolicy; // empty: never needs a human's approval
    QString stepUpReason; // the policy's @step_up text
    QString forbidPolicy; // empty: no explicit forbid
    QString forbidReason;
    bool money = false; // decisions on it carry an amount
};

struct AgentObject
{
    QString name;   // "Invoice", as in an agent's name
    QString plural; // "invoices", as in a purpose sentence
};

struct CuratedAgent
{
    QString name;
    QString purpose;
};

struct Department
{
    QString name;
    int humanWeight = 1;
    int agentWeight = 1;
    QList<int> scopes; // indices into Catalogue::scopes, the most common first
    QList<AgentObject> objects;
    QList<CuratedAgent> curated;
    QStringList tasks; // templates; see Catalogue::expand
};

struct AgentRole
{
    QString name;    // "Reconciler"
    QString purpose; // %1: the objects (plural), %2: the department
};

struct Model
{
    QString provider;
    QString name;
    QString version;
    int weight = 1;
};

struct Runtime
{
    QString name;
    int weight = 1;
    QString addressPrefix; // where its traffic comes from: "10.12."
};

struct Catalogue
{
    QString companyDomain;
    QStringList firstNames;
    QStringList lastNames;
    QList<ScopeEntry> scopes;
    QList<int> commonScopes; // what nearly every team's agents may touch
    QList<Department> departments;
    QList<AgentRole> roles;
    QList<Model> models;
    QList<Runtime> runtimes;
    QStringList customers;
    QStringList vendors;
    QStringList services;
    QStringList regions;
    QStringList months;
    QStringList qualifiers;   // distinguish agents of the same kind: "EMEA", "Tier 2"
    QStringList subtasks;     // what a sub-agent does for its parent's task
    QStringList purposeTails; // a second sentence for some purposes
    QStringList suspendReasons;
    QStringList retireReasons;

    int scopeIndex(QStringView scope) const; // -1 when unknown
};

// Builds the catalogue; the generator builds it once per run.
Catalogue buildCatalogue();

// Fills a task template. Tokens: {C} customer, {V} vendor, {S} service, {M} month,
// {Q} quarter, {R} region, {N} a number, {P} a person's name, {X} a version. pick(n) returns
// a value in [0, n): the caller's seeded generator, so the text is reproducible.
template<typename Pick>
QString expandTemplate(const Catalogue &c, const QString &text, Pick &&pick)
{
    QString out;
    out.reserve(text.size() + 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (ch != u'{' || i + 2 >= text.size() || text.at(i + 2) != u'}') {
            out += ch;
            continue;
        }
        switch (text.at(i + 1).unicode()) {
        case u'C':
            out += c.customers.at(pick(c.customers.size()));
            break;
        case u'V':
            out += c.vendors.at(pick(c.vendors.size()));
            break;
        case u'S':
            out += c.services.at(pick(c.services.size()));
            break;
        case u'M':
            out += c.months.at(pick(c.months.size()));
            break;
        case u'Q':
            out += u'Q' + QString::number(1 + pick(4));
            break;
        case u'R':
            out += c.regions.at(pick(c.regions.size()));
            break;
        case u'N':
            out += QString::number(1000 + pick(9000));
            break;
        case u'P':
            out += c.firstNames.at(pick(c.firstNames.size())) + u' '
                   + c.lastNames.at(pick(c.lastNames.size()));
            break;
        case u'X':
            out += QString::number(1 + pick(4)) + u'.' + QString::number(pick(30)) + u'.'
                   + QString::number(pick(10));
            break;
        default:
            out += text.mid(i, 3);
            break;
        }
        i += 2;
    }
    return out;
}

} // namespace mandate::demo
