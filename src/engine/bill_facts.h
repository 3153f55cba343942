// Derived facts about the bill: how large a bill line is against the whole
// monthly bill, and what one target's part of it costs. Rules about the
// largest bill lines (kv-read-cost, do-duration, ...) are written over them.
#pragma once

#include <span>

#include "engine/derived.h"

namespace cfscale::engine {

// Found by find_derived like every derived fact; unknown without a bill
// (no metrics file) or without the target's metric.
std::span<const DerivedSpec> bill_facts();

}  // namespace cfscale::engine
