#include "core/yaml_reader.h"

#include "core/source.h"
#include "core/yaml_library.h"
#include "core/yaml_plain.h"

namespace cfscale {

bool parse_yaml(Document& doc, Diagnostics& diags, const YamlLimits& limits) {
  if (!begin_parse(doc, diags)) return false;
  // The plain subset first (most files), yaml-cpp for everything else.
  Diagnostics warnings;
  PlainYaml plain = parse_yaml_plain(doc, warnings, limits);
  if (plain.kind == PlainYaml::TooDeep) {
    diags.error(doc.location(plain.pos), "yaml-syntax", "invalid YAML: " + plain.message);
    return false;
  }
  if (plain.kind == PlainYaml::Read) {
    diags.append(warnings);
  } else {
    doc.root = Node{};
    if (!parse_yaml_library(doc, diags, limits)) return false;
  }
  collect_yaml_comments(doc);
  return true;
}

}  // namespace cfscale
