#include "TokenService.h"

#include "../JsonText.h"
#include "../crypto/Digest.h"
#include "../crypto/StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace mandate {

using crypto::Algorithm;

namespace {

const QString kTyp = QStringLiteral("at+jwt");

// NumericDate (RFC 7519): a whole number of seconds, within what milliseconds can hold.
std::optional<qint64> numericDate(const std::optional<crypto::StrictJsonMember> &m)
{
    if (!m || m->type != QJsonValue::Double)
        return std::nullopt;
    const double d = m->number;
    if (!std::isfinite(d) || d < 0 || d > 1e13 || std::floor(d) != d)
        return std::nullopt;
    return static_cast<qint64>(d) * 1000;
}

// The depth of the act chain, or -1 when a link is not an object naming its sub.
int actDepth(const QJsonObject &act, int limit)
{
    int depth = 0;
    QJsonObject link = act;
    for (;;) {
        if (!link.value(QStringLiteral("sub")).isString())
            return -1;
        if (++depth > limit)
            return depth;
        const QJsonValue next = link.value(QStringLiteral("act"));
        if (next.isUndefined())
            return depth;
        if (!next.isObject())
            return -1;
        link = next.toObject();
    }
}

// The act claim for a chain of actors: {"sub":a,"act":{"sub":b,...}}.
QByteArray actJson(const QStringList &actorsOutermostFirst)
{
    QByteArray out;
    for (const QString &actor : actorsOutermostFirst) {
        out += "{\"sub\":";
        appendJsonString(out, actor);
        out += ",\"act\":";
    }
    out.chop(7); // the last ",\"act\":"
    out += QByteArray(actorsOutermostFirst.size(), '}');
    return out;
}

Error refused(const QString &why)
{
    return Error{ErrorCode::InvalidArgument, why};
}

} // namespace

QStringList AccessTokenClaims::actors() const
{
    QStringList out;
    QJsonObject link = act;
    while (!link.isEmpty()) {
        out << link.value(QStringLiteral("sub")).toString();
        link = link.value(QStringLiteral("act")).toObject();
    }
    return out;
}

TokenService::TokenService(Config config)
    : m_config(std::move(config))
{
    m_cache.setMaxCost(qMax(1, m_config.cacheEntries));
}

Result<QString> TokenService::issue(const AccessTokenClaims &c, const QStringList &actors,
                                    const crypto::Jwk &key) const
{
    if (key.isNull() || !key.hasPrivateKey())
        return fail(ErrorCode::Internal, QStringLiteral("There is no signing key."));
    if (!m_signer || m_signer->key().kid() != key.kid() || key.kid().isEmpty()) {
        auto signer = crypto::Jws::Signer::create(QJsonObject{{QStringLiteral("typ"), kTyp}}, key);
        if (!signer)
            return std::unexpected(signer.error());
        m_signer = std::move(*signer);
    }
    JsonObjectWriter claims;
    claims.add(QLatin1StringView("iss"), c.issuer)
        .add(QLatin1StringView("sub"), c.subject)
        .add(QLatin1StringView("aud"), c.audience)
        .add(QLatin1StringView("exp"), c.expiresAtMs / 1000)
        .add(QLatin1StringView("iat"), c.issuedAtMs / 1000)
        .add(QLatin1StringView("nbf"), c.notBeforeMs / 1000)
        .add(QLatin1StringView("jti"), c.jti)
        .add(QLatin1StringView("client_id"), c.clientId)
        .add(QLatin1StringView("scope"), c.scope)
        .add(QLatin1StringView("sid"), c.sessionId);
    if (!actors.isEmpty())
        claims.addJson(QLatin1StringView("act"), actJson(actors));
    return m_signer->sign(claims.bytes());
}

