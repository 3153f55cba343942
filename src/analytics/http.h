// HTTPS requests to Cloudflare's API through libcurl, one at a time.
// libcurl honours HTTPS_PROXY (and NO_PROXY) from the environment. Failures
// of the transport (DNS, TLS, a timeout, a refused connection) are a
// message, never an exception; the token is sent in a header and appears in
// no message.
#pragma once

#include <string>
#include <vector>

namespace cfscale::analytics {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;
  std::string body;                  // POST
  std::vector<std::string> headers;  // "Content-Type: application/json"
  long timeout_ms = 60'000;          // the whole transfer
};

struct HttpResponse {
  long status = 0;          // 0 when the transport failed
  std::string body;
  long retry_after_s = -1;  // the Retry-After header in seconds, or -1
  std::string error;        // the transport's failure, or ""
};

// The most a response may hold: an analytics answer is a few hundred
// kilobytes; more is not Cloudflare's API.
inline constexpr size_t kMaxResponseBytes = size_t{64} << 20;

HttpResponse http_send(const HttpRequest& request);

}  // namespace cfscale::analytics
