#pragma once

// Private to core/crypto: the one header that includes OpenSSL, for the module's .cpp files
// only. Public headers expose Qt types; tests/crypto checks that nothing else includes OpenSSL.

#include "../Error.h"
#include "Jwk.h"

#include <QByteArray>
#include <QByteArrayView>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace mandate::crypto::detail {

// unique_ptr deleter calling an OpenSSL *_free function; zero-sized, so the handle stays one
// pointer wide.
template<auto FreeFunction>
struct OpenSslFree
{
    template<typename T>
    void operator()(T *handle) const noexcept
    {
        FreeFunction(handle);
    }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslFree<EVP_MD_CTX_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_free>>;
// For private values: zeroes the digits before freeing them.
using SecretBignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<BN_clear_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, OpenSslFree<ECDSA_SIG_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslFree<OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, OpenSslFree<OSSL_PARAM_free>>;

// Bytes of secret key material, zeroed when they go out of scope.
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(QByteArray bytes)
        : m_bytes(std::move(bytes))
    {}
    ~SecretBytes();
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;
    SecretBytes(SecretBytes &&other) noexcept
        : m_bytes(std::exchange(other.m_bytes, QByteArray()))
    {}
    SecretBytes &operator=(SecretBytes &&other) noexcept
    {
        std::swap(m_bytes, other.m_bytes);
        return *this;
    }

    const QByteArray &bytes() const { return m_bytes; }
    bool isEmpty() const { return m_bytes.isEmpty(); }
    qsizetype size() const { return m_bytes.size(); }

private:
    QByteArray m_bytes;
};

// The sentence for a failed OpenSSL call: `what` and the first queued OpenSSL reason. Empties
// the thread's error queue, so that one failure never shows up in an unrelated later call.
QString openSslError(QStringView what);
void clearOpenSslErrors();

struct KeyData
{
    EvpPkeyPtr pkey;
    KeyType type = KeyType::EC;
    bool hasPrivate = false;
    int bits = 0;
    // Public members, base64url of their canonical bytes (re-exported from the key, not copied
    // from the input, so thumbprints never depend on how a key was written): EC x and y, OKP x,
    // RSA n and e.
    QByteArray x;
    QByteArray y;
    QByteArray n;
    QByteArray e;
    // Optional members.
    QString kid;
    QString alg;
    QString use;
    std::optional<QStringList> keyOps;

    // Contexts initialised once for this key (Signature.cpp) and copied for each operation:
    // copying skips the provider lookups that make EVP_Digest*Init cost a third of a P-256
    // signature. The templates are only ever read after they are made, under the mutex.
    mutable std::mutex preparedMutex;
    mutable EvpMdCtxPtr preparedSign;
    mutable EvpMdCtxPtr preparedVerify;
};

struct KeyAccess
{
    static const KeyData *data(const Jwk &key) { return key.m_d.get(); }
    static Jwk make(std::shared_ptr<const KeyData> data) { return Jwk(std::move(data)); }
};

// Key material (KeyMaterial.cpp). Inputs are big-endian byte strings as JWA defines them.
Result<EvpPkeyPtr> makeP256Key(QByteArrayView x, QByteArrayView y, const SecretBytes &d);
Result<EvpPkeyPtr> makeEd25519Key(QByteArrayView x, const SecretBytes &d);
struct RsaPrivateParts
{
    SecretBytes d, p, q, dp, dq, qi;
};
Result<EvpPkeyPtr> makeRsaKey(QByteArrayView n, QByteArrayView e, const RsaPrivateParts *priv);
Result<EvpPkeyPtr> generateKeyPair(Algorithm alg, int rsaBits);

// Fills type, bits, hasPrivate and the public members of `data` from data.pkey.
Status describeKey(KeyData &data);
// The private members of a JWK (d; and p, q, dp, dq, qi for RSA), base64url-encoded.
Result<QJsonObject> privateMembers(const KeyData &data);
// A second owner of the same EVP_PKEY.
EvpPkeyPtr shareKey(const EvpPkeyPtr &pkey);

} // namespace mandate::crypto::detail
