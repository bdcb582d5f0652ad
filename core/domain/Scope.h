#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace mandate {

// A scope names one right, as resource segments then a verb: "calendar:read",
// "crm:contacts:write", "payments:refund". Lower-case ASCII letters, digits, '_', '-' and '.'
// in each segment, segments joined by ':', 2 to 128 characters.
class Scope
{
public:
    static bool isValid(QStringView scope);
};

// An ordered set of scopes without duplicates. Stored and sent as one space-separated
// string (as OAuth's scope parameter, RFC 6749 section 3.3).
class ScopeSet
{
public:
    ScopeSet() = default;
    // Normalises (sorts, removes duplicates); the caller validates with parse() for input.
    explicit ScopeSet(QStringList scopes);

    // nullopt with the first invalid scope in *invalid when any is malformed.
    static std::optional<ScopeSet> parse(QStringView text, QString *invalid = nullptr);

    const QStringList &values() const { return m_scopes; }
    QString toString() const { return m_scopes.join(u' '); }
    qsizetype size() const { return m_scopes.size(); }
    bool isEmpty() const { return m_scopes.isEmpty(); }
    bool contains(const QString &scope) const;
    bool isSubsetOf(const ScopeSet &other) const;
    ScopeSet intersected(const ScopeSet &other) const;
    ScopeSet minus(const ScopeSet &other) const;
    ScopeSet united(const ScopeSet &other) const;

    friend bool operator==(const ScopeSet &, const ScopeSet &) = default;

private:
    QStringList m_scopes;
};

} // namespace mandate
