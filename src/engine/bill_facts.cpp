#include "engine/bill_facts.h"

#include <cmath>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale::engine {
namespace {

using Missing = std::vector<std::string>;

std::string percent(double share) { return format_number(std::round(share * 1000) / 10) + "%"; }

// One bill line as a target sees it: the line (a priced item), the metric
// that is this target's part of the line's usage, and the fact names.
struct LinePart {
  TargetType type;
  std::string_view item;  // "kv.reads"
  std::string_view key;   // the target's metric, per day ("reads_per_day"); empty: queue operations
};

constexpr LinePart kReads{TargetType::Kv, "kv.reads", "reads_per_day"};
constexpr LinePart kWrites{TargetType::Kv, "kv.writes", "writes_per_day"};
constexpr LinePart kDeletes{TargetType::Kv, "kv.deletes", "deletes_per_day"};
constexpr LinePart kDuration{TargetType::DurableObject, "durable_objects.duration", "duration_gb_s_per_day"};
constexpr LinePart kClassA{TargetType::R2, "r2.class_a", "class_a_per_day"};
constexpr LinePart kQueueOps{TargetType::Queue, "queues.operations", ""};

const cost::Line* line_of(const Context& c, std::string_view item) {
  if (!c.bill) return nullptr;
  for (const auto& l : c.bill->lines)
    if (l.id == item) return &l;
  return nullptr;
}

void record_line(const Context& c, const cost::Line& l, Why* why) {
  if (!why || !c.pricing) return;
  const cost::PriceItem* item = c.pricing->find(l.id);
  why->inputs.push_back(DerivedInput{"bill." + l.id, l.cost,
                                     Origin{"pricing", c.pricing->file, item ? item->pos : Pos{}, "computed"}});
}

// The target's usage of the line a day, recorded as an input.
std::optional<double> part_per_day(const Context& c, const Target& t, const LinePart& p, Missing& missing, Why* why) {
  if (!p.key.empty()) return metric_input(c, t, p.key, missing, why);
  // A queue's part is its operations, computed as the bill computes them.
  if (!metric_input(c, t, "messages_per_day", missing, why)) return std::nullopt;
  return cost::queue_operations(*c.metrics, *t.name)->per_day;
}

// What the target's part of the line costs a month: the line's cost shared
// in proportion to usage (the line's included allowance is the account's,
// so it is shared alike).
template <const LinePart&... P>
Val part_usd(const Context& c, const Target& t, Why* why, Missing& missing) {
  double usd = 0;
  bool known = true;
  std::vector<std::string> parts;
  auto one = [&](const LinePart& p) {
    auto mine = part_per_day(c, t, p, missing, why);
    const cost::Line* l = line_of(c, p.item);
    if (!mine) { known = false; return; }
    if (!l) {  // no usage of this item in the bill: nothing to pay
      if (!c.bill) known = false;
      return;
    }
    double month = *mine * (c.pricing ? c.pricing->month_days : 30);
    double share = l->usage > 0 ? month / l->usage : 0;
    usd += l->cost * share;
    record_line(c, *l, why);
    if (why) parts.push_back(fmt::format("{} of {} a month for {} ({})", percent(share), format_money(l->cost), p.item,
                                         format_number(month) + " of " + format_number(l->usage)));
  };
  (one(P), ...);
  if (!known) return Val::unknown();
  if (why) why->basis = parts.empty() ? "not on the bill" : fmt::format("{}", fmt::join(parts, "; "));
  return Val::number(usd);
}

// The lines' share of the whole monthly bill.
template <const LinePart&... P>
Val line_share(const Context& c, const Target&, Why* why, Missing& missing) {
  if (!c.bill) {
    missing.push_back("a metrics file (the bill)");
    return Val::unknown();
  }
  double cost = 0;
  std::vector<std::string> items;
  auto one = [&](const LinePart& p) {
    if (const cost::Line* l = line_of(c, p.item)) {
      cost += l->cost;
      record_line(c, *l, why);
      items.push_back(fmt::format("{} {}", p.item, format_money(l->cost)));
    }
  };
  (one(P), ...);
  if (why) why->basis = fmt::format("{} of a {} monthly bill", items.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(items, " + ")),
                                    format_money(c.bill->total));
  return Val::number(c.bill->total > 0 ? cost / c.bill->total : 0);
}

Val kv_delete_write_ratio(const Context& c, const Target& t, Why* why, Missing& missing) {
  auto d = part_per_day(c, t, kDeletes, missing, why);
  auto w = part_per_day(c, t, kWrites, missing, why);
  if (!d || !w) return Val::unknown();
  if (why) why->basis = fmt::format("{} deletes / {} writes per day", format_number(*d), format_number(*w));
  return Val::number(*w > 0 ? *d / *w : 0);
}

// The whole bill on Workers Paid with today's usage: what upgrading costs.
Val paid_bill(const Context& c, const Target&, Why* why, Missing& missing) {
  if (!c.usage || !c.pricing) {
    missing.push_back("a metrics file (the bill)");
    return Val::unknown();
  }
  double usd = cost::bill_total(*c.usage, *c.pricing, metrics::Plan::Paid);
  if (why) why->basis = fmt::format("the {} base fee plus what today's usage is over Workers Paid's monthly inclusions",
                                    format_money(c.pricing->base_fee_paid));
  return Val::number(std::round(usd * 100) / 100);
}

const DerivedSpec kBillFacts[] = {
    {"paid_bill_usd", TargetType::Worker, "the monthly bill on Workers Paid with today's usage (what upgrading from Free costs)", paid_bill},
    {"reads_usd", TargetType::Kv, "this namespace's part of the KV reads bill line, USD a month", part_usd<kReads>},
    {"reads_line_share", TargetType::Kv, "the KV reads bill line / the whole monthly bill", line_share<kReads>},
    {"writes_usd", TargetType::Kv, "this namespace's part of the KV writes and deletes bill lines, USD a month", part_usd<kWrites, kDeletes>},
    {"writes_line_share", TargetType::Kv, "the KV writes and deletes bill lines / the whole monthly bill", line_share<kWrites, kDeletes>},
    {"delete_write_ratio", TargetType::Kv, "deletes_per_day / writes_per_day (near 1: entries live briefly, like queue items)", kv_delete_write_ratio},
    {"duration_usd", TargetType::DurableObject, "this namespace's part of the Durable Object duration bill line, USD a month", part_usd<kDuration>},
    {"duration_line_share", TargetType::DurableObject, "the Durable Object duration bill line / the whole monthly bill", line_share<kDuration>},
    {"class_a_usd", TargetType::R2, "this bucket's part of the R2 Class A bill line, USD a month", part_usd<kClassA>},
    {"class_a_line_share", TargetType::R2, "the R2 Class A bill line / the whole monthly bill", line_share<kClassA>},
    {"operations_usd", TargetType::Queue, "this queue's part of the queue operations bill line, USD a month", part_usd<kQueueOps>},
    {"operations_line_share", TargetType::Queue, "the queue operations bill line / the whole monthly bill", line_share<kQueueOps>},
};

}  // namespace

std::span<const DerivedSpec> bill_facts() { return kBillFacts; }

}  // namespace cfscale::engine
