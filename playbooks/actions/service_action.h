#pragma once

// `service.status`, `service.start`, `service.stop`, `service.restart`:
// systemd units through `systemctl` (argv only, via the ProcessRunner).
//
//   service.status   with: {unit: app.service, expect: active|inactive}
//                    output: unit, active_state, sub_state, load_state, main_pid, active
//   service.start    changed=false when the unit was already active
//   service.stop     changed=false when the unit was already stopped
//   service.restart  always restarts
//
// A unit name without a suffix gets ".service", as systemctl itself does.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

// The one place that names the program; resolved in the child's PATH.
inline constexpr std::string_view kSystemctlProgram = "systemctl";

enum class ServiceVerb { status, start, stop, restart };

// What `systemctl show --property=ActiveState,SubState,LoadState,MainPID` says.
struct UnitStatus {
  std::string activeState;  // active, reloading, inactive, failed, activating, deactivating
  std::string subState;     // running, dead, exited, ...
  std::string loadState;    // loaded, not-found, masked, ...
  std::int64_t mainPid = 0;

  bool active() const { return activeState == "active" || activeState == "reloading"; }
  bool stopped() const { return activeState == "inactive" || activeState == "failed"; }
};

// Lines of KEY=value in any order; fails when ActiveState or LoadState is missing.
Expected<UnitStatus> parseUnitStatus(std::string_view text);

// "app" -> "app.service"; rejects what is not a unit name ([A-Za-z0-9:_.@-]+,
// not starting with '-', which systemctl would read as an option).
Expected<std::string> normalizeUnitName(std::string_view unit);

std::unique_ptr<Action> makeServiceAction(ServiceVerb verb);
const ActionDescriptor& serviceStatusActionDescriptor();
const ActionDescriptor& serviceStartActionDescriptor();
const ActionDescriptor& serviceStopActionDescriptor();
const ActionDescriptor& serviceRestartActionDescriptor();

}  // namespace unyo::playbooks
