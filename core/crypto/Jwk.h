#pragma once

#include "../Error.h"
#include "Algorithm.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

namespace mandate::crypto {

namespace detail {
struct KeyData;
struct KeyAccess;
} // namespace detail

enum class KeyType { EC, OKP, RSA };

// A JSON Web Key (RFC 7517) that Mandate can sign or verify with: EC P-256 (ES256), OKP
// Ed25519 (EdDSA) or RSA of 2048 bits or more (RS256), public or private. An immutable value:
// copies share one key, which may be used from several threads at once.
//
// Private key material stays inside: toString(), the QDebug operator and toPublicJson() show
// none of it. toPrivateJson() is the one way out, so that every place exporting a private key
// is visible in review.
class Jwk
{
public:
    Jwk();
    ~Jwk();
    Jwk(const Jwk &other);
    Jwk(Jwk &&other) noexcept;
    Jwk &operator=(const Jwk &other);
    Jwk &operator=(Jwk &&other) noexcept;

    // Reads a JWK object. Refused, each with a sentence: symmetric keys ("oct"), curves other
    // than P-256 and Ed25519, RSA under 2048 bits, coordinates or private values of the wrong
    // length, points not on the curve, private parts that do not match the public key, RSA
    // private keys without their CRT members (p, q, dp, dq, qi) or with "oth", malformed
    // "kid", "alg", "use" or "key_ops". Other members are ignored, as RFC 7517 says.
    static Result<Jwk> fromJson(const QJsonObject &object);
    // The same from JSON text, parsed strictly (duplicate members refused).
    static Result<Jwk> parse(QByteArrayView json);

    // Why a JWK object names a kind of key this module does not implement (an unknown "kty",
    // "oct", another curve, RSA under 2048 bits); empty when it is a supported kind, even if
    // malformed. JwkSet uses it to skip such keys, as RFC 7517 section 5 asks.
    static QString unsupportedReason(const QJsonObject &object);

    // A new key pair for alg, from the operating system's random source. Its "kid" is its RFC
    // 7638 thumbprint; "alg" and "use" ("sig") are set. rsaBits (RS256 only): 2048, 3072 or 4096.
    static Result<Jwk> generate(Algorithm alg, int rsaBits = 2048);

    bool isNull() const;
    bool hasPrivateKey() const;
    KeyType keyType() const;
    QString keyTypeName() const; // "EC", "OKP", "RSA"
    QString curve() const;       // "P-256", "Ed25519"; empty for RSA
    int bits() const;            // 256, 255 (Ed25519), or the RSA modulus size

    // The optional members of RFC 7517 section 4, as given (empty when absent).
    QString kid() const;
    QString alg() const;
    QString use() const;
    std::optional<QStringList> keyOperations() const;

    Jwk withKid(const QString &kid) const;
    // The same key without its private part (and with the same members).
    Jwk publicKey() const;

    // The algorithm sign() uses when a header names none: the key's "alg" when it is one we
    // implement, otherwise ES256, EdDSA or RS256 by key type. nullopt for a null key or an
    // "alg" we do not implement.
    std::optional<Algorithm> defaultAlgorithm() const;

    // Why this key may not verify (or make) alg signatures, as a sentence; empty when it may.
    // Checks the key type and curve, and, when present, "alg", "use" (must be "sig") and
    // "key_ops" (must contain "verify", or "sign").
    QString refusalToVerify(Algorithm alg) const;
    QString refusalToSign(Algorithm alg) const;
    bool canVerify(Algorithm alg) const { return refusalToVerify(alg).isEmpty(); }
    bool canSign(Algorithm alg) const { return refusalToSign(alg).isEmpty(); }

    // RFC 7638 thumbprint: base64url(SHA-256(the required public members, canonical JSON)).
    QString thumbprint() const;
    bool hasSamePublicKey(const Jwk &other) const;

    // The public JWK (required members, then kid, alg, use, key_ops when set).
    QJsonObject toPublicJson() const;
    // The private JWK: the public members plus d (and p, q, dp, dq, qi for RSA). The only
    // function that exports secret key material; the result is a secret.
    QJsonObject toPrivateJson() const;

    // For logs and debuggers: type, curve, size, kid and whether a private part is held, never
    // any key material, e.g. `Jwk(EC P-256, kid "NzbL...", private)`.
    QString toString() const;

private:
    explicit Jwk(std::shared_ptr<const detail::KeyData> data);

    std::shared_ptr<const detail::KeyData> m_d;

    friend struct detail::KeyAccess;
};

QDebug operator<<(QDebug debug, const Jwk &key);

// A JWK Set (RFC 7517 section 5): the keys a verifier trusts, found by "kid".
class JwkSet
{
public:
    // Reads {"keys": [...]}. Keys of a kind this module does not implement are skipped, as RFC
    // 7517 asks, and listed in skipped(); a malformed key of a supported kind, or two keys
    // with one "kid", refuse the whole set.
    static Result<JwkSet> fromJson(const QJsonObject &object);
    static Result<JwkSet> parse(QByteArrayView json);

    // Refuses a null key and a "kid" already in the set. Keys without a "kid" are allowed,
    // but a token can only pick one when it is the set's only key for the token's algorithm.
    Status add(const Jwk &key);

    qsizetype size() const { return m_keys.size(); }
    bool isEmpty() const { return m_keys.isEmpty(); }
    const QList<Jwk> &keys() const { return m_keys; }
    std::optional<Jwk> find(QStringView kid) const;
    // The keys fromJson() passed over, one sentence each.
    const QStringList &skipped() const { return m_skipped; }

    JwkSet publicKeys() const;
    // {"keys": [public JWKs]}: what a JWKS endpoint serves.
    QJsonObject toPublicJson() const;
    // {"keys": [private JWKs]}: for key storage only; the result is a secret.
    QJsonObject toPrivateJson() const;

private:
    QList<Jwk> m_keys;
    QStringList m_skipped;
};

} // namespace mandate::crypto
