// How many threads a parallel step uses, and starting them.
#pragma once

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

namespace cfscale {

// The most threads any step starts, whatever --jobs says: more than this only
// costs memory (each has its own stack), and the command line refuses more.
inline constexpr unsigned kMaxJobs = 256;

// `jobs` as given (--jobs N), or 0 for one per core (at least one), never
// more than kMaxJobs.
inline unsigned thread_count(unsigned jobs) {
  return std::min(kMaxJobs, jobs ? jobs : std::max(1u, std::thread::hardware_concurrency()));
}

// Runs work(i) for i in [0, n) on n threads, the calling thread being number
// 0. A thread the system refuses to start (too many, no memory) is not a
// crash: its share runs on the threads that did start, so `work` must take
// the next item from a shared counter rather than a fixed slice.
template <class Work>
void run_on_threads(unsigned n, Work work) {
  std::vector<std::thread> pool;
  pool.reserve(n > 0 ? n - 1 : 0);
  for (unsigned t = 1; t < n; ++t) {
    try {
      pool.emplace_back(work, t);
    } catch (const std::system_error&) {
      break;
    }
  }
  work(0u);
  for (auto& t : pool) t.join();
}

// Runs fn(i) for i in [0, n) on `jobs` threads (thread_count), each taking
// the next index; results written by index keep the output's order
// independent of scheduling.
template <class F>
void parallel_for(size_t n, unsigned jobs, F fn) {
  auto threads = static_cast<unsigned>(std::min<size_t>(thread_count(jobs), n));
  std::atomic<size_t> next{0};
  run_on_threads(threads, [&](unsigned) {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  });
}

}  // namespace cfscale
