# Runs the real cfscale binary and compares exit code, stdout and stderr with
# a golden file. The date and the rules folder are fixed (relative to the
# source tree) so that the output does not depend on when or where it runs. CFSCALE_UPDATE_GOLDENS=1 in the environment rewrites the
# golden instead (then review the diff before committing).
#
#   cmake -DBIN=... -DARGS="a|b|c" -DGOLDEN=... -DWORKDIR=... -DACTUAL=... -P run_golden.cmake
string(REPLACE "|" ";" args "${ARGS}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env NO_COLOR=1 CFSCALE_TODAY=2026-11-28 CFSCALE_RULES_DIR=rules "${BIN}" ${args}
  WORKING_DIRECTORY "${WORKDIR}"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
# SARIF names the repository root as a file:// URI: the checkout's place varies.
string(REPLACE "\"file://${WORKDIR}/\"" "\"file://<checkout>/\"" out "${out}")
string(REPLACE "|" " " cmdline "${ARGS}")
set(actual "$ cfscale ${cmdline}\nexit: ${rc}\n--- stdout\n${out}--- stderr\n${err}")

if("$ENV{CFSCALE_UPDATE_GOLDENS}" STREQUAL "1")
  file(WRITE "${GOLDEN}" "${actual}")
  message(STATUS "updated ${GOLDEN}")
  return()
endif()

if(NOT EXISTS "${GOLDEN}")
  file(WRITE "${ACTUAL}" "${actual}")
  message(FATAL_ERROR "no golden ${GOLDEN}; the output is in ${ACTUAL} (CFSCALE_UPDATE_GOLDENS=1 creates it)")
endif()
file(READ "${GOLDEN}" expected)
if(NOT expected STREQUAL actual)
  file(WRITE "${ACTUAL}" "${actual}")
  execute_process(COMMAND diff -u "${GOLDEN}" "${ACTUAL}")
  message(FATAL_ERROR "output differs from ${GOLDEN} (actual: ${ACTUAL})")
endif()
