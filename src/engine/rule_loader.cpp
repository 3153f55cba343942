#include "engine/rule_loader.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "core/document.h"
#include "core/schema.h"
#include "cost/fix_models.h"
#include "engine/builtin_rules.h"
#include "engine/template.h"
#include "engine/topics.h"

namespace cfscale::engine {
namespace {

namespace fs = std::filesystem;
using T = FieldType;

constexpr FieldSpec kRuleFields[] = {
    {"id", T::String, true},           {"name", T::String, true},         {"topic", T::String, true},
    {"kind", T::String, true},         {"target", T::String, true},       {"severity", T::String, true},
    {"escalate", T::ObjectArray},      {"fix", T::String},                {"title", T::String, true},
    {"message", T::String, true},      {"recommendation", T::String, true}, {"why", T::String, true},
    {"guide", T::String},              {"example", T::Object, true},      {"references", T::ObjectArray, true},
    {"when", T::Object},               {"applies", T::Object},            {"checklist", T::Object},
    {"produced_by", T::String},        {"advice", T::ObjectArray},        {"bill_lines", T::StringArray},
    {"yields_to", T::StringArray},
    {"utilization", T::String},        {"location", T::String},           {"cost_model", T::String},
    {"merge_by", T::String}};
constexpr FieldSpec kAdviceFields[] = {{"text", T::String, true}, {"when", T::Object}};
constexpr FieldSpec kExampleFields[] = {{"language", T::String, true}, {"before", T::String, true}, {"after", T::String, true}};
constexpr FieldSpec kReferenceFields[] = {{"title", T::String, true}, {"url", T::String, true}};
constexpr FieldSpec kEscalateFields[] = {{"to", T::String, true}, {"when", T::Object, true}};
constexpr FieldSpec kChecklistFields[] = {{"item", T::String, true}, {"stage", T::String, true}, {"done", T::String, true},
                                          {"not_applicable", T::String, true}, {"evidence", T::Object}, {"unknown", T::String}};

std::string str(const Node& n, std::string_view key) {
  const Node* v = n.get(key);
  return v && v->is_string() ? v->text : std::string();
}

class Parser {
 public:
  Parser(const Document& doc, const Limits& limits, Diagnostics& diags) : doc_(doc), limits_(limits), diags_(diags) {}

