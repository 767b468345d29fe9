#pragma once

// Turns triggers into run requests for the engine:
//
//   schedule   cron in playbooks.timezone, filtered by the business calendar,
//              delayed by a stable jitter. A schedule missed while the agent
//              was down is not replayed; a wall-clock jump (NTP, a resumed
//              VM) fires at most one run per trigger, never a burst.
//   condition  evaluated on every new sample; each matching series fires
//              once per episode after holding `for`, and not again within
//              `cooldown` of its last firing.
//   alert      Alertmanager's firing alerts whose labels include the
//              trigger's; each alert instance fires once.

#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/time_zone.h"
#include "collectors/snapshot.h"
#include "playbooks/engine/engine.h"
#include "playbooks/options.h"
#include "playbooks/schedule/business_calendar.h"
#include "playbooks/triggers/alertmanager.h"

namespace unyo::playbooks {

class TriggerScheduler {
 public:
  // How many alert instances are remembered (for a day) so that re-sends
  // start nothing; beyond it the oldest are forgotten.
  static constexpr std::size_t kMaxSeenAlerts = 10'000;

  // `maxSeenAlerts`: how many alert instances are remembered, see kMaxSeenAlerts.
  TriggerScheduler(SystemAccess& system, Engine& engine,
                   std::size_t maxSeenAlerts = kMaxSeenAlerts);
  ~TriggerScheduler();

  // The time zone and business calendar (playbooks.timezone, holidays_file,
  // year_end_closure); `jitterSeed` spreads a fleet's jittered runs (the
  // agent's identity). Errors: unknown zone, unreadable holidays file.
  Expected<void> configure(const Options& options, std::string jitterSeed);

  // The playbooks whose triggers to watch (at start and on reload).
  void setPlaybooks(std::vector<std::shared_ptr<const Playbook>> playbooks);

  void start();
  void stop();

  // Starts the schedule runs that are due now and plans the next; the timer
  // calls it, tests call it after moving their clock.
  void poll();

  // Condition triggers: call with every new sample.
  void onSnapshot(const collectors::SnapshotPtr& snapshot);

  struct AlertOutcome {
    std::vector<std::string> runIds;
    std::vector<std::string> errors;  // run requests the engine refused
    bool busy = false;  // one was refused for too many runs pending (ErrorKind::busy)
  };
  AlertOutcome onAlerts(const std::vector<Alert>& alerts);
  std::size_t seenAlertCount() const { return seenAlerts_.size(); }

  // When the playbook's schedule triggers fire next (the earliest).
  std::optional<Clock::WallTime> nextRun(std::string_view playbook) const;

 private:
  struct ScheduleState;
  struct ConditionState;

  void armSchedules();
  void planNext(ScheduleState& state, Clock::WallTime after);
  void submit(const Playbook& playbook, TriggerInfo trigger);
  void forgetOldestAlert();

  SystemAccess& system_;
  Engine& engine_;
  std::optional<TimeZone> zone_;
  std::optional<BusinessCalendar> calendar_;
  std::string jitterSeed_;
  std::vector<std::shared_ptr<const Playbook>> playbooks_;
  std::vector<std::unique_ptr<ScheduleState>> schedules_;
  std::map<std::string, std::unique_ptr<ConditionState>> conditions_;  // by playbook#trigger
  // Alert identity -> when first seen; at most kMaxSeenAlerts, the oldest
  // forgotten first.
  std::map<std::string, Clock::WallTime> seenAlerts_;
  std::size_t maxSeenAlerts_;
  boost::asio::steady_timer timer_;
  bool running_ = false;
};

}  // namespace unyo::playbooks
