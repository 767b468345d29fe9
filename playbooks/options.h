#pragma once

// What the playbooks part takes from the config file's `playbooks:` section.

#include <filesystem>
#include <string>
#include <vector>

namespace unyo::playbooks {

struct Options {
  std::vector<std::filesystem::path> paths = {"/etc/unyo/playbooks"};
  std::string timezone = "Asia/Tokyo";
  std::filesystem::path holidaysFile;  // empty: weekends and the year-end closure only
  int maxConcurrentRuns = 2;
};

}  // namespace unyo::playbooks
