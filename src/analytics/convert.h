// From a GraphQL Analytics response to metric values: each node of the
// response is found by its alias (the plan of analytics/queries.h says which
// binding and which figure it answers), converted as docs/metrics.md says,
// and written with where it came from. What the response does not hold
// (a null quantile, an empty result, a node cut at its limit) is reported,
// never filled in.
#pragma once

#include <string>
#include <vector>

#include "analytics/queries.h"
#include "core/diagnostic.h"
#include "core/node.h"
#include "metrics/writer.h"

namespace cfscale::analytics {

struct Converted {
  std::vector<metrics::Measurement> values;
  std::vector<std::string> notes;  // what could not be measured, and why
  int nodes_read = 0;              // the response's nodes the plan knew
};

// `response`: the whole parsed response ({"data": ..., "errors": ...}) of
// `doc`. `window`: the days it covers, or null for each request's own.
// GraphQL errors (which arrive with HTTP 200) are errors when the response
// has no data, warnings beside data. Returns false on an error.
bool convert_response(const Document& doc, const Node& response, const Plan& plan, const Window* window, Converted& out,
                      Diagnostics& diags);

// data.viewer.accounts[0] of a GraphQL Analytics response, or nullptr.
const Node* response_account(const Node& response);

// An entry of an answer's errors[] as text: its message, else the entry.
std::string error_message(const Node& error);

// The whole days a window spans, as a `# from:` comment says them.
std::string window_text(const Window& w);

}  // namespace cfscale::analytics
