#!/usr/bin/env bash
# Scrape cost of unyo against Debian's prometheus-node-exporter, side by side
# in one run, with the same collector set on the same host.
#
#   tests/bench/scrape_vs_node_exporter.sh [FRESH_SCRAPES] [BURST_SCRAPES] [ROUNDS] [plain|tls]
#
# tls:   both exporters read the same web config file (TLS 1.3 only, a
#        certificate made here with openssl); scrapes keep their connection
#        alive as Prometheus does (tests/bench/tls_client.py), and a third
#        figure is the server CPU of 100 full handshakes.
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
mode=${4:-plain}
spacing=1.2   # seconds; > min_interval (1s)
handshake_count=100
case "$mode" in plain|tls) ;; *) echo "mode must be plain or tls, got $mode" >&2; exit 2 ;; esac

unyo_install_packages "${UNYO_BUILD_PACKAGES[@]}" prometheus-node-exporter curl openssl
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
scheme=http; web_flags=(); curl_tls=()
if [ "$mode" = tls ]; then
  # One CA, one server certificate for 127.0.0.1, one web config for both.
  newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${newkey[@]}" -keyout "$work/ca.key" -out "$work/ca.crt" -days 2 \
    -subj /CN=bench-ca -addext basicConstraints=critical,CA:TRUE 2>/dev/null
  openssl req "${newkey[@]}" -keyout "$work/server.key" -out "$work/server.csr" -subj /CN=bench 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$work/server.ext"
  openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -days 2 -extfile "$work/server.ext" -out "$work/server.crt" 2>/dev/null
  cat >"$work/web.yml" <<WEB
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  min_version: TLS13
WEB
  scheme=https; web_flags=(--web.config.file="$work/web.yml"); curl_tls=(--cacert "$work/ca.crt")
fi

"$UNYO_ROOT/build/release/agent/unyo" run --config "$work/unyo.yaml" ${web_flags[@]+"${web_flags[@]}"} 2>"$work/unyo.log" &
pids+=($!); unyo_pid=$!

ne_port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" \
  --collector.disable-defaults --collector.cpu --collector.diskstats --collector.filesystem \
  --collector.loadavg --collector.meminfo --collector.netdev --collector.pressure \
  --collector.stat --collector.time --collector.uname ${web_flags[@]+"${web_flags[@]}"} 2>"$work/ne.log" &
pids+=($!); ne_pid=$!

wait_up() { for _ in $(seq 100); do curl -sf ${curl_tls[@]+"${curl_tls[@]}"} -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
wait_up "$scheme://127.0.0.1:$unyo_port/metrics" || { cat "$work/unyo.log"; exit 1; }
wait_up "$scheme://127.0.0.1:$ne_port/metrics" || { cat "$work/ne.log"; exit 1; }

cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s+=$1} END {printf "%d", s}'; }
rss_kb() { awk '/^VmHWM:/ {print $2}' /proc/"$1"/status; }
# Private memory (heap, stacks): RSS without the pages of mapped files
# (executable and shared libraries), which the page cache shares.
anon_kb() { awk '/^RssAnon:/ {print $2}' /proc/"$1"/status; }
series() { curl -s ${curl_tls[@]+"${curl_tls[@]}"} "$1" | grep -vc '^#'; }
scrape() { curl -s ${curl_tls[@]+"${curl_tls[@]}"} -o /dev/null -H 'Accept-Encoding: gzip' "$1"; }
tls_client() { /usr/bin/env python3 "$UNYO_ROOT/tests/bench/tls_client.py" "$1" "$work/ca.crt" "${@:2}"; }

unyo_url="$scheme://127.0.0.1:$unyo_port/metrics"
ne_url="$scheme://127.0.0.1:$ne_port/metrics"
for _ in 1 2 3; do scrape "$unyo_url"; scrape "$ne_url"; sleep $spacing; done

