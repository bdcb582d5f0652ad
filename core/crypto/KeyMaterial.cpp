// Key material through OpenSSL 3: building EVP_PKEYs from JWK members, reading them back,
// generating key pairs. Everything here sees private values; they live in SecretBytes or in
// secure BIGNUMs and are zeroed when dropped.

#include "Bytes.h"
#include "OpenSsl_p.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include <array>
#include <cstring>

namespace mandate::crypto::detail {

namespace {

constexpr int p256Bytes = 32;
constexpr int ed25519Bytes = 32;
constexpr int minRsaBits = 2048;
// Verification cost grows with the modulus; a verifier fed keys from outside needs a ceiling.
constexpr int maxRsaBits = 16384;

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

BignumPtr publicBignum(QByteArrayView value)
{
    return BignumPtr(BN_bin2bn(bytes(value), static_cast<int>(value.size()), nullptr));
}

SecretBignumPtr secretBignum(const SecretBytes &value)
{
    SecretBignumPtr bn(BN_secure_new());
    if (bn && !BN_bin2bn(bytes(value.bytes()), static_cast<int>(value.size()), bn.get()))
        bn.reset();
    return bn;
}

Result<EvpPkeyPtr> fromParams(const char *keyType, int selection, const ParamBldPtr &builder)
{
    const ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    if (!params)
        return fail(ErrorCode::Internal, openSslError(u"cannot build key parameters"));
    const EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, keyType, nullptr));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1)
        return fail(ErrorCode::Internal, openSslError(u"cannot create a key context"));
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) != 1 || !raw)
        return fail(ErrorCode::InvalidArgument, openSslError(u"invalid key"));
    return EvpPkeyPtr(raw);
}

// Bytes of a BIGNUM, left-padded to `width` (0: minimal length).
QByteArray bignumBytes(const BIGNUM *bn, int width)
{
    const int size = width > 0 ? width : BN_num_bytes(bn);
    QByteArray out(size, Qt::Uninitialized);
    if (BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), size) != size)
        return QByteArray();
    return out;
}

Result<BignumPtr> getBignum(const EVP_PKEY *pkey, const char *name)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1 || !raw)
        return fail(ErrorCode::Internal, openSslError(QStringLiteral("cannot read key parameter %1")
                                                              .arg(QLatin1StringView(name))));
    return BignumPtr(raw);
}

// Private values travel as base64url text in the JWK, so both forms are zeroed after use.
Status putSecret(QJsonObject &out, const char *member, const EVP_PKEY *pkey, const char *param,
                 int width)
{
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(pkey, param, &raw) != 1 || !raw)
        return fail(ErrorCode::Internal,
                    openSslError(QStringLiteral("cannot read private key parameter %1")
                                         .arg(QLatin1StringView(member))));
    const SecretBignumPtr bn(raw);
    const SecretBytes value(bignumBytes(bn.get(), width));
    const SecretBytes text(base64UrlEncode(value.bytes()));
    out.insert(QLatin1StringView(member), QString::fromLatin1(text.bytes()));
    return {};
}

