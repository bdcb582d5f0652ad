#pragma once

#include "BenchReport.h"

namespace mandate::bench {

// policy.decision_p50_ns, policy.decision_p99_ns (gdrive, github and tinytodo workloads of
// about 50 entities), policy.decision_p99_ns_1000_policies (the starter set grown to 1,000
// policies), and beside them the reference implementation's figures on the same workloads in
// the same run: peer.cedar_wasm_p50_ns (@cedar-policy/cedar-wasm under Node.js).
BenchGroup policyGroup();

} // namespace mandate::bench
