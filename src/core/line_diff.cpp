#include "core/line_diff.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace cfscale {
namespace {

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

// One line of the edit script: ' ' kept, '-' removed, '+' added.
struct Op {
  char kind;
  size_t a, b;  // line indexes in before / after (the one that applies)
};

std::vector<Op> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<Op> ops;
  size_t n = a.size(), m = b.size();
  if (n * m > 16'000'000) {  // too large for the table: all out, all in
    for (size_t i = 0; i < n; ++i) ops.push_back({'-', i, 0});
    for (size_t j = 0; j < m; ++j) ops.push_back({'+', n, j});
    return ops;
  }
  // Longest common subsequence, from the ends.
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;) at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', i++, j++});
    // Removals before additions, as diff(1) shows a changed line.
    else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) ops.push_back({'-', i++, j});
    else ops.push_back({'+', i, j++});
  }
  return ops;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name, std::string_view after_name,
                         size_t context) {
  if (before == after) return "";
  auto a = lines_of(before), b = lines_of(after);
  auto ops = edit_script(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from `context` kept lines before this change to `context`
    // after the last change that is within 2 * context of the next.
    size_t start = k >= context ? k - context : 0;
    while (start < k && ops[start].kind != ' ') ++start;
    size_t end = k;
    for (size_t gap = 0; end < ops.size(); ++end) {
      gap = ops[end].kind == ' ' ? gap + 1 : 0;
      if (gap > 2 * context) break;
    }
    size_t last = end;
    while (last > k && ops[last - 1].kind == ' ') --last;
    end = std::min(ops.size(), last + context);
    size_t a0 = ops[start].a, b0 = ops[start].b, na = 0, nb = 0;
    for (size_t x = start; x < end; ++x) {
      if (ops[x].kind != '+') ++na;
      if (ops[x].kind != '-') ++nb;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", na ? a0 + 1 : a0, na, nb ? b0 + 1 : b0, nb);
    for (size_t x = start; x < end; ++x) {
      std::string_view line = ops[x].kind == '+' ? b[ops[x].b] : a[ops[x].a];
      out += ops[x].kind;
      out.append(line);
      out += '\n';
    }
    k = end;
  }
  return out;
}

}  // namespace cfscale
