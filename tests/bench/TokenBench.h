#pragma once

#include "BenchReport.h"

namespace mandate::bench {

// tokens.session_start_per_s, tokens.introspect_warm_per_s, tokens.introspect_cold_per_s and
// revoke.subtree_10k_ms, on a small store of their own.
BenchGroup tokenGroup();

} // namespace mandate::bench
