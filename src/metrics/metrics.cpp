#include "metrics/metrics.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "core/document.h"
#include "core/products.h"
#include "core/source.h"
#include "core/text.h"
#include "metrics/keys.h"

namespace cfscale::metrics {
namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> keys_of(std::string_view section) {
  std::vector<std::string_view> out;
  for (const auto& k : key_specs())
    if (k.section == section) out.push_back(k.key);
  return out;
}

// Every key of every metrics file is looked up here: by halves in a sorted
// index rather than by a scan of the whole table.
const KeySpec* spec_of(std::string_view section, std::string_view key) {
  using Entry = std::pair<std::pair<std::string_view, std::string_view>, const KeySpec*>;
  static const std::vector<Entry> index = [] {
    std::vector<Entry> v;
    for (const auto& k : key_specs()) v.push_back({{k.section, k.key}, &k});
    std::sort(v.begin(), v.end(), [](const Entry& a, const Entry& b) { return a.first < b.first; });
    return v;
  }();
  std::pair<std::string_view, std::string_view> want{section, key};
  auto it = std::lower_bound(index.begin(), index.end(), want, [](const Entry& e, const auto& w) { return e.first < w; });
  return it != index.end() && it->first == want ? it->second : nullptr;
}

class Reader {
 public:
  Reader(const Document& doc, Diagnostics& diags, Metrics& out) : doc_(doc), diags_(diags), out_(out) {}

  void run() {
    const Node& root = doc_.root;
    if (!root.is_object()) {
      error(root.pos, "wrong-type", fmt::format("a metrics file must be a mapping of keys, but this is {}", kind_name(root.kind)));
      return;
    }
    const Node* format = root.get("format");
    if (!format) {
      error(root.pos, "missing-key", "the required key \"format\" is missing: add \"format: 1\"");
    } else if (!format->is_number() || format->number != 1) {
      error(format->pos, "unsupported-format",
            fmt::format("\"format\" must be 1 (the only metrics format), but is {}", render_short(*format)));
    }
    std::vector<std::string_view> top = keys_of("");
    std::vector<std::string_view> sections = {"worker"};
    for (const Product& p : products())
      if (p.measured) sections.push_back(p.id);
    std::vector<std::string_view> all_top = top;
    all_top.insert(all_top.end(), sections.begin(), sections.end());

    std::vector<const Member*> marks;
    for (const Member* counted : counted_members(root)) {
      const Member& m = *counted;
      if (m.key == "format") continue;
      if (m.value.kind == Kind::Null) continue;  // written, but not measured
      if (m.key == "plan") { read_plan(m.value); continue; }
      if (m.key == "obtained") {
        if (m.value.is_string() && (m.value.text == "measured" || m.value.text == "hand-typed" || m.value.text == "estimated"))
          out_.obtained = m.value.text;
        else
          error(m.value.pos, "invalid-value",
                fmt::format("\"obtained\" must be \"measured\", \"hand-typed\" or \"estimated\", but is {}", render_short(m.value)));
        continue;
      }
      if (m.key == "window_days") {
        if (auto v = number(m.value, "window_days", false)) {
          if (v->value < 1 || v->value > 366)
            error(m.value.pos, "out-of-range", fmt::format("\"window_days\" is {}: the figures are averaged over 1 to 366 days", m.value.text));
          else out_.window_days = v->value;
        }
        continue;
      }
      if (m.key == "growth_pct_per_month") {
        // Growth may be negative (a shrinking product): the only signed key.
        // The range is --growth's: more than -100% (nothing left) and up to 1,000%.
        if (!m.value.is_number() || !std::isfinite(m.value.number)) wrong_type(m.value, "growth_pct_per_month", "a number");
        else if (m.value.number <= -100 || m.value.number > 1000)
          error(m.value.pos, "out-of-range", fmt::format("\"growth_pct_per_month\" is {}: growth is more than -100% and at most 1,000% a month", m.value.text));
        else out_.growth_pct_per_month = m.value.number;
        continue;
      }
      if (m.key == "measured" || m.key == "estimates") { marks.push_back(&m); continue; }
      if (m.key == "worker") { read_keys(m.value, "worker", "worker", out_.worker); continue; }
      if (const Product* p = find_product(m.key); p && p->measured) { read_product(m.value, m.key); continue; }
      error(m.key_pos, "unknown-key", fmt::format("unknown key \"{}\"{}", m.key, did_you_mean_suffix(m.key, all_top)));
    }
    // After the values, which may come later in the file. An estimate is
    // measured too: `estimates` wins where both name a key.
    std::sort(marks.begin(), marks.end(), [](const Member* a, const Member* b) { return a->key < b->key; });  // estimates, measured
    for (auto it = marks.rbegin(); it != marks.rend(); ++it) read_marks(**it);
  }

