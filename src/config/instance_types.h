// The sizes of a Container instance: a predefined instance type's, or the
// custom vcpu / memory_mib / disk_mb of the config. Cloudflare's table:
// https://developers.cloudflare.com/containers/platform/limits/
#pragma once

#include <optional>
#include <string>

#include "config/model.h"

namespace cfscale::config {

struct InstanceSize {
  std::string name;  // "standard-4", "custom", or "lite (wrangler's default)"
  double vcpu = 0;
  double memory_gib = 0;
  double disk_gb = 0;
};

// Null when a custom instance type leaves one of its three sizes out.
std::optional<InstanceSize> instance_size(const ContainerApp& c);

// "standard-4: 4 vCPU, 12 GiB memory, 20 GB disk".
std::string describe(const InstanceSize& s);

}  // namespace cfscale::config
