#include "Jws.h"

#include "Bytes.h"
#include "Signature.h"
#include "StrictJson.h"

#include <QJsonDocument>

namespace mandate::crypto::Jws {

namespace {

struct Segments
{
    QByteArrayView header;
    QByteArrayView payload;
    QByteArrayView signature;
    QByteArrayView signingInput; // header '.' payload: the bytes the signature covers
};

std::unexpected<Error> refuse(QString message)
{
    return fail(ErrorCode::InvalidArgument, std::move(message));
}

Result<Segments> split(QByteArrayView compact)
{
    if (compact.size() > maxCompactSize)
        return refuse(QStringLiteral("the token is %1 bytes; at most %2 are accepted")
                              .arg(compact.size())
                              .arg(maxCompactSize));
    if (compact.isEmpty())
        return refuse(QStringLiteral("the token is empty"));
    qsizetype dots[2] = {-1, -1};
    qsizetype count = 0;
    for (qsizetype i = 0; i < compact.size(); ++i) {
        if (compact[i] == '.') {
            if (count < 2)
                dots[count] = i;
            ++count;
        }
    }
    if (count == 4)
        return refuse(QStringLiteral("the token has 5 segments, like an encrypted JWE; only a "
                                     "signed JWS (3 segments) is accepted"));
    if (count != 2)
        return refuse(
                QStringLiteral("a compact JWS has 3 segments separated by '.'; this token has %1")
                        .arg(count + 1));
    Segments s;
    s.header = compact.first(dots[0]);
    s.payload = compact.sliced(dots[0] + 1, dots[1] - dots[0] - 1);
    s.signature = compact.sliced(dots[1] + 1);
    s.signingInput = compact.first(dots[1]);
    return s;
}

Result<QJsonObject> decodeHeader(QByteArrayView encoded)
{
    if (encoded.isEmpty())
        return refuse(QStringLiteral("the JWS header is empty"));
    auto json = base64UrlDecode(encoded);
    if (!json)
        return refuse(QStringLiteral("the JWS header is not valid: ") + json.error().message);
    return parseStrictJsonObject(*json, u"the JWS header");
}

struct Header
{
    QJsonObject object;
    Algorithm alg = Algorithm::ES256;
    QString kid;
    bool hasKid = false;
};

Result<Header> checkHeader(QJsonObject object, const AlgorithmList &allowed)
{
    // RFC 7515 section 4.1.11: a recipient that does not understand a listed extension must
    // reject the JWS. This one understands none, so any "crit" at all is refused.
    if (object.contains(QLatin1StringView("crit")))
        return refuse(QStringLiteral(
                "the JWS has a \"crit\" header; no critical extension is understood here"));
    const QJsonValue algValue = object.value(QLatin1StringView("alg"));
    if (algValue.isUndefined())
        return refuse(QStringLiteral("the JWS header has no \"alg\""));
    if (!algValue.isString())
        return refuse(QStringLiteral("the JWS header's \"alg\" is not a string"));
    const QString name = algValue.toString();
    if (const QString why = algorithmRefusal(name); !why.isEmpty())
        return refuse(why);
    Header h;
    h.alg = *algorithmFromName(name);
    if (!allowed.contains(h.alg)) {
        QStringList names;
        for (const Algorithm a : allowed)
            names.append(algorithmName(a));
        return refuse(QStringLiteral("algorithm %1 is not allowed here (allowed: %2)")
                              .arg(algorithmName(h.alg),
                                   names.isEmpty() ? QStringLiteral("none") : names.join(u", ")));
    }
    const QJsonValue kid = object.value(QLatin1StringView("kid"));
    if (!kid.isUndefined()) {
        if (!kid.isString())
            return refuse(QStringLiteral("the JWS header's \"kid\" is not a string"));
        h.kid = kid.toString();
        h.hasKid = true;
    }
    h.object = std::move(object);
    return h;
}

// The headers this thread decoded last, by their exact encoded bytes. An issuer's tokens all
// carry the same header for as long as it signs with one key, so a token seen for the first
// time rarely needs its header decoded and parsed again. Only headers that parsed are kept, and
// checkHeader still runs on every use; a few entries suffice, and a full cache simply stops
// taking new ones.
class HeaderCache
{
public:
    const QJsonObject *find(QByteArrayView encoded) const
    {
        for (const Entry &e : m_entries) {
            if (e.encoded == encoded)
                return &e.object;
        }
        return nullptr;
    }
    void insert(QByteArrayView encoded, const QJsonObject &object)
    {
        if (m_entries.size() < kCapacity && encoded.size() <= kLongestKept)
            m_entries.append(Entry{encoded.toByteArray(), object});
    }

private:
    static constexpr qsizetype kCapacity = 16;
    static constexpr qsizetype kLongestKept = 512;
    struct Entry
    {
        QByteArray encoded;
        QJsonObject object;
    };
    QList<Entry> m_entries;
};

Result<Header> readHeader(const Segments &segments, const AlgorithmList &allowed)
{
    thread_local HeaderCache cache;
    if (const QJsonObject *known = cache.find(segments.header))
        return checkHeader(*known, allowed);
    auto object = decodeHeader(segments.header);
    if (!object)
        return std::unexpected(object.error());
    cache.insert(segments.header, *object);
    return checkHeader(std::move(*object), allowed);
}

Result<VerifiedJws> verifyWith(const Segments &segments, Header header, const Jwk &key,
                               JwsPayload kind)
{
    if (const QString why = key.refusalToVerify(header.alg); !why.isEmpty())
        return refuse(QStringLiteral("the key cannot verify this %1 token: %2")
                              .arg(algorithmName(header.alg), why));
    auto payload = base64UrlDecode(segments.payload);
    if (!payload)
        return refuse(QStringLiteral("the JWS payload is not valid: ") + payload.error().message);
    auto signature = base64UrlDecode(segments.signature);
    if (!signature)
        return refuse(QStringLiteral("the JWS signature is not valid: ")
                      + signature.error().message);
    if (signature->isEmpty())
        return refuse(QStringLiteral("the JWS has no signature"));
    if (auto ok = verifyBytes(header.alg, key, segments.signingInput, *signature); !ok)
        return std::unexpected(ok.error());

    VerifiedJws result;
    if (kind == JwsPayload::JsonObject) {
        auto claims = parseStrictJsonObject(*payload, u"the JWS payload");
        if (!claims)
            return std::unexpected(claims.error());
        result.claims = std::move(*claims);
    }
    result.header = std::move(header.object);
    result.payload = std::move(*payload);
    result.algorithm = header.alg;
    result.kid = key.kid();
    return result;
}

Result<QByteArray> asciiToken(QStringView compact)
{
    if (compact.size() > maxCompactSize)
        return refuse(QStringLiteral("the token is %1 characters; at most %2 are accepted")
                              .arg(compact.size())
                              .arg(maxCompactSize));
    for (const QChar c : compact) {
        if (c.unicode() > 0x7f)
            return refuse(QStringLiteral("the token contains a non-ASCII character"));
    }
    return compact.toLatin1();
}

} // namespace

Result<Signer> Signer::create(const QJsonObject &header, const Jwk &key)
{
    if (key.isNull())
        return refuse(QStringLiteral("cannot sign without a key"));
    if (header.contains(QLatin1StringView("crit")))
        return refuse(QStringLiteral(
                "\"crit\" headers are not produced here, since no verifier here accepts them"));

    QJsonObject h = header;
    Algorithm alg = Algorithm::ES256;
    const QJsonValue algValue = h.value(QLatin1StringView("alg"));
    if (algValue.isUndefined()) {
        const auto preferred = key.defaultAlgorithm();
        if (!preferred)
            return refuse(QStringLiteral("the key's \"alg\" (%1) is not supported")
                                  .arg(key.alg().left(32)));
        alg = *preferred;
        h.insert(QLatin1StringView("alg"), algorithmName(alg));
    } else {
        if (!algValue.isString())
            return refuse(QStringLiteral("the header's \"alg\" is not a string"));
        if (const QString why = algorithmRefusal(algValue.toString()); !why.isEmpty())
            return refuse(why);
        alg = *algorithmFromName(algValue.toString());
    }
    if (const QString why = key.refusalToSign(alg); !why.isEmpty())
        return refuse(QStringLiteral("cannot sign with %1: %2").arg(algorithmName(alg), why));

    const QJsonValue kid = h.value(QLatin1StringView("kid"));
    if (kid.isUndefined()) {
        if (!key.kid().isEmpty())
            h.insert(QLatin1StringView("kid"), key.kid());
    } else if (!kid.isString()) {
        return refuse(QStringLiteral("the header's \"kid\" is not a string"));
    } else if (!key.kid().isEmpty() && kid.toString() != key.kid()) {
        return refuse(
                QStringLiteral("the header's \"kid\" names another key than the signing key"));
    }

    Signer signer;
    signer.m_key = key;
    signer.m_alg = alg;
    signer.m_encodedHeader = base64UrlEncode(QJsonDocument(h).toJson(QJsonDocument::Compact)) + '.';
    return signer;
}

Result<QString> Signer::sign(QByteArrayView payload) const
{
    QByteArray token;
    // The signature adds at most the modulus of a 4096-bit key, base64url-encoded.
    token.reserve(m_encodedHeader.size() + (payload.size() * 4 + 2) / 3 + 700);
    token += m_encodedHeader;
    token += base64UrlEncode(payload);
    auto signature = signBytes(m_alg, m_key, token);
    if (!signature)
        return std::unexpected(signature.error());
    token += '.';
    token += base64UrlEncode(*signature);
    if (token.size() > maxCompactSize)
        return refuse(
                QStringLiteral("the token would be %1 bytes, more than the %2 a verifier accepts")
                        .arg(token.size())
                        .arg(maxCompactSize));
    return QString::fromLatin1(token);
}

Result<QString> sign(const QJsonObject &header, QByteArrayView payload, const Jwk &key)
{
    auto signer = Signer::create(header, key);
    if (!signer)
        return std::unexpected(signer.error());
    return signer->sign(payload);
}

Result<VerifiedJws> verify(QByteArrayView compact, const Jwk &key, const AlgorithmList &allowed,
                           JwsPayload payload)
{
    auto segments = split(compact);
    if (!segments)
        return std::unexpected(segments.error());
    auto header = readHeader(*segments, allowed);
    if (!header)
        return std::unexpected(header.error());
    if (header->hasKid && !key.kid().isEmpty() && header->kid != key.kid())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("the token names key \"%1\", not the verifying key")
                            .arg(header->kid.left(64)));
    return verifyWith(*segments, std::move(*header), key, payload);
}

