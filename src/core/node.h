// The positioned document tree that both the JSONC and the TOML readers
// produce. The typed model is decoded from it, so every decoded value can
// point back at its exact place in the file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/location.h"
#include "core/text.h"

namespace cfscale {

enum class Kind : uint8_t { Null, Bool, Integer, Float, String, DateTime, Array, Object };

std::string_view kind_name(Kind k);

struct Member;

struct Node {
  Kind kind = Kind::Null;
  Pos pos;               // where the value starts
  bool boolean = false;
  int64_t integer = 0;   // Integer
  double number = 0;     // Integer and Float (integers are also stored here)
  std::string text;      // String value, DateTime text, or the number as written
  std::vector<Node> items;      // Array
  std::vector<Member> members;  // Object, in source order (duplicates kept)

  bool is_number() const { return kind == Kind::Integer || kind == Kind::Float; }
  bool is_object() const { return kind == Kind::Object; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_string() const { return kind == Kind::String; }

  // The member's value, or nullptr. When a key is repeated the last one wins,
  // as in JavaScript objects (and so in wrangler).
  const Node* get(std::string_view key) const;
  const Member* member(std::string_view key) const;
  Member* member(std::string_view key) { return const_cast<Member*>(std::as_const(*this).member(key)); }
};

struct Member {
  std::string key;
  Pos key_pos;
  Node value;
};

// The keys an object has had so far, to warn about duplicates while it is
// read: a scan of the members for small objects (no allocation, which is
// what nearly every object is), a hash set past kScanLimit members so that a
// huge object stays linear.
class SeenKeys {
 public:
  // True when `key` is not among `members` (the object's members so far).
  bool insert(std::string_view key, const std::vector<Member>& members);

 private:
  static constexpr size_t kScanLimit = 32;
  std::unordered_set<std::string> set_;
};

// The members of an object that count, in source order: for a key given
// twice only the last (as `member` answers). Linear in the members: asking
// `member(m.key) == &m` of each is quadratic, and a 2 MB object of 100,000
// keys took seconds.
std::vector<const Member*> counted_members(const Node& obj);

struct Comment {
  Pos pos;
  std::string text;  // without the comment markers
};

// A parsed file: its path, its text (kept for positions and for suppression
// comments later), the comments found in it, and the root value.
struct Document {
  std::string path;
  std::string text;
  std::vector<Comment> comments;
  Node root;
  std::unique_ptr<LineIndex> lines;

  Location location(const Pos& p) const { return Location{path, p}; }
  Location location(const Node& n) const { return Location{path, n.pos}; }
};

// Renders a node compactly for messages, shortened to `max_len` characters.
std::string render_short(const Node& n, size_t max_len = 60);

}  // namespace cfscale
