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

TEST_CASE("diagnostics: append_new skips what is already there, keeps the rest in order") {
  Diagnostics top;
  top.warning(Location{"w.jsonc", Pos{5, 3, 40}}, "unknown-key", "unknown key \"k\"");
  top.error(Location{"w.jsonc", Pos{6, 8, 60}}, "invalid-value", "bad mode");
  Diagnostics env;
  env.warning(Location{"w.jsonc", Pos{5, 3, 40}}, "unknown-key", "unknown key \"k\"");  // shared: skipped
  env.warning(Location{"w.jsonc", Pos{2, 1, 2}}, "not-inherited", "vars");            // the env's own
  env.error(Location{"w.jsonc", Pos{6, 8, 60}}, "invalid-value", "bad mode");           // shared: skipped
  env.warning(Location{"w.jsonc", Pos{5, 3, 40}}, "unknown-key", "another message");   // differs in text
  top.append_new(env);
  REQUIRE(top.size() == 4);
  CHECK(top.error_count() == 1);
  CHECK(top.items()[2].code == "not-inherited");
  CHECK(top.items()[3].message == "another message");
}
