#include "core/toml_depth.h"

#include <vector>

namespace cfscale {
namespace {

// Past a string starting at i (a quote): basic and literal, one-line and
// multi-line. Returns the offset after it (or the end of the text).
size_t skip_string(std::string_view t, size_t i) {
  char q = t[i];
  bool multi = t.substr(i, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''");
  size_t j = i + (multi ? 3 : 1);
  while (j < t.size()) {
    if (q == '"' && t[j] == '\\') {
      j += 2;
      continue;
    }
    if (!multi && t[j] == '\n') return j;  // unterminated: the reader reports it
    if (t[j] == q && (!multi || t.substr(j, 3) == std::string_view(q == '"' ? "\"\"\"" : "'''"))) {
      j += multi ? 3 : 1;
      while (multi && j < t.size() && t[j] == q) ++j;  // up to two quotes may end the content
      return j;
    }
    ++j;
  }
  return j;
}

// The parts of the key (or header) starting at i: dots outside strings, up to
// '=', ']', ',', '}' or the end of the line.
size_t key_parts(std::string_view t, size_t i) {
  size_t parts = 1;
  while (i < t.size()) {
    char c = t[i];
    if (c == '=' || c == '\n' || c == ']' || c == '}' || c == ',' || c == '#') break;
    if (c == '"' || c == '\'') {
      i = skip_string(t, i);
      continue;
    }
    if (c == '.') ++parts;
    ++i;
  }
  return parts;
}

}  // namespace

std::optional<TomlTooDeep> toml_too_deep(std::string_view t, size_t max) {
  std::vector<char> open;  // the '[' and '{' of values not yet closed
  bool key_next = true;    // a key (or header) may start here
  for (size_t i = 0; i < t.size();) {
    char c = t[i];
    if (c == '#') {
      while (i < t.size() && t[i] != '\n') ++i;
      continue;
    }
    if (c == '\n') {
      if (open.empty()) key_next = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (key_next && (open.empty() || open.back() == '{')) {
      key_next = false;
      if (key_parts(t, i) > max) return TomlTooDeep{i, true};
      if (open.empty() && c == '[') {  // a header: its brackets are not values
        while (i < t.size() && t[i] != '\n' && t[i] != '#') {
          if (t[i] == '"' || t[i] == '\'') i = skip_string(t, i);
          else ++i;
        }
        continue;
      }
    }
    if (c == '"' || c == '\'') {
      i = skip_string(t, i);
      continue;
    }
    if (c == '[' || c == '{') {
      open.push_back(c);
      if (open.size() > max) return TomlTooDeep{i, false};
      key_next = c == '{';
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
    } else if (c == ',' && !open.empty() && open.back() == '{') {
      key_next = true;
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace cfscale
