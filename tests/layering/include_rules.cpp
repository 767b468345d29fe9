#include "layering/include_rules.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <string_view>

namespace unyo::layering {
namespace {

// The libraries, each with what it may include (itself and what lies below).
const std::map<std::string, std::set<std::string>, std::less<>> kLibraryMayInclude = {
    {"base", {"base"}},
    {"collectors", {"base", "collectors"}},
    {"exporter", {"base", "exporter"}},
    {"playbooks", {"base", "collectors", "playbooks"}},
    {"agent", {"base", "collectors", "exporter", "playbooks", "agent"}},
};

// agent/'s folders, lowest first: a folder may include its own files and
// those of folders earlier in the list; "" is agent/ itself (main.cpp).
constexpr std::array<std::string_view, 9> kAgentOrder = {
    "cost", "remote_write", "config", "report", "fleet", "daemon", "web", "cli", ""};

// playbooks/: the parts that take run requests and drive runs sit above the
// parts that do the work, which never reach up to them.
const std::set<std::string, std::less<>> kPlaybooksUpper = {"engine", "parser", "triggers"};
const std::map<std::string, std::set<std::string>, std::less<>> kPlaybooksUpperMayInclude = {
    {"parser", {"parser"}},
    {"engine", {"engine"}},
    {"triggers", {"triggers", "engine", "parser"}},
};

// Test helpers every test may include; a unit test otherwise sees what the
// library it tests sees.
const std::set<std::string, std::less<>> kTestHelpers = {"fakes", "support", "unit", "layering"};

// The one exception: the network actions are tested against a real HTTP
// server, and the exporter's is the one at hand. It is the peer, not the
// code under test, and only the servers' file sees it.
constexpr std::string_view kPeerServers = "tests/unit/playbooks/net/test_servers.";

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    parts.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

// The folder inside a library a file belongs to ("" for the library's root).
std::string subfolder(const std::vector<std::string>& parts) {
  return parts.size() > 2 ? parts[1] : "";
}

std::size_t agentRank(const std::string& folder) {
  const auto it = std::find(kAgentOrder.begin(), kAgentOrder.end(), folder);
  return static_cast<std::size_t>(it - kAgentOrder.begin());
}

std::string joinSet(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string checkLibraryEdge(const std::vector<std::string>& from,
                             const std::vector<std::string>& to) {
  const std::string& fromLib = from[0];
  const std::string& toLib = to[0];
  const auto allowed = kLibraryMayInclude.find(fromLib);
  if (allowed == kLibraryMayInclude.end()) return "";
  if (!kLibraryMayInclude.contains(toLib)) return "";  // a third-party header
  if (!allowed->second.contains(toLib)) {
    return fromLib + "/ may include only " + joinSet(allowed->second);
  }
  if (fromLib != toLib) return "";
  const std::string fromSub = subfolder(from);
  const std::string toSub = subfolder(to);
  if (fromSub == toSub) return "";
  if (fromLib == "agent") {
    const std::size_t fromRank = agentRank(fromSub);
    const std::size_t toRank = agentRank(toSub);
    if (toRank > fromRank || toRank == kAgentOrder.size()) {
      return "agent/" + fromSub + "/ may not include agent/" + toSub +
             "/ (agent's folders, lowest first: cost, remote_write, config, report, fleet, daemon, "
             "web, cli)";
    }
  }
  if (fromLib == "playbooks" && kPlaybooksUpper.contains(toSub)) {
    const auto upper = kPlaybooksUpperMayInclude.find(fromSub);
    if (upper == kPlaybooksUpperMayInclude.end() || !upper->second.contains(toSub)) {
      return "playbooks/" + (fromSub.empty() ? std::string() : fromSub + "/") +
             " may not include playbooks/" + toSub +
             "/ (the engine, parser and triggers sit above the parts they drive)";
    }
  }
  return "";
}

std::string checkTestEdge(const std::string& file, const std::vector<std::string>& from,
                          const std::vector<std::string>& to) {
  // tests/unit/LIB/... sees what LIB sees; other tests (integration, bench) see all.
  if (kTestHelpers.contains(to[0])) return "";
  if (file.starts_with(kPeerServers) && to[0] == "exporter") return "";
  if (from.size() < 4 || from[1] != "unit") return "";
  const auto allowed = kLibraryMayInclude.find(from[2]);
  if (allowed == kLibraryMayInclude.end() || !kLibraryMayInclude.contains(to[0])) return "";
  if (!allowed->second.contains(to[0])) {
    return "a unit test of " + from[2] + "/ may include only " + joinSet(allowed->second) +
           " (and test helpers)";
  }
  return "";
}

// The quoted name of an `#include "…"` line, or empty.
std::string quotedInclude(std::string_view line) {
  std::size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos || line[i] != '#') return "";
  i = line.find_first_not_of(" \t", i + 1);
  if (i == std::string_view::npos || line.substr(i, 7) != "include") return "";
  const std::size_t open = line.find('"', i + 7);
  if (open == std::string_view::npos) return "";
  const std::size_t close = line.find('"', open + 1);
  if (close == std::string_view::npos) return "";
  return std::string(line.substr(open + 1, close - open - 1));
}

}  // namespace

std::string Violation::toString() const {
  return file + ":" + std::to_string(line) + ": includes \"" + included + "\": " + reason;
}

std::string whyForbidden(const std::string& file, const std::string& included) {
  const auto from = split(file);
  const auto to = split(included);
  if (from.empty() || to.size() < 2) return "";  // "x.h": same folder
  if (from[0] == "tests") return checkTestEdge(file, from, to);
  return checkLibraryEdge(from, to);
}

std::vector<Violation> checkIncludes(const std::filesystem::path& root) {
  std::vector<Violation> found;
  for (const char* top : {"base", "collectors", "exporter", "playbooks", "agent", "tests"}) {
    const auto dir = root / top;
    if (!std::filesystem::is_directory(dir)) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".h" || ext == ".cpp")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      const std::string relative = std::filesystem::relative(path, root).generic_string();
      std::ifstream in(path);
      std::string line;
      int number = 0;
      while (std::getline(in, line)) {
        ++number;
        const std::string included = quotedInclude(line);
        if (included.empty()) continue;
        std::string reason = whyForbidden(relative, included);
        if (!reason.empty()) found.push_back({relative, number, included, std::move(reason)});
      }
    }
  }
  return found;
}

}  // namespace unyo::layering
