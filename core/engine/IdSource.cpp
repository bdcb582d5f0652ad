#include "IdSource.h"

namespace mandate {

QString IdSource::format(QStringView prefix, quint64 hi, quint64 lo)
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32
    QString out;
    out.reserve(prefix.size() + 17);
    out += prefix;
    out += u'_';
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

QString RandomIdSource::next(QStringView prefix)
{
    quint64 words[2];
    QRandomGenerator::system()->fillRange(words);
    return format(prefix, words[0] & 0xffff, words[1]);
}

QString SeededIdSource::next(QStringView prefix)
{
    std::lock_guard lock(m_mutex);
    const quint64 hi = m_rng.generate() & 0xffff;
    const quint64 lo = m_rng.generate();
    return format(prefix, hi, lo);
}

} // namespace mandate
