#include "metrics/writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/printable.h"
#include "core/products.h"
#include "metrics/keys.h"

namespace cfscale::metrics {
namespace {

// One key's line: its value as written and its comment.
struct Line {
  std::string value;    // "1200000", "null"
  std::string comment;  // without "# "
  std::string mark;     // "", "measured", "estimated"
};

struct EntryLines {
  std::map<std::string, Line, std::less<>> keys;
};

struct Section {
  std::vector<std::string> order;  // entry names, first seen first
  std::map<std::string, EntryLines, std::less<>> entries;
  EntryLines& at(const std::string& name) {
    auto [it, fresh] = entries.try_emplace(name);
    if (fresh) order.push_back(name);
    return it->second;
  }
};

// The comment on the line of the value at `p`: what follows " #" after it.
// Values are numbers or null, which hold no '#'.
std::string comment_after(const Document& doc, const Pos& p) {
  if (!p.valid() || p.offset >= doc.text.size()) return "";
  size_t end = doc.text.find('\n', p.offset);
  std::string_view rest = std::string_view(doc.text).substr(p.offset, end == std::string::npos ? std::string::npos : end - p.offset);
  for (size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '#' && (rest[i - 1] == ' ' || rest[i - 1] == '\t')) {
      std::string_view c = rest.substr(i + 1);
      while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
      while (!c.empty() && (c.back() == ' ' || c.back() == '\r')) c.remove_suffix(1);
      return std::string(c);
    }
  }
  return "";
}

std::string value_text(const Node& n) {
  if (n.kind == Kind::Null) return "null";
  if (!n.text.empty()) return n.text;
  return format_measured(n.number);
}

void read_keys(const Document& doc, const Node& obj, const KeyValues* values, EntryLines& out) {
  if (!obj.is_object()) return;
  for (const Member* m : counted_members(obj)) {
    Line line{value_text(m->value), comment_after(doc, m->value.pos), ""};
    if (values)
      if (const Value* v = find_key(*values, m->key)) line.mark = v->obtained;
    out.keys[m->key] = std::move(line);
  }
}

void emit_keys(std::string& out, std::string_view section, const EntryLines& e, size_t indent) {
  // The catalogue's order, the order `cfscale init` writes.
  for (const auto& spec : key_specs()) {
    if (spec.section != section) continue;
    auto it = e.keys.find(spec.key);
    if (it == e.keys.end()) continue;
    out += fmt::format("{}{}: {}", std::string(indent, ' '), spec.key, it->second.value);
    if (!it->second.comment.empty()) out += "  # " + printable(it->second.comment);
    out += '\n';
  }
}

std::string path_of(const std::string& section, const std::string& entry, const std::string& key) {
  return section == "worker" ? "worker." + key : section + "." + entry + "." + key;
}

}  // namespace

std::string Measurement::path() const { return path_of(section, entry, key); }

std::string format_measured(double v) {
  if (!std::isfinite(v)) return "null";
  if (std::fabs(v) >= 100) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  if (v == 0) return "0";
  std::string s = fmt::format("{:.4g}", v);
  // %g writes 1e-05 for very small values: YAML reads that as a float too.
  return s;
}

std::string yaml_key(const std::string& s) {
  bool plain = !s.empty() && std::isalpha(static_cast<unsigned char>(s[0]));
  for (char c : s) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  static const std::set<std::string> reserved = {"y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
                                                 "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"};
  if (plain && !reserved.count(s)) return s;
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    auto next = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    // What YAML does not allow raw in a scalar or reads as a line break (C1
    // controls, U+0085 among them; U+2028, U+2029), and the bidirectional
    // characters printable() shows escaped.
    if (auto inv = invisible_at(s, i); inv.size) {
      if (inv.cp <= 0x9F) out += fmt::format("\\x{:02x}", inv.cp);
      else if (inv.cp == 0x2028) out += "\\L";
      else if (inv.cp == 0x2029) out += "\\P";
      else out += fmt::format("\\u{:04X}", inv.cp);
      i += inv.size - 1;
      continue;
    }
    if (c == 0xEF && next(1) == 0xBB && next(2) == 0xBF) {
      out += "\\uFEFF";
      i += 2;
      continue;
    }
    if (c == '"') out += "\\\"";
    else if (c == '[' && i >= 2 && s.compare(i - 2, 2, "##") == 0) out += "\\x5b";  // "##[" is a command in a CI log
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
    else out += static_cast<char>(c);
  }
  return out + "\"";
}


