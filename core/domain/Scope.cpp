#include "Scope.h"

#include <algorithm>

namespace mandate {

bool Scope::isValid(QStringView scope)
{
    if (scope.size() < 2 || scope.size() > 128)
        return false;
    bool segmentEmpty = true;
    for (const QChar c : scope) {
        const char16_t u = c.unicode();
        if (u == u':') {
            if (segmentEmpty)
                return false;
            segmentEmpty = true;
            continue;
        }
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_'
                        || u == u'-' || u == u'.' || u == u'*';
        if (!ok)
            return false;
        segmentEmpty = false;
    }
    return !segmentEmpty;
}

ScopeSet::ScopeSet(QStringList scopes) : m_scopes(std::move(scopes))
{
    std::sort(m_scopes.begin(), m_scopes.end());
    m_scopes.erase(std::unique(m_scopes.begin(), m_scopes.end()), m_scopes.end());
}

std::optional<ScopeSet> ScopeSet::parse(QStringView text, QString *invalid)
{
    QStringList scopes;
    for (QStringView part : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!Scope::isValid(part)) {
            if (invalid)
                *invalid = part.left(64).toString();
            return std::nullopt;
        }
        scopes << part.toString();
    }
    return ScopeSet(std::move(scopes));
}

bool ScopeSet::contains(const QString &scope) const
{
    return std::binary_search(m_scopes.cbegin(), m_scopes.cend(), scope);
}

bool ScopeSet::isSubsetOf(const ScopeSet &other) const
{
    return std::includes(other.m_scopes.cbegin(), other.m_scopes.cend(), m_scopes.cbegin(),
                         m_scopes.cend());
}

ScopeSet ScopeSet::intersected(const ScopeSet &other) const
{
    ScopeSet out;
    std::set_intersection(m_scopes.cbegin(), m_scopes.cend(), other.m_scopes.cbegin(),
                          other.m_scopes.cend(), std::back_inserter(out.m_scopes));
    return out;
}

ScopeSet ScopeSet::minus(const ScopeSet &other) const
{
    ScopeSet out;
    std::set_difference(m_scopes.cbegin(), m_scopes.cend(), other.m_scopes.cbegin(),
                        other.m_scopes.cend(), std::back_inserter(out.m_scopes));
    return out;
}

ScopeSet ScopeSet::united(const ScopeSet &other) const
{
    ScopeSet out;
    std::set_union(m_scopes.cbegin(), m_scopes.cend(), other.m_scopes.cbegin(), other.m_scopes.cend(),
                   std::back_inserter(out.m_scopes));
    return out;
}

} // namespace mandate
