# Every SARIF cfscale writes for the examples validates against the schema.
#   cmake -DBIN=... -DWORKDIR=... -DOUT=... -DSCHEMA=... -DPYTHON=... -DSCRIPT=... -P check_sarif.cmake
file(MAKE_DIRECTORY "${OUT}")
set(files "")
foreach(example d1-api kv-site queue-pipeline do-chat healthy-app)
  foreach(cmd advise checklist cost)
    set(f "${OUT}/${example}-${cmd}.sarif")
    execute_process(COMMAND "${BIN}" ${cmd} examples/${example} --format sarif --output "${f}" --quiet
                    WORKING_DIRECTORY "${WORKDIR}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "cfscale ${cmd} examples/${example} --format sarif failed (${rc})")
    endif()
    list(APPEND files "${f}")
  endforeach()
endforeach()
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${SCHEMA}" ${files} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "a SARIF file does not validate against ${SCHEMA}")
endif()
