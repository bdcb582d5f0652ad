#pragma once

#include <QRandomGenerator>
#include <QString>

#include <array>
#include <mutex>

namespace mandate {

// Identifiers are a short type prefix, then 22 base32 characters: the creation time in
// milliseconds (10 characters, so that identifiers sort by time) and 60 random bits (12
// characters), laid out as a ULID lays out its time: "ses_01jdc5x8k3j9x2m4q7p1w8". Time order
// keeps the store's inserts at the end of its indexes instead of scattered over them, which is
// most of the cost of a commit; 60 random bits keep identifiers made in the same millisecond
// apart (a collision among a thousand is a chance in a quadrillion).
class IdSource
{
public:
    virtual ~IdSource() = default;
    virtual QString next(QStringView prefix, qint64 timeMs) = 0;

protected:
    static QString format(QStringView prefix, qint64 timeMs, quint64 random);
};

// Unpredictable identifiers from the system's CSPRNG: what the product uses.
class RandomIdSource final : public IdSource
{
public:
    QString next(QStringView prefix, qint64 timeMs) override;

private:
    // Random words drawn a few hundred at a time: one call to the generator per 512 ids.
    std::mutex m_mutex;
    std::array<quint64, 512> m_words{};
    std::size_t m_used = m_words.size();
};

// Reproducible identifiers from a seed: the demo generator and tests, so that the same seed
// gives the same store.
class SeededIdSource final : public IdSource
{
public:
    explicit SeededIdSource(quint64 seed) : m_rng(static_cast<quint32>(seed ^ (seed >> 32))) {}
    QString next(QStringView prefix, qint64 timeMs) override;

private:
    std::mutex m_mutex;
    QRandomGenerator64 m_rng;
};

} // namespace mandate
