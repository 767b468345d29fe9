#include "agent/fleet/prometheus_answer.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "base/json_limits.h"
#include "playbooks/net/body_excerpt.h"

namespace unyo::agent {
namespace {

using nlohmann::json;

constexpr std::size_t kExcerptBytes = 200;

// What the store sent, short and printable: an error page or a half answer.
std::string excerpt(std::string_view body) {
  std::string text = playbooks::net::utf8Excerpt(body, kExcerptBytes);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (body.size() > kExcerptBytes) text += "…";
  return text.empty() ? "(empty)" : text;
}

std::string stringField(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Sample values are strings ("123.4", "NaN", "+Inf") so they survive JSON.
std::optional<double> sampleValue(const json& value) {
  if (!value.is_array() || value.size() != 2 || !value[1].is_string()) return std::nullopt;
  const auto& text = value[1].get_ref<const std::string&>();
  if (text == "NaN" || text == "+Inf" || text == "-Inf" || text == "Inf") return NAN;
  double parsed = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return parsed;
}

Expected<PromSample> sampleOf(const json& entry) {
  if (!entry.is_object()) return fail("the store's answer has a result that is not an object");
  const auto metric = entry.find("metric");
  const auto value = entry.find("value");
  if (metric == entry.end() || !metric->is_object() || value == entry.end()) {
    return fail("the store's answer has a result without \"metric\" and \"value\"");
  }
  PromSample sample;
  for (const auto& [name, labelValue] : metric->items()) {
    if (!labelValue.is_string()) {
      return fail("the store's answer has a label \"" + excerpt(name) + "\" that is not a string");
    }
    sample.labels.emplace(name, labelValue.get<std::string>());
  }
  const auto parsed = sampleValue(*value);
  if (!parsed) return fail("the store's answer has a value that is not [time, \"number\"]");
  sample.value = *parsed;
  return sample;
}

}  // namespace

Expected<PromVector> parseVectorAnswer(std::string_view body, int httpStatus) {
  const std::string status = " (HTTP " + std::to_string(httpStatus) + ")";
  if (body.size() > kMaxAnswerBytes) {
    return fail("the store's answer is larger than " + std::to_string(kMaxAnswerBytes >> 20) +
                " MiB; narrow the report with --prefecture or --lg-code");
  }
  if (auto bounded = unyo::checkJsonLimits(body, {kMaxAnswerDepth, kMaxAnswerValues}); !bounded) {
    return fail("the store's answer is out of bounds" + status + ": " + bounded.error().message);
  }
  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded() || !answer.is_object()) {
    if (httpStatus < 200 || httpStatus > 299) {
      return fail("the store answered HTTP " + std::to_string(httpStatus) +
                  " without a Prometheus answer: " + excerpt(body));
    }
    return fail("the store's answer is not JSON" + status + ": " + excerpt(body));
  }
  const std::string state = stringField(answer, "status");
  if (state == "error") {
    const std::string type = stringField(answer, "errorType");
    return fail("the store answered an error" + (type.empty() ? "" : " (" + excerpt(type) + ")") +
                ": " + excerpt(stringField(answer, "error")));
  }
  if (state != "success") {
    return fail("the store's answer has no \"status\": \"success\"" + status + ": " +
                excerpt(body));
  }
  const auto data = answer.find("data");
  if (data == answer.end() || !data->is_object()) return fail("the store's answer has no data");
  const std::string type = stringField(*data, "resultType");
  if (type != "vector") {
    return fail("the store's answer is a " +
                (type.empty() ? "result without a type" : excerpt(type)) + ", not a vector");
  }
  const auto result = data->find("result");
  if (result == data->end() || !result->is_array()) {
    return fail("the store's answer has no data.result");
  }
  PromVector vector;
  vector.samples.reserve(result->size());
  for (const auto& entry : *result) {
    auto sample = sampleOf(entry);
    if (!sample) return std::unexpected(sample.error());
    if (std::isfinite(sample->value)) vector.samples.push_back(std::move(*sample));
  }
  if (const auto warnings = answer.find("warnings");
      warnings != answer.end() && warnings->is_array()) {
    for (const auto& w : *warnings) {
      if (w.is_string()) vector.warnings.push_back(excerpt(w.get<std::string>()));
    }
  }
  return vector;
}

}  // namespace unyo::agent
