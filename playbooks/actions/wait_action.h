#pragma once

// `wait`: pauses the run for `duration` on a timer of the event loop.
//
//   with: {duration: 30s}

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeWaitAction();
const ActionDescriptor& waitActionDescriptor();

}  // namespace unyo::playbooks
