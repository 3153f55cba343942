// The value of an operand in a rule condition. "Unknown" (a metric nobody
// measured) is different from "absent" (a config key that is not set): the
// first leaves a rule undecided, the second is a fact.
#pragma once

#include <string>

#include "core/text.h"

namespace cfscale::engine {

struct Val {
  enum class Kind { Unknown, Absent, Number, String, Bool };
  Kind kind = Kind::Unknown;
  double num = 0;
  std::string str;
  bool b = false;

  static Val unknown() { return {}; }
  static Val absent() { Val v; v.kind = Kind::Absent; return v; }
  static Val number(double d) { Val v; v.kind = Kind::Number; v.num = d; return v; }
  static Val string(std::string s) { Val v; v.kind = Kind::String; v.str = std::move(s); return v; }
  static Val boolean(bool x) { Val v; v.kind = Kind::Bool; v.b = x; return v; }

  bool known() const { return kind != Kind::Unknown; }
  bool is_number() const { return kind == Kind::Number; }
};

// "12", "0.35", "1,200,000", "smart", "true", "(not set)", "unknown".
std::string format_val(const Val& v);
using cfscale::format_number;

}  // namespace cfscale::engine
