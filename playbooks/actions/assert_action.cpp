// The `assert` action.

#include "playbooks/actions/assert_action.h"

#include "playbooks/expression/expression.h"

namespace unyo::playbooks {
namespace {

Value resultValue(const ExprResult& result) {
  switch (result.kind) {
    case ExprResult::Kind::string:
      return Value(result.text);
    case ExprResult::Kind::vector:
      return Value(static_cast<std::int64_t>(result.series.size()));
    case ExprResult::Kind::scalar:
      break;
  }
  return Value(result.scalar);
}

class AssertAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    co_return check(request, system);
  }

 private:
  static ActionResult check(const ActionRequest& request, SystemAccess& system) {
    const WithReader with(request.with);
    auto that = with.requiredString("that");
    if (!that) return ActionResult::failure(that.error().message);
    auto message = with.string("message");
    if (!message) return ActionResult::failure(message.error().message);

    Value output = Value::map();
    output.set("that", *that);
    auto expression = Expression::parse(*that);
    if (!expression) {
      return ActionResult::failure("\"that\", column " +
                                       std::to_string(expression.error().offset + 1) + ": " +
                                       expression.error().message,
                                   std::move(output));
    }
    const collectors::SnapshotPtr snapshot =
        system.latestSnapshot ? system.latestSnapshot() : nullptr;
    static const Value kEmptyScope = Value::map();
    const Value& scope = request.scope != nullptr ? *request.scope : kEmptyScope;
    auto evaluated = expression->evaluate(snapshot.get(), scope);
    if (!evaluated) {
      return ActionResult::failure("\"that\": " + evaluated.error().message, std::move(output));
    }
    output.set("value", resultValue(*evaluated));
    ActionResult result;
    result.output = std::move(output);
    if (evaluated->truthy()) {
      result.summary = "holds: " + *that;
      return result;
    }
    result.ok = false;
    result.error = message->empty() ? "assertion failed: " + *that : *message;
    result.summary = "does not hold: " + *that;
    return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeAssertAction() { return std::make_unique<AssertAction>(); }

const ActionDescriptor& assertActionDescriptor() {
  static const ActionDescriptor descriptor{
      "assert",
      "Fail the step unless an expression over step outputs, params and metrics holds",
      {
          {"that", ParamKind::string, true},
          {"message", ParamKind::string, false},
      },
      &makeAssertAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
