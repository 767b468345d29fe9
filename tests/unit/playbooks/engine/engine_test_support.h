#pragma once

// An Engine on a real io_context with a fake clock, fake processes and a
// state directory of its own, plus playbooks written inline as YAML.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "base/blocking_pool.h"
#include "fakes/fake_clock.h"
#include "fakes/fake_process_runner.h"
#include "playbooks/engine/engine.h"
#include "playbooks/parser/playbook_parser.h"
#include "support/child_process.h"

namespace unyo::testing {

class EngineFixture : public ::testing::Test {
 protected:
  EngineFixture() { makeEngine(); }

  void makeEngine(int maxConcurrentRuns = 2) {
    playbooks::EngineOptions options;
    options.stateDir = dir.path();
    options.maxConcurrentRuns = maxConcurrentRuns;
    options.hourlyRateJpy = 6000;
    options.pollInterval = std::chrono::milliseconds(20);
    options.executor.timeoutGrace = std::chrono::milliseconds(100);
    options.identity.set("lg_code", "131016");
    engine = std::make_unique<playbooks::Engine>(system, options);
  }

  // Parses `yaml` (failing the test on errors) and makes it the only playbook.
  void load(const std::string& yaml) { loadAll({yaml}); }
  void loadAll(const std::vector<std::string>& yamls) {
    std::vector<playbooks::Playbook> list;
    for (const auto& yaml : yamls) {
      auto parsed = playbooks::parsePlaybook(yaml, "test.yaml");
      if (!parsed) {
        ADD_FAILURE() << parsed.error().toString();
        return;
      }
      list.push_back(std::move(*parsed));
    }
    engine->setPlaybooks(std::move(list));
  }

  playbooks::Engine::Request request(std::string name, bool dryRun = false) {
    playbooks::Engine::Request r;
    r.playbook = std::move(name);
    r.dryRun = dryRun;
    r.trigger.type = playbooks::TriggerType::manual;
    r.trigger.requestedBy = "test";
    return r;
  }

  // Runs the loop until `done` holds (or a generous deadline passes).
  template <class Done>
  bool runUntil(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.run_for(std::chrono::milliseconds(5));
      io.restart();
    }
    return done();
  }

  // Submits and runs the loop until the run has finished.
  playbooks::RunRecord runToEnd(playbooks::Engine::Request r) {
    auto id = engine->submit(std::move(r));
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    if (!id) return {};
    std::optional<playbooks::RunRecord> finished;
    runUntil([&] {
      if (engine->activeRun(*id)) return false;
      auto found = engine->history().find(*id);
      if (found && *found && playbooks::isFinished((*found)->status)) finished = **found;
      return finished.has_value();
    });
    EXPECT_TRUE(finished) << "run " << *id << " did not finish";
    return finished.value_or(playbooks::RunRecord{});
  }

  TempDir dir;
  boost::asio::io_context io;
  FakeClock clock;
  Logger log{clock, LogLevel::error, LogFormat::logfmt, -1};
  FakeProcessRunner processes;
  BlockingPool pool{1};
  playbooks::SystemAccess system{io.get_executor(), clock, log, processes, pool, {}, {}};
  std::unique_ptr<playbooks::Engine> engine;
};

}  // namespace unyo::testing
