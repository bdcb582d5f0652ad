#include "Algorithm.h"

namespace mandate::crypto {

QString algorithmName(Algorithm alg)
{
    switch (alg) {
    case Algorithm::ES256:
        return QStringLiteral("ES256");
    case Algorithm::EdDSA:
        return QStringLiteral("EdDSA");
    case Algorithm::RS256:
        return QStringLiteral("RS256");
    }
    return QString();
}

std::optional<Algorithm> algorithmFromName(QStringView name)
{
    if (name == u"ES256")
        return Algorithm::ES256;
    if (name == u"EdDSA" || name == u"Ed25519")
        return Algorithm::EdDSA;
    if (name == u"RS256")
        return Algorithm::RS256;
    return std::nullopt;
}

QString algorithmRefusal(QStringView name)
{
    if (algorithmFromName(name))
        return QString();
    const QString shown = name.left(32).toString();
    // "none" in any case: some libraries compared case-insensitively and were fooled by "NONE".
    if (name.compare(u"none", Qt::CaseInsensitive) == 0)
        return QStringLiteral("unsecured JWS (alg \"%1\") is never accepted").arg(shown);
    if (name.startsWith(u"HS", Qt::CaseInsensitive))
        return QStringLiteral(
                       "HMAC algorithm \"%1\" is never accepted: verification keys are public, "
                       "and an HMAC keyed with a public key is forgeable (algorithm confusion)")
                .arg(shown);
    if (name.isEmpty())
        return QStringLiteral("the \"alg\" header is empty");
    return QStringLiteral("algorithm \"%1\" is not supported (supported: ES256, EdDSA, RS256)")
            .arg(shown);
}

} // namespace mandate::crypto
