#include "IdSource.h"

#include "../crypto/Bytes.h"

namespace mandate {

QString IdSource::format(QStringView prefix, qint64 timeMs, quint64 hi, quint64 lo)
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32
    QString out;
    out.reserve(prefix.size() + 27);
    out += prefix;
    out += u'_';
    // 50 bits of time, most significant first; times before the epoch count as 0.
    const quint64 time = quint64(qMax<qint64>(timeMs, 0)) & ((quint64(1) << 50) - 1);
    for (int i = 9; i >= 0; --i)
        out += QLatin1Char(alphabet[(time >> (i * 5)) & 31]);
    // 80 bits: 16 bits from hi, 64 from lo, 5 bits a character.
    for (int i = 15; i >= 0; --i) {
        const int shift = i * 5;
        quint64 bits;
        if (shift >= 64)
            bits = hi >> (shift - 64);
        else if (shift > 59)
            bits = (lo >> shift) | (hi << (64 - shift));
        else
            bits = lo >> shift;
        out += QLatin1Char(alphabet[bits & 31]);
    }
    return out;
}

QString RandomIdSource::next(QStringView prefix, qint64 timeMs)
{
    quint64 hi, lo;
    {
        std::lock_guard lock(m_mutex);
        if (m_used == m_words.size()) {
            // The system's generator stands in should OpenSSL's ever fail to seed.
            if (!crypto::fillRandom(m_words.data(), qsizetype(sizeof(m_words))))
                QRandomGenerator::system()->fillRange(m_words.data(), m_words.size());
            m_used = 0;
        }
        hi = m_words[m_used++];
        lo = m_words[m_used++];
    }
    return format(prefix, timeMs, hi & 0xffff, lo);
}

QString SeededIdSource::next(QStringView prefix, qint64 timeMs)
{
    std::lock_guard lock(m_mutex);
    const quint64 hi = m_rng.generate() & 0xffff;
    const quint64 lo = m_rng.generate();
    return format(prefix, timeMs, hi, lo);
}

} // namespace mandate
