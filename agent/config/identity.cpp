#include "agent/config/identity.h"

#include <algorithm>

namespace unyo::agent {
namespace {

constexpr BusinessSystem kBusinessSystems[] = {
    {"resident_registry", "住民基本台帳", "Resident registry"},
    {"electoral_roll", "選挙人名簿管理", "Electoral roll"},
    {"fixed_asset_tax", "固定資産税", "Fixed asset tax"},
    {"individual_resident_tax", "個人住民税", "Individual resident tax"},
    {"corporate_resident_tax", "法人住民税", "Corporate resident tax"},
    {"light_vehicle_tax", "軽自動車税", "Light vehicle tax"},
    {"national_health_insurance", "国民健康保険", "National health insurance"},
    {"national_pension", "国民年金", "National pension"},
    {"disability_welfare", "障害者福祉", "Disability welfare"},
    {"late_elderly_medical", "後期高齢者医療", "Late-stage elderly medical care"},
    {"long_term_care_insurance", "介護保険", "Long-term care insurance"},
    {"child_allowance", "児童手当", "Child allowance"},
    {"health_management", "健康管理", "Health management"},
    {"school_enrollment", "就学", "School enrollment"},
    {"child_rearing_allowance", "児童扶養手当", "Child-rearing allowance"},
    {"public_assistance", "生活保護", "Public assistance"},
    {"child_support", "子ども・子育て支援", "Child and child-rearing support"},
    {"seal_registration", "印鑑登録", "Seal registration"},
    {"family_register", "戸籍", "Family register"},
    {"family_register_supplement", "戸籍の附票", "Family register supplement"},
    {"shared_platform", "共通基盤・連携基盤", "Shared infrastructure"},
    {"other", "その他", "Other"},
};

}  // namespace

std::span<const BusinessSystem> businessSystems() { return kBusinessSystems; }

const BusinessSystem* findBusinessSystem(std::string_view id) {
  auto it = std::find_if(std::begin(kBusinessSystems), std::end(kBusinessSystems),
                         [&](const BusinessSystem& s) { return s.id == id; });
  return it == std::end(kBusinessSystems) ? nullptr : &*it;
}

int lgCodeCheckDigit(std::string_view firstFiveDigits) {
  static constexpr int kWeights[] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < 5 && i < firstFiveDigits.size(); ++i) {
    sum += (firstFiveDigits[i] - '0') * kWeights[i];
  }
  return (11 - sum % 11) % 10;
}

std::optional<std::string> lgCodeProblem(std::string_view code) {
  const bool digits =
      std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (code.size() != 6 || !digits) {
    return "lg_code must be 6 digits (全国地方公共団体コード), got \"" + std::string(code) + "\"";
  }
  const int prefecture = (code[0] - '0') * 10 + (code[1] - '0');
  if (prefecture < 1 || prefecture > 47) {
    return "lg_code \"" + std::string(code) + "\" starts with prefecture " +
           std::string(code.substr(0, 2)) + "; prefecture codes run from 01 to 47";
  }
  const int expected = lgCodeCheckDigit(code.substr(0, 5));
  if (code[5] - '0' != expected) {
    return "lg_code \"" + std::string(code) + "\" has check digit " + std::string(1, code[5]) +
           ", expected " + std::to_string(expected) + " (did you mean \"" +
           std::string(code.substr(0, 5)) + std::to_string(expected) + "\"?)";
  }
  return std::nullopt;
}

Labels pushedIdentityLabels(const Identity& identity, const std::string& hostName) {
  Labels labels{{"job", "unyo"},
                {"instance", identity.instance.empty() ? hostName : identity.instance},
                {"lg_code", identity.lgCode},
                {"prefecture", prefectureOf(identity.lgCode)},
                {"system", identity.system},
                {"environment", identity.environment},
                {"vendor", identity.vendor},
                {"csp", identity.csp}};
  std::erase_if(labels, [](const Label& label) { return label.value.empty(); });
  return labels;
}

}  // namespace unyo::agent
