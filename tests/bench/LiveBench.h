#pragma once

#include "BenchReport.h"

namespace mandate::bench {

// ui.event_burst_10k_ms: from a burst of 10,000 committed engine events to consistent views.
BenchGroup liveGroup();

} // namespace mandate::bench
