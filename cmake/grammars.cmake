# The tree-sitter grammars the source reader parses with: Debian's
# libtree-sitter (found with pkg-config) and the grammars' C sources that
# scripts/setup fetched from npm into CFSCALE_GRAMMARS_DIR (pinned, checked
# by SHA-256). Nothing is downloaded here.
find_package(PkgConfig REQUIRED)
pkg_check_modules(TREE_SITTER REQUIRED IMPORTED_TARGET tree-sitter)

# Debian's tree-sitter.pc reports a version that is not the library's, so the
# grammar ABI is checked from the header: 0.20.7 reads ABI 13 and 14.
include(CheckCSourceCompiles)
set(CMAKE_REQUIRED_INCLUDES ${TREE_SITTER_INCLUDE_DIRS})
check_c_source_compiles([=[
#include <tree_sitter/api.h>
#if TREE_SITTER_LANGUAGE_VERSION < 14 || TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION > 14
#error "this libtree-sitter cannot load grammar ABI 14"
#endif
int main(void) { return 0; }
]=] CFSCALE_TREE_SITTER_ABI_14)
unset(CMAKE_REQUIRED_INCLUDES)
if(NOT CFSCALE_TREE_SITTER_ABI_14)
  message(FATAL_ERROR "libtree-sitter must load grammar ABI 14 (Debian 12's libtree-sitter-dev 0.20.7 does)")
endif()

set(CFSCALE_TS_TYPESCRIPT "${CFSCALE_GRAMMARS_DIR}/tree-sitter-typescript-0.23.2")
set(CFSCALE_TS_JAVASCRIPT "${CFSCALE_GRAMMARS_DIR}/tree-sitter-javascript-0.23.1")
foreach(f "${CFSCALE_TS_TYPESCRIPT}/typescript/src/parser.c" "${CFSCALE_TS_TYPESCRIPT}/tsx/src/parser.c"
          "${CFSCALE_TS_JAVASCRIPT}/src/parser.c")
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "${f} is missing: run scripts/setup, which fetches the pinned grammars "
                        "(or set CFSCALE_GRAMMARS_DIR to where they are)")
  endif()
endforeach()

# One static library per grammar, so that each compiles against its own
# tree_sitter/parser.h. Third-party generated code: built without the
# project's warning flags.
function(cfscale_grammar name dir)
  add_library(${name} STATIC "${dir}/parser.c" "${dir}/scanner.c")
  target_include_directories(${name} PRIVATE "${dir}")
  set_target_properties(${name} PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
  set(opts -w)
  if(CFSCALE_SANITIZE)
    list(APPEND opts -fsanitize=${CFSCALE_SANITIZE} -fno-omit-frame-pointer)
  endif()
  set_property(TARGET ${name} PROPERTY COMPILE_OPTIONS ${opts})
endfunction()
cfscale_grammar(cfscale_grammar_typescript "${CFSCALE_TS_TYPESCRIPT}/typescript/src")
cfscale_grammar(cfscale_grammar_tsx "${CFSCALE_TS_TYPESCRIPT}/tsx/src")
cfscale_grammar(cfscale_grammar_javascript "${CFSCALE_TS_JAVASCRIPT}/src")
# The same package's static archive, when it is there: in the shared library
# tree-sitter's calls to its own exported functions (millions in a large
# project's parse) go through the PLT; linked in, they do not, and the parse
# takes 7% less time (bench/source.sh). Without the archive, the shared library.
find_library(CFSCALE_TREE_SITTER_ARCHIVE NAMES libtree-sitter.a HINTS ${TREE_SITTER_LIBDIR} NO_DEFAULT_PATH)
add_library(cfscale_grammars INTERFACE)
target_link_libraries(cfscale_grammars INTERFACE cfscale_grammar_typescript cfscale_grammar_tsx cfscale_grammar_javascript)
if(CFSCALE_TREE_SITTER_ARCHIVE)
  target_include_directories(cfscale_grammars INTERFACE ${TREE_SITTER_INCLUDE_DIRS})
  target_link_libraries(cfscale_grammars INTERFACE "${CFSCALE_TREE_SITTER_ARCHIVE}")
else()
  target_link_libraries(cfscale_grammars INTERFACE PkgConfig::TREE_SITTER)
endif()
