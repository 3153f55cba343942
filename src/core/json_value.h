// Small helpers for writing JSON with nlohmann::ordered_json, shared by the
// config dump (`validate --print-config`) and the JSON report so that both
// print numbers the same way.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

namespace cfscale {

// Whole numbers print without a fraction, as JavaScript prints them
// (1200000, not 1200000.0). The range is checked first: converting a double
// outside long long's range (or NaN) is undefined.
inline nlohmann::ordered_json json_number(double d) {
  if (d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<long long>(d))) return static_cast<long long>(d);
  return d;
}

inline nlohmann::ordered_json json_number(const std::optional<double>& d) {
  return d ? json_number(*d) : nlohmann::ordered_json(nullptr);
}

// An absent value is null.
template <class T>
nlohmann::ordered_json json_opt(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

}  // namespace cfscale
