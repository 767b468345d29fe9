// The `wait` action.

#include "playbooks/actions/wait_action.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/duration.h"

namespace unyo::playbooks {
namespace {

class WaitAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    const WithReader with(request.with);
    if (!with.has("duration")) co_return ActionResult::failure("\"duration\" is required");
    auto duration = with.duration("duration");
    if (!duration) co_return ActionResult::failure(duration.error().message);
    const std::string text = formatDuration(*duration);
    if (*duration > request.timeout) {
      co_return ActionResult::failure("\"duration\": " + text +
                                      " is longer than the step timeout " +
                                      formatDuration(request.timeout));
    }
    ActionResult result;
    result.output.set("duration_ms", static_cast<std::int64_t>(duration->count()));
    if (request.dryRun) {
      result.summary = "would wait " + text;
      co_return result;
    }
    // Destroying the waiting coroutine (the run is abandoned) cancels the timer.
    boost::asio::steady_timer timer(system.executor, *duration);
    boost::system::error_code ec;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    if (ec) co_return ActionResult::failure("wait cancelled: " + ec.message(), result.output);
    result.summary = "waited " + text;
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeWaitAction() { return std::make_unique<WaitAction>(); }

const ActionDescriptor& waitActionDescriptor() {
  static const ActionDescriptor descriptor{
      "wait",
      "Pause the run for a duration",
      {{"duration", ParamKind::duration, true}},
      &makeWaitAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
