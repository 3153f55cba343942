// Cloudflare's prices as data (rules/pricing.yaml), each with its source and
// the date the table was checked; overrides for negotiated rates.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/node.h"

namespace cfscale::cost {

struct PriceItem {
  std::string id;           // "kv.writes"
  std::string product;      // "kv"
  std::string description;
  std::string unit;
  std::string source;
  double per = 1;           // the price is per this many units
  double price = 0;         // USD
  double included_month = 0;             // included in the Paid plan each month
  std::optional<double> free_per_day;    // the Free plan's daily allowance
  std::optional<double> free_per_month;  // ... or its monthly one (Vectorize queries)
  std::optional<double> free_total;      // ... or its total (storage)
  std::string free_exhausted;            // what stops working when it runs out
  bool billed_on_free = false;           // billed on every plan (R2)
  bool paid_only = false;                // not offered on the Free plan (Containers)
  // What is kept rather than done: usage is a level, not a monthly sum of a
  // daily rate, and it grows with what is kept, not with traffic.
  bool stored = false;                   // "GB-month" items, and `stored: true` (Vectorize dimensions)
  Pos pos;

  enum class Period { Day, Month, Total };
  struct Allowance {
    double amount;
    Period period;
    const char* field;  // its key in pricing.yaml
  };
  // The Free plan's allowance, whichever period it is published for.
  std::optional<Allowance> free_allowance() const;
  // Usage over a month, as the allowance counts it: a day's, a month's or the level kept.
  double in_period(double monthly_usage, Period period, double month_days) const;
  // "1,200 requests a day", "40 GB", "4,000,000 stored dimensions".
  std::string amount_text(double v, Period period) const;
};

struct Pricing {
  std::string file;
  std::string as_of;
  std::string currency = "USD";
  double month_days = 30;
  double base_fee_paid = 5;
  std::string base_fee_source;
  std::vector<PriceItem> items;

  const PriceItem* find(std::string_view id) const;
};

bool parse_pricing(const Document& doc, Pricing& out, Diagnostics& diags);

// Price overrides (negotiated rates): item id -> price per `per` units.
// Unknown ids are errors at the override's location.
struct PriceOverride {
  std::string id;
  double price;
  Location where;
};
bool apply_overrides(Pricing& p, const std::vector<PriceOverride>& overrides, Diagnostics& diags);

// Days from `as_of` (YYYY-MM-DD) to `today` (YYYY-MM-DD); nullopt if either is malformed.
std::optional<long> days_between(const std::string& as_of, const std::string& today);
// A warning when the table is more than `max_age_days` old.
void check_age(const Pricing& p, const std::string& today, Diagnostics& diags, long max_age_days = 180);
// Today's date, UTC, as YYYY-MM-DD (CFSCALE_TODAY overrides it, for reproducible runs).
std::string today_utc();

}  // namespace cfscale::cost
