#pragma once

#include "../Error.h"
#include "Algorithm.h"
#include "Jwk.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace mandate::crypto {

// What a verified compact JWS holds.
struct VerifiedJws
{
    QJsonObject header;
    QByteArray payload; // the decoded payload bytes
    QJsonObject claims; // the payload as a JSON object, with JwsPayload::JsonObject
    Algorithm algorithm = Algorithm::ES256;
    QString kid; // the "kid" of the key that verified it (may be empty)
};

// Whether verify() also requires the payload to be a JSON object (a JWT's claims), parsed with
// the same strictness as the header, or leaves it as bytes.
enum class JwsPayload { JsonObject, Bytes };

// JWS compact serialization (RFC 7515 section 7.1), strict.
namespace Jws {

// Tokens are capped before any parsing, so that hostile input costs at most this much work.
inline constexpr qsizetype maxCompactSize = 16 * 1024;

// Signs payload with key. The header is taken as given, except: "alg", when absent, becomes
// the key's default algorithm (see Jwk::defaultAlgorithm), and must otherwise name an
// algorithm the key may sign with; "kid", when absent, becomes the key's kid (when it has one)
// and must otherwise equal it; "crit" is refused, since verify() refuses it.
Result<QString> sign(const QJsonObject &header, QByteArrayView payload, const Jwk &key);

// sign() for many payloads under one header and key: the header is checked and encoded once.
class Signer
{
public:
    // Fails as sign() does for a header or key it refuses.
    static Result<Signer> create(const QJsonObject &header, const Jwk &key);

    Result<QString> sign(QByteArrayView payload) const;
    const Jwk &key() const { return m_key; }

private:
    Signer() = default;

    Jwk m_key;
    Algorithm m_alg = Algorithm::ES256;
    QByteArray m_encodedHeader; // base64url of the header, then '.'
};

// Verifies a compact JWS and returns its header and payload. Nothing of the token is trusted
// before the signature is checked, and every deviation is refused with a sentence:
//  - more than maxCompactSize bytes; not exactly three '.'-separated segments;
//  - any segment not in canonical base64url (padding, '+', '/', whitespace, stray bits);
//  - a header (or, with JwsPayload::JsonObject, a payload) that is not a JSON object, or has
//    duplicate members;
//  - a "crit" header (this verifier understands no extensions);
//  - "alg" missing, "none", any HMAC ("HS256": a verifier's keys are public), unsupported, or
//    not in `allowed`;
//  - a key that may not verify that algorithm (wrong type or curve, or its "alg", "use",
//    "key_ops" say otherwise), or whose kid differs from the header's;
//  - a signature of the wrong length (ES256 and Ed25519: 64 bytes; RS256: the modulus
//    length), an ES256 r or s outside [1, n-1], or one that does not verify.
// "jwk", "jku", "x5u" and "x5c" headers are ignored: keys come only from the caller.
// Error codes: InvalidArgument (malformed or refused), NotFound (no key in the set has the
// header's kid, or a token without kid matches no single key), Integrity (the signature does
// not verify), Internal (OpenSSL failed).
Result<VerifiedJws> verify(QByteArrayView compact, const Jwk &key, const AlgorithmList &allowed,
                           JwsPayload payload = JwsPayload::JsonObject);
// With a key set the key is chosen by the header's "kid"; a token without "kid" is accepted
// only when exactly one key in the set may verify its algorithm.
Result<VerifiedJws> verify(QByteArrayView compact, const JwkSet &keys, const AlgorithmList &allowed,
                           JwsPayload payload = JwsPayload::JsonObject);
Result<VerifiedJws> verify(QStringView compact, const Jwk &key, const AlgorithmList &allowed,
                           JwsPayload payload = JwsPayload::JsonObject);
Result<VerifiedJws> verify(QStringView compact, const JwkSet &keys, const AlgorithmList &allowed,
                           JwsPayload payload = JwsPayload::JsonObject);

// The header of a compact JWS, decoded strictly but NOT verified: for choosing a key set or
// reading "typ" before verify(). Never act on it otherwise.
Result<QJsonObject> peekHeader(QByteArrayView compact);

} // namespace Jws
} // namespace mandate::crypto
