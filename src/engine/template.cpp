#include "engine/template.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/text.h"
#include "engine/condition.h"

namespace cfscale::engine {

Template compile_template(const Node& n, std::string_view field, TargetType target, const Limits& limits, const Document& doc,
                          Diagnostics& diags, std::span<const std::string_view> named) {
  using Kind = Template::Piece::Kind;
  std::string_view tmpl = n.text;
  Template out;
  size_t last = 0;
  auto text = [&](std::string_view s) {
    if (s.empty()) return;
    if (out.pieces.empty() || out.pieces.back().kind != Kind::Text) out.pieces.push_back({});
    out.pieces.back().text += s;
  };
  each_placeholder(tmpl, [&](std::string_view name, size_t begin, size_t end) {
    text(tmpl.substr(last, begin - last));
    last = end;
    Template::Piece piece;
    piece.kind = Kind::Invalid;
    bool pct = name.substr(0, 4) == "pct:", usd = name.substr(0, 4) == "usd:";
    std::string_view operand = pct || usd ? name.substr(4) : name;
    if (!named.empty()) {
      if (std::find(named.begin(), named.end(), name) != named.end()) {
        piece.kind = Kind::Named;
        piece.text = std::string(name);
      } else {
        diags.error(doc.location(n), "rule-invalid",
                    fmt::format("unknown placeholder {{{}}} in \"{}\": this rule's findings are made by cfscale itself, "
                                "and its placeholders are {{{}}}",
                                name, field, fmt::join(named, "}, {")));
      }
    } else if (name == "binding" || name == "target") {
      piece.kind = Kind::Binding;
    } else if (name == "worker") {
      piece.kind = Kind::Worker;
    } else if (name == "env") {
      piece.kind = Kind::Env;
    } else if (operand.find('.') == std::string_view::npos) {
      diags.error(doc.location(n), "rule-invalid",
                  fmt::format("unknown placeholder {{{}}} in \"{}\": use {{binding}}, {{worker}}, {{env}} or an operand "
                              "such as {{metric.<key>}}, {{config.<field>}}, {{limit.<name>}}, {{threshold.<name>}}, "
                              "{{derived.<name>}}, {{pct:<operand>}}, {{usd:<operand>}}",
                              name, field));
    } else {
      Node probe;
      probe.kind = cfscale::Kind::String;
      probe.text = std::string(operand);
      probe.pos = n.pos;
      if (auto op = parse_operand(probe, target, limits, doc, diags)) {
        piece.kind = pct ? Kind::Percent : usd ? Kind::Money : Kind::Value;
        piece.operand = std::move(*op);
      }
    }
    out.pieces.push_back(std::move(piece));
  });
  text(tmpl.substr(last));
  for (const auto& piece : out.pieces) out.size_hint += piece.kind == Kind::Text ? piece.text.size() : 24;
  return out;
}

std::string render(const Template& tmpl, const Context& c, const Target& t) {
  using Kind = Template::Piece::Kind;
  std::string out;
  out.reserve(tmpl.size_hint);
  for (const auto& piece : tmpl.pieces) {
    switch (piece.kind) {
      case Kind::Text: out += piece.text; break;
      case Kind::Binding: out += t.name.value_or(c.worker.name.value_or("Worker")); break;
      case Kind::Worker: out += c.worker.name.value_or("(unnamed Worker)"); break;
      case Kind::Env: out += c.worker.env.value_or("(top level)"); break;
      case Kind::Named:
      case Kind::Invalid: out += '?'; break;
      case Kind::Value:
      case Kind::Money:
      case Kind::Percent: {
        std::vector<std::string> missing;
        Val v = value_of(piece.operand, c, t, missing);
        if (piece.kind == Kind::Money && v.is_number()) out += format_money(v.num);
        else if (piece.kind == Kind::Percent && v.is_number())
          out += format_percent(v.num);
        else out += format_val(v);
        break;
      }
    }
  }
  return out;
}

std::string render(const Template& tmpl, NamedValues values) {
  using Kind = Template::Piece::Kind;
  std::string out;
  out.reserve(tmpl.size_hint);
  for (const auto& piece : tmpl.pieces) {
    if (piece.kind == Kind::Text) {
      out += piece.text;
      continue;
    }
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == piece.text; });
    if (piece.kind == Kind::Named && it != values.end()) out += it->second;
    else out += '?';
  }
  return out;
}

std::string render(std::string_view tmpl, const Context& c, const Target& t) {
  Node n;
  n.kind = cfscale::Kind::String;
  n.text = std::string(tmpl);
  Document doc;
  Diagnostics ignored;
  return render(compile_template(n, "template", t.type, c.limits, doc, ignored), c, t);
}

}  // namespace cfscale::engine
