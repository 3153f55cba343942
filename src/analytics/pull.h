// `metrics pull`: the requests of analytics/queries.h sent to Cloudflare's
// API, the ids the config lacks looked up through its REST API first, and
// the answers converted as analytics/convert.h does for saved files.
//
// As the API really behaves: GraphQL errors arrive with HTTP 200 in
// `errors[]` and are always read; a field the account's schema lacks is
// dropped from the request (and said) instead of failing the pull; 429 and
// 5xx are retried with backoff (Retry-After when the API gives one); a
// transport failure or a response that is not the API's is an error, and the
// caller writes nothing.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analytics/convert.h"
#include "analytics/http.h"
#include "analytics/queries.h"
#include "config/model.h"
#include "core/diagnostic.h"

namespace cfscale::analytics {

inline constexpr const char* kDefaultApiUrl = "https://api.cloudflare.com/client/v4";

// GraphQL Analytics allows 300 requests per 5 minutes per token; a run keeps
// a margin for the user's other tools.
inline constexpr size_t kGraphqlBudget = 280;

struct ApiOptions {
  std::string api_url = kDefaultApiUrl;  // no trailing slash
  std::string token;                      // never printed
  long timeout_ms = 60'000;
  int max_attempts = 4;  // of one request: 429 and 5xx are retried
  int max_wait_s = 60;   // the longest wait between attempts
};

// One run's connection to the API: the account, the request counts, and the
// REST look-ups, made once and shared by every Worker and environment of the
// run (a queue list and a Durable Object namespace list, whatever the
// number of bindings).
class ApiSession {
 public:
  explicit ApiSession(ApiOptions o) : opts_(std::move(o)) {}

  // The account: `given` (--account-id, CLOUDFLARE_ACCOUNT_ID), else the
  // token's one account. False with `error` set.
  bool resolve_account(const std::optional<std::string>& given, std::string& error);
  const std::string& account() const { return account_; }

  // The id of queue `name` / of the namespace of `class_name` in `script`:
  // "" when the account has none (with `error` empty), or false on failure.
  bool queue_id(const std::string& name, std::string& id, std::string& error);
  bool do_namespace(const std::string& script, const std::string& class_name, std::string& id, std::string& error);

  // One GraphQL request, retried as the API asks. `out`: the body of a 200.
  bool graphql(const std::string& body, std::string& out, std::string& error);

  // What the account's `settings` node says of each dataset (how far back,
  // how long a window, whether it is on), asked once per run for the
  // datasets not asked before. Null (with a note) when the node cannot be
  // read: then the documented retention stands. False on a transport error.
  struct DatasetSettings {
    bool enabled = true;
    double not_older_than_s = 0, max_duration_s = 0;  // 0: not said
  };
  bool settings(const std::set<std::string>& datasets, std::vector<std::string>& notes, std::string& error);
  const DatasetSettings* settings_of(const std::string& dataset) const;

  int graphql_requests() const { return graphql_requests_; }
  int rest_requests() const { return rest_requests_; }
  const std::string& api_url() const { return opts_.api_url; }

 private:
  enum class Api { Rest, GraphQL };
  // One request, retried as the API asks, counted (and for GraphQL paced).
  HttpResponse send(HttpRequest r, Api api);
  // Waits, when a run has sent its GraphQL budget within five minutes, for
  // the oldest of them to leave the window.
  void pace();
  bool rest_list(const std::string& path, std::vector<Node>& items, std::string& error);

  ApiOptions opts_;
  std::string account_;
  int graphql_requests_ = 0, rest_requests_ = 0;
  std::deque<std::chrono::steady_clock::time_point> graphql_sent_;  // the last kGraphqlBudget
  std::optional<std::map<std::string, std::string>> queues_;  // name -> id
  struct Namespace {
    std::string id, script, class_name;
  };
  std::optional<std::vector<Namespace>> namespaces_;
  std::map<std::string, DatasetSettings> settings_;
  std::set<std::string> settings_asked_;
};

struct Pulled {
  Converted converted;
  int window_days = 0;  // the longest window a request covered
};

// Every request of `w`'s plan over `asked`. Errors as diagnostics (placed at
// the API's URL, or in the response's text); false on any error.
bool pull_worker(ApiSession& api, const config::WorkerConfig& w, const Window& asked, Pulled& out, Diagnostics& diags);

// Removes `field` from a node's selection (and selections it leaves empty).
// False when the node selects nothing else, or names it outside its
// selection (the dataset or a filter): then the whole node goes.
bool drop_field(QueryNode& node, const std::string& field);

}  // namespace cfscale::analytics
