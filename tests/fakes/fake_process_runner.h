#pragma once

// A ProcessRunner that runs nothing: results are scripted per argv (exact
// match, or prefix match for the longest prefix), every spec it receives is
// recorded, and a script may hang until the test releases it.
//
//   FakeProcessRunner processes;
//   processes.onExact({"systemctl", "restart", "app.service"}, FakeProcessRunner::exited(0));
//   processes.onPrefix({"systemctl", "show"}, FakeProcessRunner::exited(0,
//   "ActiveState=active\n")); processes.failOn({"missing"}, "exec: no such program \"missing\" in
//   PATH");
//
// An argv with no script fails the run with "fake: no script for ...".

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "playbooks/process/process_runner.h"

namespace unyo::testing {

class FakeProcessRunner final : public playbooks::ProcessRunner {
 public:
  using Argv = std::vector<std::string>;

  static playbooks::ProcessResult exited(int code, std::string out = "", std::string err = "") {
    playbooks::ProcessResult r;
    r.exitCode = code;
    r.stdoutText = std::move(out);
    r.stderrText = std::move(err);
    return r;
  }
  static playbooks::ProcessResult timedOut() {
    playbooks::ProcessResult r;
    r.timedOut = true;
    r.signal = 15;
    return r;
  }

  void onExact(Argv argv, playbooks::ProcessResult result) {
    scripts_.push_back({std::move(argv), false, std::move(result), std::nullopt, false});
  }
  void onPrefix(Argv prefix, playbooks::ProcessResult result) {
    scripts_.push_back({std::move(prefix), true, std::move(result), std::nullopt, false});
  }
  // run() fails as if the process could not be started.
  void failOn(Argv prefix, std::string error) {
    scripts_.push_back({std::move(prefix), true, {}, std::move(error), false});
  }
  // run() waits until release() before returning `result`.
  void hangOn(Argv prefix, playbooks::ProcessResult result) {
    scripts_.push_back({std::move(prefix), true, std::move(result), std::nullopt, true});
  }
  void release() {
    released_ = true;
    for (const auto& timer : hanging_) timer->cancel();
    hanging_.clear();
  }

  const std::vector<playbooks::ProcessSpec>& specs() const { return specs_; }
  std::vector<Argv> argvs() const {
    std::vector<Argv> out;
    for (const auto& spec : specs_) out.push_back(spec.argv);
    return out;
  }
  std::size_t hanging() const { return hanging_.size(); }

  boost::asio::awaitable<Expected<playbooks::ProcessResult>> run(
      playbooks::ProcessSpec spec) override {
    specs_.push_back(spec);
    const Script* script = find(spec.argv);
    if (script == nullptr) co_return fail("fake: no script for " + join(spec.argv));
    if (script->hang && !released_) {
      auto executor = co_await boost::asio::this_coro::executor;
      auto timer = std::make_shared<boost::asio::steady_timer>(
          executor, std::chrono::steady_clock::time_point::max());
      hanging_.push_back(timer);
      boost::system::error_code ec;
      co_await timer->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }
    if (script->error) co_return fail(*script->error);
    co_return script->result;
  }

 private:
  struct Script {
    Argv argv;
    bool prefix = false;
    playbooks::ProcessResult result;
    std::optional<std::string> error;
    bool hang = false;
  };

  const Script* find(const Argv& argv) const {
    const Script* best = nullptr;
    for (const auto& script : scripts_) {
      const bool matches =
          script.prefix ? argv.size() >= script.argv.size() &&
                              std::equal(script.argv.begin(), script.argv.end(), argv.begin())
                        : argv == script.argv;
      if (!matches) continue;
      // An exact script beats any prefix; a longer prefix beats a shorter one.
      if (best == nullptr || (!script.prefix && best->prefix) ||
          (script.prefix == best->prefix && script.argv.size() > best->argv.size())) {
        best = &script;
      }
    }
    return best;
  }

  static std::string join(const Argv& argv) {
    std::string out;
    for (const auto& arg : argv) out += (out.empty() ? "" : " ") + arg;
    return out;
  }

  std::vector<Script> scripts_;
  std::vector<playbooks::ProcessSpec> specs_;
  std::vector<std::shared_ptr<boost::asio::steady_timer>> hanging_;
  bool released_ = false;
};

}  // namespace unyo::testing
