#pragma once

#include "BenchReport.h"

#include <QtGlobal>

#include <memory>

namespace mandate::bench {

// The machine's own limits, measured with Google Benchmark in the same run as every figure:
// raw OpenSSL ES256 signatures and verifications per second (each the best of kRounds
// repetitions), raw SQLite inserts per second.
BenchGroup limitsGroup();

// Rounds of the same ES256 limits outside Google Benchmark, the same operations per item, for a
// group that takes a figure set beside a limit: it runs a round of the limit before each round
// of its own, so that both sides of the ratio see the machine in the same state, and raises the
// limit to the best round it saw (BenchReport::raise). A limit only ever goes up that way.
class Es256Limit
{
public:
    Es256Limit();
    ~Es256Limit();
    Q_DISABLE_COPY_MOVE(Es256Limit)

    bool isValid() const;
    double signRound(int milliseconds);   // signatures per second, or 0 if one failed
    double verifyRound(int milliseconds); // verifications per second, or 0 if one failed

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace mandate::bench
