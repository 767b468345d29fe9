#!/usr/bin/env bash
# Install what is missing, build the release preset and run the agent in the
# foreground on the bundled demo config. Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

unyo_install_packages "${UNYO_BUILD_PACKAGES[@]}"
unyo_build release

config="$UNYO_ROOT/packaging/demo/unyo.yaml"
mkdir -p "$UNYO_ROOT/.unyo-demo"
echo
echo "unyo is starting with $config"
echo "  open http://127.0.0.1:9877/          status page"
echo "       http://127.0.0.1:9877/metrics   Prometheus metrics"
echo "  state is kept in $UNYO_ROOT/.unyo-demo/; press Ctrl-C to stop"
echo
exec "$UNYO_ROOT/build/release/agent/unyo" run --config "$config"
