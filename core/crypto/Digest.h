#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace mandate::crypto {

// SHA-256 over the concatenation of two byte strings, as 64 lower-case hex digits. The audit
// chain hashes every event with it; OpenSSL uses the processor's SHA instructions where there
// are some, several times faster than QCryptographicHash.
QByteArray sha256Hex(QByteArrayView first, QByteArrayView second);

} // namespace mandate::crypto
