#include <cstdio>

#include "agent/version.h"

int main() {
  std::fputs(unyo::agent::buildInfo().c_str(), stdout);
  return 0;
}
