// `queues.producers` and `queues.consumers`: every consumer field, with the
// ranges Cloudflare documents (wrangler itself checks only the types).
#include <fmt/format.h>

#include "config/decode.h"

namespace cfscale::config {
namespace {
using T = FieldType;

constexpr const char* kBatching = "https://developers.cloudflare.com/queues/configuration/batching-retries/";
constexpr const char* kConcurrency = "https://developers.cloudflare.com/queues/configuration/consumer-concurrency/";
constexpr const char* kLimits = "https://developers.cloudflare.com/queues/platform/limits/";

constexpr FieldSpec kQueuesFields[] = {{"producers", T::Array}, {"consumers", T::Array}};
constexpr FieldSpec kProducerFields[] = {
    {"binding", T::String, true},
    {"queue", T::String, true},
    {"delivery_delay", T::Number, false, Range{0, 86400, " s", kBatching}},
    {"remote", T::Boolean}};
constexpr FieldSpec kConsumerFields[] = {
    {"queue", T::String, true},
    {"type", T::String},
    {"max_batch_size", T::Number, false, Range{1, 100, "", kBatching}},
    {"max_batch_timeout", T::Number, false, Range{0, 60, " s", kBatching}},
    {"max_retries", T::Number, false, Range{0, 100, "", kBatching}},
    {"dead_letter_queue", T::String},
    {"max_concurrency", T::Number, false, Range{1, 250, "", kConcurrency}},
    {"retry_delay", T::Number, false, Range{0, 86400, " s", kBatching}},
    {"visibility_timeout_ms", T::Number, false, Range{0, 43200000, " ms", kLimits}}};

}  // namespace

void decode_queues(const DecodeCtx& ctx, const Node& n, WorkerConfig& w) {
  check_object(ctx.doc, n, ObjectSpec{kQueuesFields}, ctx.path("queues"), ctx.diags);
  DecodeCtx inner{ctx.doc, ctx.diags, ctx.prefix + "queues."};
  if (const Node* p = n.get("producers"); p && p->is_array()) {
    for_each_entry(inner, *p, "producers", ObjectSpec{kProducerFields}, [&](const Node& e) {
      w.queue_producers.push_back(
          QueueProducer{*opt_str(e, "binding"), *opt_str(e, "queue"), opt_num(e, "delivery_delay"), e.pos});
    });
  }
  if (const Node* c = n.get("consumers"); c && c->is_array()) {
    for_each_entry(inner, *c, "consumers", ObjectSpec{kConsumerFields}, [&](const Node& e) {
      QueueConsumer q;
      q.queue = *opt_str(e, "queue");
      q.type = opt_str(e, "type");
      q.max_batch_size = opt_num(e, "max_batch_size");
      q.max_batch_timeout = opt_num(e, "max_batch_timeout");
      q.max_retries = opt_num(e, "max_retries");
      q.dead_letter_queue = opt_str(e, "dead_letter_queue");
      q.max_concurrency = opt_num(e, "max_concurrency");
      q.retry_delay = opt_num(e, "retry_delay");
      q.visibility_timeout_ms = opt_num(e, "visibility_timeout_ms");
      q.pos = e.pos;
      if (q.type && *q.type != "worker")
        ctx.diags.warning(ctx.at(*e.get("type")), "legacy-value",
                          fmt::format("consumer type \"{}\" in the config: current wrangler accepts only \"worker\" "
                                      "consumers here; add an HTTP pull consumer with `wrangler queues consumer http add`",
                                      *q.type));
      if (q.dead_letter_queue && *q.dead_letter_queue == q.queue)
        ctx.diags.warning(ctx.at(*e.get("dead_letter_queue")), "invalid-value",
                          fmt::format("queue \"{}\" is its own dead-letter queue: failed messages would loop", q.queue));
      w.queue_consumers.push_back(std::move(q));
    });
  }
}

}  // namespace cfscale::config
