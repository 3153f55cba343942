#include "core/diagnostic.h"

#include <doctest/doctest.h>

using namespace cfscale;

TEST_CASE("diagnostics: compiler-style format, counts and stable order") {
  Diagnostics d;
  d.warning(Location{"b.toml", Pos{3, 4, 20}}, "unknown-key", "unknown key \"x\"");
  d.error(Location{"a.jsonc", Pos{9, 1, 80}}, "wrong-type", "bad");
  d.error(Location{"a.jsonc", Pos{2, 5, 10}}, "", "first");
  d.note(Location{"a.jsonc", {}}, "", "no position");
  CHECK(d.error_count() == 2);
  CHECK(d.has_errors());
  d.sort();
  CHECK(format_diagnostic(d.items()[0]) == "a.jsonc: note: no position");
  CHECK(format_diagnostic(d.items()[1]) == "a.jsonc:2:5: error: first");
  CHECK(format_diagnostic(d.items()[2]) == "a.jsonc:9:1: error: bad [wrong-type]");
  CHECK(format_diagnostic(d.items()[3]) == "b.toml:3:4: warning: unknown key \"x\" [unknown-key]");
}
