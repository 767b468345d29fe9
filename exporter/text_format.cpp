#include "exporter/text_format.h"

namespace unyo::exporter {

void appendTextFormat(std::string& out, std::span<const prometheus::MetricFamily> families) {
  (void)out;
  (void)families;
}

}  // namespace unyo::exporter
