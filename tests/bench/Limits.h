#pragma once

#include "BenchReport.h"

namespace mandate::bench {

// The machine's own limits, measured with Google Benchmark in the same run as every figure:
// raw OpenSSL ES256 signatures and verifications per second (each the best of kRounds
// repetitions), raw SQLite inserts per second.
BenchGroup limitsGroup();

} // namespace mandate::bench
