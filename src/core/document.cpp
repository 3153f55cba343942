#include "core/document.h"

#include <filesystem>

#include "core/jsonc.h"
#include "core/source.h"
#include "core/text.h"
#include "core/toml_reader.h"
#include "core/yaml_reader.h"

namespace cfscale {

std::optional<DocFormat> format_from_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".json" || ext == ".jsonc") return DocFormat::Jsonc;
  if (ext == ".toml") return DocFormat::Toml;
  if (ext == ".yaml" || ext == ".yml") return DocFormat::Yaml;
  return std::nullopt;
}

bool parse_document(Document& doc, DocFormat format, Diagnostics& diags) {
  switch (format) {
    case DocFormat::Jsonc: return parse_jsonc(doc, diags);
    case DocFormat::Toml: return parse_toml(doc, diags);
    case DocFormat::Yaml: return parse_yaml(doc, diags);
  }
  return false;
}

std::optional<Document> load_document(const std::string& path, DocFormat format, Diagnostics& diags, bool named) {
  auto doc = read_document(path, diags, kMaxInputBytes, named);
  if (!doc) return std::nullopt;
  if (!parse_document(*doc, format, diags)) return std::nullopt;
  return doc;
}

}  // namespace cfscale
