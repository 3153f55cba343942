// How serious a finding is (docs/interface.md §3): critical > high > medium > low > info.
#pragma once

#include <optional>
#include <string_view>

namespace cfscale {

enum class Severity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

inline constexpr Severity kAllSeverities[] = {Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                                              Severity::Info};

}  // namespace cfscale
