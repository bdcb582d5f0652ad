#include "Digest.h"

#include "OpenSsl_p.h"

#include <QCryptographicHash>

namespace mandate::crypto {

namespace {

// Fetching the algorithm and allocating a context cost more than hashing a short event, so
// each thread keeps one of each.
struct Sha256
{
    std::unique_ptr<EVP_MD, detail::OpenSslFree<EVP_MD_free>> md{
            EVP_MD_fetch(nullptr, "SHA256", nullptr)};
    detail::EvpMdCtxPtr ctx{EVP_MD_CTX_new()};
};

} // namespace

QByteArray sha256Hex(QByteArrayView first, QByteArrayView second)
{
    thread_local Sha256 sha;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (sha.md && sha.ctx && EVP_DigestInit_ex2(sha.ctx.get(), sha.md.get(), nullptr) == 1
        && EVP_DigestUpdate(sha.ctx.get(), first.data(), std::size_t(first.size())) == 1
        && EVP_DigestUpdate(sha.ctx.get(), second.data(), std::size_t(second.size())) == 1
        && EVP_DigestFinal_ex(sha.ctx.get(), digest, &length) == 1 && length == 32)
        return QByteArray(reinterpret_cast<const char *>(digest), 32).toHex();
    // OpenSSL without SHA-256 (a restricted provider configuration): same digest, slower.
    detail::clearOpenSslErrors();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(first);
    hash.addData(second);
    return hash.result().toHex();
}

} // namespace mandate::crypto