// Encodings of the Ed25519 points of small order (and the non-canonical encodings of two of
// them), compared without the sign bit, as libsodium does. OpenSSL accepts such public keys,
// and with one the verification equation holds for some signature over any message: nobody's
// key, and a forgery for everyone.
bool hasSmallOrder(QByteArrayView x)
{
    static constexpr unsigned char blocklist[][ed25519Bytes] = {
            {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, // 0, order 4
            {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, // 1, order 1
            {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
             0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
             0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05}, // order 8
            {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
             0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
             0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a}, // order 8
            {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, // p-1, order 2
            {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, // p = 0, order 4
            {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
             0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, // p+1 = 1, order 1
    };
    for (const auto &entry : blocklist) {
        if (std::memcmp(entry, x.data(), ed25519Bytes - 1) == 0
            && (static_cast<unsigned char>(x[ed25519Bytes - 1]) & 0x7f) == entry[ed25519Bytes - 1])
            return true;
    }
    return false;
}

Status checkKey(EVP_PKEY *pkey, bool full, QStringView problem)
{
    const EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!ctx)
        return fail(ErrorCode::Internal, openSslError(u"cannot create a key context"));
    const int ok = full ? EVP_PKEY_check(ctx.get()) : EVP_PKEY_public_check(ctx.get());
    if (ok != 1) {
        clearOpenSslErrors();
        return fail(ErrorCode::InvalidArgument, problem.toString());
    }
    return {};
}

} // namespace

SecretBytes::~SecretBytes()
{
    if (!m_bytes.isEmpty() && !m_bytes.isDetached())
        return; // shared with another QByteArray: that owner zeroes it
    if (!m_bytes.isEmpty())
        OPENSSL_cleanse(m_bytes.data(), static_cast<size_t>(m_bytes.size()));
}

QString openSslError(QStringView what)
{
    const unsigned long code = ERR_get_error();
    clearOpenSslErrors();
    if (code == 0)
        return what.toString();
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    return what.toString() + QStringLiteral(" (OpenSSL: ") + QString::fromLatin1(text.data())
           + u')';
}

void clearOpenSslErrors()
{
    ERR_clear_error();
}

EvpPkeyPtr shareKey(const EvpPkeyPtr &pkey)
{
    if (!pkey || EVP_PKEY_up_ref(pkey.get()) != 1)
        return EvpPkeyPtr();
    return EvpPkeyPtr(pkey.get());
}

Result<EvpPkeyPtr> makeP256Key(QByteArrayView x, QByteArrayView y, const SecretBytes &d)
{
    if (x.size() != p256Bytes || y.size() != p256Bytes)
        return fail(
                ErrorCode::InvalidArgument,
                QStringLiteral("P-256 coordinates x and y must be %1 bytes each").arg(p256Bytes));
    if (!d.isEmpty() && d.size() != p256Bytes)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("a P-256 private key d must be %1 bytes").arg(p256Bytes));

    QByteArray point;
    point.reserve(1 + 2 * p256Bytes);
    point += '\x04'; // uncompressed
    point += x;
    point += y;

    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    SecretBignumPtr priv;
    if (!d.isEmpty())
        priv = secretBignum(d);
    if (!builder || (!d.isEmpty() && !priv)
        || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                           0)
                   != 1
        || OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                            point.constData(), static_cast<size_t>(point.size()))
                   != 1
        || (priv
            && OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()) != 1))
        return fail(ErrorCode::Internal, openSslError(u"cannot build P-256 key parameters"));

    auto key = fromParams("EC", d.isEmpty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR, builder);
    if (!key)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the point (x, y) is not on P-256"));
    // Invalid-curve attacks feed points off the curve (or of small order) to learn the private
    // key; OpenSSL's full public check refuses them, and the pairwise check catches a d that
    // does not belong to (x, y).
    if (auto ok = checkKey(key->get(), false, u"the point (x, y) is not a valid P-256 public key");
        !ok)
        return std::unexpected(ok.error());
    if (!d.isEmpty()) {
        if (auto ok = checkKey(key->get(), true,
                               u"the private key d does not match the public point (x, y)");
            !ok)
            return std::unexpected(ok.error());
    }
    return key;
}

Result<EvpPkeyPtr> makeEd25519Key(QByteArrayView x, const SecretBytes &d)
{
    if (x.size() != ed25519Bytes)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("an Ed25519 public key x must be %1 bytes").arg(ed25519Bytes));
    if (hasSmallOrder(x))
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the Ed25519 public key x is a point of small order"));
    if (d.isEmpty()) {
        EvpPkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(x),
                                                   static_cast<size_t>(x.size())));
        if (!key)
            return fail(ErrorCode::InvalidArgument, openSslError(u"invalid Ed25519 public key"));
        return key;
    }
    if (d.size() != ed25519Bytes)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("an Ed25519 private key d must be %1 bytes").arg(ed25519Bytes));
    EvpPkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(d.bytes()),
                                                static_cast<size_t>(d.size())));
    if (!key)
        return fail(ErrorCode::InvalidArgument, openSslError(u"invalid Ed25519 private key"));
    // The public key is derived from d; a JWK whose x disagrees is two keys glued together.
    std::array<unsigned char, ed25519Bytes> derived{};
    size_t length = derived.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), derived.data(), &length) != 1
        || length != derived.size())
        return fail(ErrorCode::Internal, openSslError(u"cannot derive the Ed25519 public key"));
    if (std::memcmp(derived.data(), x.data(), derived.size()) != 0)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("the private key d does not match the public key x"));
    return key;
}