Result<AccessTokenClaims> TokenService::verifySignature(const QByteArray &token, const crypto::JwkSet &keys,
                                                        QString *kid)
{
    auto verified = crypto::Jws::verify(QByteArrayView(token), keys,
                                        crypto::AlgorithmList{Algorithm::ES256, Algorithm::EdDSA, Algorithm::RS256},
                                        crypto::JwsPayload::Bytes);
    if (!verified)
        return std::unexpected(verified.error());
    // RFC 9068 section 4: typ is at+jwt (or its full media type); anything else, including an
    // ID token or a plain JWT, is not an access token of ours, even when signed by our key.
    const QString typ = verified->header.value(QStringLiteral("typ")).toString().toLower();
    if (typ != kTyp && typ != QStringLiteral("application/at+jwt"))
        return std::unexpected(refused(QStringLiteral("The token is not an access token (typ must be at+jwt).")));
    *kid = verified->kid;

    // The claims are read as the strict check passes them: only the members read here are
    // built, and act (the one object) from its own checked text.
    using Member = crypto::StrictJsonMember;
    std::optional<Member> iss, sub, jti, clientId, sid, exp, iat, nbf, aud, scope, act;
    const std::pair<QByteArrayView, std::optional<Member> *> wanted[] = {
        {"iss", &iss}, {"sub", &sub}, {"jti", &jti}, {"client_id", &clientId}, {"sid", &sid}, {"exp", &exp},
        {"iat", &iat}, {"nbf", &nbf}, {"aud", &aud}, {"scope", &scope}, {"act", &act}};
    auto read = crypto::readStrictJsonObject(verified->payload, u"the JWS payload", [&](const Member &member) {
        for (const auto &[name, slot] : wanted) {
            if (name == member.name) {
                *slot = member;
                return;
            }
        }
    });
    if (!read)
        return std::unexpected(read.error());

    AccessTokenClaims c;
    const auto text = [](const std::optional<Member> &m) -> std::optional<QString> {
        if (!m || m->type != QJsonValue::String || m->string.isEmpty())
            return std::nullopt;
        return m->string;
    };
    const auto issText = text(iss);
    const auto subText = text(sub);
    const auto jtiText = text(jti);
    const auto clientIdText = text(clientId);
    const auto sidText = text(sid);
    const auto expMs = numericDate(exp);
    const auto iatMs = numericDate(iat);
    if (!issText || !subText || !jtiText || !clientIdText || !sidText || !expMs || !iatMs)
        return std::unexpected(refused(QStringLiteral(
            "The token lacks a required claim (iss, sub, exp, iat, jti, client_id, sid) or has one of the wrong type.")));
    c.issuer = *issText;
    c.subject = *subText;
    c.jti = *jtiText;
    c.clientId = *clientIdText;
    c.sessionId = *sidText;
    c.expiresAtMs = *expMs;
    c.issuedAtMs = *iatMs;
    if (nbf) {
        const auto nbfMs = numericDate(nbf);
        if (!nbfMs)
            return std::unexpected(refused(QStringLiteral("The token's nbf is not a NumericDate.")));
        c.notBeforeMs = *nbfMs;
    } else {
        c.notBeforeMs = c.issuedAtMs;
    }
    if (aud && aud->type == QJsonValue::String) {
        c.audience = aud->string;
    } else if (aud && aud->type == QJsonValue::Array) {
        // RFC 7519 allows several audiences; ours must be one of them.
        const QJsonArray audiences = QJsonDocument::fromJson(aud->json.toByteArray()).array();
        for (const QJsonValue &v : audiences) {
            if (!v.isString())
                return std::unexpected(refused(QStringLiteral("The token's aud holds a value that is not a string.")));
            if (c.audience.isEmpty() && acceptsAudience(v.toString()))
                c.audience = v.toString();
        }
    } else {
        return std::unexpected(refused(QStringLiteral("The token has no aud.")));
    }
    if (!scope || scope->type != QJsonValue::String)
        return std::unexpected(refused(QStringLiteral("The token has no scope.")));
    c.scope = scope->string;
    if (act) {
        if (act->type != QJsonValue::Object)
            return std::unexpected(refused(QStringLiteral("The token's act is not an object.")));
        const QJsonObject chain = QJsonDocument::fromJson(act->json.toByteArray()).object();
        const int depth = actDepth(chain, m_config.maxActDepth);
        if (depth < 0)
            return std::unexpected(refused(QStringLiteral("The token's act chain is malformed.")));
        if (depth > m_config.maxActDepth)
            return std::unexpected(refused(QStringLiteral("The token's act chain is nested deeper than %1.")
                                               .arg(m_config.maxActDepth)));
        c.act = chain;
        c.actLinks = depth;
    }
    return c;
}

Result<AccessTokenClaims> TokenService::verify(QStringView token, const crypto::JwkSet &keys, qint64 nowMs,
                                               Checks checks)
{
    if (token.size() > m_config.maxTokenSize)
        return std::unexpected(refused(QStringLiteral("The token is larger than %1 bytes.").arg(m_config.maxTokenSize)));
    const QByteArray bytes = token.toLatin1();
    const QByteArray digest = crypto::sha256Hex(bytes, {});
    AccessTokenClaims claims;
    // A cached check stands only while the key that made it is still trusted.
    if (const Cached *hit = m_cache.object(digest); hit && keys.find(hit->kid)) {
        claims = hit->claims;
    } else {
        QString kid;
        auto verified = verifySignature(bytes, keys, &kid);
        if (!verified)
            return std::unexpected(verified.error());
        claims = *verified;
        m_cache.insert(digest, new Cached{claims, kid});
    }
    if (claims.issuer != m_config.issuer)
        return std::unexpected(refused(QStringLiteral("The token was issued by someone else (iss).")));
    if (!acceptsAudience(claims.audience))
        return std::unexpected(refused(QStringLiteral("The token is meant for another audience (aud).")));
    if (checks == Checks::SignatureOnly)
        return claims;
    const qint64 skew = m_config.clockSkewMs;
    if (claims.expiresAtMs + skew <= nowMs)
        return std::unexpected(refused(QStringLiteral("The token has expired.")));
    if (claims.notBeforeMs - skew > nowMs)
        return std::unexpected(refused(QStringLiteral("The token is not valid yet (nbf).")));
    if (claims.issuedAtMs - skew > nowMs)
        return std::unexpected(refused(QStringLiteral("The token was issued in the future (iat).")));
    return claims;
}

} // namespace mandate