Result<VerifiedJws> verify(QByteArrayView compact, const JwkSet &keys, const AlgorithmList &allowed,
                           JwsPayload payload)
{
    auto segments = split(compact);
    if (!segments)
        return std::unexpected(segments.error());
    auto header = readHeader(*segments, allowed);
    if (!header)
        return std::unexpected(header.error());
    if (header->hasKid) {
        const auto key = keys.find(header->kid);
        if (!key)
            return fail(ErrorCode::NotFound, QStringLiteral("no key with kid \"%1\" in the key set")
                                                     .arg(header->kid.left(64)));
        return verifyWith(*segments, std::move(*header), *key, payload);
    }
    // Without a kid, trying every key in turn would let one token be checked against keys
    // meant for other uses; only an unambiguous set is accepted.
    const Jwk *candidate = nullptr;
    qsizetype candidates = 0;
    for (const Jwk &key : keys.keys()) {
        if (key.canVerify(header->alg)) {
            candidate = &key;
            ++candidates;
        }
    }
    if (candidates != 1)
        return fail(ErrorCode::NotFound, QStringLiteral("the token names no key (no \"kid\") and "
                                                        "%1 keys in the set could verify %2")
                                                 .arg(candidates)
                                                 .arg(algorithmName(header->alg)));
    return verifyWith(*segments, std::move(*header), *candidate, payload);
}

Result<VerifiedJws> verify(QStringView compact, const Jwk &key, const AlgorithmList &allowed,
                           JwsPayload payload)
{
    auto ascii = asciiToken(compact);
    if (!ascii)
        return std::unexpected(ascii.error());
    return verify(QByteArrayView(*ascii), key, allowed, payload);
}

Result<VerifiedJws> verify(QStringView compact, const JwkSet &keys, const AlgorithmList &allowed,
                           JwsPayload payload)
{
    auto ascii = asciiToken(compact);
    if (!ascii)
        return std::unexpected(ascii.error());
    return verify(QByteArrayView(*ascii), keys, allowed, payload);
}

Result<QJsonObject> peekHeader(QByteArrayView compact)
{
    auto segments = split(compact);
    if (!segments)
        return std::unexpected(segments.error());
    return decodeHeader(segments->header);
}

} // namespace mandate::crypto::Jws
