#include "core/source.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace cfscale {

namespace fs = std::filesystem;

std::optional<Document> read_document(const std::string& path, Diagnostics& diags, size_t max_bytes) {
  Location where{path, {}};
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    // status() fails with ELOOP on a symlink loop; say so rather than "missing".
    if (ec && ec.value() == ELOOP)
      diags.error(where, "io", "cannot read the file: too many levels of symbolic links");
    else
      diags.error(where, "io", "no such file");
    return std::nullopt;
  }
  if (fs::is_directory(st)) {
    diags.error(where, "io", "is a directory, expected a file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(st)) {
    diags.error(where, "io", "is not a regular file");
    return std::nullopt;
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size >= max_bytes) {
    diags.error(where, "too-large",
                fmt::format("the file is {} bytes; cfscale reads input files smaller than {} bytes", size, max_bytes));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(where, "io", fmt::format("cannot open the file: {}", std::strerror(errno)));
    return std::nullopt;
  }
  Document doc;
  doc.path = path;
  // Read the size st_size promised, then whatever more there is (a file that
  // grows, /proc), never past the limit.
  if (!ec && size > 0) {
    doc.text.resize(size);
    in.read(doc.text.data(), static_cast<std::streamsize>(size));
    doc.text.resize(static_cast<size_t>(in.gcount()));
  }
  char buf[4096];
  while (in && (in.read(buf, sizeof buf) || in.gcount() > 0)) {
    doc.text.append(buf, static_cast<size_t>(in.gcount()));
    if (doc.text.size() >= max_bytes) {
      diags.error(where, "too-large", fmt::format("the file is larger than {} bytes", max_bytes));
      return std::nullopt;
    }
  }
  if (in.bad()) {
    diags.error(where, "io", "cannot read the file");
    return std::nullopt;
  }
  doc.lines = std::make_unique<LineIndex>(doc.text);
  return doc;
}

bool begin_parse(Document& doc, Diagnostics& diags) {
  if (!doc.lines || !doc.lines->indexes(doc.text)) doc.lines = std::make_unique<LineIndex>(doc.text);
  doc.comments.clear();
  doc.root = Node{};
  return check_text_encoding(doc, diags);
}

bool check_text_encoding(const Document& doc, Diagnostics& diags) {
  size_t nul = doc.text.find('\0');
  auto bad = find_invalid_utf8(doc.text);
  if (nul == std::string::npos && !bad) return true;
  if (nul != std::string::npos && (!bad || nul < *bad)) {
    diags.error(doc.location(doc.lines->pos_at(nul)), "encoding", "NUL byte in the file: a config must be text");
  } else {
    diags.error(doc.location(doc.lines->pos_at(*bad)), "encoding",
                fmt::format("invalid UTF-8 (byte {}): save the file as UTF-8",
                            describe_byte(static_cast<unsigned char>(doc.text[*bad]))));
  }
  return false;
}

}  // namespace cfscale
