# Compile settings every unyo target shares: warnings, sanitizers, the include
# root. Call unyo_target_defaults(<target>) right after defining a target.

set(UNYO_SOURCE_ROOT "${CMAKE_CURRENT_LIST_DIR}/..")

function(unyo_target_defaults target)
  target_include_directories(${target} PUBLIC "${UNYO_SOURCE_ROOT}")
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

if(UNYO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