 private:
  void error(const Pos& p, const char* code, std::string msg) { diags_.error(doc_.location(p), code, std::move(msg)); }

  void wrong_type(const Node& n, std::string_view path, std::string_view expected) {
    error(n.pos, "wrong-type", fmt::format("\"{}\" must be {}, but is {} {}", path, expected, kind_name(n.kind), render_short(n, 40)));
  }

  // `measured: [worker.requests_per_day, ...]`: the values a command
  // measured, so a file mixing them with typed ones says which is which.
  void read_marks(const Member& m) {
    const char* obtained = m.key == "estimates" ? "estimated" : "measured";
    if (!m.value.is_array()) {
      wrong_type(m.value, m.key, "a list of metric keys (worker.cpu_ms_p99, d1.DB.storage_gb)");
      return;
    }
    for (const Node& item : m.value.items) {
      if (!item.is_string()) {
        wrong_type(item, m.key, "a list of metric keys (worker.cpu_ms_p99, d1.DB.storage_gb)");
        continue;
      }
      Value* v = const_cast<Value*>(out_.find(item.text));
      if (!v) {
        diags_.warning(doc_.location(item.pos), "unknown-value",
                       fmt::format("\"{}\" lists {}, which has no value in this file", m.key, render_short(item)));
        continue;
      }
      v->obtained = obtained;
    }
  }

  void read_plan(const Node& n) {
    if (n.is_string() && (n.text == "free" || n.text == "paid")) {
      out_.plan = n.text == "free" ? Plan::Free : Plan::Paid;
      out_.plan_given = true;
      return;
    }
    error(n.pos, "invalid-value", fmt::format("\"plan\" must be \"free\" or \"paid\", but is {}", render_short(n)));
  }

  std::optional<Value> number(const Node& n, std::string_view path, bool ratio) {
    if (!n.is_number()) {
      wrong_type(n, path, ratio ? "a number between 0 and 1" : "a non-negative number");
      return std::nullopt;
    }
    if (!std::isfinite(n.number)) { error(n.pos, "out-of-range", fmt::format("\"{}\" must be a finite number", path)); return std::nullopt; }
    if (n.number < 0) {
      error(n.pos, "out-of-range", fmt::format("\"{}\" is {}: metrics cannot be negative", path, n.text.empty() ? fmt::format("{}", n.number) : n.text));
      return std::nullopt;
    }
    if (ratio && n.number > 1) {
      error(n.pos, "out-of-range", fmt::format("\"{}\" is {}: a ratio is between 0 and 1 (write 35% as 0.35)", path, n.text));
      return std::nullopt;
    }
    if (n.number > kMaxMetricValue) {
      error(n.pos, "out-of-range", fmt::format("\"{}\" is {}: more than 10^15, which no Worker measures; check the key's unit", path, n.text));
      return std::nullopt;
    }
    return Value{n.number, n.pos, {}};
  }

  void read_keys(const Node& obj, std::string_view section, const std::string& path, KeyValues& out) {
    if (!obj.is_object()) { wrong_type(obj, path, "a mapping of metric keys"); return; }
    for (const Member* counted : counted_members(obj)) {
      const Member& m = *counted;
      const KeySpec* spec = spec_of(section, m.key);
      if (!spec && section == "kv" && m.key == "cache_hit_ratio") {
        error(m.key_pos, "retired-key",
              fmt::format("\"{}.cache_hit_ratio\" meant two different things and is no longer read: write "
                          "edge_cache_hit_ratio for the share of get() calls KV served from its edge cache (Workers "
                          "traces: cloudflare.kv.response.cache_status), or app_cache_hit_ratio for the share of "
                          "lookups in your own cache that found an entry (docs/metrics.md)",
                          path));
        continue;
      }
      if (!spec) {
        error(m.key_pos, "unknown-key", fmt::format("unknown key \"{}.{}\"{}", path, m.key, did_you_mean_suffix(m.key, keys_of(section))));
        continue;
      }
      if (m.value.kind == Kind::Null) continue;  // "unknown" written explicitly
      const Node& n = m.value;
      bool valid = n.is_number() && std::isfinite(n.number) && n.number >= 0 && n.number <= kMaxMetricValue && (!spec->ratio || n.number <= 1);
      if (valid) out[m.key] = Value{n.number, n.pos, {}};  // the common case: no path to build for a message
      else if (auto v = number(n, path + "." + m.key, spec->ratio)) out[m.key] = *v;
    }
  }

