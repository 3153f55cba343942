# cmake -DSRC_DIR=<src> [-DSTAMP=<file>] -P check_layers.cmake
#
# Fails (and so fails the build) when a file in src/<layer>/ includes
# "<other>/..." for a layer <other> that cmake/layers.cmake does not allow.
include(${CMAKE_CURRENT_LIST_DIR}/layers.cmake)

if(NOT SRC_DIR)
  message(FATAL_ERROR "check_layers: SRC_DIR is not set")
endif()

set(violations "")
foreach(layer IN LISTS CFSCALE_LAYERS)
  if(NOT IS_DIRECTORY "${SRC_DIR}/${layer}")
    continue()
  endif()
  set(allowed ${layer} ${CFSCALE_LAYER_DEPS_${layer}})
  file(GLOB_RECURSE files "${SRC_DIR}/${layer}/*.h" "${SRC_DIR}/${layer}/*.cpp" "${SRC_DIR}/${layer}/*.in")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX MATCH "\"([a-z_]+)/" _ "${line}")
      set(target "${CMAKE_MATCH_1}")
      list(FIND CFSCALE_LAYERS "${target}" is_layer)
      list(FIND allowed "${target}" ok)
      if(NOT is_layer EQUAL -1 AND ok EQUAL -1)
        file(RELATIVE_PATH rel "${SRC_DIR}" "${f}")
        string(STRIP "${line}" line)
        string(APPEND violations "  src/${rel}: ${line} (layer '${layer}' may use: ${allowed})\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "Forbidden include across layers (see cmake/layers.cmake):\n${violations}")
endif()
if(STAMP)
  file(WRITE "${STAMP}" "ok\n")
endif()
