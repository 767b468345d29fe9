#pragma once

// Text made safe for HTML (and SVG) text and attribute values; the status
// page and the HTML report both use it.

#include <string>
#include <string_view>

namespace unyo::agent {

// "&<>\"'" as entities.
std::string htmlEscape(std::string_view text);

}  // namespace unyo::agent
