#include "cost/pricing.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "core/document.h"
#include "core/schema.h"
#include "core/text.h"

namespace cfscale::cost {
namespace {
using T = FieldType;

constexpr FieldSpec kTop[] = {{"as_of", T::String, true}, {"currency", T::String, true}, {"month_days", T::Number, true},
                              {"base_fee", T::Object, true}, {"items", T::Object, true}};
constexpr FieldSpec kBase[] = {{"paid", T::Number, true}, {"description", T::String, true}, {"source", T::String, true}};
constexpr FieldSpec kItem[] = {{"product", T::String, true},     {"description", T::String, true},
                               {"unit", T::String, true},        {"per", T::Number, true},
                               {"price", T::Number, true},       {"included_month", T::Number, true},
                               {"free_per_day", T::Number},      {"free_per_month", T::Number},
                               {"free_total", T::Number},        {"free_exhausted", T::String},
                               {"billed_on_free", T::Boolean},   {"paid_only", T::Boolean},
                               {"stored", T::Boolean},
                               {"source", T::String, true}};

std::string str(const Node& n, std::string_view k) {
  const Node* v = n.get(k);
  return v && v->is_string() ? v->text : std::string();
}
double num(const Node& n, std::string_view k, double def = 0) {
  const Node* v = n.get(k);
  return v && v->is_number() ? v->number : def;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::optional<long> day_number(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i = 0; i < 10; ++i)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return std::nullopt;
  long y = std::stol(s.substr(0, 4)), m = std::stol(s.substr(5, 2)), d = std::stol(s.substr(8, 2));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

const PriceItem* Pricing::find(std::string_view id) const {
  for (const auto& i : items)
    if (i.id == id) return &i;
  return nullptr;
}

std::optional<PriceItem::Allowance> PriceItem::free_allowance() const {
  if (free_per_day) return Allowance{*free_per_day, Period::Day, "free_per_day"};
  if (free_per_month) return Allowance{*free_per_month, Period::Month, "free_per_month"};
  if (free_total) return Allowance{*free_total, Period::Total, "free_total"};
  return std::nullopt;
}

double PriceItem::in_period(double monthly_usage, Period period, double month_days) const {
  return period == Period::Day ? monthly_usage / month_days : monthly_usage;
}

std::string PriceItem::amount_text(double v, Period period) const {
  if (unit == "GB-month") return fmt::format("{} GB", format_number(v));
  return fmt::format("{} {}{}", format_number(v), unit, period == Period::Day ? " a day" : period == Period::Month ? " a month" : "");
}

bool parse_pricing(const Document& document, Pricing& out, Diagnostics& diags) {
  size_t errors = diags.error_count();
  const Document* doc = &document;
  out.file = doc->path;
  const Node& root = doc->root;
  if (!expect_type(*doc, root, T::Object, "pricing file", diags)) return false;
  check_object(*doc, root, strict(kTop), "", diags);
  out.as_of = str(root, "as_of");
  if (!out.as_of.empty() && !day_number(out.as_of))
    diags.error(doc->location(*root.get("as_of")), "invalid-value", "\"as_of\" must be a date, YYYY-MM-DD");
  out.currency = str(root, "currency");
  out.month_days = num(root, "month_days", 30);
  if (const Node* b = root.get("base_fee"); b && b->is_object()) {
    check_object(*doc, *b, strict(kBase), "base_fee", diags);
    out.base_fee_paid = num(*b, "paid", 5);
    out.base_fee_source = str(*b, "source");
  }
  if (const Node* items = root.get("items"); items && items->is_object()) {
    for (const auto& m : items->members) {
      std::string p = "items." + m.key;
      if (!expect_type(*doc, m.value, T::Object, p, diags)) continue;
      check_object(*doc, m.value, strict(kItem), p, diags);
      PriceItem it;
      it.id = m.key;
      it.pos = m.key_pos;
      it.product = str(m.value, "product");
      it.description = str(m.value, "description");
      it.unit = str(m.value, "unit");
      it.source = str(m.value, "source");
      it.per = num(m.value, "per", 1);
      it.price = num(m.value, "price");
      it.included_month = num(m.value, "included_month");
      if (const Node* f = m.value.get("free_per_day"); f && f->is_number()) it.free_per_day = f->number;
      if (const Node* f = m.value.get("free_per_month"); f && f->is_number()) it.free_per_month = f->number;
      if (const Node* f = m.value.get("free_total"); f && f->is_number()) it.free_total = f->number;
      it.free_exhausted = str(m.value, "free_exhausted");
      auto flag = [&](std::string_view key) {
        const Node* f = m.value.get(key);
        return f && f->kind == Kind::Bool && f->boolean;
      };
      it.billed_on_free = flag("billed_on_free");
      it.paid_only = flag("paid_only");
      it.stored = flag("stored") || it.unit == "GB-month";
      int allowances = it.free_per_day.has_value() + it.free_per_month.has_value() + it.free_total.has_value();
      if (allowances > 1 || (allowances && (it.paid_only || it.billed_on_free)))
        diags.error(doc->location(m.key_pos), "conflict",
                    fmt::format("\"{}\": at most one of free_per_day, free_per_month and free_total, and none with paid_only or billed_on_free", p));
      if (it.per <= 0 || it.price < 0 || it.included_month < 0)
        diags.error(doc->location(m.key_pos), "invalid-value", fmt::format("\"{}\": per must be positive, price and included_month not negative", p));
      out.items.push_back(std::move(it));
    }
  }
  return diags.error_count() == errors;
}

bool apply_overrides(Pricing& p, const std::vector<PriceOverride>& overrides, Diagnostics& diags) {
  bool ok = true;
  for (const auto& o : overrides) {
    auto it = std::find_if(p.items.begin(), p.items.end(), [&](const PriceItem& i) { return i.id == o.id; });
    if (it == p.items.end()) {
      std::vector<std::string_view> ids;
      for (const auto& i : p.items) ids.push_back(i.id);
      diags.error(o.where, "unknown-key", fmt::format("no price \"{}\" in {}{}", o.id, p.file, did_you_mean_suffix(o.id, ids)));
      ok = false;
      continue;
    }
    if (o.price < 0) {
      diags.error(o.where, "out-of-range", fmt::format("the price of \"{}\" cannot be negative", o.id));
      ok = false;
      continue;
    }
    it->price = o.price;
    it->source = fmt::format("override in {}", o.where.file);
  }
  return ok;
}

std::optional<long> days_between(const std::string& as_of, const std::string& today) {
  auto a = day_number(as_of), b = day_number(today);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

void check_age(const Pricing& p, const std::string& today, Diagnostics& diags, long max_age_days) {
  auto age = days_between(p.as_of, today);
  if (age && *age > max_age_days)
    diags.warning(Location{p.file, {}}, "stale-pricing",
                  fmt::format("the prices are from {} ({} days ago, more than {}): check them against "
                              "https://developers.cloudflare.com/workers/platform/pricing/ before quoting them",
                              p.as_of, *age, max_age_days));
}

std::string today_utc() {
  if (const char* fixed = std::getenv("CFSCALE_TODAY"); fixed && *fixed) return fixed;
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

}  // namespace cfscale::cost
