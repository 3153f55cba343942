// SARIF 2.1.0 as GitHub code scanning reads it: one reportingDescriptor per
// rule (help in text and markdown, precision, problem.severity), one result
// per finding with one location (a finding across Workers names the other
// Workers' configs in relatedLocations), URIs relative to %SRCROOT%.
#pragma once

#include <string>
#include <string_view>

#include "core/report.h"
#include "report/render.h"

namespace cfscale::report {

std::string render_sarif(const Report& r, const SarifOptions& o);

// A relative path as a URI reference: '/' kept, everything outside RFC
// 3986's unreserved characters percent-encoded (spaces, '%', '#', '?',
// bytes of non-ASCII names).
std::string uri_path(std::string_view path);

// A folder as a file:// URI ending in '/', for originalUriBaseIds.
std::string file_uri(std::string_view absolute_folder);

}  // namespace cfscale::report
