// The `disk.check` action.

#include "playbooks/actions/disk_check_action.h"

#include <cstdio>
#include <optional>

#include "base/await_blocking.h"
#include "base/duration.h"
#include "playbooks/actions/human_units.h"

namespace unyo::playbooks {
namespace {

struct DiskLimits {
  std::string path;
  std::optional<double> maxUsedRatio;
  std::optional<std::uint64_t> minFreeBytes;
  std::optional<double> minFreeInodesRatio;
};

Expected<std::optional<double>> readRatio(const WithReader& with, std::string_view key) {
  if (!with.has(key)) return std::optional<double>();
  auto ratio = with.number(key);
  if (!ratio) return std::unexpected(ratio.error());
  if (!(*ratio >= 0 && *ratio <= 1)) {
    return fail("\"" + std::string(key) + "\": expected a ratio between 0 and 1, got " +
                Value(*ratio).toText());
  }
  return std::optional<double>(*ratio);
}

Expected<DiskLimits> readLimits(const WithReader& with) {
  DiskLimits limits;
  auto path = with.requiredString("path");
  if (!path) return std::unexpected(path.error());
  if (path->front() != '/') return fail("\"path\": " + *path + " is not an absolute path");
  limits.path = std::move(*path);
  auto used = readRatio(with, "max_used_ratio");
  if (!used) return std::unexpected(used.error());
  limits.maxUsedRatio = *used;
  if (with.has("min_free_bytes")) {
    auto bytes = with.size("min_free_bytes");
    if (!bytes) return std::unexpected(bytes.error());
    limits.minFreeBytes = *bytes;
  }
  auto inodes = readRatio(with, "min_free_inodes_ratio");
  if (!inodes) return std::unexpected(inodes.error());
  limits.minFreeInodesRatio = *inodes;
  if (!limits.maxUsedRatio && !limits.minFreeBytes && !limits.minFreeInodesRatio) {
    return fail(
        "disk.check needs at least one of max_used_ratio, min_free_bytes, "
        "min_free_inodes_ratio");
  }
  return limits;
}

// 0.912 -> "91.2%", 0.85 -> "85%".
std::string percent(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", ratio * 100);
  std::string out = text;
  if (out.ends_with(".0")) out.resize(out.size() - 2);
  return out + "%";
}

std::uint64_t bytes(double value) { return value > 0 ? static_cast<std::uint64_t>(value) : 0; }

class DiskCheckAction final : public Action {
 public:
  explicit DiskCheckAction(std::shared_ptr<collectors::StatFs> statFs)
      : statFs_(std::move(statFs)) {}

  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto limits = readLimits(WithReader(request.with));
    if (!limits) co_return ActionResult::failure(limits.error().message);

    auto stat = [statFs = statFs_, path = limits->path] { return statFs->stat(path); };
    auto pending = awaitWithin(system.blocking, request.timeout, std::move(stat));
    const std::optional<Expected<collectors::FilesystemUsage>> answer = co_await std::move(pending);
    if (!answer) {
      co_return ActionResult::failure("statfs did not answer within " +
                                      formatDuration(request.timeout));
    }
    if (!answer->has_value()) co_return ActionResult::failure(answer->error().message);
    co_return judge(*limits, answer->value());
  }

 private:
  static ActionResult judge(const DiskLimits& limits, const collectors::FilesystemUsage& usage) {
    const double used = usage.sizeBytes - usage.freeBytes;
    const double usedRatio = used + usage.availBytes > 0 ? used / (used + usage.availBytes) : 0;
    ActionResult result;
    result.output.set("path", limits.path);
    result.output.set("size_bytes", bytes(usage.sizeBytes));
    result.output.set("free_bytes", bytes(usage.freeBytes));
    result.output.set("avail_bytes", bytes(usage.availBytes));
    result.output.set("used_ratio", usedRatio);
    std::optional<double> inodesFree;
    if (usage.files > 0) inodesFree = usage.filesFree / usage.files;
    result.output.set("inodes_free_ratio", inodesFree ? Value(*inodesFree) : Value());

    std::vector<std::string> problems;
    if (limits.maxUsedRatio && usedRatio > *limits.maxUsedRatio) {
      problems.push_back(limits.path + " is " + percent(usedRatio) + " full (limit " +
                         percent(*limits.maxUsedRatio) + ")");
    }
    if (limits.minFreeBytes && usage.availBytes < static_cast<double>(*limits.minFreeBytes)) {
      problems.push_back(limits.path + " has " + formatBytes(bytes(usage.availBytes)) +
                         " available (minimum " + formatBytes(*limits.minFreeBytes) + ")");
    }
    if (limits.minFreeInodesRatio && inodesFree && *inodesFree < *limits.minFreeInodesRatio) {
      problems.push_back(limits.path + " has " + percent(*inodesFree) +
                         " of its inodes free (minimum " + percent(*limits.minFreeInodesRatio) +
                         ")");
    }
    result.summary = limits.path + " is " + percent(usedRatio) + " full, " +
                     formatBytes(bytes(usage.availBytes)) + " available";
    if (!problems.empty()) {
      result.ok = false;
      for (const auto& problem : problems) {
        if (!result.error.empty()) result.error += "; ";
        result.error += problem;
      }
    }
    return result;
  }

  std::shared_ptr<collectors::StatFs> statFs_;
};

}  // namespace

std::unique_ptr<Action> makeDiskCheckAction() {
  return makeDiskCheckAction(std::make_shared<collectors::RealStatFs>());
}

std::unique_ptr<Action> makeDiskCheckAction(std::shared_ptr<collectors::StatFs> statFs) {
  return std::make_unique<DiskCheckAction>(std::move(statFs));
}

const ActionDescriptor& diskCheckActionDescriptor() {
  static const ActionDescriptor descriptor{
      "disk.check",
      "Check used space, available bytes and free inodes of the filesystem holding a path",
      {
          {"path", ParamKind::string, true},
          {"max_used_ratio", ParamKind::number, false},
          {"min_free_bytes", ParamKind::size, false},
          {"min_free_inodes_ratio", ParamKind::number, false},
      },
      &makeDiskCheckAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
