#include "core/node.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

namespace cfscale {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Integer: return "integer";
    case Kind::Float: return "number";
    case Kind::String: return "string";
    case Kind::DateTime: return "date-time";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
  }
  return "value";
}

const Member* Node::member(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->key == key) return &*it;
  return nullptr;
}

std::vector<const Member*> counted_members(const Node& obj) {
  std::vector<const Member*> out;
  out.reserve(obj.members.size());
  constexpr size_t kScanLimit = 32;  // small objects: no hash set
  if (obj.members.size() <= kScanLimit) {
    for (const auto& m : obj.members)
      if (obj.member(m.key) == &m) out.push_back(&m);
    return out;
  }
  std::unordered_set<std::string_view> later;
  for (auto it = obj.members.rbegin(); it != obj.members.rend(); ++it)
    if (later.insert(it->key).second) out.push_back(&*it);
  std::reverse(out.begin(), out.end());
  return out;
}

const Node* Node::get(std::string_view key) const {
  const Member* m = member(key);
  return m ? &m->value : nullptr;
}

static void render(const Node& n, std::string& out, size_t max_len) {
  if (out.size() > max_len) return;
  switch (n.kind) {
    case Kind::Null: out += "null"; break;
    case Kind::Bool: out += n.boolean ? "true" : "false"; break;
    case Kind::Integer:
    case Kind::Float: out += n.text.empty() ? fmt::format("{}", n.number) : n.text; break;
    case Kind::String: out += fmt::format("\"{}\"", n.text); break;
    case Kind::DateTime: out += n.text; break;
    case Kind::Array:
      out += '[';
      for (size_t i = 0; i < n.items.size() && out.size() <= max_len; ++i) {
        if (i) out += ", ";
        render(n.items[i], out, max_len);
      }
      out += ']';
      break;
    case Kind::Object:
      out += '{';
      for (size_t i = 0; i < n.members.size() && out.size() <= max_len; ++i) {
        if (i) out += ", ";
        out += fmt::format("\"{}\": ", n.members[i].key);
        render(n.members[i].value, out, max_len);
      }
      out += '}';
      break;
  }
}

std::string render_short(const Node& n, size_t max_len) {
  std::string out;
  render(n, out, max_len);
  if (out.size() > max_len) out = out.substr(0, max_len) + "…";
  return out;
}

bool SeenKeys::insert(std::string_view key, const std::vector<Member>& members) {
  if (members.size() < kScanLimit) {
    for (const auto& m : members)
      if (m.key == key) return false;
    return true;
  }
  if (set_.empty())
    for (const auto& m : members) set_.insert(m.key);
  return set_.insert(std::string(key)).second;
}

}  // namespace cfscale
