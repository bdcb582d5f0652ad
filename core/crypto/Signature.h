#pragma once

#include "../Error.h"
#include "Algorithm.h"
#include "Jwk.h"

#include <QByteArray>
#include <QByteArrayView>

namespace mandate::crypto {

// Signatures in the form JWS carries them (RFC 7518 section 3): ES256 is R || S, 32 bytes each
// (OpenSSL's DER is converted here), EdDSA is the 64-byte Ed25519 signature, RS256 is as long
// as the modulus. Jws builds on these; they are public for test vectors and for the signed
// audit checkpoints.

// Fails with InvalidArgument when the key may not sign with alg (see Jwk::refusalToSign).
Result<QByteArray> signBytes(Algorithm alg, const Jwk &key, QByteArrayView data);

// Succeeds only for a valid signature. Errors: InvalidArgument when the key may not verify alg
// or the signature is malformed (wrong length; ES256 r or s zero or not below the group
// order), Integrity when it is well formed but does not verify.
Status verifyBytes(Algorithm alg, const Jwk &key, QByteArrayView data, QByteArrayView signature);

} // namespace mandate::crypto
