#!/usr/bin/env bash
# Scrape cost of unyo against Debian's prometheus-node-exporter, side by side
# in one run, with the same collector set on the same host.
#
#   tests/bench/scrape_vs_node_exporter.sh [FRESH_SCRAPES] [BURST_SCRAPES] [ROUNDS]
#
# fresh: scrapes spaced further apart than collectors.min_interval, so every
#        scrape needs new data; all CPU the process used over the window
#        (background sampling included) divided by the number of scrapes.
# burst: back-to-back scrapes on one keep-alive connection.
# CPU is the sum of /proc/PID/task/*/schedstat (ns on CPU per thread).
# Scrapes ask for gzip, as Prometheus does. The fresh phase runs ROUNDS
# times (both servers in each round) and the median round is reported:
# a shared, noisy machine can slow one round down several times over.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../packaging/dev/lib.sh"

fresh_scrapes=${1:-30}
burst_scrapes=${2:-300}
rounds=${3:-3}
spacing=1.2   # seconds; > min_interval (1s)

unyo_install_packages "${UNYO_BUILD_PACKAGES[@]}" prometheus-node-exporter curl
unyo_build release >/dev/null

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1; }

unyo_port=$(free_port)
# services is off: node_exporter's collector set below has no per-service
# counterpart (its systemd collector talks D-Bus and is off by default), so
# leaving it on would bill unyo for work node_exporter does not do.
cat >"$work/unyo.yaml" <<YAML
identity: {lg_code: "131016", system: resident_registry}
web: {listen_address: "127.0.0.1:$unyo_port"}
collectors: {interval: 15s, min_interval: 1s, disabled: [services]}
state: {dir: $work/state}
YAML
"$UNYO_ROOT/build/release/agent/unyo" run --config "$work/unyo.yaml" 2>"$work/unyo.log" &
pids+=($!); unyo_pid=$!

ne_port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" \
  --collector.disable-defaults --collector.cpu --collector.diskstats --collector.filesystem \
  --collector.loadavg --collector.meminfo --collector.netdev --collector.pressure \
  --collector.stat --collector.time --collector.uname 2>"$work/ne.log" &
pids+=($!); ne_pid=$!

wait_up() { for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
wait_up "http://127.0.0.1:$unyo_port/metrics" || { cat "$work/unyo.log"; exit 1; }
wait_up "http://127.0.0.1:$ne_port/metrics" || { cat "$work/ne.log"; exit 1; }

cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%d", s}'; }
rss_kb() { awk '/^VmHWM:/ {print $2}' /proc/"$1"/status; }
series() { curl -s "$1" | grep -vc '^#'; }
scrape() { curl -s -o /dev/null -H 'Accept-Encoding: gzip' "$1"; }

unyo_url="http://127.0.0.1:$unyo_port/metrics"
ne_url="http://127.0.0.1:$ne_port/metrics"
for _ in 1 2 3; do scrape "$unyo_url"; scrape "$ne_url"; sleep $spacing; done

# Fresh scrapes: both processes over the same window, ROUNDS times.
: >"$work/rounds"
for round in $(seq "$rounds"); do
  u0=$(cpu_ns $unyo_pid); n0=$(cpu_ns $ne_pid)
  for _ in $(seq "$fresh_scrapes"); do
    scrape "$unyo_url"; scrape "$ne_url"; sleep $spacing
  done
  u1=$(cpu_ns $unyo_pid); n1=$(cpu_ns $ne_pid)
  echo "$(( u1 - u0 )) $(( n1 - n0 ))" >>"$work/rounds"
  awk -v r="$round" -v f="$fresh_scrapes" '{printf "round %d: fresh CPU ms/scrape unyo %.3f, node_exporter %.3f, ratio %.3f\n", r, $1/f/1e6, $2/f/1e6, $1/$2}' <(tail -1 "$work/rounds")
done
# The round with the median ratio.
read -r fu fn < <(awk '{print $1/$2, $1, $2}' "$work/rounds" | sort -g | awk -v m=$(( (rounds + 1) / 2 )) 'NR == m {print $2, $3}')

# Burst: back-to-back on one connection each.
# curl takes one -o per URL.
urls_u=(); urls_n=()
for _ in $(seq "$burst_scrapes"); do
  urls_u+=(-o /dev/null "$unyo_url"); urls_n+=(-o /dev/null "$ne_url")
done
u2=$(cpu_ns $unyo_pid)
curl -s -H 'Accept-Encoding: gzip' "${urls_u[@]}"
u3=$(cpu_ns $unyo_pid)
n2=$(cpu_ns $ne_pid)
curl -s -H 'Accept-Encoding: gzip' "${urls_n[@]}"
n3=$(cpu_ns $ne_pid)

su=$(series "$unyo_url"); sn=$(series "$ne_url")
ru=$(rss_kb $unyo_pid); rn=$(rss_kb $ne_pid)

echo
awk -v fu="$fu" -v fn="$fn" -v bu=$((u3-u2)) -v bn=$((n3-n2)) \
    -v f="$fresh_scrapes" -v b="$burst_scrapes" -v su="$su" -v sn="$sn" -v ru="$ru" -v rn="$rn" '
BEGIN {
  fu_ms = fu / f / 1e6; fn_ms = fn / f / 1e6; bu_ms = bu / b / 1e6; bn_ms = bn / b / 1e6
  printf "%-34s %14s %14s %10s\n", "", "unyo", "node_exporter", "ratio"
  printf "%-34s %14.3f %14.3f %10.3f\n", "fresh scrape CPU ms/scrape", fu_ms, fn_ms, fu_ms / fn_ms
  printf "%-34s %14.3f %14.3f %10.3f\n", "burst scrape CPU ms/scrape", bu_ms, bn_ms, bu_ms / bn_ms
  printf "%-34s %14d %14d %10.3f\n", "series per scrape", su, sn, su / sn
  printf "%-34s %14.2f %14.2f %10.3f\n", "fresh CPU us/series", fu_ms * 1000 / su, fn_ms * 1000 / sn, (fu_ms / su) / (fn_ms / sn)
  printf "%-34s %14.1f %14.1f %10.3f\n", "peak RSS MB", ru / 1024, rn / 1024, ru / rn
  printf "\nmedian of '"$rounds"' rounds of %d fresh scrapes %.1fs apart; %d burst scrapes\n", f, '"$spacing"', b
  printf "targets: fresh CPU <= 0.25x node_exporter, RSS <= 0.5x\n"
}'
