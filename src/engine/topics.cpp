#include "engine/topics.h"

namespace cfscale::engine {

bool is_known_topic(std::string_view topic) {
  for (auto list : {std::span<const std::string_view>(kBottleneckTopics), std::span<const std::string_view>(kAntiPatternTopics),
                    std::span<const std::string_view>(kChecklistTopics), std::span<const std::string_view>(kExtraTopics)})
    for (auto t : list)
      if (t == topic) return true;
  return false;
}

std::optional<int> stage_index(std::string_view stage) {
  for (int i = 0; i < 5; ++i)
    if (kStages[i] == stage) return i;
  return std::nullopt;
}

std::string_view stage_for(double rpd) {
  if (rpd >= 10'000'000) return "10m";
  if (rpd >= 1'000'000) return "1m";
  if (rpd >= 100'000) return "100k";
  if (rpd >= 10'000) return "10k";
  return "launch";
}

}  // namespace cfscale::engine
