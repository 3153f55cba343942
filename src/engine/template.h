// Message templates: "{binding}", "{worker}", any operand ("{metric.storage_gb}",
// "{limit.d1_storage_gb}"), "{pct:<operand>}" for a ratio as a percentage and
// "{usd:<operand>}" for an amount of money ($1,234.50).
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/node.h"
#include "engine/condition.h"
#include "engine/context.h"

namespace cfscale::engine {

// A template split once, when the rule is loaded, into literal text and
// placeholders with their operands parsed: rendering then only resolves.
struct Template {
  struct Piece {
    enum class Kind { Text, Binding, Worker, Env, Value, Percent, Money, Named, Invalid };
    Kind kind = Kind::Text;
    std::string text;  // the literal text; a Named placeholder's name
    Operand operand;   // Value, Percent, Money
  };
  std::vector<Piece> pieces;
  size_t size_hint = 0;  // the literal text plus room for the values
};

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


// Splits the template string `n` (the rule's `field`) with its operands
// parsed for `target`. A placeholder that is not one is an error at n's
// position (the rule is then not loaded) and would render as "?". With
// `named` (a rule whose findings cfscale makes itself: across Workers,
// suppressions) the placeholders are exactly those names, filled by the
// code that makes the findings.
Template compile_template(const Node& n, std::string_view field, TargetType target, const Limits& limits, const Document& doc,
                          Diagnostics& diags, std::span<const std::string_view> named = {});

// The values of a template's named placeholders.
using NamedValues = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Fills a template compiled with `named` placeholders.
std::string render(const Template& tmpl, NamedValues values);

// Fills a template for one target (of the type it was compiled for).
std::string render(const Template& tmpl, const Context& c, const Target& t);
std::string render(std::string_view tmpl, const Context& c, const Target& t);  // compiles (for tests), then fills

}  // namespace cfscale::engine