Written write_metrics(const Document* doc, const Metrics* existing, std::span<const Measurement> values, const WriteOptions& opts) {
  Written w;
  // The top-level keys as written (but the marks, which are rebuilt).
  std::map<std::string, Line, std::less<>> top;
  EntryLines worker;
  std::map<std::string, Section, std::less<>> sections;
  // Sections in the order the file has them (a person's file is not
  // reordered), then new ones in the products' order.
  std::vector<std::string> section_order;
  if (doc && existing && doc->root.is_object()) {
    for (const Member* m : counted_members(doc->root)) {
      if (m->key == "measured" || m->key == "estimates") continue;
      if (m->key == "worker") {
        read_keys(*doc, m->value, &existing->worker, worker);
      } else if (const Product* p = find_product(m->key); p && p->measured) {
        if (!m->value.is_object()) continue;
        section_order.push_back(m->key);
        for (const Member* e : counted_members(m->value)) {
          const Entry* have = existing->entry(m->key, e->key);
          read_keys(*doc, e->value, have ? &have->values : nullptr, sections[m->key].at(e->key));
        }
      } else {
        top[m->key] = Line{value_text(m->value), comment_after(*doc, m->value.pos), ""};
      }
    }
  }
  bool typed_left = false;  // a value no command measured remains
  auto place = [&](const Measurement& m) -> EntryLines& { return m.section == "worker" ? worker : sections[m.section].at(m.entry); };
  for (const auto& m : values) {
    EntryLines& e = place(m);
    std::string text = format_measured(m.value);
    std::string comment = "from: " + m.from + (m.estimate.empty() ? "" : "; estimate: " + m.estimate);
    std::string mark = m.estimate.empty() ? "measured" : "estimated";
    auto it = e.keys.find(m.key);
    if (it == e.keys.end() || it->second.value == "null") {
      e.keys[m.key] = Line{text, comment, mark};
      w.added.push_back(m.path());
      continue;
    }
    Line& line = it->second;
    if (line.mark.empty() && !opts.overwrite) {
      if (line.value != text)
        w.kept.push_back(fmt::format("{}: kept {} (measured {}; --overwrite replaces it)", m.path(), line.value, text));
      continue;
    }
    if (line.value != text || line.comment != comment) w.replaced.push_back(fmt::format("{}: {} -> {}", m.path(), line.value, text));
    line = Line{text, comment, mark};
  }
  std::vector<std::string> measured, estimates;
  auto collect = [&](const std::string& section, const std::string& entry, const EntryLines& e) {
    for (const auto& spec : key_specs()) {
      if (spec.section != section) continue;
      auto it = e.keys.find(spec.key);
      if (it == e.keys.end() || it->second.value == "null") continue;
      std::string path = path_of(section, entry, std::string(spec.key));
      if (it->second.mark == "estimated") estimates.push_back(path);
      if (it->second.mark.empty()) typed_left = true;
      else measured.push_back(path);
    }
  };
  for (const Product& p : products())
    if (sections.count(p.id) && std::find(section_order.begin(), section_order.end(), p.id) == section_order.end())
      section_order.emplace_back(p.id);
  collect("worker", "", worker);
  for (const auto& id : section_order)
    for (const auto& name : sections[id].order) collect(id, name, sections[id].entries[name]);

  std::string& out = w.text;
  for (const auto& h : opts.header) out += "# " + printable(h) + "\n";
  out += "format: 1\n";
  auto top_line = [&](const char* key, const std::string& dflt, const std::string& dflt_comment) {
    auto it = top.find(key);
    if (it == top.end()) {
      if (dflt.empty()) return;
      out += fmt::format("{}: {}", key, dflt);
      if (!dflt_comment.empty()) out += "  # " + dflt_comment;
      out += '\n';
      return;
    }
    out += fmt::format("{}: {}", key, it->second.value);
    if (!it->second.comment.empty()) out += "  # " + printable(it->second.comment);
    out += '\n';
  };
  top_line("window_days", opts.window_days ? format_measured(*opts.window_days) : "", "the longest window a value below was read over");
  top_line("plan", "", "");
  top_line("growth_pct_per_month", "", "");
  // A new file of measurements only is `measured`; a file that said how its
  // figures were obtained keeps saying it, for the values not listed below.
  top_line("obtained", typed_left ? "" : "measured", "values not listed under measured: below were typed by hand");
  if (!worker.keys.empty()) {
    out += "\nworker:\n";
    emit_keys(out, "worker", worker, 2);
  }
  for (const auto& id : section_order) {
    Section& s = sections[id];
    out += fmt::format("\n{}:\n", id);
    for (const auto& name : s.order) {
      const EntryLines& e = s.entries[name];
      out += fmt::format("  {}:{}\n", yaml_key(name), e.keys.empty() ? " null" : "");
      emit_keys(out, id, e, 4);
    }
  }
  auto list = [&](const char* key, const char* why, const std::vector<std::string>& paths) {
    if (paths.empty()) return;
    out += fmt::format("\n# {}\n{}:\n", why, key);
    for (const auto& p : paths) {
      // A path of plain names reads back plain (the dots are YAML's too);
      // any other is quoted whole.
      bool plain = std::isalpha(static_cast<unsigned char>(p[0]));
      for (char c : p) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
      out += "  - " + (plain ? p : yaml_key(p)) + "\n";
    }
  };
  list("measured", "The values cfscale measured (metrics import, metrics pull): the next import replaces them; it keeps the others.",
       measured);
  list("estimates", "Measured values that are approximations (see each one's comment): findings resting on one say so.", estimates);
  return w;
}

}  // namespace cfscale::metrics
