#include "engine/condition.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "engine/bill_facts.h"
#include "engine/derived.h"
#include "engine/runway.h"
#include "metrics/keys.h"

namespace cfscale::engine {
namespace {

struct OpName {
  std::string_view name;
  Op op;
};
constexpr OpName kOps[] = {{">", Op::Gt}, {">=", Op::Ge}, {"<", Op::Lt},           {"<=", Op::Le},
                           {"==", Op::Eq}, {"!=", Op::Ne}, {"present", Op::Present}, {"missing", Op::Missing}};

Op negate(Op op) {
  switch (op) {
    case Op::Gt: return Op::Le;
    case Op::Ge: return Op::Lt;
    case Op::Lt: return Op::Ge;
    case Op::Le: return Op::Gt;
    case Op::Eq: return Op::Ne;
    case Op::Ne: return Op::Eq;
    case Op::Present: return Op::Missing;
    case Op::Missing: return Op::Present;
  }
  return op;
}

bool metric_key_known(std::string_view section, std::string_view key) {
  for (const auto& k : metrics::key_specs())
    if (k.section == section && k.key == key) return true;
  return false;
}

std::vector<std::string_view> metric_keys(std::string_view section) {
  std::vector<std::string_view> out;
  for (const auto& k : metrics::key_specs())
    if (k.section == section) out.push_back(k.key);
  return out;
}

Tri compare(const Val& l, Op op, const Val* r) {
  if (op == Op::Present || op == Op::Missing) {
    bool present = l.kind != Val::Kind::Unknown && l.kind != Val::Kind::Absent;
    return (op == Op::Present) == present ? Tri::True : Tri::False;
  }
  if (!l.known() || !r || !r->known()) return Tri::Unknown;
  if (l.kind == Val::Kind::Absent || r->kind == Val::Kind::Absent) {
    bool both = l.kind == r->kind;
    if (op == Op::Eq) return both ? Tri::True : Tri::False;
    if (op == Op::Ne) return both ? Tri::False : Tri::True;
    return Tri::False;  // an unset value is neither above nor below anything
  }
  if (l.is_number() && r->is_number()) {
    double a = l.num, b = r->num;
    bool res = false;
    switch (op) {
      case Op::Gt: res = a > b; break;
      case Op::Ge: res = a >= b; break;
      case Op::Lt: res = a < b; break;
      case Op::Le: res = a <= b; break;
      case Op::Eq: res = a == b; break;
      case Op::Ne: res = a != b; break;
      default: break;
    }
    return res ? Tri::True : Tri::False;
  }
  if (l.kind != r->kind) return op == Op::Ne ? Tri::True : Tri::False;
  bool eq = l.kind == Val::Kind::String ? l.str == r->str : l.b == r->b;
  if (op == Op::Eq) return eq ? Tri::True : Tri::False;
  if (op == Op::Ne) return eq ? Tri::False : Tri::True;
  return Tri::False;
}

Evidence make_evidence(const Resolved& l, Op op, const Resolved* r) {
  Evidence e;
  e.input = l.input;
  if (l.value.is_number()) e.value = l.value.num;
  else e.text = format_val(l.value);
  e.source = l.origin;
  e.op = std::string(to_string(op));
  if (r) {
    if (r->value.is_number()) e.threshold = r->value.num;
    else e.threshold_text = format_val(r->value);
    if (!r->input.empty()) e.threshold_input = r->input;
    e.threshold_source = r->origin;
  }
  e.basis = l.basis;
  e.derived_from = l.derived_from;
  return e;
}

Tri eval(const Condition& cond, const Context& c, const Target& t, bool negated, Trace& evidence,
         std::vector<std::string>& missing) {
  switch (cond.type) {
    case Condition::Type::Not: return eval(cond.children[0], c, t, !negated, evidence, missing);
    case Condition::Type::All:
    case Condition::Type::Any: {
      // Under negation, all becomes any and any becomes all (De Morgan).
      bool conj = (cond.type == Condition::Type::All) != negated;
      bool any_unknown = false, any_true = false;
      // The true parts' evidence is written in place and taken back when
      // the whole is not true (copying it part by part was most of the
      // engine's time on a large project's calls).
      const size_t mark = evidence.size();
      auto take_back = [&](size_t to) { evidence.erase(evidence.begin() + static_cast<std::ptrdiff_t>(to), evidence.end()); };
      for (const auto& child : cond.children) {
        const size_t before = evidence.size();
        Tri r = eval(child, c, t, negated, evidence, missing);
        if (r != Tri::True) take_back(before);
        if (r == Tri::Unknown) any_unknown = true;
        if (conj && r == Tri::False) {
          take_back(mark);
          return Tri::False;
        }
        if (r == Tri::True) any_true = true;
      }
      // A disjunction with one true part is true, and every true part is
      // evidence; otherwise unknown parts leave it unknown.
      if (!conj && any_true) return Tri::True;
      take_back(any_unknown || !conj ? mark : evidence.size());
      if (any_unknown) return Tri::Unknown;
      if (!conj) return Tri::False;
      return Tri::True;
    }
    case Condition::Type::Compare: {
      Op op = negated ? negate(cond.op) : cond.op;
      std::vector<std::string> unmeasured;
      Val l = value_of(cond.left, c, t, unmeasured);
      std::optional<Val> r;
      if (cond.right) r = value_of(*cond.right, c, t, unmeasured);
      // present/missing decide on an unmeasured metric too: it is missing.
      Tri res = compare(l, op, r ? &*r : nullptr);
      if (res == Tri::Unknown) missing.insert(missing.end(), unmeasured.begin(), unmeasured.end());
      if (res == Tri::True) evidence.push_back(Step{&cond, op, std::move(l), std::move(r)});
      return res;
    }
  }
  return Tri::Unknown;
}

}  // namespace

std::string_view to_string(Op op) {
  for (const auto& o : kOps)
    if (o.op == op) return o.name;
  return "?";
}

std::optional<Operand> parse_operand(const Node& n, TargetType target, const Limits& limits, const Document& doc,
                                     Diagnostics& diags) {
  Operand o;
  if (n.is_number()) { o.literal = Val::number(n.number); o.text = n.text; return o; }
  if (n.kind == Kind::Bool) { o.literal = Val::boolean(n.boolean); o.text = n.boolean ? "true" : "false"; return o; }
  if (!n.is_string()) {
    diags.error(doc.location(n), "rule-invalid", fmt::format("an operand must be a number, a boolean or a string, not {}", kind_name(n.kind)));
    return std::nullopt;
  }
  o.text = n.text;
  auto dot = n.text.find('.');
  std::string prefix = dot == std::string::npos ? "" : n.text.substr(0, dot);
  std::string name = dot == std::string::npos ? "" : n.text.substr(dot + 1);
  auto bad = [&](std::string msg) {
    diags.error(doc.location(n), "rule-invalid", std::move(msg));
    return std::nullopt;
  };
  if (prefix == "metric" && target == TargetType::Call) {
    // A call's metrics are its binding's (r2.ASSETS.object_size_mb_p95 for env.ASSETS.get()).
    bool known = false;
    std::vector<std::string_view> all;
    for (const auto& k : metrics::key_specs())
      if (k.section != "worker") {
        known = known || k.key == name;
        all.push_back(k.key);
      }
    if (!known) return bad(fmt::format("unknown metric \"{}\" for a binding{}", name, did_you_mean_suffix(name, all)));
    o.source = Operand::Source::Metric;
  } else if (prefix == "metric") {
    std::string_view section = metrics_section(target);
    if (!metric_key_known(section, name))
      return bad(fmt::format("unknown metric \"{}\" for a {} target{}", name, section, did_you_mean_suffix(name, metric_keys(section))));
    o.source = target == TargetType::Worker ? Operand::Source::WorkerMetric : Operand::Source::Metric;
  } else if (prefix == "worker") {
    if (!metric_key_known("worker", name))
      return bad(fmt::format("unknown metric \"worker.{}\"{}", name, did_you_mean_suffix(name, metric_keys("worker"))));
    o.source = Operand::Source::WorkerMetric;
  } else if (prefix == "code" || (prefix == "config" && target == TargetType::Call)) {
    // A call's fields come from the code, not the config: `code.` only.
    if (target != TargetType::Call)
      return bad(fmt::format("\"code.{}\" is a field of a call in the code: the rule's target must be call, not {}", name, to_string(target)));
    if (prefix == "config") return bad(fmt::format("a call target's fields are code.<field>, not config.{}", name));
    auto fields = config_fields(target);
    if (std::find(fields.begin(), fields.end(), name) == fields.end())
      return bad(fmt::format("unknown code field \"{}\"{}", name,
                             did_you_mean_suffix(name, std::vector<std::string_view>(fields.begin(), fields.end()))));
    o.source = Operand::Source::Code;
  } else if (prefix == "config") {
    auto fields = config_fields(target);
    if (std::find(fields.begin(), fields.end(), name) == fields.end())
      return bad(fmt::format("unknown config field \"{}\" for a {} target{}", name, to_string(target),
                             did_you_mean_suffix(name, std::vector<std::string_view>(fields.begin(), fields.end()))));
    o.source = Operand::Source::Config;
  } else if (prefix == "limit") {
    if (!limits.limits.count(name)) return bad(fmt::format("unknown limit \"{}\": it is not in {}", name, limits.file));
    o.source = Operand::Source::Limit;
  } else if (prefix == "threshold") {
    if (!limits.thresholds.count(name)) return bad(fmt::format("unknown threshold \"{}\": it is not in {}", name, limits.file));
    o.source = Operand::Source::Threshold;
  } else if (prefix == "derived") {
    o.derived = find_derived(target, name);
    o.derived_for = target;
    if (!o.derived) {
      std::vector<std::string_view> names;
      for (auto specs : {derived_specs(), bill_facts(), runway_facts()})
        for (const auto& d : specs)
          if (d.target == target) names.push_back(d.name);
      return bad(fmt::format("unknown derived fact \"{}\" for a {} target{}", name, to_string(target), did_you_mean_suffix(name, names)));
    }
    o.source = Operand::Source::Derived;
  } else {
    o.literal = Val::string(n.text);  // a plain string literal ("smart")
    return o;
  }
  o.name = name;
  if (o.source == Operand::Source::Config || o.source == Operand::Source::Code) {
    o.field = config_field_reader(target, o.name);
    o.field_for = target;
  }
  return o;
}

std::optional<Condition> parse_condition(const Node& n, TargetType target, const Limits& limits, const Document& doc,
                                         Diagnostics& diags) {
  Condition c;
  c.pos = n.pos;
  if (!n.is_object()) {
    diags.error(doc.location(n), "rule-invalid", "a condition must be a mapping: {all: [...]}, {any: [...]}, {not: ...} or {left, op, right}");
    return std::nullopt;
  }
  auto list = [&](const Node& arr, Condition::Type type) -> std::optional<Condition> {
    c.type = type;
    if (!arr.is_array() || arr.items.empty()) {
      diags.error(doc.location(arr), "rule-invalid", "\"all\" and \"any\" take a non-empty list of conditions");
      return std::nullopt;
    }
    bool ok = true;
    for (const auto& item : arr.items) {
      auto child = parse_condition(item, target, limits, doc, diags);
      if (child) c.children.push_back(std::move(*child));
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return c;
  };
  if (n.members.size() == 1 && n.members[0].key == "all") return list(n.members[0].value, Condition::Type::All);
  if (n.members.size() == 1 && n.members[0].key == "any") return list(n.members[0].value, Condition::Type::Any);
  if (n.members.size() == 1 && n.members[0].key == "not") {
    auto child = parse_condition(n.members[0].value, target, limits, doc, diags);
    if (!child) return std::nullopt;
    c.type = Condition::Type::Not;
    c.children.push_back(std::move(*child));
    return c;
  }
  for (const auto& m : n.members)
    if (m.key != "left" && m.key != "op" && m.key != "right") {
      diags.error(doc.location(m.key_pos), "rule-invalid",
                  fmt::format("unknown key \"{}\" in a condition (expected all, any, not, or left/op/right)", m.key));
      return std::nullopt;
    }
  const Node* left = n.get("left");
  const Node* op = n.get("op");
  if (!left || !op || !op->is_string()) {
    diags.error(doc.location(n), "rule-invalid", "a comparison needs \"left\" and \"op\" (and \"right\" unless op is present/missing)");
    return std::nullopt;
  }
  bool found = false;
  for (const auto& o : kOps)
    if (o.name == op->text) { c.op = o.op; found = true; }
  if (!found) {
    diags.error(doc.location(*op), "rule-invalid", fmt::format("unknown operator \"{}\": use >, >=, <, <=, ==, !=, present or missing", op->text));
    return std::nullopt;
  }
  auto l = parse_operand(*left, target, limits, doc, diags);
  if (!l) return std::nullopt;
  c.left = std::move(*l);
  const Node* right = n.get("right");
  bool unary = c.op == Op::Present || c.op == Op::Missing;
  if (unary && right) {
    diags.error(doc.location(*right), "rule-invalid", fmt::format("\"{}\" takes no \"right\"", op->text));
    return std::nullopt;
  }
  if (!unary) {
    if (!right) {
      diags.error(doc.location(n), "rule-invalid", fmt::format("\"{}\" needs a \"right\" operand", op->text));
      return std::nullopt;
    }
    auto r = parse_operand(*right, target, limits, doc, diags);
    if (!r) return std::nullopt;
    c.right = std::move(*r);
  }
  return c;
}

namespace {

const DerivedSpec* derived_of(const Operand& o, const Target& t) {
  return o.derived && o.derived_for == t.type ? o.derived : find_derived(t.type, o.name);
}

// A derived fact of the target, or of the Worker when the fact is the Worker's.
Val derived_value(const DerivedSpec& d, const Context& c, const Target& t, Why* why, std::vector<std::string>& missing) {
  return d.fn(c, d.target == t.type ? t : c.worker_target(), why, missing);
}

}  // namespace

Val value_of(const Operand& o, const Context& c, const Target& t, std::vector<std::string>& missing) {
  switch (o.source) {
    case Operand::Source::Literal: return o.literal;
    case Operand::Source::Metric:
    case Operand::Source::WorkerMetric: {
      const Target& of = o.source == Operand::Source::WorkerMetric ? c.worker_target() : t;
      if (const auto* v = c.metric(of, o.name)) return Val::number(v->value);
      missing.push_back(c.metric_path(of, o.name));
      return Val::unknown();
    }
    case Operand::Source::Config:
    case Operand::Source::Code: return o.field && t.type == o.field_for ? o.field(t, c.worker) : config_field(t, c.worker, o.name);
    case Operand::Source::Limit: {
      auto v = c.limits.limit(o.name, c.plan);
      return v ? Val::number(*v) : Val::unknown();
    }
    case Operand::Source::Threshold: {
      auto v = c.limits.threshold(o.name);
      return v ? Val::number(*v) : Val::unknown();
    }
    case Operand::Source::Derived: {
      const DerivedSpec* d = derived_of(o, t);
      return d ? derived_value(*d, c, t, nullptr, missing) : Val::unknown();
    }
  }
  return Val::unknown();
}

namespace {

// What the evidence says about an operand whose value is known: its name,
// where it came from and, for a derived fact, how it was computed.
void describe(const Operand& o, const Context& c, const Target& t, Resolved& r) {
  switch (o.source) {
    case Operand::Source::Literal: break;
    case Operand::Source::Metric:
    case Operand::Source::WorkerMetric: {
      const Target& of = o.source == Operand::Source::WorkerMetric ? c.worker_target() : t;
      r.input = c.metric_path(of, o.name);
      if (const auto* v = c.metric(of, o.name); v && c.metrics) r.origin = Origin{"metrics", c.metrics->file, v->pos, c.metrics->obtained_of(*v)};
      break;
    }
    case Operand::Source::Config:
      r.input = t.config_path.empty() ? "config." + o.name : fmt::format("config.{}.{}", t.config_path, o.name);
      r.origin = Origin{"config", c.worker.file, t.pos, "configured"};  // the entry the field belongs to
      break;
    case Operand::Source::Code:
      r.input = "code." + o.name;
      if (t.source) r.origin = Origin{"source", t.source->file, t.source->pos, "read"};
      r.basis = code_field_basis(t, o.name);
      break;
    case Operand::Source::Limit:
      r.input = "limit." + o.name;
      r.origin = c.limits.limit_origin(o.name);
      break;
    case Operand::Source::Threshold:
      r.input = "threshold." + o.name;
      r.origin = c.limits.threshold_origin(o.name);
      break;
    case Operand::Source::Derived: {
      r.input = "derived." + o.name;
      r.origin = Origin{"derived", "", {}, "computed"};
      // The fact is computed again only to write its basis: the value
      // stays the one the rule was decided on.
      if (const DerivedSpec* d = derived_of(o, t)) {
        std::vector<std::string> unused;
        Why why;
        derived_value(*d, c, t, &why, unused);
        r.basis = std::move(why.basis);
        r.derived_from = std::move(why.inputs);
      }
      break;
    }
  }
}

}  // namespace

Resolved resolve(const Operand& o, const Context& c, const Target& t) {
  Resolved r;
  r.value = value_of(o, c, t, r.missing);
  describe(o, c, t, r);
  return r;
}

std::vector<Evidence> explain(const Trace& trace, const Context& c, const Target& t) {
  std::vector<Evidence> out;
  out.reserve(trace.size());
  for (const auto& step : trace) {
    Resolved l;
    l.value = step.left;
    describe(step.cond->left, c, t, l);
    std::optional<Resolved> r;
    if (step.right) {
      r.emplace().value = *step.right;
      describe(*step.cond->right, c, t, *r);
    }
    out.push_back(make_evidence(l, step.op, r ? &*r : nullptr));
  }
  return out;
}

Tri evaluate(const Condition& cond, const Context& c, const Target& t, Trace& trace, std::vector<std::string>& missing) {
  return eval(cond, c, t, false, trace, missing);
}

std::string format_val(const Val& v) {
  switch (v.kind) {
    case Val::Kind::Unknown: return "unknown";
    case Val::Kind::Absent: return "(not set)";
    case Val::Kind::Number: return format_number(v.num);
    case Val::Kind::String: return v.str;
    case Val::Kind::Bool: return v.b ? "true" : "false";
  }
  return "";
}

}  // namespace cfscale::engine
