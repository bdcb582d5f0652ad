#include "Signature.h"

#include "OpenSsl_p.h"

#include <openssl/rsa.h>

#include <array>
#include <cstring>

namespace mandate::crypto {

using namespace detail;

namespace {

constexpr qsizetype p256ScalarBytes = 32;
constexpr qsizetype es256SignatureBytes = 2 * p256ScalarBytes;
constexpr qsizetype ed25519SignatureBytes = 64;

// The order n of the P-256 group (FIPS 186-4, D.1.2.3), big-endian. Public: comparing against
// it need not be constant-time.
constexpr std::array<unsigned char, p256ScalarBytes> p256Order = {
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
        0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

const EVP_MD *digestFor(Algorithm alg)
{
    // Ed25519 hashes internally (PureEdDSA); EVP wants no digest for it.
    return alg == Algorithm::EdDSA ? nullptr : EVP_sha256();
}

// A fixed-width big-endian scalar in [1, n-1]: ECDSA's range for r and s (SEC 1, 4.1.4 step 1).
bool isValidScalar(QByteArrayView scalar)
{
    bool zero = true;
    for (const char c : scalar)
        zero = zero && c == 0;
    // Same width, big-endian: byte order is numeric order.
    return !zero && std::memcmp(scalar.data(), p256Order.data(), p256Order.size()) < 0;
}

// The DER form OpenSSL verifies (SEQUENCE of two INTEGERs), written directly: r and s are
// checked non-zero 32-byte values, so each INTEGER is at most 33 bytes and every length fits
// in one byte.
QByteArray rawToDer(QByteArrayView raw)
{
    QByteArray der;
    der.reserve(2 + 2 * (2 + p256ScalarBytes + 1));
    der += char(0x30);
    der += char(0); // the sequence's length, set below
    for (const QByteArrayView part : {raw.first(p256ScalarBytes), raw.sliced(p256ScalarBytes)}) {
        qsizetype skip = 0;
        while (skip < part.size() - 1 && part[skip] == 0)
            ++skip;
        const QByteArrayView digits = part.sliced(skip);
        const bool pad = (static_cast<unsigned char>(digits[0]) & 0x80) != 0; // keep it positive
        der += char(0x02);
        der += char(digits.size() + (pad ? 1 : 0));
        if (pad)
            der += char(0);
        der += digits;
    }
    der[1] = char(der.size() - 2);
    return der;
}

// OpenSSL's DER signature (SEQUENCE of two INTEGERs) as JWS writes it: R || S, 32 bytes each.
// Read directly, as rawToDer writes it: every session start signs, and going through
// d2i_ECDSA_SIG and two BIGNUMs cost more than the rest of the conversion many times over.
Result<QByteArray> derToRaw(QByteArrayView der)
{
    const auto malformed = [] {
        return fail(ErrorCode::Internal, QStringLiteral("OpenSSL's ECDSA signature is not the DER expected"));
    };
    const unsigned char *in = bytes(der);
    const qsizetype size = der.size();
    if (size < 8 || in[0] != 0x30 || in[1] != size - 2)
        return malformed();
    QByteArray raw(es256SignatureBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    qsizetype at = 2;
    for (int part = 0; part < 2; ++part) {
        if (at + 2 > size || in[at] != 0x02)
            return malformed();
        qsizetype length = in[at + 1];
        const unsigned char *digits = in + at + 2;
        at += 2 + length;
        if (length < 1 || at > size)
            return malformed();
        if (length == p256ScalarBytes + 1 && digits[0] == 0) { // the zero that keeps it positive
            ++digits;
            --length;
        }
        if (length > p256ScalarBytes)
            return malformed();
        std::memcpy(out + part * p256ScalarBytes + (p256ScalarBytes - length), digits, std::size_t(length));
    }
    if (at != size)
        return malformed();
    return raw;
}

Result<EvpMdCtxPtr> initContext(Algorithm alg, EVP_PKEY *pkey, bool signing)
{
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx)
        return fail(ErrorCode::Internal, openSslError(u"cannot create a digest context"));
    EVP_PKEY_CTX *pctx = nullptr; // owned by ctx
    const int ok = signing ? EVP_DigestSignInit(ctx.get(), &pctx, digestFor(alg), nullptr, pkey)
                           : EVP_DigestVerifyInit(ctx.get(), &pctx, digestFor(alg), nullptr, pkey);
    if (ok != 1)
        return fail(ErrorCode::Internal, openSslError(u"cannot start a signature operation"));
    // PKCS #1 v1.5 is OpenSSL's default too; saying so keeps a changed default from turning
    // RS256 into something else.
    if (alg == Algorithm::RS256 && EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
        return fail(ErrorCode::Internal, openSslError(u"cannot select RSA PKCS #1 v1.5 padding"));
    return ctx;
}

// A context ready for one operation: a copy of the key's prepared context for alg, made on
// first use. A key signs and verifies with one algorithm only (Jwk::refusalToSign and
// refusalToVerify see to it), so one template for each direction suffices.
Result<EvpMdCtxPtr> startContext(Algorithm alg, const KeyData &key, bool signing)
{
    std::lock_guard lock(key.preparedMutex);
    EvpMdCtxPtr &prepared = signing ? key.preparedSign : key.preparedVerify;
    if (!prepared) {
        auto made = initContext(alg, key.pkey.get(), signing);
        if (!made)
            return made;
        prepared = std::move(*made);
    }
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), prepared.get()) != 1)
        return fail(ErrorCode::Internal, openSslError(u"cannot copy a signature context"));
    return ctx;
}

} // namespace

