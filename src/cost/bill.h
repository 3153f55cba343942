// The monthly bill: per item, per product and in total, with the arithmetic.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cost/pricing.h"
#include "cost/usage.h"
#include "metrics/metrics.h"

namespace cfscale::cost {

struct Line {
  std::string id;
  std::string product;
  double usage = 0;     // units per month
  double included = 0;  // what the plan includes
  double billable = 0;
  double cost = 0;      // USD per month
  bool over_allowance = false;  // past what the plan includes (Paid) or allows (Free)
  bool stops_on_free = false;   // on the Free plan, past the allowance: the product stops working
  std::string basis;    // the arithmetic, for --explain and the JSON
};

struct Bill {
  metrics::Plan plan = metrics::Plan::Paid;
  double base_fee = 0;
  double total = 0;
  std::map<std::string, double> by_product;
  std::vector<Line> lines;
  std::map<std::string, std::string> not_estimated;  // item -> missing inputs
  std::vector<std::string> free_plan_failures;       // what stops working on Free
};

// `arithmetic` false leaves each line's arithmetic (`Line::basis`) empty;
// what stops working on the Free plan is written either way.
// The largest monthly figure cfscale prints: a trillion dollars a month is
// more than any Cloudflare account pays, so a bill above it comes from a unit
// mistake in the metrics. Below it every amount is exact to the cent in a
// double (10^14 cents < 2^53), so the text and the JSON show the same digits.
inline constexpr double kMaxBillUsd = 1e12;

Bill compute_bill(const Usage& u, const Pricing& p, metrics::Plan plan, bool arithmetic = true);

// The same total without the lines: what comparing two bills needs (each
// finding's cost compares two).
double bill_total(const Usage& u, const Pricing& p, metrics::Plan plan);

}  // namespace cfscale::cost
