#pragma once

#include <QRandomGenerator>
#include <QString>

#include <mutex>

namespace mandate {

// Identifiers are a short type prefix and 16 base32 characters (80 bits): "agt_k3j9x2m4q7p1w8zr".
class IdSource
{
public:
    virtual ~IdSource() = default;
    virtual QString next(QStringView prefix) = 0;

protected:
    static QString format(QStringView prefix, quint64 hi, quint64 lo);
};

// Unpredictable identifiers from the system's CSPRNG: what the product uses.
class RandomIdSource final : public IdSource
{
public:
    QString next(QStringView prefix) override;
};

// Reproducible identifiers from a seed: the demo generator and tests, so that the same seed
// gives the same store.
class SeededIdSource final : public IdSource
{
public:
    explicit SeededIdSource(quint64 seed) : m_rng(static_cast<quint32>(seed ^ (seed >> 32))) {}
    QString next(QStringView prefix) override;

private:
    std::mutex m_mutex;
    QRandomGenerator64 m_rng;
};

} // namespace mandate