Result<QByteArray> signBytes(Algorithm alg, const Jwk &key, QByteArrayView data)
{
    if (const QString why = key.refusalToSign(alg); !why.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("cannot sign with %1: %2").arg(algorithmName(alg), why));
    const KeyData &keyData = *KeyAccess::data(key);
    auto ctx = startContext(alg, keyData, true);
    if (!ctx)
        return std::unexpected(ctx.error());
    // The largest signature this key makes: DER ECDSA (72 bytes for P-256), Ed25519's 64 or
    // the RSA modulus.
    size_t length = static_cast<size_t>(EVP_PKEY_get_size(keyData.pkey.get()));
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx->get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       bytes(data), static_cast<size_t>(data.size()))
        != 1)
        return fail(ErrorCode::Internal, openSslError(u"cannot sign"));
    signature.resize(static_cast<qsizetype>(length));
    if (alg == Algorithm::ES256)
        return derToRaw(signature);
    return signature;
}

Status verifyBytes(Algorithm alg, const Jwk &key, QByteArrayView data, QByteArrayView signature)
{
    if (const QString why = key.refusalToVerify(alg); !why.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("cannot verify %1: %2").arg(algorithmName(alg), why));
    EVP_PKEY *pkey = KeyAccess::data(key)->pkey.get();

    QByteArray der;
    QByteArrayView checked = signature;
    switch (alg) {
    case Algorithm::ES256:
        // JWS fixes the form (R || S, 32 bytes each); OpenSSL sees DER, which has its own
        // malleable encodings, so the length and ranges are checked here, on what was sent.
        if (signature.size() != es256SignatureBytes)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("an ES256 signature must be %1 bytes (R || S), not %2")
                                .arg(es256SignatureBytes)
                                .arg(signature.size()));
        if (!isValidScalar(signature.first(p256ScalarBytes))
            || !isValidScalar(signature.sliced(p256ScalarBytes)))
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("an ES256 signature needs r and s in [1, n-1] (n: the P-256 "
                                       "group order)"));
        der = rawToDer(signature);
        checked = der;
        break;
    case Algorithm::EdDSA:
        if (signature.size() != ed25519SignatureBytes)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("an Ed25519 signature must be %1 bytes, not %2")
                                .arg(ed25519SignatureBytes)
                                .arg(signature.size()));
        break;
    case Algorithm::RS256: {
        const int modulusBytes = EVP_PKEY_get_size(pkey);
        if (signature.size() != modulusBytes)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral(
                                "an RS256 signature must be %1 bytes for this %2-bit key, not %3")
                                .arg(modulusBytes)
                                .arg(key.bits())
                                .arg(signature.size()));
        break;
    }
    }

    auto ctx = startContext(alg, *KeyAccess::data(key), false);
    if (!ctx)
        return std::unexpected(ctx.error());
    const int ok = EVP_DigestVerify(ctx->get(), bytes(checked), static_cast<size_t>(checked.size()),
                                    bytes(data), static_cast<size_t>(data.size()));
    if (ok != 1) {
        clearOpenSslErrors();
        return fail(ErrorCode::Integrity,
                    QStringLiteral("the %1 signature does not verify").arg(algorithmName(alg)));
    }
    return {};
}

} // namespace mandate::crypto
