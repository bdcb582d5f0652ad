#pragma once

#include "BenchReport.h"

namespace mandate::bench {

// ui.inventory_first_rows_ms and ui.inventory_filter_ms: the real Inventory page, over a local
// backend on the generated store, timed from the request to the rows in the model.
BenchGroup uiGroup();

} // namespace mandate::bench
