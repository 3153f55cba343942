# The report of a tree does not depend on the number of threads or on the
# scheduling: one thread and eight threads, five times each, give one output.
foreach(jobs 1 8 8 8 8 2)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env CFSCALE_TODAY=2026-11-28 "${BIN}" advise --recursive "${TREE}" --all-envs
                          --format json --jobs ${jobs}
                  WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_QUIET)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "advise --recursive --jobs ${jobs}: exit ${rc}")
  endif()
  if(DEFINED first AND NOT out STREQUAL first)
    message(FATAL_ERROR "the output with --jobs ${jobs} differs from the output with --jobs 1")
  endif()
  set(first "${out}")
endforeach()
