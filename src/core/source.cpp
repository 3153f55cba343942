#include "core/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace cfscale {

std::optional<Document> read_document(const std::string& path, Diagnostics& diags, size_t max_bytes, bool named) {
  Location where{path, {}};
  // open + fstat + read: one open and one stat per file (a tree reads
  // thousands). O_NONBLOCK so that opening a FIFO cannot hang; it has no
  // effect on regular files.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) diags.error(where, "io", "cannot read the file: too many levels of symbolic links");
    else if (errno == ENOENT || errno == ENOTDIR) diags.error(where, "io", "no such file");
    else diags.error(where, "io", fmt::format("cannot open the file: {}", std::strerror(errno)));
    return std::nullopt;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    diags.error(where, "io", fmt::format("cannot read the file: {}", std::strerror(errno)));
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    diags.error(where, "io", "is a directory, expected a file");
    return std::nullopt;
  }
  // A file the user named may be a stream (a FIFO, /dev/stdin, a process
  // substitution): read to its end, blocking. One found by searching is read
  // only if it is a regular file, so a planted FIFO cannot hang a run.
  bool stream = named && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode));
  if (!S_ISREG(st.st_mode) && !stream) {
    diags.error(where, "io", named ? "is not a regular file or a stream" : "is not a regular file");
    return std::nullopt;
  }
  if (stream) {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  auto size = static_cast<uint64_t>(st.st_size);
  if (size >= max_bytes) {
    diags.error(where, "too-large",
                fmt::format("the file is {} bytes; cfscale reads input files smaller than {} bytes", size, max_bytes));
    return std::nullopt;
  }
  Document doc;
  doc.path = path;
  // Read the size st_size promised, then whatever more there is (a file that
  // grows), never past the limit.
  doc.text.resize(static_cast<size_t>(size) + 1);
  size_t have = 0;
  while (true) {
    if (have == doc.text.size()) {
      if (doc.text.size() >= max_bytes) {
        diags.error(where, "too-large", fmt::format("the file is larger than {} bytes", max_bytes));
        return std::nullopt;
      }
      doc.text.resize(std::min(max_bytes, doc.text.size() * 2 + 4096));
    }
    size_t room = doc.text.size() - have;
    ssize_t n = ::read(fd, doc.text.data() + have, room);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      diags.error(where, "io", fmt::format("cannot read the file: {}", std::strerror(errno)));
      return std::nullopt;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
    // A regular file read short of the room asked for is at its end: no
    // second read to be told so (a tree reads thousands of files).
    if (!stream && static_cast<size_t>(n) < room && have >= size) break;
  }
  doc.text.resize(have);  // below max_bytes: a full buffer of max_bytes stopped the loop above
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
