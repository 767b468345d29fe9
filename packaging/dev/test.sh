#!/usr/bin/env bash
# Install what is missing (build dependencies; Debian's prometheus for its
# server and promtool; node_exporter, curl and openssl for the TLS tests;
# VictoriaMetrics as a second remote write receiver; python3 for the
# dashboard checker),
# build the debug preset (ASan + UBSan, -Werror) and run every unit and
# integration test. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

unyo_install_packages "${UNYO_BUILD_PACKAGES[@]}" prometheus prometheus-node-exporter victoria-metrics curl openssl python3
unyo_build debug

cd "$UNYO_ROOT"
# The packaged prometheus service is not needed; tests start their own server.
ctest --preset debug -j "$(nproc)" "$@"
