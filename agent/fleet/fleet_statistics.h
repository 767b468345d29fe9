#pragma once

// The spread of one number (yen per resident) across municipalities:
// quartiles and Tukey's fences, which flag the municipalities a prefecture
// asks its vendors about.

#include <optional>
#include <vector>

namespace unyo::agent {

struct Quartiles {
  double q1 = 0;
  double median = 0;
  double q3 = 0;
  double iqr() const { return q3 - q1; }
};

// Linear interpolation between the sorted values (Hyndman & Fan type 7: what
// Excel's QUARTILE.INC, R's default and NumPy's default give, so a reader
// can check the numbers in a spreadsheet). Nullopt for no values; NaN and
// infinities are ignored.
std::optional<Quartiles> quartiles(std::vector<double> values);

// Outside [Q1 - 1.5 x IQR, Q3 + 1.5 x IQR].
struct TukeyFences {
  double lower = 0;
  double upper = 0;
};
TukeyFences tukeyFences(const Quartiles& q);

enum class Outlier { none, low, high };
Outlier classify(double value, const TukeyFences& fences);

}  // namespace unyo::agent
