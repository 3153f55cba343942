// Small helpers for writing JSON with nlohmann::ordered_json, shared by the
// config dump (`validate --print-config`) and the JSON report so that both
// print numbers the same way.
#pragma once

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace cfscale {

// Whole numbers print without a fraction, as JavaScript prints them
// (1200000, not 1200000.0). The range is checked first: converting a double
// outside long long's range (or NaN) is undefined.
// A number as a person would write it: integers without ".0", and others to
// 12 significant digits, so that 9.1 / 10 is 0.91 and not the
// 0.9099999999999999 that the shortest round trip of the double gives. No
// figure cfscale reports is known to more than 12 digits.
inline nlohmann::ordered_json json_number(double d) {
  if (d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
  if (!std::isfinite(d)) return nullptr;  // JSON has no NaN or infinity
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, 12).ptr;
  double rounded = d;
  std::from_chars(buf, end, rounded);
  if (rounded > -9e15 && rounded < 9e15 && rounded == static_cast<double>(static_cast<long long>(rounded)))
    return static_cast<long long>(rounded);
  return rounded;
}

inline nlohmann::ordered_json json_number(const std::optional<double>& d) {
  return d ? json_number(*d) : nlohmann::ordered_json(nullptr);
}

// An amount of money: the digits format_money prints (money_rounded), all
// of them, not 12 significant ($11,460,000,033.88 has 13).
nlohmann::ordered_json json_money(double usd);
inline nlohmann::ordered_json json_money(const std::optional<double>& usd) {
  return usd ? json_money(*usd) : nlohmann::ordered_json(nullptr);
}

// A JSON document as text, indented by 2. A name that is not UTF-8 (a folder
// name on Linux may be any bytes) is written with U+FFFD in place of each bad
// byte rather than failing the whole output. The same values, written so that
// the text is safe in a terminal and a CI log: C1 controls, bidirectional
// overrides and isolates, and U+2028/U+2029 as \u escapes (nlohmann escapes
// only what JSON requires), and "##[" (which GitHub Actions runs as a
// command anywhere in a log line, and can only be inside a string here) as
// "##\u005b".
std::string json_text(const nlohmann::ordered_json& j);

// An absent value is null.
template <class T>
nlohmann::ordered_json json_opt(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace cfscale
