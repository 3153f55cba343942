# Several outputs in one run equal the same formats written one at a time;
# a baseline round trip hides exactly the recorded findings.
#   cmake -DBIN=... -DWORKDIR=... -DOUT=... -P several_outputs.cmake
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
function(run expect)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env CFSCALE_TODAY=2026-11-28 "${BIN}" ${ARGN} WORKING_DIRECTORY "${WORKDIR}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expect)
    message(FATAL_ERROR "cfscale ${ARGN}: exit ${rc}, expected ${expect}\n${err}")
  endif()
  set(last_stdout "${out}" PARENT_SCOPE)
  set(last_stderr "${err}" PARENT_SCOPE)
endfunction()

run(0 advise examples/do-chat --format sarif -o "${OUT}/all.sarif" --format markdown -o "${OUT}/all.md"
      --format github -o "${OUT}/all.github" --format json --no-color)
set(all_json "${last_stdout}")
foreach(f sarif markdown github json)
  run(0 advise examples/do-chat --format ${f} --no-color)
  set(single_${f} "${last_stdout}")
endforeach()
file(READ "${OUT}/all.sarif" a)
file(READ "${OUT}/all.md" b)
file(READ "${OUT}/all.github" c)
if(NOT a STREQUAL single_sarif OR NOT b STREQUAL single_markdown OR NOT c STREQUAL single_github OR NOT all_json STREQUAL single_json)
  message(FATAL_ERROR "an output written with others differs from the same format written alone")
endif()
# Two formats to stdout, or more outputs than formats, are usage errors.
run(2 advise examples/do-chat --format sarif --format json)
run(2 advise examples/do-chat --format json -o "${OUT}/x.json" -o "${OUT}/y.json")

# Baseline round trip: record, then nothing new is reported and --fail-on passes.
run(1 advise examples/do-chat --write-baseline "${OUT}/baseline.json" --fail-on high --quiet)
run(0 advise examples/do-chat --baseline "${OUT}/baseline.json" --fail-on info --format json)
string(JSON hidden GET "${last_stdout}" workers 0 baseline_hidden)
string(JSON shown LENGTH "${last_stdout}" workers 0 findings)
if(NOT hidden EQUAL 5 OR NOT shown EQUAL 0)
  message(FATAL_ERROR "baseline: ${hidden} hidden, ${shown} shown; expected 5 and 0 (every finding of do-chat)")
endif()
# Against another project the baseline hides nothing: keys are per Worker.
run(1 advise examples/kv-site --baseline "${OUT}/baseline.json" --fail-on high --quiet)
# A baseline is keyed by rule and target, not line: moving an entry keeps it hidden.
file(READ "${WORKDIR}/examples/do-chat/wrangler.jsonc" cfg)
file(MAKE_DIRECTORY "${OUT}/moved")
file(WRITE "${OUT}/moved/wrangler.jsonc" "// moved down by three lines\n\n\n${cfg}")
file(COPY "${WORKDIR}/examples/do-chat/cfscale.metrics.yaml" DESTINATION "${OUT}/moved")
execute_process(COMMAND ${CMAKE_COMMAND} -E env CFSCALE_TODAY=2026-11-28 "${BIN}" advise "${OUT}/moved" --baseline "${OUT}/baseline.json" --fail-on info --quiet
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "moving the config's lines brought baseline findings back (exit ${rc})")
endif()

# A tree: each Worker is rendered in parts in the analysing threads unless an
# output needs the whole report (markdown, SARIF) or --write-baseline; both
# paths must give the same bytes.
set(tree tests/e2e/fixtures/monorepo)
foreach(f text json github)
  run(0 advise --recursive ${tree} --format ${f} --no-color)
  set(parts_${f} "${last_stdout}")
  run(0 advise --recursive ${tree} --format markdown -o "${OUT}/tree.md" --format ${f} --no-color)
  if(NOT last_stdout STREQUAL parts_${f})
    message(FATAL_ERROR "--recursive --format ${f}: rendered in parts differs from rendered whole")
  endif()
endforeach()
foreach(cmd checklist cost)
  run(0 ${cmd} --recursive ${tree} --no-color)
  set(a "${last_stdout}")
  run(0 ${cmd} --recursive ${tree} --format sarif -o "${OUT}/tree.sarif" --format text --no-color)
  if(NOT a STREQUAL last_stdout)
    message(FATAL_ERROR "${cmd} --recursive: rendered in parts differs from rendered whole")
  endif()
endforeach()
# Findings across Workers count for --fail-on: the tree's only high finding is one.
run(1 advise --recursive ${tree} --fail-on high --quiet)
# Baseline round trip over a tree: recorded whole, applied in parts.
run(1 advise --recursive ${tree} --write-baseline "${OUT}/tree-baseline.json" --fail-on info --quiet)
run(0 advise --recursive ${tree} --baseline "${OUT}/tree-baseline.json" --fail-on info --format json)
string(JSON total GET "${last_stdout}" summary findings)
string(JSON hidden GET "${last_stdout}" workers 0 baseline_hidden)
if(NOT total EQUAL 0 OR hidden LESS 1)
  message(FATAL_ERROR "tree baseline: ${total} findings left, ${hidden} hidden in the first Worker; expected 0 and some")
endif()

# The bill's arithmetic is left out when no output shows it (only JSON and
# cost --explain do): every other format must read the same either way.
foreach(where examples/do-chat examples/queue-pipeline "examples/kv-site;--config;tests/e2e/fixtures/settings/.cfscale.toml" "--recursive;${tree}")
  foreach(f text markdown sarif github)
    run(0 advise ${where} --format ${f} --no-color)
    set(a "${last_stdout}")
    run(0 advise ${where} --format json -o "${OUT}/with-arithmetic.json" --format ${f} --no-color)
    if(NOT a STREQUAL last_stdout)
      message(FATAL_ERROR "advise ${where} --format ${f} depends on whether the bill's arithmetic was written")
    endif()
  endforeach()
  foreach(cmd cost checklist)
    run(0 ${cmd} ${where} --no-color)
    set(a "${last_stdout}")
    run(0 ${cmd} ${where} --format json -o "${OUT}/with-arithmetic.json" --format text --no-color)
    if(NOT a STREQUAL last_stdout)
      message(FATAL_ERROR "${cmd} ${where} depends on whether the bill's arithmetic was written")
    endif()
  endforeach()
endforeach()
