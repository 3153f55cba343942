#include "core/json_value.h"

#include <fmt/format.h>

#include "core/printable.h"
#include "core/text.h"

namespace cfscale {

nlohmann::ordered_json json_money(double usd) {
  if (!std::isfinite(usd)) return nullptr;
  double d = money_rounded(usd);
  if (d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
  return d;  // nlohmann writes the shortest digits that read back as d: 11460000033.88
}

std::string json_text(const nlohmann::ordered_json& j) {
  std::string s = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  auto escaped = [](uint32_t cp) { return fmt::format("\\u{:04x}", cp); };
  std::string out;
  size_t last = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto [cp, n] = invisible_at(s, i);
    if (n == 0 && s.compare(i, 3, "##[") == 0) {
      out.append(s, last, i + 2 - last);
      out += "\\u005b";
      last = i + 3;
      i += 2;
      continue;
    }
    if (n == 0) continue;
    out.append(s, last, i - last);
    out += escaped(cp);
    last = i + n;
    i += n - 1;
  }
  if (last == 0) return s;
  out.append(s, last, std::string::npos);
  return out;
}

}  // namespace cfscale
