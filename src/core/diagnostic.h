// Diagnostics are how every reader reports problems: as values, never as
// exceptions escaping to the user. A list of them travels with each result.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/location.h"

namespace cfscale {

enum class DiagLevel { Error, Warning, Note };

std::string_view to_string(DiagLevel level);

struct Diagnostic {
  DiagLevel level = DiagLevel::Error;
  Location location;
  std::string message;
  // A short stable identifier ("unknown-key", "out-of-range", ...) that tests,
  // the JSON output and later suppressions can match on without parsing text.
  std::string code;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

class Diagnostics {
 public:
  void add(DiagLevel level, Location loc, std::string code, std::string message);
  void error(Location loc, std::string code, std::string message) {
    add(DiagLevel::Error, std::move(loc), std::move(code), std::move(message));
  }
  void warning(Location loc, std::string code, std::string message) {
    add(DiagLevel::Warning, std::move(loc), std::move(code), std::move(message));
  }
  void note(Location loc, std::string code, std::string message) {
    add(DiagLevel::Note, std::move(loc), std::move(code), std::move(message));
  }
  void append(const Diagnostics& other);
  // Appends only what this set does not hold yet (same level, place, code
  // and message): a config loaded once per environment reports the parts the
  // environments share every time.
  void append_new(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

  // Stable order for output: by file, then position, then insertion order.
  void sort();

  // Each diagnostic's file as rename(file) gives it: reports name files
  // relative to the repository root.
  template <class F>
  void rename_files(F rename) {
    for (auto& d : items_) d.location.file = rename(d.location.file);
  }

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

// "file:line:col: error: message [code]" — the format editors and CI
// problem matchers understand.
std::string format_diagnostic(const Diagnostic& d);

}  // namespace cfscale
