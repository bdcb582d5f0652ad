#include "Jwk.h"

#include "StrictJson.h"

#include <QJsonArray>

namespace mandate::crypto {

Result<JwkSet> JwkSet::fromJson(const QJsonObject &object)
{
    const QJsonValue keys = object.value(QLatin1StringView("keys"));
    if (!keys.isArray())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the JWK Set has no \"keys\" array"));
    JwkSet set;
    const QJsonArray array = keys.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("JWK Set entry %1 is not an object").arg(i));
        const QJsonObject entry = array.at(i).toObject();
        if (const QString why = Jwk::unsupportedReason(entry); !why.isEmpty()) {
            set.m_skipped.append(QStringLiteral("key %1: %2").arg(i).arg(why));
            continue;
        }
        auto key = Jwk::fromJson(entry);
        if (!key)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("JWK Set entry %1: %2").arg(i).arg(key.error().message));
        if (auto ok = set.add(*key); !ok)
            return fail(ok.error().code,
                        QStringLiteral("JWK Set entry %1: %2").arg(i).arg(ok.error().message));
    }
    return set;
}

Result<JwkSet> JwkSet::parse(QByteArrayView json)
{
    auto object = parseStrictJsonObject(json, u"JWK Set");
    if (!object)
        return std::unexpected(object.error());
    return fromJson(*object);
}

Status JwkSet::add(const Jwk &key)
{
    if (key.isNull())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("cannot add a null key to a JWK Set"));
    if (!key.kid().isEmpty() && find(key.kid()))
        return fail(ErrorCode::Conflict,
                    QStringLiteral("the JWK Set already has a key with kid \"%1\"")
                            .arg(key.kid().left(64)));
    m_keys.append(key);
    return {};
}

std::optional<Jwk> JwkSet::find(QStringView kid) const
{
    if (kid.isEmpty())
        return std::nullopt;
    for (const Jwk &key : m_keys) {
        if (key.kid() == kid)
            return key;
    }
    return std::nullopt;
}

JwkSet JwkSet::publicKeys() const
{
    JwkSet set;
    for (const Jwk &key : m_keys)
        set.m_keys.append(key.publicKey());
    return set;
}

QJsonObject JwkSet::toPublicJson() const
{
    QJsonArray array;
    for (const Jwk &key : m_keys)
        array.append(key.toPublicJson());
    return QJsonObject{{QStringLiteral("keys"), array}};
}

QJsonObject JwkSet::toPrivateJson() const
{
    QJsonArray array;
    for (const Jwk &key : m_keys)
        array.append(key.toPrivateJson());
    return QJsonObject{{QStringLiteral("keys"), array}};
}

} // namespace mandate::crypto