  void read_product(const Node& obj, const std::string& section) {
    if (!obj.is_object()) { wrong_type(obj, section, "a mapping of binding names"); return; }
    auto& bindings = out_.products[section];
    for (const Member* counted : counted_members(obj)) {
      const Member& m = *counted;
      Entry e;
      e.pos = m.key_pos;
      if (m.value.kind != Kind::Null) read_keys(m.value, section, section + "." + m.key, e.values);
      bindings[m.key] = std::move(e);
    }
  }

  const Document& doc_;
  Diagnostics& diags_;
  Metrics& out_;
};

}  // namespace

std::string_view to_string(Plan p) { return p == Plan::Free ? "free" : "paid"; }

const Entry* Metrics::entry(std::string_view product, std::string_view name) const {
  auto p = products.find(product);
  if (p == products.end()) return nullptr;
  auto e = p->second.find(name);
  return e == p->second.end() ? nullptr : &e->second;
}

const Value* find_key(const KeyValues& values, std::string_view key) {
  auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second;
}

const Value* Metrics::find(std::string_view section, std::string_view name, std::string_view key) const {
  if (section == "worker") return find_key(worker, key);
  const Entry* e = entry(section, name);
  return e ? find_key(e->values, key) : nullptr;
}

const Value* Metrics::find(std::string_view path) const {
  auto dot = path.find('.');
  if (dot == std::string_view::npos) return nullptr;
  std::string_view section = path.substr(0, dot);
  if (section == "worker") return find(section, "", path.substr(dot + 1));
  auto last = path.rfind('.');
  if (last == dot) return nullptr;
  return find(section, path.substr(dot + 1, last - dot - 1), path.substr(last + 1));
}

std::optional<std::string> find_metrics(const std::string& dir) {
  // stat rather than std::filesystem: asked once per Worker of a tree.
  std::string candidate = dir;
  if (!candidate.empty() && candidate.back() != '/') candidate += '/';
  size_t folder = candidate.size();
  for (const char* name : kMetricsNames) {
    candidate.resize(folder);
    candidate += name;
    // Anything there by that name is the metrics file: a FIFO, a folder or a
    // symlink loop is then refused by the reader with its path, never taken
    // for "no metrics".
    struct stat st;
    if (::lstat(candidate.c_str(), &st) == 0)
      return plainly_normal(candidate) ? candidate : fs::path(candidate).lexically_normal().string();
  }
  return std::nullopt;
}

LoadedMetrics load_metrics_text(const std::string& path, std::string text) {
  LoadedMetrics out;
  auto doc = std::make_shared<Document>();
  doc->path = path;
  doc->text = std::move(text);
  DocFormat format = format_from_extension(path).value_or(DocFormat::Yaml);
  if (!parse_document(*doc, format, out.diags)) return out;
  Metrics m;
  m.file = path;
  Reader(*doc, out.diags, m).run();
  out.doc = doc;
  out.metrics = std::move(m);
  return out;
}

LoadedMetrics load_metrics(const std::string& path, bool named) {
  LoadedMetrics out;
  auto fmt_of = format_from_extension(path);
  // A file the user named without an extension (/dev/stdin, <(...)) is read
  // as YAML, which reads JSON as well.
  if (!fmt_of && !(named && fs::path(path).extension().empty())) {
    out.diags.error(Location{path, {}}, "metrics-format", "cannot tell the metrics format from the file name: expected .yaml, .yml, .json or .toml");
    return out;
  }
  auto doc = read_document(path, out.diags, kMaxInputBytes, named);
  if (!doc) return out;
  auto r = load_metrics_text(path, std::move(doc->text));
  out.diags.append(r.diags);
  out.doc = std::move(r.doc);
  out.metrics = std::move(r.metrics);
  return out;
}

}  // namespace cfscale::metrics
