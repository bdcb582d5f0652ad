#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace mandate::bench {

// The figures of one run, keyed by dotted names ("limits.openssl_es256_sign_per_s").
class BenchReport
{
public:
    void set(const QString &key, double value) { m_values.insert(key, value); }
    // Sets key to value unless it already holds more: a limit is the best any round showed.
    void raise(const QString &key, double value)
    {
        if (!m_values.contains(key) || m_values.value(key).toDouble() < value)
            m_values.insert(key, value);
    }
    void note(const QString &key, const QString &text) { m_values.insert(key, text); }
    const QJsonObject &values() const { return m_values; }

private:
    QJsonObject m_values;
};

// What the groups of one run share: the generated store the console figures are taken on.
struct BenchContext
{
    QString workDir;         // a temporary folder, removed at exit
    QString storePath;       // a generated store of demoAgents agents; empty until made
    int demoAgents = 1'000'000;
    bool verbose = false;
};

// One group of measurements: the keys it provides (for --filter and --list) and how to take them.
struct BenchGroup
{
    QString name;            // "limits", "demo", "ui"
    QStringList keys;
    std::function<bool(BenchContext &, BenchReport &, QString *error)> run;
};

double median(QList<double> values);

// A rate set beside one of the machine's limits is the best of this many rounds, and so is the
// limit: on a shared machine whatever else runs only ever slows a round down, so the best
// rounds of both are the closest to what this machine does when left alone.
constexpr int kRounds = 5;

} // namespace mandate::bench
