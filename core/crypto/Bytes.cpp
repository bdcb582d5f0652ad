#include "Bytes.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>

namespace mandate::crypto {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<qint8, 256> makeDecodeTable()
{
    std::array<qint8, 256> table{};
    for (auto &entry : table)
        entry = -1;
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<qint8>(i);
    return table;
}

constexpr std::array<qint8, 256> decodeTable = makeDecodeTable();

} // namespace

QByteArray base64UrlEncode(QByteArrayView data)
{
    // Written through a pointer into storage sized up front: every token is encoded here.
    QByteArray out((data.size() * 4 + 2) / 3, Qt::Uninitialized);
    char *to = out.data();
    qsizetype i = 0;
    const auto byte = [&data](qsizetype at) {
        return static_cast<quint32>(static_cast<unsigned char>(data[at]));
    };
    for (; i + 3 <= data.size(); i += 3) {
        const quint32 n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        *to++ = alphabet[(n >> 18) & 63];
        *to++ = alphabet[(n >> 12) & 63];
        *to++ = alphabet[(n >> 6) & 63];
        *to++ = alphabet[n & 63];
    }
    const qsizetype rest = data.size() - i;
    if (rest == 1) {
        const quint32 n = byte(i) << 16;
        *to++ = alphabet[(n >> 18) & 63];
        *to++ = alphabet[(n >> 12) & 63];
    } else if (rest == 2) {
        const quint32 n = byte(i) << 16 | byte(i + 1) << 8;
        *to++ = alphabet[(n >> 18) & 63];
        *to++ = alphabet[(n >> 12) & 63];
        *to++ = alphabet[(n >> 6) & 63];
    }
    Q_ASSERT(to == out.data() + out.size());
    return out;
}

Result<QByteArray> base64UrlDecode(QByteArrayView text)
{
    // Written through a pointer into storage sized up front: every token is decoded here.
    QByteArray out(text.size() * 3 / 4, Qt::Uninitialized);
    char *to = out.data();
    const auto *in = reinterpret_cast<const unsigned char *>(text.data());
    qsizetype i = 0;
    // Four characters to three bytes at a time; the first group with anything but base64url
    // in it is left to the loop below, which says what is wrong.
    for (const qsizetype whole = text.size() & ~qsizetype(3); i < whole; i += 4) {
        const qint8 a = decodeTable[in[i]];
        const qint8 b = decodeTable[in[i + 1]];
        const qint8 c = decodeTable[in[i + 2]];
        const qint8 d = decodeTable[in[i + 3]];
        if ((a | b | c | d) < 0)
            break;
        const quint32 n = quint32(a) << 18 | quint32(b) << 12 | quint32(c) << 6 | quint32(d);
        *to++ = static_cast<char>(n >> 16);
        *to++ = static_cast<char>(n >> 8);
        *to++ = static_cast<char>(n);
    }
    quint32 accumulator = 0;
    int bits = 0;
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const qint8 value = decodeTable[c];
        if (value < 0) {
            if (c == '=')
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("invalid base64url: padding '=' is not allowed"));
            if (c == '+' || c == '/')
                return fail(
                        ErrorCode::InvalidArgument,
                        QStringLiteral(
                                "invalid base64url: '%1' belongs to standard base64, not base64url")
                                .arg(QLatin1Char(static_cast<char>(c))));
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("invalid base64url: whitespace at offset %1").arg(i));
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("invalid base64url: character 0x%1 at offset %2")
                                .arg(c, 2, 16, QLatin1Char('0'))
                                .arg(i));
        }
        accumulator = (accumulator << 6) | static_cast<quint32>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *to++ = static_cast<char>((accumulator >> bits) & 0xff);
        }
    }
    // Checked after the characters, whose errors say more about what went wrong.
    if (text.size() % 4 == 1)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("invalid base64url: a length of %1 cannot be an encoding")
                            .arg(text.size()));
    // Leftover bits (2 or 4) must be zero, otherwise several texts would decode to the same
    // bytes and a signed token could be altered without touching its signature.
    if (bits > 0 && (accumulator & ((1u << bits) - 1)) != 0)
        return fail(
                ErrorCode::InvalidArgument,
                QStringLiteral(
                        "invalid base64url: non-zero trailing bits (not the canonical encoding)"));
    Q_ASSERT(to == out.data() + out.size());
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

Status fillRandom(void *out, qsizetype size)
{
    if (RAND_bytes(static_cast<unsigned char *>(out), static_cast<int>(size)) != 1)
        return fail(ErrorCode::Internal, QStringLiteral("OpenSSL's random generator is not available."));
    return {};
}

} // namespace mandate::crypto
