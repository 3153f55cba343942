#include "analytics/http.h"

#include <curl/curl.h>

#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

namespace cfscale::analytics {
namespace {

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxResponseBytes) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  auto* retry = static_cast<long*>(user);
  constexpr const char* kName = "retry-after:";
  if (line.size() > 12) {
    std::string head = line.substr(0, 12);
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == kName) {
      char* end = nullptr;
      long v = std::strtol(line.c_str() + 12, &end, 10);
      if (end != line.c_str() + 12 && v >= 0) *retry = v;  // seconds; an HTTP date is left to the backoff
    }
  }
  return size * n;
}

// What a transport failure means to a user, in their terms.
std::string describe(CURLcode code, const char* detail, const HttpRequest& r) {
  std::string what = detail && *detail ? detail : curl_easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return "cannot resolve the host (DNS): " + what;
    case CURLE_COULDNT_RESOLVE_PROXY: return "cannot resolve the proxy (HTTPS_PROXY): " + what;
    case CURLE_COULDNT_CONNECT: return "cannot connect: " + what;
    case CURLE_OPERATION_TIMEDOUT: return fmt::format("no answer within {} s: {}", r.timeout_ms / 1000.0, what);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM: return "TLS failed: " + what;
    case CURLE_WRITE_ERROR: return fmt::format("the answer is larger than {} MiB: not Cloudflare's API", kMaxResponseBytes >> 20);
    default: return what;
  }
}

}  // namespace

HttpResponse http_send(const HttpRequest& r) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpResponse out;
  CURL* curl = curl_easy_init();
  if (!curl) {
    out.error = "libcurl could not start";
    return out;
  }
  char detail[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  for (const auto& h : r.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.retry_after_s);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, r.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min(r.timeout_ms, 30'000L));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  // The token goes to the host named, never to one a redirect names.
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "cfscale");
  if (r.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  }
  CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    out.error = describe(code, detail, r);
  } else {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return out;
}

}  // namespace cfscale::analytics
