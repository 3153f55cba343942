#include "core/printable.h"

#include <string>

#include <doctest/doctest.h>

using namespace cfscale;

TEST_CASE("printable: control characters, bytes that are not UTF-8, invisible reordering characters") {
  CHECK(printable("plain é 😀 name") == "plain é 😀 name");
  CHECK_FALSE(needs_printable("plain é 😀 name"));
  CHECK(printable("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(printable("\x1b]0;title\x07") == "\\x1b]0;title\\x07");      // OSC: set the window title
  CHECK(printable("\x1b[2J\x1b[31m") == "\\x1b[2J\\x1b[31m");        // CSI: clear, color
  CHECK(printable("x\x7f") == "x\\x7f");
  CHECK(printable("\xc2\x9b" "31m") == "\\u{9b}31m");                // C1 CSI
  CHECK(printable("ab\xff") == "ab\\xff");
  CHECK(printable("\xc0\xaf") == "\\xc0\\xaf");                      // overlong
  CHECK(printable("admin\xe2\x80\xae" "exe.txt") == "admin\\u{202e}exe.txt");  // right-to-left override
  CHECK(printable("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u{2066}x\\u{2069}");
  CHECK(printable("a\xe2\x80\xa8" "b") == "a\\u{2028}b");
  CHECK(needs_printable("\x01"));
}

TEST_CASE("neutralize_workflow_commands: a line that starts with two colons after white space, and the older hash-hash-bracket form anywhere") {
  std::string out;
  CHECK_FALSE(neutralize_workflow_commands("a report\nwith a::b and ## [x]\n", out));
  CHECK(out.empty());
  REQUIRE(neutralize_workflow_commands("ok\n::stop-commands::x\n", out));
  CHECK(out == "ok\n\\::stop-commands::x\n");
  REQUIRE(neutralize_workflow_commands("   \t::error::x", out));
  CHECK(out == "   \t\\::error::x");
  REQUIRE(neutralize_workflow_commands("\xc2\xa0::warning::x", out));  // no-break space: .NET trims it
  CHECK(out == "\xc2\xa0\\::warning::x");
  REQUIRE(neutralize_workflow_commands("name ##[error]fake\r::x::y", out));
  CHECK(out == "name ##\\[error]fake\r\\::x::y");
}

TEST_CASE("WorkflowCommandScan: never misses a command split over pieces") {
  auto scan = [](std::initializer_list<std::string_view> pieces) {
    WorkflowCommandScan s;
    bool found = false;
    for (auto p : pieces) found = s.may_have(p);
    return found;
  };
  CHECK_FALSE(scan({"a report\n", "  line a::b\n", "## heading [x]\n"}));
  CHECK(scan({"ok\n  :", ":error::x"}));
  CHECK(scan({"text #", "#[group]"}));
  CHECK(scan({"\n", "::x::y"}));
  CHECK_FALSE(scan({"a:", ":b"}));  // not at a line's start
  // Every split of each command is found, and neutralize agrees.
  for (std::string text : {"x\n  ::error::y\n", "a ##[error]b", "\t::set-output name=a::b"}) {
    for (size_t cut = 0; cut <= text.size(); ++cut) {
      WorkflowCommandScan s;
      s.may_have(std::string_view(text).substr(0, cut));
      CHECK(s.may_have(std::string_view(text).substr(cut)));
    }
    std::string out;
    CHECK(neutralize_workflow_commands(text, out));
  }
}

TEST_CASE("invisible_at: the characters every writer escapes, found at their first byte") {
  struct Case {
    const char* text;
    uint32_t cp;
    size_t size;
  };
  for (const auto& c : {Case{"\xc2\x85", 0x85, 2}, Case{"\xc2\x9f", 0x9f, 2}, Case{"\xd8\x9c", 0x061c, 2}, Case{"\xe2\x80\x8e", 0x200e, 3},
                        Case{"\xe2\x80\xa8", 0x2028, 3}, Case{"\xe2\x80\xae", 0x202e, 3}, Case{"\xe2\x81\xa6", 0x2066, 3},
                        Case{"\xe2\x81\xa9", 0x2069, 3}, Case{"a", 0, 0}, Case{"\xc3\xa9", 0, 0}, Case{"\xe2\x80\x8b", 0, 0},
                        Case{"\xc2", 0, 0}, Case{"\xe2\x80", 0, 0}, Case{"\xff", 0, 0}}) {
    CAPTURE(c.text);
    auto inv = invisible_at(c.text, 0);
    CHECK(inv.cp == c.cp);
    CHECK(inv.size == c.size);
    // The same set as printable's: a character is escaped by both or neither.
    if (c.size) CHECK(needs_printable(c.text));
  }
}
