#include "KeyRing.h"

#include "../JsonText.h"
#include "../store/Store.h"

namespace mandate {

using crypto::Algorithm;
using crypto::Jwk;
using crypto::JwkSet;

KeyRing::KeyRing(Store &store, Algorithm algorithm)
    : m_store(store)
    , m_algorithm(algorithm)
{
}

Result<Jwk> KeyRing::create(qint64 nowMs, Algorithm alg)
{
    // RSA keys are 3072 bits: NIST SP 800-57's size for use beyond 2030.
    auto key = Jwk::generate(alg, 3072);
    if (!key)
        return std::unexpected(key.error());
    SigningKeyRecord record;
    record.kid = key->kid();
    record.alg = crypto::algorithmName(alg);
    record.privateJwk = compactJson(key->toPrivateJson());
    record.publicJwk = compactJson(key->toPublicJson());
    record.createdAt = nowMs;
    if (auto ok = m_store.insertSigningKey(record); !ok)
        return std::unexpected(ok.error());
    return *key;
}

Status KeyRing::reload(qint64 nowMs)
{
    auto records = m_store.publishedSigningKeys(nowMs);
    if (!records)
        return std::unexpected(records.error());
    Jwk current;
    JwkSet published;
    for (const SigningKeyRecord &record : std::as_const(*records)) {
        // Only the current key's private half is read: older keys only verify.
        auto key = record.retiredAt == 0 ? Jwk::parse(record.privateJwk.toUtf8()) : Jwk::parse(record.publicJwk.toUtf8());
        if (!key)
            return fail(ErrorCode::StoreCorrupt,
                        QStringLiteral("Signing key %1 in the store cannot be read: %2").arg(record.kid, key.error().message));
        if (key->kid() != record.kid)
            return fail(ErrorCode::StoreCorrupt, QStringLiteral("Signing key %1 in the store names another kid.").arg(record.kid));
        if (record.retiredAt == 0)
            current = *key;
        if (auto added = published.add(key->publicKey()); !added)
            return fail(ErrorCode::StoreCorrupt, added.error().message);
    }
    m_current = current;
    m_published = published;
    return {};
}

Result<bool> KeyRing::loadOrCreate(qint64 nowMs)
{
    if (auto ok = reload(nowMs); !ok)
        return std::unexpected(ok.error());
    if (!m_current.isNull())
        return false;
    auto created = create(nowMs, m_algorithm);
    if (!created)
        return std::unexpected(created.error());
    if (auto ok = reload(nowMs); !ok)
        return std::unexpected(ok.error());
    return true;
}

Result<QString> KeyRing::rotate(qint64 nowMs, qint64 keepPublishedMs, std::optional<Algorithm> alg)
{
    if (auto ok = reload(nowMs); !ok)
        return std::unexpected(ok.error());
    if (!m_current.isNull()) {
        // retired_at 0 means "current": a clock at the epoch must not make a retired key current.
        const qint64 retiredAt = qMax<qint64>(nowMs, 1);
        if (auto ok = m_store.retireSigningKey(m_current.kid(), retiredAt, retiredAt + keepPublishedMs); !ok)
            return std::unexpected(ok.error());
    }
    // The new key keeps the current key's algorithm unless told otherwise.
    const Algorithm next = alg ? *alg : m_current.isNull() ? m_algorithm : m_current.defaultAlgorithm().value_or(m_algorithm);
    auto created = create(nowMs, next);
    if (!created)
        return std::unexpected(created.error());
    if (auto ok = reload(nowMs); !ok)
        return std::unexpected(ok.error());
    return created->kid();
}

} // namespace mandate
