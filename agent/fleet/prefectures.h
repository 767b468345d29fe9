#pragma once

// The 47 prefectures (JIS X 0401): the first two digits of every
// 全国地方公共団体コード, with their names in Japanese and English.

#include <optional>
#include <span>
#include <string_view>

namespace unyo::agent {

struct Prefecture {
  std::string_view code;  // "01" … "47"
  std::string_view nameJa;
  std::string_view nameEn;
};

// All 47, in code order.
std::span<const Prefecture> prefectures();

// The prefecture of a two-digit code, or of a lg_code's first two digits.
const Prefecture* findPrefecture(std::string_view code);

}  // namespace unyo::agent
