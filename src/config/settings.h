// Project settings: .cfscale.toml beside the wrangler config or in a folder
// above it (or --config FILE). They change cfscale's defaults for one
// project: the plan, thresholds, prices (negotiated rates).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/discover.h"
#include "core/diagnostic.h"
#include "core/location.h"
#include "core/node.h"

namespace cfscale::config {

struct SettingValue {
  double value = 0;
  Location where;
};

struct SettingName {
  std::string name;
  Location where;
};

struct Settings {
  std::optional<std::string> file;  // none found
  std::optional<std::string> plan;  // "free" | "paid"
  Location plan_where;
  std::vector<SettingName> disable;      // rule ids switched off
  std::vector<SettingName> no_suppress;  // rule ids that cfscale-ignore comments cannot hide
  std::map<std::string, SettingName> severity;  // rule id -> severity name
  std::map<std::string, SettingValue> thresholds;  // name in rules/limits.yaml -> value
  std::map<std::string, SettingValue> prices;      // item in rules/pricing.yaml -> price
};

inline constexpr const char* kSettingsName = ".cfscale.toml";

// The settings file for a config: `explicit_path`, or .cfscale.toml in the
// config's folder or the nearest folder above it.
std::optional<std::string> find_settings(const std::string& config_file, const std::optional<std::string>& explicit_path);

// find_settings for every config of a scanned tree (scan_tree noting
// kSettingsName): the nearest folder of the tree with a settings file, else
// the one above the tree's root, looked up once. The same answers, without
// a file system lookup per config.
class TreeSettings {
 public:
  TreeSettings(const TreeScan& scan, const std::string& root, const std::optional<std::string>& explicit_path);
  std::optional<std::string> find(const std::string& config_file) const;

 private:
  std::set<std::string, std::less<>> folders_;
  std::string root_;  // the root folder as the configs' paths start ("" for ".")
  std::optional<std::string> explicit_;
  std::optional<std::string> above_;
};

// Reads settings; errors with file:line:col go to `diags` (the settings read
// so far are still returned, so that every mistake is reported in one run).
// Names of thresholds and prices are checked by the caller, which knows the
// catalogue. nullopt when the file cannot be read or parsed.
// `named`: given by --config, so it may be a stream (/dev/stdin, a FIFO).
std::optional<Settings> load_settings(const std::string& path, Diagnostics& diags, bool named = false);
// The same for a document already parsed (tests, fuzzing).
std::optional<Settings> parse_settings(const Document& doc, Diagnostics& diags);

}  // namespace cfscale::config
