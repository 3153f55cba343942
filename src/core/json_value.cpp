#include "core/json_value.h"

#include <fmt/format.h>

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
  // The dump is valid UTF-8: the characters to escape are found by their
  // encodings (U+0080-U+009F: C2 80-9F; U+061C: D8 9C; U+200E/F, U+2028/9,
  // U+202A-E: E2 80 xx; U+2066-9: E2 81 A6-A9).
  auto escaped = [](uint32_t cp) { return fmt::format("\\u{:04x}", cp); };
  std::string out;
  size_t last = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto b = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    uint32_t cp = 0;
    size_t n = 0;
    if (b(i) == 0xC2 && b(i + 1) >= 0x80 && b(i + 1) <= 0x9F) cp = b(i + 1), n = 2;
    else if (b(i) == 0xD8 && b(i + 1) == 0x9C) cp = 0x061C, n = 2;
    else if (b(i) == 0xE2 && b(i + 1) == 0x80) {
      unsigned c = b(i + 2);
      if (c == 0x8E || c == 0x8F || c == 0xA8 || c == 0xA9 || (c >= 0xAA && c <= 0xAE)) cp = 0x2000 + (c - 0x80), n = 3;
    } else if (b(i) == 0xE2 && b(i + 1) == 0x81 && b(i + 2) >= 0xA6 && b(i + 2) <= 0xA9) {
      cp = 0x2066 + (b(i + 2) - 0xA6), n = 3;
    } else if (s.compare(i, 3, "##[") == 0) {
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