Result<EvpPkeyPtr> makeRsaKey(QByteArrayView n, QByteArrayView e, const RsaPrivateParts *priv)
{
    const BignumPtr modulus = publicBignum(n);
    const BignumPtr exponent = publicBignum(e);
    if (!modulus || !exponent)
        return fail(ErrorCode::Internal, openSslError(u"cannot read the RSA key"));
    const int bits = BN_num_bits(modulus.get());
    if (bits < minRsaBits)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("RSA keys must have at least %1 bits; this one has %2")
                            .arg(minRsaBits)
                            .arg(bits));
    if (bits > maxRsaBits)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("RSA keys of more than %1 bits are refused; this one has %2")
                            .arg(maxRsaBits)
                            .arg(bits));
    if (!BN_is_odd(modulus.get()))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("the RSA modulus n is even"));
    // OpenSSL refuses exponents over 64 bits for large moduli; 1 is no encryption at all.
    if (!BN_is_odd(exponent.get()) || BN_num_bits(exponent.get()) < 2
        || BN_num_bits(exponent.get()) > 64)
        return fail(
                ErrorCode::InvalidArgument,
                QStringLiteral(
                        "the RSA public exponent e must be odd, at least 3 and at most 64 bits"));

    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1)
        return fail(ErrorCode::Internal, openSslError(u"cannot build RSA key parameters"));

    // The BIGNUMs must outlive OSSL_PARAM_BLD_to_param, which copies them.
    std::array<SecretBignumPtr, 6> secrets;
    if (priv) {
        const std::array<std::pair<const SecretBytes *, const char *>, 6> parts{{
                {&priv->d, OSSL_PKEY_PARAM_RSA_D},
                {&priv->p, OSSL_PKEY_PARAM_RSA_FACTOR1},
                {&priv->q, OSSL_PKEY_PARAM_RSA_FACTOR2},
                {&priv->dp, OSSL_PKEY_PARAM_RSA_EXPONENT1},
                {&priv->dq, OSSL_PKEY_PARAM_RSA_EXPONENT2},
                {&priv->qi, OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
        }};
        for (size_t i = 0; i < parts.size(); ++i) {
            secrets[i] = secretBignum(*parts[i].first);
            if (!secrets[i]
                || OSSL_PARAM_BLD_push_BN(builder.get(), parts[i].second, secrets[i].get()) != 1)
                return fail(ErrorCode::Internal, openSslError(u"cannot build RSA key parameters"));
        }
    }
    auto key = fromParams("RSA", priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, builder);
    if (!key)
        return std::unexpected(key.error());
    if (priv) {
        const EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
        if (!ctx || EVP_PKEY_pairwise_check(ctx.get()) != 1) {
            clearOpenSslErrors();
            return fail(
                    ErrorCode::InvalidArgument,
                    QStringLiteral(
                            "the RSA private members (d, p, q, dp, dq, qi) do not match n and e"));
        }
    }
    return key;
}

Result<EvpPkeyPtr> generateKeyPair(Algorithm alg, int rsaBits)
{
    EVP_PKEY *raw = nullptr;
    switch (alg) {
    case Algorithm::ES256:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        break;
    case Algorithm::EdDSA:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    case Algorithm::RS256:
        if (rsaBits != 2048 && rsaBits != 3072 && rsaBits != 4096)
            return fail(
                    ErrorCode::InvalidArgument,
                    QStringLiteral("RSA keys are generated with 2048, 3072 or 4096 bits, not %1")
                            .arg(rsaBits));
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsaBits));
        break;
    }
    if (!raw)
        return fail(
                ErrorCode::Internal,
                openSslError(
                        QStringLiteral("cannot generate a key for %1").arg(algorithmName(alg))));
    return EvpPkeyPtr(raw);
}

