#include "analytics/pull.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analytics/fields.h"
#include "core/jsonc.h"
#include "core/printable.h"

namespace cfscale::analytics {
namespace {

constexpr const char* kCode = "metrics-pull";

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Where `word` stands as a whole word in `s` at or after `from`, or npos.
size_t find_word(const std::string& s, const std::string& word, size_t from = 0) {
  for (size_t at = s.find(word, from); at != std::string::npos; at = s.find(word, at + 1)) {
    bool left = at == 0 || !is_word_char(s[at - 1]);
    bool right = at + word.size() >= s.size() || !is_word_char(s[at + word.size()]);
    if (left && right) return at;
  }
  return std::string::npos;
}

// The end of a node's arguments: the ')' matching its first '(' (strings
// inside hold no unbalanced parenthesis that matters: ids and dates).
size_t args_end(const std::string& body) {
  size_t open = body.find('(');
  if (open == std::string::npos) return std::string::npos;
  int depth = 0;
  bool in_string = false;
  for (size_t i = open; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}

// Words quoted in a GraphQL error message ("Cannot query field \"x\" on
// type \"Y\"", unknown field 'x'), which name what the schema lacks.
std::vector<std::string> quoted_words(const std::string& msg) {
  std::vector<std::string> out;
  for (size_t i = 0; i < msg.size(); ++i) {
    char q = msg[i];
    if (q != '"' && q != '\'' && q != '`') continue;
    size_t end = msg.find(q, i + 1);
    if (end == std::string::npos) break;
    std::string w = msg.substr(i + 1, end - i - 1);
    if (!w.empty() && std::all_of(w.begin(), w.end(), is_word_char)) out.push_back(w);
    i = end;
  }
  return out;
}

// The REST API's envelope: {"success": true, "result": ..., "errors": [...]}.
std::string envelope_errors(const Node& root) {
  const Node* errors = field(root, "errors");
  std::string out;
  if (errors && errors->is_array())
    for (const auto& e : errors->items) out += (out.empty() ? "" : "; ") + printable(error_message(e));
  return out;
}

std::string http_failure(const HttpResponse& r, const std::string& what, const std::string& permission) {
  if (!r.error.empty()) return what + ": " + r.error;
  if (r.status == 401 || r.status == 403)
    return fmt::format("{}: HTTP {}: the token is refused; it needs {}", what, r.status, permission);
  if (r.status == 429) return fmt::format("{}: HTTP 429 after every retry: the rate limit (300 GraphQL requests per 5 minutes) is spent; try later", what);
  return fmt::format("{}: HTTP {}", what, r.status);
}

}  // namespace

void ApiSession::pace() {
  using clock = std::chrono::steady_clock;
  if (graphql_sent_.size() >= kGraphqlBudget) {
    auto free_at = graphql_sent_.front() + std::chrono::minutes(5);
    if (free_at > clock::now()) std::this_thread::sleep_until(free_at);
    graphql_sent_.pop_front();
  }
  graphql_sent_.push_back(clock::now());
}

HttpResponse ApiSession::send(HttpRequest r, Api api) {
  bool graphql = api == Api::GraphQL;
  r.timeout_ms = opts_.timeout_ms;
  r.headers.push_back("Authorization: Bearer " + opts_.token);
  HttpResponse resp;
  for (int attempt = 1;; ++attempt) {
    if (graphql) pace();
    resp = http_send(r);
    ++(graphql ? graphql_requests_ : rest_requests_);
    // 429 and 5xx, and the GraphQL rate limiter, which answers 200 with an
    // error: waited out, as the API asks when it says how long.
    bool retry = resp.error.empty() &&
                 (resp.status == 429 || resp.status >= 500 ||
                  (graphql && resp.status == 200 && resp.body.find("rate limiter budget depleted") != std::string::npos));
    if (!retry || attempt >= opts_.max_attempts) return resp;
    long wait = resp.retry_after_s >= 0 ? resp.retry_after_s : (1L << (attempt - 1));
    std::this_thread::sleep_for(std::chrono::seconds(std::min<long>(wait, opts_.max_wait_s)));
  }
}

bool ApiSession::rest_list(const std::string& path, std::vector<Node>& items, std::string& error) {
  // Pages of 100 until the last (result_info.total_pages), at most 50.
  for (int page = 1; page <= 50; ++page) {
    HttpRequest r;
    r.url = fmt::format("{}{}{}page={}&per_page=100", opts_.api_url, path, path.find('?') == std::string::npos ? "?" : "&", page);
    HttpResponse resp = send(r, Api::Rest);
    std::string what = "GET " + opts_.api_url + path;
    std::string permission = path.find("/queues") != std::string::npos ? "Queues Read"
                             : path.find("durable_objects") != std::string::npos ? "Workers Scripts Read"
                                                                                 : "Account Settings Read (or give --account-id)";
    if (!resp.error.empty() || (resp.status != 200 && resp.status != 400 && resp.status != 404)) {
      error = http_failure(resp, what, permission);
      return false;
    }
    Document keep;
    keep.path = what;
    keep.text = std::move(resp.body);
    Diagnostics d;
    if (!parse_jsonc(keep, d) || !keep.root.is_object()) {
      error = what + ": the answer is not JSON, so not Cloudflare's API (a proxy's page?)";
      return false;
    }
    const Node* success = keep.root.get("success");
    const Node* result = keep.root.get("result");
    if (resp.status != 200 || !success || success->kind != Kind::Bool || !success->boolean) {
      std::string why = envelope_errors(keep.root);
      error = fmt::format("{}: HTTP {}: {}", what, resp.status, why.empty() ? "the API said it failed" : why);
      return false;
    }
    if (!result || !result->is_array()) {
      error = what + ": the answer has no result list";
      return false;
    }
    for (const auto& it : result->items) items.push_back(it);
    const Node* info = keep.root.get("result_info");
    auto total = number_field(info, "total_pages");
    if (!total || page >= *total || result->items.empty()) return true;
  }
  return true;
}

bool ApiSession::resolve_account(const std::optional<std::string>& given, std::string& error) {
  if (given && !given->empty()) {
    account_ = *given;
    return true;
  }
  std::vector<Node> accounts;
  if (!rest_list("/accounts", accounts, error)) return false;
  std::vector<std::string> ids;
  for (const auto& a : accounts)
    if (std::string id = string_field(a, "id"); !id.empty()) ids.push_back(id);
  if (ids.size() == 1) {
    account_ = ids.front();
    return true;
  }
  error = ids.empty() ? "the token sees no account: give --account-id (or CLOUDFLARE_ACCOUNT_ID)"
                      : fmt::format("the token sees {} accounts: give --account-id (or CLOUDFLARE_ACCOUNT_ID), one of {}", ids.size(),
                                    printable(fmt::format("{}", fmt::join(ids, ", "))));
  return false;
}

bool ApiSession::queue_id(const std::string& name, std::string& id, std::string& error) {
  if (!queues_) {
    std::vector<Node> items;
    if (!rest_list(fmt::format("/accounts/{}/queues", account_), items, error)) return false;
    queues_.emplace();
    for (const auto& q : items)
      if (std::string name = string_field(q, "queue_name"), id = string_field(q, "queue_id"); !name.empty() && !id.empty())
        (*queues_)[name] = id;
  }
  auto it = queues_->find(name);
  id = it == queues_->end() ? "" : it->second;
  return true;
}

bool ApiSession::do_namespace(const std::string& script, const std::string& class_name, std::string& id, std::string& error) {
  if (!namespaces_) {
    std::vector<Node> items;
    if (!rest_list(fmt::format("/accounts/{}/workers/durable_objects/namespaces", account_), items, error)) return false;
    namespaces_.emplace();
    for (const auto& n : items) namespaces_->push_back({string_field(n, "id"), string_field(n, "script"), string_field(n, "class")});
  }
  id.clear();
  for (const auto& n : *namespaces_)
    if (n.script == script && n.class_name == class_name) id = n.id;
  return true;
}

bool ApiSession::graphql(const std::string& body, std::string& out, std::string& error) {
  HttpRequest r;
  r.method = "POST";
  r.url = opts_.api_url + "/graphql";
  r.body = body;
  r.headers = {"Content-Type: application/json"};
  HttpResponse resp = send(r, Api::GraphQL);
  if (!resp.error.empty() || resp.status != 200) {
    error = http_failure(resp, "POST " + r.url, "Account Analytics Read");
    return false;
  }
  out = std::move(resp.body);
  return true;
}

bool ApiSession::settings(const std::set<std::string>& datasets, std::vector<std::string>& notes, std::string& error) {
  std::vector<std::string> ask;
  for (const auto& d : datasets)
    if (settings_asked_.insert(d).second) ask.push_back(d);
  if (ask.empty()) return true;
  // One node under the account, as the analytics requests are shaped.
  Request r;
  r.name = "CfscaleSettings";
  QueryNode n;
  n.body = "settings {";
  for (const auto& d : ask) n.body += " " + d + " { enabled notOlderThan maxDuration }";
  n.body += " }";
  r.nodes.push_back(std::move(n));
  std::string body = request_body(r, account_);
  std::string text;
  if (!graphql(body, text, error)) return false;
  Document doc;
  doc.path = opts_.api_url + "/graphql (settings)";
  doc.text = std::move(text);
  Diagnostics d;
  if (!parse_jsonc(doc, d)) {
    error = "the answer to the settings request is not JSON, so not Cloudflare's API (a proxy's page?)";
    return false;
  }
  const Node* set = field(response_account(doc.root), "settings");
  if (!set || !set->is_object()) {
    std::string why;
    if (const Node* errors = field(doc.root, "errors"); errors && errors->is_array() && !errors->items.empty())
      why = ": " + printable(error_message(errors->items.front()));
    notes.push_back("the account's settings node could not be read" + why + "; the documented retention is used");
    return true;
  }
  for (const auto& name : ask) {
    const Node* s = set->get(name);
    if (!s || !s->is_object()) continue;
    DatasetSettings ds;
    if (const Node* e = s->get("enabled"); e && e->kind == Kind::Bool) ds.enabled = e->boolean;
    if (const Node* n = s->get("notOlderThan"); n && n->is_number()) ds.not_older_than_s = n->number;
    if (const Node* n = s->get("maxDuration"); n && n->is_number()) ds.max_duration_s = n->number;
    settings_[name] = ds;
  }
  return true;
}

const ApiSession::DatasetSettings* ApiSession::settings_of(const std::string& dataset) const {
  auto it = settings_.find(dataset);
  return it == settings_.end() ? nullptr : &it->second;
}

bool drop_field(QueryNode& node, const std::string& field) {
  size_t sel = args_end(node.body);
  if (sel == std::string::npos) return false;
  // Named before the selection (outside a string: a script may have any
  // name): the dataset or a filter field, and the whole node goes.
  std::string head = node.body.substr(0, sel);
  bool in = false;
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] == '"' && (i == 0 || head[i - 1] != '\\')) in = !in;
    else if (in) head[i] = ' ';
  }
  if (find_word(head, field) != std::string::npos) return false;
  std::string& b = node.body;
  for (size_t at = find_word(b, field, sel); at != std::string::npos; at = find_word(b, field, sel)) {
    size_t end = at + field.size();
    while (at > sel && b[at - 1] == ' ') --at;
    b.erase(at, end - at);
  }
  // Selections left empty ("quantiles { }") go too, until none is.
  for (bool again = true; again;) {
    again = false;
    for (size_t open = b.find('{', sel); open != std::string::npos; open = b.find('{', open + 1)) {
      size_t close = b.find_first_not_of(' ', open + 1);
      if (close == std::string::npos || b[close] != '}') continue;
      size_t start = open;
      while (start > sel && b[start - 1] == ' ') --start;
      while (start > sel && is_word_char(b[start - 1])) --start;
      if (start <= sel + 1) return false;  // the node's own selection is empty
      while (start > sel && b[start - 1] == ' ') --start;
      b.erase(start, close + 1 - start);
      again = true;
      break;
    }
  }
  return true;
}

