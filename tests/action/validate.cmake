# action.yml and every workflow pass the action validator, and a broken
# workflow does not (so this test can fail).
#   cmake -DVALIDATOR=... -DSRC=... -DBAD=... -P validate.cmake
if(NOT EXISTS "${VALIDATOR}")
  message(FATAL_ERROR "${VALIDATOR} is missing: scripts/setup installs it (npm ci into build/npm)")
endif()
file(GLOB workflows "${SRC}/.github/workflows/*.yml")
foreach(f "${SRC}/action.yml" ${workflows})
  execute_process(COMMAND "${VALIDATOR}" "${f}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${f} does not validate:\n${out}${err}")
  endif()
endforeach()
execute_process(COMMAND "${VALIDATOR}" "${BAD}" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(rc EQUAL 0)
  message(FATAL_ERROR "the validator accepted ${BAD}, which has a misspelt key")
endif()
list(LENGTH workflows n)
message(STATUS "action.yml and ${n} workflows validate")
