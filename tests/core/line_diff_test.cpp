// The diff metrics import shows before it writes.
#include <doctest/doctest.h>

#include "core/line_diff.h"

using namespace cfscale;

TEST_CASE("line_diff: equal texts have no diff; a change is one hunk with context") {
  CHECK(unified_diff("a\nb\n", "a\nb\n", "a/x", "b/x").empty());
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  CHECK(unified_diff(before, after, "a/x", "b/x") == "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("line_diff: a new file is all additions; far-apart changes are separate hunks") {
  CHECK(unified_diff("", "a\nb\n", "/dev/null", "b/x") == "--- /dev/null\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  std::string before, after;
  for (int i = 0; i < 30; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 25 ? "x" : std::to_string(i)) + "\n";
  }
  std::string d = unified_diff(before, after, "a", "b");
  size_t hunks = 0;
  for (size_t at = d.find("\n@@"); at != std::string::npos; at = d.find("\n@@", at + 1)) ++hunks;
  CHECK(hunks == 2);
}
