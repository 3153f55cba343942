// The node helpers of source/syntax: field() by the grammar's field ids;
// leads(), whose answer from start positions, and member_property(), whose
// answer from the text, must be the field search's on every member,
// subscript and call of real code and of code written where a shortcut could
// go wrong (comments, optional chains, private and non-ASCII names, errors).
#include <doctest/doctest.h>

#include "source/project.h"
#include "source/syntax.h"
#include "support.h"

using namespace cfscale;
using namespace cfscale::source;

namespace {
struct Checked {
  size_t members = 0, calls = 0, disagreements = 0;
};

// For every member, subscript and call expression of the tree and each of its
// children: leads() and member_property() against tree-sitter's own field search.
void check_leads(const SyntaxTree& tree, Checked& out) {
  std::vector<TSNode> stack{tree.root()};
  while (!stack.empty()) {
    TSNode n = stack.back();
    stack.pop_back();
    std::string_view type = ts_node_type(n);
    // In `typeof a.b.c` the TypeScript grammar's member is another
    // production, whose property field tree-sitter finds in the inner member
    // (`b`): the field search is wrong there, and the extractor does not
    // enter types (Kind::Type).
    if (type == "type_query") continue;
    std::optional<Field> f;
    if (type == "member_expression" || type == "subscript_expression") f = Field::Object;
    if (type == "call_expression") f = Field::Function;
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(n, i);
      stack.push_back(c);
      if (!f) continue;
      bool searched = ts_node_eq(field(n, *f), c);
      if (leads(n, c, *f) != searched) {
        ++out.disagreements;
        MESSAGE("disagree at " << tree.pos_of(c).line << ":" << tree.pos_of(c).column << " in " << type);
      }
    }
    if (type == "member_expression" && member_property(tree, n) != tree.text_of(field(n, Field::Property))) {
      ++out.disagreements;
      MESSAGE("property " << member_property(tree, n) << " vs [" << tree.text_of(field(n, Field::Property)) << "] in [" << tree.text_of(n) << "] at " << tree.pos_of(n).line << ":" << tree.pos_of(n).column);
    }
    if (f) ++(*f == Field::Object ? out.members : out.calls);
  }
}
}  // namespace

TEST_CASE("syntax: field() finds each field by its id in all three grammars") {
  auto t = SyntaxTree::parse("const x = env.DB.prepare(q);\n", Grammar::TypeScript);
  TSNode decl = ts_node_named_child(ts_node_named_child(t.root(), 0), 0);
  CHECK(t.text_of(field(decl, Field::Name)) == "x");
  TSNode call = field(decl, Field::Value);
  CHECK(t.text_of(field(call, Field::Function)) == "env.DB.prepare");
  CHECK(t.text_of(field(call, Field::Arguments)) == "(q)");
  CHECK(t.text_of(field(field(call, Field::Function), Field::Property)) == "prepare");
  CHECK(ts_node_is_null(field(call, Field::Body)));  // a field this node has not
  CHECK(ts_node_is_null(field(TSNode{}, Field::Name)));
  for (auto g : {Grammar::Tsx, Grammar::JavaScript}) {
    auto u = SyntaxTree::parse("f(a.b);\n", g);
    TSNode c = ts_node_named_child(ts_node_named_child(u.root(), 0), 0);
    CHECK(u.text_of(field(c, Field::Function)) == "f");
  }
  CHECK(to_string(Field::TypeArguments) == "type_arguments");
}

TEST_CASE("syntax: leads() and member_property() agree with the field search, comments and errors included") {
  Checked checked;
  for (auto g : {Grammar::TypeScript, Grammar::Tsx, Grammar::JavaScript}) {
    // Comments between and before the parts; optional chains; generics (not
    // in JavaScript: there they are errors, which take the search); a call
    // whose callee is a call; a member of a parenthesised object; a tree with errors.
    auto t = SyntaxTree::parse("/* a */ a /* b */ . /* c */ b;\n"
                               "// x\n f /* y */ (x) /* z */;\n"
                               "a?.b?.(c)?.[d];\n"
                               "f<T>(x); g`t`;\n"
                               "f(a)(b).c[d](e);\n"
                               "(a).b; (await x.first<Row>()).id;\n"
                               "a.café; a.$x; a.x1 /* p */; this.#p; a /* q */ ?. /* r */ b;\n"
                               "a. ; f(;\n",
                               g);
    check_leads(t, checked);
  }
  CHECK(checked.disagreements == 0);
  CHECK(checked.members > 10);
  CHECK(checked.calls > 10);
}

TEST_CASE("syntax: leads() and member_property() agree with the field search on every corpus file") {
  Checked checked;
  size_t files = 0;
  for (const auto& project : std::filesystem::directory_iterator(test::shared_dir() / "corpus" / "projects")) {
    if (!project.is_directory()) continue;
    ProjectOptions o;
    o.root = project.path().string();
    Diagnostics d;
    for (const auto& path : source_files(o, d)) {
      auto g = grammar_for(path);
      if (!g) continue;
      CAPTURE(path);
      check_leads(SyntaxTree::parse(test::read_file(path), *g), checked);
      ++files;
    }
  }
  CHECK(files > 100);
  CHECK(checked.disagreements == 0);
  CHECK(checked.members > 10000);
  CHECK(checked.calls > 10000);
}
