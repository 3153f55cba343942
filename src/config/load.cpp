#include "config/load.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "config/decode.h"
#include "config/environment.h"
#include "core/jsonc.h"
#include "core/source.h"
#include "core/toml_reader.h"

namespace cfscale::config {
namespace {

namespace fs = std::filesystem;

// `one_of_all`: resolving one environment of a file whose top level was
// resolved already (--all-envs): the environments are not listed and checked
// again for each, which made that quadratic in their number.
void resolve(LoadedConfig& out, const Document& doc, const LoadOptions& options, bool one_of_all = false) {
  DecodeCtx top_ctx{doc, out.diags, ""};
  if (!expect_type(doc, doc.root, FieldType::Object, "the top level", out.diags)) return;
  Section top = decode_section(top_ctx, doc.root, true);

  std::vector<std::string> env_names;
  const Node* envs = doc.root.get("env");
  if (envs && envs->is_object() && !one_of_all)
    for (const Member* m : counted_members(*envs)) env_names.push_back(m->key);

  // Without --env every environment's mistakes are reported (the whole file
  // is checked); with --env, as wrangler, only the top level's and that
  // environment's.
  std::optional<Section> selected;
  if (one_of_all && envs && envs->is_object() && options.env) {
    const Member* m = envs->member(*options.env);
    std::string path = fmt::format("env.{}", *options.env);
    if (m && expect_type(doc, m->value, FieldType::Object, path, out.diags)) {
      DecodeCtx env_ctx{doc, out.diags, path + "."};
      selected = decode_section(env_ctx, m->value, false);
    }
  } else if (envs && envs->is_object()) {
    for (const Member* counted : counted_members(*envs)) {
      const Member& m = *counted;
      std::string path = fmt::format("env.{}", m.key);
      if (!expect_type(doc, m.value, FieldType::Object, path, out.diags)) continue;
      bool is_selected = options.env && *options.env == m.key;
      // With --env only that environment is read: decoding each of the others
      // (into nothing) made --all-envs quadratic in the environments.
      if (options.env && !is_selected) continue;
      DecodeCtx env_ctx{doc, out.diags, path + "."};
      Section sec = decode_section(env_ctx, m.value, false);
      if (is_selected) selected = std::move(sec);
    }
  }

  if (options.env && !selected) {
    if (one_of_all) return;  // not an object: reported when the environment was checked
    if (!env_names.empty()) {
      std::vector<std::string_view> names(env_names.begin(), env_names.end());
      out.diags.error(doc.location(envs->pos), "unknown-env",
                      fmt::format("no environment \"{}\" in the config{}; it has: {}", *options.env,
                                  did_you_mean_suffix(*options.env, names), fmt::join(env_names, ", ")));
      return;
    }
    // wrangler falls back to the top level here; a report labelled with a
    // misspelt environment would look like an analysis of it, so it is an error.
    out.diags.error(doc.location(doc.root), "unknown-env",
                    fmt::format("no environment \"{}\": the config defines none (wrangler would use the top level; "
                                "leave out --env for that)",
                                *options.env));
    return;
  }

  std::optional<std::string> top_name = top.cfg.name;
  // Without --env the top level is the Worker as it stands: moved, not copied.
  WorkerConfig w = options.env ? resolve_environment(top_ctx, top, selected ? &*selected : nullptr, options.env)
                               : std::move(top.cfg);
  w.defined_environments = std::move(env_names);
  w.top_level_name = std::move(top_name);
  // `main` as wrangler resolves it: relative to the config file's folder.
  if (w.main) {
    fs::path m = fs::path(*w.main);
    if (m.is_relative()) w.main = m.lexically_normal().generic_string();
  }
  out.worker = std::move(w);
}

}  // namespace

LoadedConfig load_config_text(const std::string& path, std::string text, Format format,
                              const LoadOptions& options) {
  LoadedConfig out;
  auto doc = std::make_shared<Document>();
  doc->path = path;
  doc->text = std::move(text);
  bool parsed = format == Format::Toml ? parse_toml(*doc, out.diags) : parse_jsonc(*doc, out.diags);
  if (!parsed) return out;
  out.doc = doc;
  resolve(out, *doc, options);
  return out;
}

std::vector<LoadedConfig> load_config_file_envs(const std::string& file) {
  std::vector<LoadedConfig> out;
  out.push_back(load_config_file(file));
  if (!out.front().worker || !out.front().doc) return out;
  std::shared_ptr<const Document> doc = out.front().doc;
  std::vector<std::string> envs = out.front().worker->defined_environments;
  std::sort(envs.begin(), envs.end());
  for (const auto& env : envs) {
    LoadedConfig e;
    e.doc = doc;
    resolve(e, *doc, LoadOptions{env}, /*one_of_all=*/true);
    if (e.worker) e.worker->defined_environments = envs;  // listed once, for the top level
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<WorkerConfig> resolve_sibling(const LoadedConfig& of, const std::optional<std::string>& env) {
  if (!of.doc || !of.worker) return std::nullopt;
  const auto& defined = of.worker->defined_environments;
  if (env && std::find(defined.begin(), defined.end(), *env) == defined.end()) return std::nullopt;
  LoadedConfig e;
  e.doc = of.doc;
  resolve(e, *of.doc, LoadOptions{env}, /*one_of_all=*/env.has_value());
  if (e.worker) e.worker->defined_environments = defined;
  return std::move(e.worker);
}

LoadedConfig load_config(const std::string& path, const LoadOptions& options) {
  LoadedConfig out;
  auto file = find_config(path, out.diags);
  if (!file) return out;
  return load_config_file(*file, options);
}

LoadedConfig load_config_file(const std::string& file, const LoadOptions& options) {
  LoadedConfig out;
  auto format = format_of(file);
  if (!format) {
    out.diags.error(Location{file, {}}, "config-format", kUnknownFormatMessage);
    return out;
  }
  auto doc = read_document(file, out.diags);
  if (!doc) return out;
  auto result = load_config_text(file, std::move(doc->text), *format, options);
  out.diags.append(result.diags);
  out.doc = std::move(result.doc);
  out.worker = std::move(result.worker);
  return out;
}

}  // namespace cfscale::config