bool pull_worker(ApiSession& api, const config::WorkerConfig& w, const Window& asked, Pulled& out, Diagnostics& diags) {
  Plan plan = plan_queries(w, asked);
  Location at{api.api_url(), Pos{}};
  for (const auto& s : plan.skipped) out.converted.notes.push_back("not measured: " + s);
  // The window each request may cover, as the account's settings say.
  std::set<std::string> datasets;
  for (const auto& r : plan.requests)
    for (const auto& n : r.nodes) datasets.insert(n.dataset);
  if (std::string error; !api.settings(datasets, out.converted.notes, error)) {
    diags.error(at, kCode, error);
    return false;
  }
  for (Request& r : plan.requests) {
    int allowed = r.window.days;
    std::vector<QueryNode> on;
    for (auto& n : r.nodes) {
      const auto* s = api.settings_of(n.dataset);
      if (s && !s->enabled) {
        out.converted.notes.push_back(fmt::format("{}: {} is not enabled for this account: not measured", n.alias, n.dataset));
        continue;
      }
      // The window ends at the start of today and may begin no earlier than
      // notOlderThan before now: a day of margin for the hours of today.
      if (s && s->not_older_than_s > 0) allowed = std::min(allowed, static_cast<int>(s->not_older_than_s / 86400) - 1);
      if (s && s->max_duration_s > 0) allowed = std::min(allowed, static_cast<int>(s->max_duration_s / 86400));
      on.push_back(std::move(n));
    }
    r.nodes = std::move(on);
    if (allowed < 1) {
      out.converted.notes.push_back(fmt::format("{}: the account's settings allow less than a day: not measured", r.product));
      r.nodes.clear();
    } else if (allowed < r.window.days) {
      Window shorter;
      make_window(r.window.end_date, allowed, shorter);
      for (const auto& again : plan_queries(w, shorter).requests)
        if (again.product == r.product) {
          std::set<std::string> kept;
          for (const auto& n : r.nodes) kept.insert(n.alias);
          r.nodes.clear();
          for (const auto& n : again.nodes)
            if (kept.count(n.alias)) r.nodes.push_back(n);
          r.window = again.window;
        }
      out.converted.notes.push_back(fmt::format("{}: the account's settings keep {} days: {}", r.product, allowed, window_text(r.window)));
    }
  }
  for (Request& r : plan.requests) {
    // The ids the config lacks, from the REST look-ups.
    for (const auto& l : r.lookups) {
      std::string id, error;
      bool ok = l.kind == Lookup::Kind::Queue ? api.queue_id(l.name, id, error) : api.do_namespace(l.script, l.name, id, error);
      if (!ok) {
        diags.error(at, kCode, error);
        return false;
      }
      std::string mark = "@@" + l.variable + "@@";
      std::string quoted = gql_string(id);
      std::string bare = quoted.substr(1, quoted.size() - 2);
      std::vector<QueryNode> kept;
      for (auto& n : r.nodes) {
        if (n.body.find(mark) == std::string::npos) {
          kept.push_back(std::move(n));
          continue;
        }
        if (id.empty()) continue;
        for (size_t p = n.body.find(mark); p != std::string::npos; p = n.body.find(mark, p)) n.body.replace(p, mark.size(), bare);
        kept.push_back(std::move(n));
      }
      if (id.empty())
        out.converted.notes.push_back(fmt::format("not measured: {}: the account has none (is it deployed?)", printable(l.what)));
      r.nodes = std::move(kept);
    }
    // Fields the account's schema lacks are dropped and the request sent
    // again, at most once per node.
    for (size_t round = 0; !r.nodes.empty(); ++round) {
      std::string text, error;
      if (!api.graphql(request_body(r, api.account()), text, error)) {
        diags.error(at, kCode, error);
        return false;
      }
      Document doc;
      doc.path = fmt::format("{}/graphql ({})", api.api_url(), r.product);
      doc.text = std::move(text);
      Diagnostics parse;
      if (!parse_jsonc(doc, parse)) {
        diags.append(parse);
        diags.error(at, kCode, fmt::format("the answer to the {} request is not JSON, so not Cloudflare's API (a proxy's page?)", r.product));
        return false;
      }
      std::set<std::string> missing;
      if (const Node* errors = field(doc.root, "errors"); errors && errors->is_array() && round < r.nodes.size())
        for (const auto& e : errors->items) {
          std::string msg = error_message(e);
          if (msg.find("field") == std::string::npos && msg.find("unknown") == std::string::npos) continue;
          for (const auto& word : quoted_words(msg))
            for (const auto& n : r.nodes)
              if (find_word(n.body, word, args_end(n.body)) != std::string::npos) missing.insert(word);
        }
      if (!missing.empty()) {
        std::vector<QueryNode> kept;
        for (auto& n : r.nodes) {
          bool whole = false;
          for (const auto& f : missing)
            if (find_word(n.body, f, args_end(n.body)) != std::string::npos && !drop_field(n, f)) whole = true;
          if (whole) out.converted.notes.push_back(fmt::format("{}: dropped, it asks only for what the account's schema lacks", n.alias));
          else kept.push_back(std::move(n));
        }
        for (const auto& f : missing)
          out.converted.notes.push_back(fmt::format("{} request: the account's schema has no field {}: the keys it answers are not measured",
                                                    r.product, printable(f)));
        r.nodes = std::move(kept);
        continue;
      }
      Plan one;
      one.script = plan.script;
      one.requests = {r};
      int read_before = out.converted.nodes_read;
      if (!convert_response(doc, doc.root, one, nullptr, out.converted, diags)) return false;
      if (out.converted.nodes_read == read_before)
        out.converted.notes.push_back(fmt::format("{} request: the answer holds none of its nodes: nothing measured", r.product));
      out.window_days = std::max(out.window_days, r.window.days);
      break;
    }
  }
  return true;
}

}  // namespace cfscale::analytics
