#include "agent/config/version.h"

#include <yaml-cpp/yaml.h>

#include <boost/version.hpp>

namespace unyo::agent {

std::string_view version() { return UNYO_VERSION; }

std::string buildInfo() {
  std::string out = "unyo " UNYO_VERSION "\n";
  out += "  compiler: g++ " __VERSION__ "\n";
  out += "  boost: " + std::to_string(BOOST_VERSION / 100000) + "." +
         std::to_string(BOOST_VERSION / 100 % 1000) + "\n";
#ifdef NDEBUG
  out += "  build: release\n";
#else
  out += "  build: debug\n";
#endif
  return out;
}

}  // namespace unyo::agent