Status describeKey(KeyData &data)
{
    EVP_PKEY *pkey = data.pkey.get();
    if (EVP_PKEY_is_a(pkey, "EC")) {
        std::array<char, 64> group{};
        size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group.data(),
                                           group.size(), &length)
            != 1)
            return fail(ErrorCode::Internal, openSslError(u"cannot read the curve of an EC key"));
        const QLatin1StringView name(group.data(), static_cast<qsizetype>(length));
        if (name != QLatin1StringView("prime256v1") && name != QLatin1StringView("P-256"))
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("EC keys must be on P-256, not %1").arg(name));
        auto x = getBignum(pkey, OSSL_PKEY_PARAM_EC_PUB_X);
        auto y = getBignum(pkey, OSSL_PKEY_PARAM_EC_PUB_Y);
        if (!x || !y)
            return fail(ErrorCode::Internal, (x ? y.error() : x.error()).message);
        data.type = KeyType::EC;
        data.bits = 256;
        data.x = base64UrlEncode(bignumBytes(x->get(), p256Bytes));
        data.y = base64UrlEncode(bignumBytes(y->get(), p256Bytes));
        return {};
    }
    if (EVP_PKEY_is_a(pkey, "ED25519")) {
        std::array<unsigned char, ed25519Bytes> pub{};
        size_t length = pub.size();
        if (EVP_PKEY_get_raw_public_key(pkey, pub.data(), &length) != 1 || length != pub.size())
            return fail(ErrorCode::Internal, openSslError(u"cannot read an Ed25519 public key"));
        data.type = KeyType::OKP;
        data.bits = 255;
        data.x = base64UrlEncode(QByteArrayView(pub.data(), ed25519Bytes));
        return {};
    }
    if (EVP_PKEY_is_a(pkey, "RSA")) {
        auto n = getBignum(pkey, OSSL_PKEY_PARAM_RSA_N);
        auto e = getBignum(pkey, OSSL_PKEY_PARAM_RSA_E);
        if (!n || !e)
            return fail(ErrorCode::Internal, (n ? e.error() : n.error()).message);
        data.type = KeyType::RSA;
        data.bits = BN_num_bits(n->get());
        data.n = base64UrlEncode(bignumBytes(n->get(), 0));
        data.e = base64UrlEncode(bignumBytes(e->get(), 0));
        return {};
    }
    return fail(ErrorCode::InvalidArgument, QStringLiteral("unsupported key type"));
}

Result<QJsonObject> privateMembers(const KeyData &data)
{
    QJsonObject out;
    if (!data.hasPrivate)
        return out;
    const EVP_PKEY *pkey = data.pkey.get();
    switch (data.type) {
    case KeyType::EC:
        if (auto ok = putSecret(out, "d", pkey, OSSL_PKEY_PARAM_PRIV_KEY, p256Bytes); !ok)
            return std::unexpected(ok.error());
        break;
    case KeyType::OKP: {
        std::array<unsigned char, ed25519Bytes> raw{};
        size_t length = raw.size();
        const int ok = EVP_PKEY_get_raw_private_key(pkey, raw.data(), &length);
        const SecretBytes d(QByteArray(reinterpret_cast<const char *>(raw.data()), ed25519Bytes));
        OPENSSL_cleanse(raw.data(), raw.size());
        if (ok != 1 || length != ed25519Bytes)
            return fail(ErrorCode::Internal, openSslError(u"cannot read an Ed25519 private key"));
        const SecretBytes text(base64UrlEncode(d.bytes()));
        out.insert(QLatin1StringView("d"), QString::fromLatin1(text.bytes()));
        break;
    }
    case KeyType::RSA: {
        const std::array<std::pair<const char *, const char *>, 6> parts{{
                {"d", OSSL_PKEY_PARAM_RSA_D},
                {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
                {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
                {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
                {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
                {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
        }};
        for (const auto &[member, param] : parts) {
            if (auto ok = putSecret(out, member, pkey, param, 0); !ok)
                return std::unexpected(ok.error());
        }
        break;
    }
    }
    return out;
}

} // namespace mandate::crypto::detail
