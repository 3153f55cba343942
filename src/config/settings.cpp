#include "config/settings.h"

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "core/document.h"
#include "core/schema.h"
#include "core/text.h"

namespace cfscale::config {
namespace {
namespace fs = std::filesystem;
using T = FieldType;

constexpr FieldSpec kTop[] = {{"plan", T::String},        {"disable", T::StringArray}, {"no_suppress", T::StringArray},
                              {"severity", T::Object},    {"thresholds", T::Object},   {"pricing", T::Object}};

std::vector<SettingName> names(const Document& doc, const Node* arr) {
  std::vector<SettingName> out;
  if (arr && arr->is_array())
    for (const auto& item : arr->items)
      if (item.is_string()) out.push_back(SettingName{item.text, doc.location(item)});
  return out;
}

void read_numbers(const Document& doc, const Node& table, const std::string& path, std::map<std::string, SettingValue>& out,
                  Diagnostics& diags) {
  for (const auto& m : table.members) {
    std::string p = path + "." + m.key;
    if (!expect_type(doc, m.value, T::Number, p, diags)) continue;
    if (m.value.number < 0 || !std::isfinite(m.value.number)) {
      diags.error(doc.location(m.value), "out-of-range", fmt::format("\"{}\" must be a non-negative number", p));
      continue;
    }
    out[m.key] = SettingValue{m.value.number, doc.location(m.key_pos)};
  }
}

}  // namespace

std::optional<std::string> find_settings(const std::string& config_file, const std::optional<std::string>& explicit_path) {
  if (explicit_path) return explicit_path;
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(config_file), ec).parent_path();
  fs::path shown = fs::path(config_file).parent_path();
  for (int up = 0; up < 256 && !dir.empty(); ++up) {
    // Anything by that name (a FIFO, a folder, a broken symlink) is the
    // settings file, for the reader to refuse with its path: never skipped.
    if (fs::exists(fs::symlink_status(dir / kSettingsName, ec))) return (shown / kSettingsName).lexically_normal().string();
    if (!dir.has_relative_path()) break;
    dir = dir.parent_path();
    shown = shown / "..";
  }
  return std::nullopt;
}

TreeSettings::TreeSettings(const TreeScan& scan, const std::string& root, const std::optional<std::string>& explicit_path)
    : folders_(scan.noted_folders.begin(), scan.noted_folders.end()), explicit_(explicit_path) {
  root_ = fs::path(root).lexically_normal().string();
  if (root_ == ".") root_.clear();
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  // What lies above the root: the root itself is in `folders_` when it has one.
  if (!explicit_) above_ = find_settings((root_.empty() ? "" : root_ + "/") + "x/" + kConfigNames[0], std::nullopt);
  if (above_ && folders_.count(fs::path(*above_).parent_path().string())) above_.reset();  // inside the tree: found per config
}

std::optional<std::string> TreeSettings::find(const std::string& config_file) const {
  if (explicit_) return explicit_;
  for (fs::path folder = fs::path(config_file).parent_path();; folder = folder.parent_path()) {
    std::string name = folder.string();
    if (folders_.count(name)) return (folder / kSettingsName).string();
    if (name.size() <= root_.size()) break;
  }
  return above_;
}

std::optional<Settings> load_settings(const std::string& path, Diagnostics& diags, bool named) {
  auto doc = load_document(path, format_from_extension(path).value_or(DocFormat::Toml), diags, named);
  if (!doc) return std::nullopt;
  return parse_settings(*doc, diags);
}

std::optional<Settings> parse_settings(const Document& document, Diagnostics& diags) {
  const Document* doc = &document;
  Settings s;
  s.file = doc->path;
  if (!expect_type(*doc, doc->root, T::Object, "settings", diags)) return std::nullopt;
  check_object(*doc, doc->root, strict(kTop), "", diags);
  if (const Node* plan = doc->root.get("plan"); plan && plan->is_string()) {
    if (plan->text != "free" && plan->text != "paid")
      diags.error(doc->location(*plan), "invalid-value", fmt::format("\"plan\" must be \"free\" or \"paid\", but is \"{}\"", plan->text));
    s.plan = plan->text;
    s.plan_where = doc->location(*plan);
  }
  s.disable = names(*doc, doc->root.get("disable"));
  s.no_suppress = names(*doc, doc->root.get("no_suppress"));
  if (const Node* sev = doc->root.get("severity"); sev && sev->is_object())
    for (const auto& m : sev->members)
      if (expect_type(*doc, m.value, T::String, "severity." + m.key, diags))
        s.severity[m.key] = SettingName{m.value.text, doc->location(m.value)};
  if (const Node* t = doc->root.get("thresholds"); t && t->is_object()) read_numbers(*doc, *t, "thresholds", s.thresholds, diags);
  if (const Node* p = doc->root.get("pricing"); p && p->is_object()) read_numbers(*doc, *p, "pricing", s.prices, diags);
  return s;  // with its errors in diags: the caller reports them all at once
}

}  // namespace cfscale::config
