#pragma once

#include "../Error.h"
#include "../crypto/Jwk.h"

#include <QJsonObject>

#include <optional>

namespace mandate {

class Store;

// The engine's signing keys, kept in the store (table signing_keys): one current key (ES256 by
// default; EdDSA, or RS256 for peers that require it) that signs every new token, and the keys it replaced, still published while a token they signed
// may be alive. Private keys stay in the store and in this object: toString() of a Jwk, the
// errors and the JWKS show public material only.
//
// A KeyRing reads and writes through the caller's Store and inside the caller's transaction
// (the engine audits each key change with it); it never opens one itself.
class KeyRing final
{
public:
    explicit KeyRing(Store &store, crypto::Algorithm algorithm = crypto::Algorithm::ES256);
    Q_DISABLE_COPY_MOVE(KeyRing)

    // Reads the published keys; creates the first key when the store has none. Returns whether
    // it created one (the caller audits that).
    Result<bool> loadOrCreate(qint64 nowMs);
    // Reads the published keys again (another process may have rotated them).
    Status reload(qint64 nowMs);

    // Retires the current key and makes a new one. The old key stays published until
    // nowMs + keepPublishedMs: the longest a token it signed can live, plus the clock skew.
    // The new key uses alg, or the current key's algorithm. Returns the new key's kid.
    Result<QString> rotate(qint64 nowMs, qint64 keepPublishedMs, std::optional<crypto::Algorithm> alg = {});

    bool isLoaded() const { return !m_current.isNull(); }
    const crypto::Jwk &current() const { return m_current; }
    // The public keys a verifier trusts: the current one and the still-published older ones.
    const crypto::JwkSet &verificationKeys() const { return m_published; }
    QJsonObject jwks() const { return m_published.toPublicJson(); }

private:
    Result<crypto::Jwk> create(qint64 nowMs, crypto::Algorithm alg);

    Store &m_store;
    crypto::Algorithm m_algorithm; // of the first key
    crypto::Jwk m_current;
    crypto::JwkSet m_published;
};

} // namespace mandate
