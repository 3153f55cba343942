#include "report/escape.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/printable.h"

namespace cfscale::report {

std::string html_text(std::string_view s) {
  std::string out;
  for (char c : printable(s)) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

std::string md_text(std::string_view given) {
  std::string s = printable(given);
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0;
  // What would open a block at a line's start: "# ", "- ", "+ ", "= " (a
  // setext underline), "> ", "1. ", "1) ", four spaces (a code block).
  if (!s.empty() && (s[0] == '#' || s[0] == '-' || s[0] == '+' || s[0] == '=' || s[0] == '>')) {
    out += '\\';
  } else if (!s.empty() && s[0] == ' ') {
    out += "&#32;";
    i = 1;
  } else {
    size_t digits = 0;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
    if (digits > 0 && digits < s.size() && (s[digits] == '.' || s[digits] == ')')) {
      out.append(s, 0, digits);
      out += '\\';
      i = digits;
    }
  }
  auto word = [&](size_t k) { return k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || static_cast<unsigned char>(s[k]) >= 0x80); };
  for (; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      // Always markup, or opening it: code, emphasis, links, HTML and
      // autolinks, table columns, strike-through (one '~' on GitHub), math.
      case '\\': case '`': case '*': case '[': case ']': case '<': case '|': case '~': case '$': case '&':
        out += '\\';
        break;
      // '_' inside a word never emphasises (durable_objects stays as it is).
      case '_':
        if (!(i > 0 && word(i - 1) && word(i + 1))) out += '\\';
        break;
      // GitHub links bare URLs ("http://", "www."): a name is not a link.
      case ':':
        if (s.compare(i + 1, 2, "//") == 0) out += '\\';
        break;
      case '.':
        if (i >= 3 && s.compare(i - 3, 3, "www") == 0 && (i == 3 || !word(i - 4))) out += '\\';
        break;
      default: break;
    }
    out += c;
  }
  return out;
}

std::string code_span(std::string_view given, bool in_table) {
  std::string s = printable(given);
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  // A span that starts or ends with a backtick (or is only spaces) needs a
  // space inside the fence, which the renderer strips.
  bool pad = !s.empty() && (s.front() == '`' || s.back() == '`' || s.front() == ' ' || s.back() == ' ');
  std::string body;
  for (char c : s) {
    if (c == '|' && in_table) body += "\\|";
    else body += c;
  }
  if (s.empty()) return "` `";
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string code_block(std::string_view given, std::string_view language) {
  std::string s = printable_except(given, "\n");  // newlines stay: it is a block
  size_t longest = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string lang;
  for (char c : language)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '_') lang += c;
  if (!s.empty() && s.back() != '\n') s += '\n';
  return fence + lang + "\n" + s + fence + "\n";
}

std::string md_url(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7F || c == '(' || c == ')' || c == '<' || c == '>' || c == '"' || c == '`' || c == '\\')
      out += fmt::format("%{:02X}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

std::string mermaid_text(std::string_view given) {
  std::string out;
  for (unsigned char c : printable(given)) {
    bool plain = c >= 0x80 || std::isalnum(c) || c == ' ' || c == '.' || c == ',' || c == '-' || c == '_' || c == '/' ||
                 c == ':' || c == '(' || c == ')' || c == '+' || c == '=' || c == '!' || c == '?' || c == '\'' || c == '@' || c == '$' ||
                 c == '*';
    if (plain) out += static_cast<char>(c);
    else out += fmt::format("#{};", static_cast<int>(c));
  }
  return out;
}

}  // namespace cfscale::report