  std::optional<Rule> run() {
    size_t errors = diags_.error_count();
    const Node& root = doc_.root;
    if (!expect_type(doc_, root, T::Object, "a rule", diags_)) return std::nullopt;
    // Unknown keys in a rule are errors: a misspelled "when" would otherwise
    // make a rule that never fires.
    check_object(doc_, root, strict(kRuleFields), "", diags_);
    Rule r;
    r.file = doc_.path;
    r.pos = root.pos;
    r.id = str(root, "id");
    r.name = str(root, "name");
    r.topic = str(root, "topic");
    r.kind = str(root, "kind");
    r.fix = str(root, "fix");
    r.title = str(root, "title");
    r.message = str(root, "message");
    r.recommendation = str(root, "recommendation");
    r.why = str(root, "why");
    r.guide = str(root, "guide");

    check_id(r, root);
    check_one_of(root, "kind", kKinds);
    if (!r.topic.empty() && !is_known_topic(r.topic))
      error(*root.get("topic"), fmt::format("unknown topic \"{}\" (docs/interface.md §4; add new topics to src/engine/topics.h)", r.topic));
    if (auto t = parse_target_type(str(root, "target"))) r.target = *t;
    else if (root.get("target")) error(*root.get("target"), "unknown target: use worker, kv, d1, r2, queue_consumer, queue or durable_object");
    if (auto s = parse_severity(str(root, "severity"))) r.severity = *s;
    else if (root.get("severity")) error(*root.get("severity"), "unknown severity: use critical, high, medium, low or info");

    r.produced_by = str(root, "produced_by");
    if (!r.produced_by.empty() && r.produced_by != "suppressions" && r.produced_by != "cross-worker" && r.produced_by != "bill" &&
        r.produced_by != "environments")
      error(*root.get("produced_by"),
            "\"produced_by\" is \"suppressions\", \"cross-worker\", \"bill\" or \"environments\" (findings cfscale makes itself)");
    if (const Node* y = root.get("yields_to"); y && y->is_array())
      for (const auto& id : y->items)
        if (id.is_string()) r.yields_to.push_back(id.text);
    if (const Node* lines = root.get("bill_lines"); lines && lines->is_array())
      for (const auto& l : lines->items)
        if (l.is_string()) r.bill_lines.push_back(l.text);
    // Templates are checked and compiled in one pass (rendering then only resolves).
    auto named = produced_placeholders(r.produced_by);
    auto compile = [&](const Node& parent, const char* field, TargetType target, Template& into) {
      if (const Node* n = parent.get(field); n && n->is_string())
        into = compile_template(*n, field, target, limits_, doc_, diags_, named);
    };
    compile(root, "title", r.target, r.compiled.title);
    compile(root, "message", r.target, r.compiled.message);
    compile(root, "recommendation", r.target, r.compiled.recommendation);
    if (const Node* advice = root.get("advice"); advice && advice->is_array()) {
      if (!r.produced_by.empty()) error(*advice, "a rule produced by cfscale itself has no \"advice\"");
      for (size_t i = 0; i < advice->items.size(); ++i) {
        const Node& a = advice->items[i];
        check_object(doc_, a, strict(kAdviceFields), fmt::format("advice[{}]", i), diags_);
        Advice item;
        item.text = str(a, "text");
        if (const Node* t = a.get("text"); t && t->is_string()) item.compiled = compile_template(*t, "advice", r.target, limits_, doc_, diags_);
        if (const Node* w = a.get("when"); w && w->is_object()) item.when = parse_condition(*w, r.target, limits_, doc_, diags_);
        r.advice.push_back(std::move(item));
      }
    }
    // The checklist's texts speak of the Worker as a whole (they are rendered
    // for it, not for a binding), so their placeholders are the Worker's.
    if (const Node* checklist = root.get("checklist"); checklist && checklist->is_object()) {
      compile(*checklist, "done", TargetType::Worker, r.compiled.done);
      compile(*checklist, "not_applicable", TargetType::Worker, r.compiled.not_applicable);
      compile(*checklist, "unknown", TargetType::Worker, r.compiled.unknown);
    }

    if (const Node* ex = root.get("example"); ex && ex->is_object()) {
      check_object(doc_, *ex, strict(kExampleFields), "example", diags_);
      r.example = Example{str(*ex, "language"), str(*ex, "before"), str(*ex, "after")};
    }
    if (const Node* refs = root.get("references"); refs && refs->is_array()) {
      if (refs->items.empty()) error(*refs, "a rule needs at least one reference");
      for (size_t i = 0; i < refs->items.size(); ++i) {
        const Node& ref = refs->items[i];
        check_object(doc_, ref, strict(kReferenceFields), fmt::format("references[{}]", i), diags_);
        std::string url = str(ref, "url");
        if (!url.empty() && url.rfind("https://", 0) != 0) error(*ref.get("url"), "a reference URL must start with https://");
        r.references.push_back(Reference{str(ref, "title"), url});
      }
    }
    const Node* when = root.get("when");
    if (!when && r.produced_by.empty())
      diags_.error(doc_.location(root), "missing-key", "\"top level\" is missing the required key \"when\"");
    if (when && !r.produced_by.empty()) error(*when, "a rule produced by cfscale itself has no \"when\"");
    if (when && when->is_object()) {
      if (auto c = parse_condition(*when, r.target, limits_, doc_, diags_)) r.when = std::move(*c);
    }
    if (const Node* applies = root.get("applies"); applies && applies->is_object())
      r.applies = parse_condition(*applies, r.target, limits_, doc_, diags_);
    if (const Node* esc = root.get("escalate"); esc && esc->is_array()) {
      for (size_t i = 0; i < esc->items.size(); ++i) {
        const Node& e = esc->items[i];
        check_object(doc_, e, strict(kEscalateFields), fmt::format("escalate[{}]", i), diags_);
        auto to = parse_severity(str(e, "to"));
        if (!to && e.get("to")) error(*e.get("to"), "unknown severity: use critical, high, medium, low or info");
        const Node* w = e.get("when");
        auto c = w && w->is_object() ? parse_condition(*w, r.target, limits_, doc_, diags_) : std::nullopt;
        if (to && c) {
          if (*to <= r.severity) error(*e.get("to"), "an escalation must raise the severity above the base severity");
          r.escalate.push_back(Escalation{*to, std::move(*c)});
        }
      }
    }
    if (const Node* cl = root.get("checklist"); cl && cl->is_object()) {
      check_object(doc_, *cl, strict(kChecklistFields), "checklist", diags_);
      ChecklistSpec spec{str(*cl, "item"), str(*cl, "stage"), str(*cl, "done"), str(*cl, "not_applicable"), std::nullopt,
                         str(*cl, "unknown")};
      if (const Node* ev = cl->get("evidence"); ev && ev->is_object()) {
        spec.evidence = parse_condition(*ev, TargetType::Worker, limits_, doc_, diags_);
        if (spec.unknown.empty()) error(*ev, "checklist \"evidence\" needs \"unknown\": what the item is when the evidence does not hold");
      }
      if (cl->get("item") && std::find(std::begin(kChecklistTopics), std::end(kChecklistTopics), spec.item) == std::end(kChecklistTopics))
        error(*cl->get("item"), fmt::format("\"{}\" is not a checklist item of docs/interface.md §4", spec.item));
      if (cl->get("stage") && !stage_index(spec.stage))
        error(*cl->get("stage"), "unknown stage: use launch, 10k, 100k, 1m or 10m");
      r.checklist = std::move(spec);
    }
    if (const Node* u = root.get("utilization"); u && u->is_string()) r.utilization = parse_operand(*u, r.target, limits_, doc_, diags_);
    if (const Node* m = root.get("merge_by"); m && m->is_string()) r.merge_by = parse_operand(*m, r.target, limits_, doc_, diags_);
    if (const Node* cm = root.get("cost_model"); cm && cm->is_string()) {
      r.cost_model = cm->text;
      if (!cost::find_fix_model(cm->text)) {
        std::vector<std::string_view> names;
        for (const auto& m : cost::fix_models()) names.push_back(m.name);
        error(*cm, fmt::format("unknown cost model \"{}\"{}; models: {}", cm->text, did_you_mean_suffix(cm->text, names),
                               fmt::join(names, ", ")));
      }
    }
    if (const Node* loc = root.get("location"); loc && loc->is_string()) {
      if (loc->text == "entry") {
      } else if (loc->text.rfind("key:", 0) == 0 && loc->text.size() > 4) {
        r.location_key = loc->text.substr(4);
      } else {
        error(*loc, "\"location\" must be \"entry\" or \"key:<top-level config key>\"");
      }
    }
    if (diags_.error_count() != errors) return std::nullopt;
    return r;
  }

