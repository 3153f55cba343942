#include "config/instance_types.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "core/text.h"

namespace cfscale::config {
namespace {

struct Predefined {
  std::string_view name;
  double vcpu, memory_gib, disk_gb;
};

// "dev" and "standard" are the names of the first table, kept by wrangler as
// aliases of lite and standard-1.
constexpr Predefined kTypes[] = {
    {"lite", 1.0 / 16, 0.25, 2},  {"dev", 1.0 / 16, 0.25, 2},     {"basic", 0.25, 1, 4},
    {"standard-1", 0.5, 4, 8},    {"standard", 0.5, 4, 8},        {"standard-2", 1, 6, 12},
    {"standard-3", 2, 8, 16},     {"standard-4", 4, 12, 20},
};

}  // namespace

std::optional<InstanceSize> instance_size(const ContainerApp& c) {
  if (c.vcpu || c.memory_mib || c.disk_mb) {
    if (!c.vcpu || !c.memory_mib || !c.disk_mb) return std::nullopt;
    return InstanceSize{"custom", *c.vcpu, *c.memory_mib / 1024, *c.disk_mb / 1000};
  }
  std::string_view name = c.instance_type ? std::string_view(*c.instance_type) : std::string_view("lite");
  auto it = std::find_if(std::begin(kTypes), std::end(kTypes), [&](const Predefined& p) { return p.name == name; });
  if (it == std::end(kTypes)) return std::nullopt;  // the decoder has reported it
  std::string shown = c.instance_type ? std::string(name) : std::string("lite (instance_type not set: wrangler's default)");
  return InstanceSize{shown, it->vcpu, it->memory_gib, it->disk_gb};
}

std::string describe(const InstanceSize& s) {
  return fmt::format("{}: {} vCPU, {} GiB memory, {} GB disk", s.name, format_number(s.vcpu), format_number(s.memory_gib),
                     format_number(s.disk_gb));
}

}  // namespace cfscale::config
