#include "IdSource.h"

#include "../crypto/Bytes.h"

namespace mandate {

QString IdSource::format(QStringView prefix, qint64 timeMs, quint64 random)
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32
    QString out(prefix.size() + 1 + 22, Qt::Uninitialized);
    QChar *to = out.data();
    for (QChar c : prefix)
        *to++ = c;
    *to++ = u'_';
    // 50 bits of time, most significant first (times before the epoch count as 0), then 60
    // random bits: 5 bits a character.
    const quint64 time = quint64(qMax<qint64>(timeMs, 0)) & ((quint64(1) << 50) - 1);
    for (int i = 9; i >= 0; --i)
        *to++ = QLatin1Char(alphabet[(time >> (i * 5)) & 31]);
    for (int i = 11; i >= 0; --i)
        *to++ = QLatin1Char(alphabet[(random >> (i * 5)) & 31]);
    return out;
}

QString RandomIdSource::next(QStringView prefix, qint64 timeMs)
{
    quint64 random;
    {
        std::lock_guard lock(m_mutex);
        if (m_used == m_words.size()) {
            // The system's generator stands in should OpenSSL's ever fail to seed.
            if (!crypto::fillRandom(m_words.data(), qsizetype(sizeof(m_words))))
                QRandomGenerator::system()->fillRange(m_words.data(), m_words.size());
            m_used = 0;
        }
        random = m_words[m_used++];
    }
    return format(prefix, timeMs, random);
}

QString SeededIdSource::next(QStringView prefix, qint64 timeMs)
{
    std::lock_guard lock(m_mutex);
    return format(prefix, timeMs, m_rng.generate());
}

} // namespace mandate