 private:
  void error(const Node& n, std::string msg) { diags_.error(doc_.location(n), "rule-invalid", std::move(msg)); }

  void check_id(const Rule& r, const Node& root) {
    const Node* id = root.get("id");
    if (!id || !id->is_string()) return;
    bool ok = r.id.size() == 6 && r.id.rfind("CFS", 0) == 0;
    for (size_t i = 3; ok && i < r.id.size(); ++i) ok = r.id[i] >= '0' && r.id[i] <= '9';
    if (!ok) error(*id, fmt::format("rule id \"{}\" must be CFS followed by three digits", r.id));
    std::string expected = r.id + "-" + r.name + ".yaml";
    std::string actual = fs::path(doc_.path).filename().string();
    if (ok && !r.name.empty() && actual != expected)
      error(*id, fmt::format("the file of rule {} must be named {} (it is {})", r.id, expected, actual));
  }

  template <size_t N>
  void check_one_of(const Node& root, const char* key, const std::string_view (&allowed)[N]) {
    const Node* v = root.get(key);
    if (!v || !v->is_string()) return;
    if (std::find(std::begin(allowed), std::end(allowed), v->text) == std::end(allowed))
      error(*v, fmt::format("\"{}\" must be one of: {}", key, fmt::join(allowed, ", ")));
  }

