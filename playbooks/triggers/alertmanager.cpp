#include "playbooks/triggers/alertmanager.h"

#include <nlohmann/json.hpp>

#include "base/json_limits.h"

namespace unyo::playbooks {
namespace {

using nlohmann::json;

Expected<std::map<std::string, std::string>> stringMap(const json& object, const char* what) {
  std::map<std::string, std::string> out;
  if (object.is_null()) return out;
  if (!object.is_object()) return fail(std::string(what) + " must be an object");
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string()) return fail(std::string(what) + "." + key + " must be a string");
    out[key] = value.get<std::string>();
  }
  return out;
}

}  // namespace

Expected<std::vector<Alert>> parseAlertmanagerPayload(std::string_view body) {
  // Before parsing: the parser recurses once per level of nesting.
  if (auto bounded = checkJsonLimits(body); !bounded) return std::unexpected(bounded.error());
  const json payload = json::parse(body, nullptr, false);
  if (payload.is_discarded()) return fail("the body is not JSON");
  if (!payload.is_object()) return fail("the body must be a JSON object");
  if (payload.contains("version")) {
    if (!payload["version"].is_string() || payload["version"].get<std::string>() != "4") {
      return fail("unsupported webhook payload version " + payload["version"].dump() +
                  " (Alertmanager sends \"4\")");
    }
  }
  if (!payload.contains("alerts") || !payload["alerts"].is_array()) {
    return fail("alerts must be a list");
  }
  if (payload["alerts"].size() > kMaxAlertsPerPayload) {
    return fail("more than " + std::to_string(kMaxAlertsPerPayload) +
                    " alerts in one payload (" + std::to_string(payload["alerts"].size()) +
                    "); lower Alertmanager's max_alerts for this receiver",
                ErrorKind::invalid);
  }
  std::vector<Alert> alerts;
  std::size_t index = 0;
  for (const auto& item : payload["alerts"]) {
    const std::string where = "alerts[" + std::to_string(index++) + "]";
    if (!item.is_object()) return fail(where + " must be an object");
    Alert alert;
    const json status = item.value("status", payload.value("status", json()));
    if (status != "firing" && status != "resolved") {
      return fail(where + ".status must be firing or resolved");
    }
    alert.firing = status == "firing";
    auto labels = stringMap(item.value("labels", json()), (where + ".labels").c_str());
    if (!labels) return std::unexpected(labels.error());
    alert.labels = std::move(*labels);
    auto annotations =
        stringMap(item.value("annotations", json()), (where + ".annotations").c_str());
    if (!annotations) return std::unexpected(annotations.error());
    alert.annotations = std::move(*annotations);
    if (item.contains("startsAt") && item["startsAt"].is_string()) {
      alert.startsAt = item["startsAt"].get<std::string>();
    }
    if (item.contains("fingerprint") && item["fingerprint"].is_string()) {
      alert.fingerprint = item["fingerprint"].get<std::string>();
    } else {
      for (const auto& [k, v] : alert.labels) alert.fingerprint += k + "=" + v + ",";
    }
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

}  // namespace unyo::playbooks
