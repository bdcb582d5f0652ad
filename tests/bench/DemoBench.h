#pragma once

#include "BenchReport.h"

namespace mandate::bench {

// demo.generate_1m_s and demo.file_1m_mb: generating the demo organisation at a million agents.
BenchGroup demoGroup();

// Makes sure context.storePath names a generated store (generating one if needed).
bool ensureStore(BenchContext &context, QString *error);

} // namespace mandate::bench