# Fresh scrapes: both processes over the same window, ROUNDS times.
: >"$work/rounds"
for round in $(seq "$rounds"); do
  u0=$(cpu_ns $unyo_pid); n0=$(cpu_ns $ne_pid)
  if [ "$mode" = tls ]; then
    tls_client fresh "$fresh_scrapes" "$spacing" "$unyo_url" "$ne_url"
  else
    for _ in $(seq "$fresh_scrapes"); do
      scrape "$unyo_url"; scrape "$ne_url"; sleep $spacing
    done
  fi
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
burst() { if [ "$mode" = tls ]; then tls_client burst "$burst_scrapes" "$2"; else curl -s -H 'Accept-Encoding: gzip' "${@:3}"; fi; }
u2=$(cpu_ns $unyo_pid)
burst unyo "$unyo_url" "${urls_u[@]}"
u3=$(cpu_ns $unyo_pid)
n2=$(cpu_ns $ne_pid)
burst ne "$ne_url" "${urls_n[@]}"
n3=$(cpu_ns $ne_pid)

hu=0; hn=0
if [ "$mode" = tls ]; then
  h0=$(cpu_ns $unyo_pid); tls_client handshakes "$handshake_count" "$unyo_url"; h1=$(cpu_ns $unyo_pid)
  h2=$(cpu_ns $ne_pid); tls_client handshakes "$handshake_count" "$ne_url"; h3=$(cpu_ns $ne_pid)
  hu=$(( h1 - h0 )); hn=$(( h3 - h2 ))
fi

su=$(series "$unyo_url"); sn=$(series "$ne_url")
ru=$(rss_kb $unyo_pid); rn=$(rss_kb $ne_pid)
au=$(anon_kb $unyo_pid); an=$(anon_kb $ne_pid)

echo
awk -v fu="$fu" -v fn="$fn" -v bu=$((u3-u2)) -v bn=$((n3-n2)) -v hu="$hu" -v hn="$hn" -v hc="$handshake_count" -v mode="$mode" \
    -v f="$fresh_scrapes" -v b="$burst_scrapes" -v su="$su" -v sn="$sn" -v ru="$ru" -v rn="$rn" -v au="$au" -v an="$an" '
BEGIN {
  fu_ms = fu / f / 1e6; fn_ms = fn / f / 1e6; bu_ms = bu / b / 1e6; bn_ms = bn / b / 1e6
  printf "%-34s %14s %14s %10s\n", "", "unyo", "node_exporter", "ratio"
  printf "%-34s %14.3f %14.3f %10.3f\n", "fresh scrape CPU ms/scrape", fu_ms, fn_ms, fu_ms / fn_ms
  printf "%-34s %14.3f %14.3f %10.3f\n", "burst scrape CPU ms/scrape", bu_ms, bn_ms, bu_ms / bn_ms
  printf "%-34s %14d %14d %10.3f\n", "series per scrape", su, sn, su / sn
  printf "%-34s %14.2f %14.2f %10.3f\n", "fresh CPU us/series", fu_ms * 1000 / su, fn_ms * 1000 / sn, (fu_ms / su) / (fn_ms / sn)
  if (mode == "tls") printf "%-34s %14.3f %14.3f %10.3f\n", "TLS handshake CPU ms/handshake", hu / hc / 1e6, hn / hc / 1e6, hu / hn
  printf "%-34s %14.1f %14.1f %10.3f\n", "peak RSS MB", ru / 1024, rn / 1024, ru / rn
  printf "%-34s %14.1f %14.1f %10.3f\n", "private (anon) RSS MB at the end", au / 1024, an / 1024, au / an
  printf "\n%s; median of '"$rounds"' rounds of %d fresh scrapes %.1fs apart; %d burst scrapes\n", (mode == "tls" ? "HTTPS (TLS 1.3, keep-alive)" : "plain HTTP, a new connection per fresh scrape"), f, '"$spacing"', b
  if (mode == "tls") printf "targets: TLS fresh CPU <= 0.3x node_exporter\n"
  else printf "targets: fresh CPU <= 0.25x node_exporter, RSS <= 0.5x\n"
}'
