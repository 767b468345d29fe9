// prepareLaunch: everything about a child that can be decided before fork.

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string_view>

#include "playbooks/process/launch.h"

namespace unyo::playbooks {
namespace {

bool hasNul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

bool isExecutableFile(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// Where execvp would find `name`, but with the child's PATH, not the agent's.
Expected<std::filesystem::path> resolveProgram(const std::string& name, std::string_view searchPath,
                                               const std::filesystem::path& workingDirectory) {
  if (name.find('/') != std::string::npos) {
    std::filesystem::path path(name);
    if (path.is_relative()) path = workingDirectory / path;
    if (isExecutableFile(path)) return path;
    if (::access(path.c_str(), F_OK) == 0) {
      return fail("exec: \"" + name + "\" is not an executable file");
    }
    return fail("exec: no such program \"" + name + "\"");
  }
  while (!searchPath.empty()) {
    const std::size_t colon = searchPath.find(':');
    const std::string_view dir = searchPath.substr(0, colon);
    searchPath =
        colon == std::string_view::npos ? std::string_view() : searchPath.substr(colon + 1);
    if (dir.empty()) continue;  // "" means "." to a shell; never search the current directory
    std::filesystem::path candidate = std::filesystem::path(dir) / name;
    if (isExecutableFile(candidate)) return candidate;
  }
  return fail("exec: no such program \"" + name + "\" in PATH");
}

Expected<std::vector<std::string>> buildEnvironment(
    const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env{{"PATH", kChildPath}, {"LANG", kChildLang}};
  for (const auto& [name, value] : extra) {
    if (name.empty() || name.find('=') != std::string::npos || hasNul(name)) {
      return fail("env: invalid variable name \"" + name + "\"");
    }
    if (hasNul(value)) return fail("env: the value of " + name + " contains a NUL byte");
    env[name] = value;
  }
  std::vector<std::string> out;
  out.reserve(env.size());
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

// getpwnam_r and getgrouplist may read /etc or ask NSS; both are done here,
// in the parent, because neither may be called between fork and exec.
Expected<UserIdentity> lookUpUser(const std::string& name) {
  const long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<std::size_t>(hint) : 16384);
  struct passwd entry {};
  struct passwd* found = nullptr;
  int rc = 0;
  while ((rc = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) ==
             ERANGE &&
         buffer.size() < (1u << 20)) {
    buffer.resize(buffer.size() * 2);
  }
  if (rc != 0) return fail("run_as \"" + name + "\": " + std::strerror(rc));
  if (found == nullptr) return fail("run_as: no such user \"" + name + "\"");

  UserIdentity user{name, entry.pw_uid, entry.pw_gid, {}};
  std::vector<gid_t> groups(32);
  for (;;) {
    int count = static_cast<int>(groups.size());
    if (::getgrouplist(name.c_str(), entry.pw_gid, groups.data(), &count) >= 0) {
      groups.resize(static_cast<std::size_t>(count));
      break;
    }
    const auto needed = static_cast<std::size_t>(count);
    groups.resize(needed > groups.size() ? needed : groups.size() * 2);
  }
  user.groups = std::move(groups);
  return user;
}

}  // namespace

Expected<LaunchPlan> prepareLaunch(const ProcessSpec& spec, bool agentIsRoot) {
  if (spec.argv.empty() || spec.argv.front().empty()) return fail("exec: empty argv");
  for (const auto& arg : spec.argv) {
    if (hasNul(arg)) return fail("exec: an argument contains a NUL byte");
  }
  LaunchPlan plan;
  plan.argv = spec.argv;
  plan.workingDirectory = spec.workingDirectory.empty() ? "/" : spec.workingDirectory;
  if (hasNul(plan.workingDirectory.native())) return fail("cwd: contains a NUL byte");
  plan.feedStdin = !spec.stdinData.empty();

  auto env = buildEnvironment(spec.env);
  if (!env) return std::unexpected(env.error());
  plan.env = std::move(*env);

  const auto pathVar = spec.env.find("PATH");
  auto program =
      resolveProgram(spec.argv.front(), pathVar != spec.env.end() ? pathVar->second : kChildPath,
                     plan.workingDirectory);
  if (!program) return std::unexpected(program.error());
  plan.program = std::move(*program);

  if (spec.runAs) {
    if (!agentIsRoot) return fail("run_as needs the agent to run as root");
    auto user = lookUpUser(*spec.runAs);
    if (!user) return std::unexpected(user.error());
    plan.user = std::move(*user);
  }
  return plan;
}

}  // namespace unyo::playbooks
