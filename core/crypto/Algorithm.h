#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace mandate::crypto {

// The JWS algorithms Mandate signs and verifies. Deliberately short: no HMAC (a verifier holds
// only public keys, and an HMAC keyed with a public key is the algorithm-confusion attack), no
// "none", no RSA-PSS or P-384/P-521 until something needs them.
enum class Algorithm {
    ES256, // ECDSA P-256 with SHA-256, signature R || S (64 bytes), RFC 7518 section 3.4
    EdDSA, // Ed25519, RFC 8037; "Ed25519" (RFC 9864, fully specified) is accepted as a synonym
    RS256, // RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 section 3.3; keys of 2048 bits or more
};

using AlgorithmList = QList<Algorithm>;

// The "alg" value written into headers: "ES256", "EdDSA", "RS256".
QString algorithmName(Algorithm alg);

// Reads an "alg" value; nullopt for anything this module does not implement ("none", "HS256",
// "PS256", "ES512", ...). Case-sensitive, as RFC 7515 requires.
std::optional<Algorithm> algorithmFromName(QStringView name);

// Why an "alg" value is refused, as a sentence; empty when it names a supported algorithm.
// Distinguishes "none" and the HMAC family (never accepted) from merely unsupported values.
QString algorithmRefusal(QStringView name);

} // namespace mandate::crypto
