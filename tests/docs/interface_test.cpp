// docs/interface.md documents the interface inside the repository: every
// metrics key, every topic and every finding kind must be on that page.
#include <doctest/doctest.h>

#include "engine/topics.h"
#include "metrics/keys.h"
#include "support.h"

using namespace cfscale;

TEST_CASE("docs: interface.md names every metrics key, topic and kind") {
  std::string page = test::read_file(test::source_dir() / "docs" / "interface.md");
  for (const auto& k : metrics::key_specs()) {
    CAPTURE(k.section);
    CAPTURE(k.key);
    CHECK(page.find(std::string(k.key) + ":") != std::string::npos);
  }
  auto listed = [&](std::string_view word) { return page.find("`" + std::string(word) + "`") != std::string::npos; };
  for (auto list : {std::span<const std::string_view>(engine::kBottleneckTopics), std::span<const std::string_view>(engine::kAntiPatternTopics),
                    std::span<const std::string_view>(engine::kChecklistTopics), std::span<const std::string_view>(engine::kExtraTopics),
                    std::span<const std::string_view>(engine::kKinds), std::span<const std::string_view>(engine::kStages)})
    for (auto word : list) {
      CAPTURE(word);
      CHECK(listed(word));
    }
}