  const Document& doc_;
  const Limits& limits_;
  Diagnostics& diags_;
};

}  // namespace

const Rule* RuleSet::find(std::string_view id) const {
  // `rules` stay sorted by id: load_rules sorts them, settings only remove.
  auto it = std::lower_bound(rules.begin(), rules.end(), id, [](const Rule& r, std::string_view x) { return r.id < x; });
  return it != rules.end() && it->id == id ? &*it : nullptr;
}

std::optional<Rule> parse_rule(const Document& doc, const Limits& limits, Diagnostics& diags) {
  return Parser(doc, limits, diags).run();
}

std::optional<Rule> load_rule(const std::string& path, const Limits& limits, Diagnostics& diags) {
  auto doc = load_document(path, DocFormat::Yaml, diags);
  if (!doc) return std::nullopt;
  return parse_rule(*doc, limits, diags);
}

namespace {

// Every `bill_lines` entry is an item of pricing.yaml (else no finding of
// the rule would ever explain it).
bool known_bill_lines(const Rule& rule, const Document& d, const cost::Pricing& pricing, Diagnostics& diags) {
  const Node* lines = d.root.get("bill_lines");
  bool ok = true;
  for (size_t i = 0; i < rule.bill_lines.size(); ++i) {
    if (pricing.find(rule.bill_lines[i])) continue;
    std::vector<std::string_view> items;
    for (const auto& item : pricing.items) items.push_back(item.id);
    diags.error(d.location(lines->items[i]), "rule-invalid",
                fmt::format("bill_lines: \"{}\" is not an item of {}{}", rule.bill_lines[i], pricing.file,
                            did_you_mean_suffix(rule.bill_lines[i], items)));
    ok = false;
  }
  return ok;
}

// The catalogue from its files, read: limits.yaml, pricing.yaml, then every
// CFS*.yaml in name order. `where` names the catalogue in messages.
std::optional<RuleSet> catalogue_of(std::vector<Document>& docs, const std::string& where, Diagnostics& diags) {
  RuleSet set;
  set.dir = where;
  size_t errors = diags.error_count();
  auto named = [&](std::string_view name) -> Document* {
    for (auto& d : docs)
      if (fs::path(d.path).filename() == name) return &d;
    diags.error(Location{where, {}}, "rules-missing", fmt::format("no {} in the rules folder", name));
    return nullptr;
  };
  Document* limits = named("limits.yaml");
  Document* pricing = named("pricing.yaml");
  if (!limits || !pricing || !parse_limits(*limits, set.limits, diags) || !cost::parse_pricing(*pricing, set.pricing, diags))
    return std::nullopt;
  std::set<std::string> ids;
  size_t rule_files = 0;
  for (auto& d : docs) {
    std::string name = fs::path(d.path).filename().string();
    if (name.rfind("CFS", 0) != 0) continue;
    ++rule_files;
    auto rule = parse_rule(d, set.limits, diags);
    if (!rule) continue;
    if (!known_bill_lines(*rule, d, set.pricing, diags)) continue;
    if (!ids.insert(rule->id).second) {
      diags.error(Location{d.path, rule->pos}, "rule-invalid", fmt::format("duplicate rule id {}", rule->id));
      continue;
    }
    set.rules.push_back(std::move(*rule));
  }
  for (const auto& r : set.rules)
    for (const auto& id : r.yields_to)
      if (!ids.count(id)) diags.error(Location{r.file, r.pos}, "rule-invalid", fmt::format("{} yields_to {}, which is not a rule", r.id, id));
  if (rule_files == 0) diags.error(Location{where, {}}, "rules-missing", "no rule files (CFS*.yaml) in the rules folder");
  if (diags.error_count() != errors) return std::nullopt;
  // By id whatever the file names, so that find() can search by halves.
  std::sort(set.rules.begin(), set.rules.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return set;
}

}  // namespace

std::span<const std::string_view> produced_placeholders(std::string_view produced_by) {
  // cross-worker: the shared resource and the Workers that share it (engine/cross.cpp);
  // suppressions: the comment's rules, reason, line, the line it applies to, what is wrong (engine/suppress.cpp).
  static constexpr std::string_view kCross[] = {"binding", "workers"};
  static constexpr std::string_view kSuppressions[] = {"rules", "reason", "line", "target_line", "problem"};
  // bill: a bill line or Free-plan quota (engine/bill_findings.cpp).
  static constexpr std::string_view kBill[] = {"item", "description", "details", "usage", "allowance", "share", "exhausted", "cost", "paid_bill"};
  // environments: a resource a non-production environment shares with production (engine/environments.cpp).
  static constexpr std::string_view kEnvironments[] = {"binding", "resource", "env", "production"};
  if (produced_by == "bill") return kBill;
  if (produced_by == "environments") return kEnvironments;
  if (produced_by == "cross-worker") return kCross;
  if (produced_by == "suppressions") return kSuppressions;
  return {};
}

std::optional<RuleSet> load_rules(const std::string& dir, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error(Location{dir, {}}, "rules-missing", "the rules folder does not exist");
    return std::nullopt;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (e.path().extension() == ".yaml" && (name.rfind("CFS", 0) == 0 || name == "limits.yaml" || name == "pricing.yaml"))
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Document> docs;
  size_t errors = diags.error_count();
  for (const auto& f : files)
    if (auto doc = load_document(f.string(), DocFormat::Yaml, diags)) docs.push_back(std::move(*doc));
  if (diags.error_count() != errors) return std::nullopt;
  return catalogue_of(docs, dir, diags);
}

std::optional<RuleSet> builtin_rules(Diagnostics& diags) {
  std::vector<Document> docs;
  for (const auto& f : builtin_rule_files()) {
    Document doc;
    doc.path = std::string(kBuiltinRulesName) + "/" + std::string(f.name);
    doc.text = std::string(f.text);
    if (!parse_document(doc, DocFormat::Yaml, diags)) return std::nullopt;
    docs.push_back(std::move(doc));
  }
  return catalogue_of(docs, kBuiltinRulesName, diags);
}

std::optional<RuleSet> load_catalogue(const std::optional<std::string>& dir, Diagnostics& diags) {
  return dir ? load_rules(*dir, diags) : builtin_rules(diags);
}

}  // namespace cfscale::engine
