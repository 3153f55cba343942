#include "core/text.h"

#include <doctest/doctest.h>

using namespace cfscale;

TEST_CASE("LineIndex: positions and offsets round-trip, CRLF and lone CR") {
  std::string text = "ab\r\ncé\rx\ny";
  LineIndex li(text);
  CHECK(li.line_count() == 4);
  CHECK(li.pos_at(0) == Pos{1, 1, 0});
  CHECK(li.pos_at(4) == Pos{2, 1, 4});
  CHECK(li.pos_at(7) == Pos{2, 3, 7});   // after "cé": é is two bytes, one column
  CHECK(li.pos_at(8) == Pos{3, 1, 8});
  CHECK(li.offset_of(2, 3) == 7);
  CHECK(li.offset_of(4, 1) == 10);
  CHECK(li.line_text(2) == "cé");
}

TEST_CASE("find_invalid_utf8") {
  CHECK_FALSE(find_invalid_utf8("plain é 😀"));
  CHECK(find_invalid_utf8("ab\xC3") == 2u);             // truncated
  CHECK(find_invalid_utf8("\xC0\xAF") == 0u);           // overlong
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1u);      // surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);   // above U+10FFFF
  CHECK(find_invalid_utf8("\x80") == 0u);               // lone continuation
}

TEST_CASE("did_you_mean") {
  std::vector<std::string_view> keys = {"kv_namespaces", "d1_databases", "max_batch_size"};
  CHECK(did_you_mean("kv_namespace", keys) == "kv_namespaces");
  CHECK(did_you_mean("max-batch-size", keys) == "max_batch_size");
  CHECK(edit_distance("wehn", "when") == 1);  // a swap is one edit
  CHECK(did_you_mean("KV_NAMESPACES", keys) == "kv_namespaces");
  CHECK_FALSE(did_you_mean("colour", keys));
  CHECK(did_you_mean_suffix("d1_database", keys) == " (did you mean \"d1_databases\"?)");
}
