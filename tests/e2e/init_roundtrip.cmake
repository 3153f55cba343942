# `cfscale init` writes a skeleton that cfscale itself reads back without errors,
# refuses to overwrite it, and overwrites it with --force.
#   cmake -DBIN=... -DWORKDIR=... -DOUT=... -P init_roundtrip.cmake
file(REMOVE "${OUT}")
foreach(example queue-pipeline d1-api do-chat)
  execute_process(COMMAND "${BIN}" init examples/${example} --output "${OUT}" --force WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "init ${example} failed: ${rc}")
  endif()
  execute_process(COMMAND "${BIN}" validate examples/${example} --metrics "${OUT}" WORKING_DIRECTORY "${WORKDIR}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR err MATCHES "error")
    message(FATAL_ERROR "the skeleton of ${example} does not validate: ${err}")
  endif()
endforeach()
execute_process(COMMAND "${BIN}" init examples/d1-api --output "${OUT}" WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "init overwrote an existing file without --force (exit ${rc})")
endif()
