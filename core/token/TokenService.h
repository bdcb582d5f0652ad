#pragma once

#include "../Error.h"
#include "../crypto/Jwk.h"
#include "../crypto/Jws.h"

#include <QCache>
#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace mandate {

// The claims of a Mandate access token (RFC 9068). Times are milliseconds here; the token
// carries NumericDate seconds (exp rounded down, so a token never outlives its session).
struct AccessTokenClaims
{
    QString issuer;         // iss
    QString subject;        // sub: the agent's SPIFFE ID
    QString audience;       // aud
    QString jti;
    QString clientId;       // client_id: the agent's id
    QString scope;          // space-separated
    QString sessionId;      // sid
    QJsonObject act;        // RFC 8693 actor chain, the current actor outermost
    int actLinks = 0;       // how many actors the chain names (0: no act claim)
    qint64 issuedAtMs = 0;  // iat
    qint64 notBeforeMs = 0; // nbf
    qint64 expiresAtMs = 0; // exp

    // The act chain outermost first: the current actor, the actors before it, the human last.
    QStringList actors() const;
};

// Issues and verifies access tokens. Verification is strict and complete except for the
// state that lives in the store (revocation, sessions): that is the engine's to check, every
// time. Signature checks are cached by the token's SHA-256 (an LRU); times, issuer and
// audience are checked on every call. One object per thread, like the engine that owns it.
class TokenService final
{
public:
    struct Config
    {
        QString issuer = QStringLiteral("https://mandate.local");
        QString audience = QStringLiteral("mandate");
        QStringList extraAudiences; // also accepted: tokens exchanged for another audience
        qint64 clockSkewMs = 30 * 1000;
        int maxActDepth = 8;
        qsizetype maxTokenSize = 8 * 1024;
        int cacheEntries = 100'000;
    };

    explicit TokenService(Config config);
    Q_DISABLE_COPY_MOVE(TokenService)

    const Config &config() const { return m_config; }

    // Signs claims with key as a compact JWS with typ "at+jwt" and the key's kid. The act claim
    // is written from `actors` (outermost first; claims.act is not read).
    Result<QString> issue(const AccessTokenClaims &claims, const QStringList &actors, const crypto::Jwk &key) const;

    // What verify() checks besides the signature and the claims' form.
    enum class Checks { All, SignatureOnly /* for revoking a token that may have expired */ };

    // The claims of a token that verifies with keys and passes every check, or why not, as a
    // sentence that quotes nothing of the token.
    Result<AccessTokenClaims> verify(QStringView token, const crypto::JwkSet &keys, qint64 nowMs,
                                     Checks checks = Checks::All);

    qsizetype cachedSignatures() const { return m_cache.size(); }
    void clearCache() { m_cache.clear(); }

private:
    Result<AccessTokenClaims> verifySignature(const QByteArray &token, const crypto::JwkSet &keys, QString *kid);
    bool acceptsAudience(const QString &audience) const
    {
        return audience == m_config.audience || m_config.extraAudiences.contains(audience);
    }

    struct Cached
    {
        AccessTokenClaims claims;
        QString kid;
    };

    Config m_config;
    QCache<QByteArray, Cached> m_cache;
    // The header is the same for every token a key signs: checked and encoded once per key.
    mutable std::optional<crypto::Jws::Signer> m_signer;
};

} // namespace mandate
