// A unified diff of two texts, line by line: how `metrics import` shows the
// change it is about to write.
#pragma once

#include <string>
#include <string_view>

namespace cfscale {

// "" when the texts are equal. `context`: unchanged lines shown around each
// change. Texts of more than a few thousand lines each are shown as one
// hunk that removes the old and adds the new (the metrics files this is for
// are a few hundred).
std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_name, std::string_view after_name,
                         size_t context = 3);

}  // namespace cfscale
