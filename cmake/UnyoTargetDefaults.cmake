# Compile settings every unyo target shares (warnings, sanitizers), and the
# layering of docs/architecture.md made into include paths.

set(UNYO_SOURCE_ROOT "${CMAKE_CURRENT_LIST_DIR}/..")

# Which source folders each layer may include from: its own and the layers
# below it. Nothing else is on its include path, so an upward or sideways
# `#include "…"` does not compile. Keep this table, docs/architecture.md and
# tests/layering/include_layers_test.cpp in step.
set(UNYO_LAYER_base       base)
set(UNYO_LAYER_collectors base collectors)
set(UNYO_LAYER_exporter   base exporter)
set(UNYO_LAYER_playbooks  base collectors playbooks)
set(UNYO_LAYER_agent      base collectors exporter playbooks agent)

# A folder per layer under the build tree holding links to just the source
# folders that layer may see; it is the layer's only include root.
function(unyo_layer_include_root layer out)
  set(root "${CMAKE_BINARY_DIR}/layers/${layer}")
  if(NOT DEFINED UNYO_LAYER_${layer})
    message(FATAL_ERROR "unknown layer ${layer}")
  endif()
  foreach(folder IN LISTS UNYO_LAYER_${layer})
    if(NOT EXISTS "${root}/${folder}")
      file(MAKE_DIRECTORY "${root}")
      file(CREATE_LINK "${UNYO_SOURCE_ROOT}/${folder}" "${root}/${folder}" SYMBOLIC)
    endif()
  endforeach()
  set(${out} "${root}" PARENT_SCOPE)
endfunction()

function(unyo_target_defaults target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wimplicit-fallthrough
    # GCC 12 at -O2 reports false -Wrestrict on std::string concatenation
    # (GCC bug 105329); -Wnull-dereference fires inside inlined Asio code.
    -Wno-restrict)
  if(UNYO_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# A library of one layer: the defaults plus that layer's include root,
# handed on to whoever links it (a higher layer sees a superset anyway).
function(unyo_layer_library target layer)
  unyo_target_defaults(${target})
  unyo_layer_include_root(${layer} root)
  target_include_directories(${target} PUBLIC "${root}")
endfunction()

if(UNYO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
