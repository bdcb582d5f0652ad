#pragma once

#include "../Error.h"

#include <QByteArray>
#include <QByteArrayView>

namespace mandate::crypto {

// base64url without padding (RFC 7515 section 2, RFC 4648 section 5).
QByteArray base64UrlEncode(QByteArrayView data);

// Strict base64url decoding, as JOSE needs it: one encoding per byte string, so that a token
// cannot be altered without changing its bytes. Refused: any character outside A-Z a-z 0-9 - _
// (so '=', '+', '/', whitespace and line breaks), a length that leaves a lone character
// (length % 4 == 1), and non-zero unused bits in the last character.
Result<QByteArray> base64UrlDecode(QByteArrayView text);

// Compares two byte strings in time that depends only on their lengths (which are public:
// a signature or a MAC has a fixed length). Use for every comparison of secrets or of
// values an attacker is trying to guess.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

// Fills `out` from OpenSSL's CSPRNG (a DRBG seeded from the system), which costs a fraction
// of asking the system or the CPU for every identifier. Fails only if OpenSSL cannot seed.
Status fillRandom(void *out, qsizetype size);

} // namespace mandate::crypto
