// How many threads a parallel step uses: --jobs N, or one per core.
#pragma once

#include <algorithm>
#include <thread>

namespace cfscale {

// `jobs` as given (--jobs N), or 0 for one per core (at least one).
inline unsigned thread_count(unsigned jobs) { return jobs ? jobs : std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace cfscale
