#include "engine/template.h"

#include <cmath>

#include <fmt/format.h>

#include "engine/condition.h"

namespace cfscale::engine {
namespace {

// Calls f(name, begin, end) for every "{name}" in s, where name is made of
// letters, digits, '_', '.' and ':' only — so code in a recommendation
// ("{ mode: 'smart' }") is left alone.
template <class F>
void each_placeholder(std::string_view s, F f) {
  auto ident = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':';
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '{') continue;
    size_t j = i + 1;
    while (j < s.size() && ident(s[j])) ++j;
    if (j == i + 1 || j >= s.size() || s[j] != '}') continue;
    f(s.substr(i + 1, j - i - 1), i, j + 1);
    i = j;
  }
}

// {workers} is the list of Workers of a finding across Workers (cross.cpp).
bool is_plain(std::string_view name) {
  return name == "binding" || name == "worker" || name == "workers" || name == "target" || name == "env";
}

}  // namespace

bool check_template(const Node& n, std::string_view field, TargetType target, const Limits& limits, const Document& doc,
                    Diagnostics& diags) {
  bool ok = true;
  each_placeholder(n.text, [&](std::string_view name, size_t, size_t) {
    if (is_plain(name)) return;
    std::string_view operand = name.substr(0, 4) == "pct:" ? name.substr(4) : name;
    if (operand.find('.') == std::string_view::npos) {
      diags.error(doc.location(n), "rule-invalid",
                  fmt::format("unknown placeholder {{{}}} in \"{}\": use {{binding}}, {{worker}}, {{env}} or an operand "
                              "such as {{metric.<key>}}, {{config.<field>}}, {{limit.<name>}}, {{threshold.<name>}}, "
                              "{{derived.<name>}}, {{pct:<operand>}}",
                              name, field));
      ok = false;
      return;
    }
    Node probe;
    probe.kind = Kind::String;
    probe.text = std::string(operand);
    probe.pos = n.pos;
    if (!parse_operand(probe, target, limits, doc, diags)) ok = false;
  });
  return ok;
}

std::string render(std::string_view tmpl, const Context& c, const Target& t) {
  std::string out;
  size_t last = 0;
  each_placeholder(tmpl, [&](std::string_view name, size_t begin, size_t end) {
    out.append(tmpl.substr(last, begin - last));
    last = end;
    if (name == "binding" || name == "target") { out += t.name.value_or(c.worker.name.value_or("Worker")); return; }
    if (name == "worker" || name == "workers") { out += c.worker.name.value_or("(unnamed Worker)"); return; }
    if (name == "env") { out += c.worker.env.value_or("(top level)"); return; }
    bool pct = name.substr(0, 4) == "pct:";
    std::string_view operand = pct ? name.substr(4) : name;
    Node probe;
    probe.kind = Kind::String;
    probe.text = std::string(operand);
    Diagnostics ignored;
    Document doc;
    auto op = parse_operand(probe, t.type, c.limits, doc, ignored);
    if (!op) { out += "?"; return; }
    Val v = resolve(*op, c, t).value;
    if (pct && v.is_number()) out += format_number(v.num * 100 >= 10 ? std::round(v.num * 100) : std::round(v.num * 1000) / 10) + "%";
    else out += format_val(v);
  });
  out.append(tmpl.substr(last));
  return out;
}

}  // namespace cfscale::engine
