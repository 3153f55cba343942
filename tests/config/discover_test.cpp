#include "config/discover.h"
#include "config/settings.h"

#include <sys/stat.h>

#include <algorithm>

#include <doctest/doctest.h>

#include "support.h"

using namespace cfscale;
namespace fs = std::filesystem;

using test::TempDir;

TEST_CASE("discover: wrangler.json, then wrangler.jsonc, then wrangler.toml") {
  TempDir t;
  t.write("wrangler.toml", "name = \"t\"\n");
  Diagnostics d;
  CHECK(fs::path(*config::find_config(t.path.string(), d)).filename() == "wrangler.toml");
  t.write("wrangler.jsonc", "{}");
  CHECK(fs::path(*config::find_config(t.path.string(), d)).filename() == "wrangler.jsonc");
  t.write("wrangler.json", "{}");
  CHECK(fs::path(*config::find_config(t.path.string(), d)).filename() == "wrangler.json");
  CHECK(d.empty());
}

TEST_CASE("discover: a sub-folder without a config uses its parent's, as wrangler") {
  TempDir t;
  t.write("wrangler.toml", "name = \"t\"\n");
  fs::create_directories(t.path / "src" / "lib");
  Diagnostics d;
  auto found = config::find_config((t.path / "src" / "lib").string(), d);
  REQUIRE(found);
  CHECK(fs::equivalent(*found, t.path / "wrangler.toml"));
}

TEST_CASE("discover: each name is searched upward before the next, as wrangler") {
  TempDir t;
  t.write("wrangler.json", "{}");
  t.write("app/wrangler.toml", "name = \"t\"\n");
  Diagnostics d;
  auto found = config::find_config((t.path / "app").string(), d);
  REQUIRE(found);
  CHECK(fs::equivalent(*found, t.path / "wrangler.json"));
}

TEST_CASE("discover: errors for a missing path and an unknown extension") {
  Diagnostics d;
  CHECK_FALSE(config::find_config("/nonexistent/cfscale/x", d));
  CHECK(d.items()[0].message == "no such file or folder");
  TempDir t;
  t.write("config.yaml", "a: 1");
  Diagnostics d2;
  CHECK_FALSE(config::find_config((t.path / "config.yaml").string(), d2));
  CHECK(d2.items()[0].code == "config-format");
}

TEST_CASE("load: a directory where a file was expected, and an oversized file") {
  TempDir t;
  fs::create_directories(t.path / "wrangler.toml");  // a folder named like the config
  auto c = config::load_config((t.path / "wrangler.toml").string());
  CHECK_FALSE(c.ok());
  REQUIRE(c.diags.has_errors());
  TempDir big;
  big.write("wrangler.json", "{\"a\": \"" + std::string(17u << 20, 'x') + "\"}");
  auto b = config::load_config((big.path / "wrangler.json").string());
  CHECK_FALSE(b.ok());
  CHECK(b.diags.items()[0].code == "too-large");
}

TEST_CASE("load: a FIFO is not a regular file, and is never opened") {
  TempDir t;
  fs::path fifo = t.path / "wrangler.toml";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto c = config::load_config(fifo.string());
  CHECK_FALSE(c.ok());
  REQUIRE(c.diags.has_errors());
  CHECK(c.diags.items()[0].message == "is not a regular file");
}

TEST_CASE("discover: settings of a scanned tree are the ones find_settings finds") {
  TempDir t;
  t.write("repo/.cfscale.toml", "plan = \"paid\"\n");
  t.write("repo/a/wrangler.toml", "name = \"a\"\n");
  t.write("repo/b/.cfscale.toml", "plan = \"free\"\n");
  t.write("repo/b/c/wrangler.jsonc", "{}");
  t.write("repo/b/node_modules/.cfscale.toml", "");  // never looked at
  t.write("repo/d/e/f/wrangler.json", "{}");
  t.write("outside/.cfscale.toml", "");
  t.write("outside/tree/g/wrangler.json", "{}");
  std::string relative = fs::relative(t.path, fs::current_path()).string();
  for (const std::string& root : {(t.path / "repo").string(), (t.path / "repo/").string(), relative + "/repo",
                                  relative + "/outside/tree", (t.path / "outside/tree/g").string()}) {
    CAPTURE(root);
    Diagnostics d;
    auto scan = config::scan_tree(root, config::kSettingsName, d);
    REQUIRE(d.empty());
    REQUIRE(!scan.configs.empty());
    config::TreeSettings settings(scan, root, std::nullopt);
    for (const auto& c : scan.configs) {
      CAPTURE(c);
      CHECK(settings.find(c) == config::find_settings(c, std::nullopt));
    }
  }
  Diagnostics d;
  auto scan = config::scan_tree((t.path / "repo").string(), config::kSettingsName, d);
  CHECK(scan.configs.size() == 3);
  CHECK(config::TreeSettings(scan, (t.path / "repo").string(), "x.toml").find(scan.configs[0]) == "x.toml");
}

TEST_CASE("discover: a tree scanned on one thread or several gives the same configs and settings") {
  TempDir t;
  size_t expected = 0;
  for (int team = 0; team < 12; ++team)
    for (int svc = 0; svc < 15; ++svc) {
      std::string dir = "team-" + std::to_string(team) + "/svc-" + std::to_string(svc) + "/";
      const char* name = (team + svc) % 3 == 0 ? "wrangler.toml" : (team + svc) % 3 == 1 ? "wrangler.jsonc" : "wrangler.json";
      t.write(dir + name, "{}");
      t.write(dir + "node_modules/x/wrangler.json", "{}");  // skipped
      if (svc % 4 == 0) t.write(dir + "deeper/again/wrangler.toml", "");
      if (svc == 7) t.write(dir + ".cfscale.toml", "");
      expected += svc % 4 == 0 ? 2 : 1;
    }
  Diagnostics d1;
  auto one = config::scan_tree(t.path.string(), config::kSettingsName, d1, 1);
  REQUIRE(d1.empty());
  CHECK(one.configs.size() == expected);
  CHECK(one.noted_folders.size() == 12);
  CHECK(std::is_sorted(one.configs.begin(), one.configs.end()));
  for (unsigned jobs : {2u, 3u, 8u}) {
    CAPTURE(jobs);
    Diagnostics d;
    auto many = config::scan_tree(t.path.string(), config::kSettingsName, d, jobs);
    CHECK(d.empty());
    CHECK(many.configs == one.configs);
    CHECK(many.noted_folders == one.noted_folders);
  }
}
