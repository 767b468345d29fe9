#!/usr/bin/env bash
# Remote write cost of unyo against Debian's prometheus-node-exporter scraped
# by Debian's vmagent (and by Prometheus in agent mode), side by side in one
# run: the same host, the same collectors, the same receiver.
#
#   tests/bench/push_vs_vmagent.sh [--steady SECONDS] [--outage SECONDS] [--interval SECONDS]
#                                  [--unyo PATH] [--down refuse|503] [--drain-timeout SECONDS]
#                                  [--rounds N] [--no-prometheus-agent]
#
#   --steady    the steady-state window (default 300)
#   --outage    how long the receiver is away (default 600); halfway through,
#               every agent is killed with SIGKILL and started again
#   --interval  sampling / scrape interval (default 15)
#   --unyo      the unyo binary (or UNYO_BIN=...; default: build the release
#               preset and use build/release/agent/unyo)
#   --down      how the receiver is away: refuse (connections refused, as a
#               stopped receiver; default) or 503 (it answers 503)
#   --drain-timeout  how long to wait for the backlogs after the outage
#               (default: the outage length, at least 600)
#   --rounds    the steady window's CPU is also read in N equal parts, to
#               show the spread of a shared machine (default 5)
#   KEEP_WORK=1 keeps the work folder (logs, the proxies' request logs, what
#               the receiver returned) and prints where it is
#
# The receiver is a local Prometheus (--web.enable-remote-write-receiver,
# out-of-order window 1h, so a backlog sent out of order is kept as
# VictoriaMetrics would keep it). Every sender talks to it through its own
# byte-counting proxy (tests/bench/byte_counting_proxy.py), which counts
# request bytes and the samples in them (it decodes the snappy body) and
# plays the outage by refusing connections.
#
# Senders (each with the same identity labels on every series):
#   unyo           one process: collectors plus remote write, every
#                  collectors.interval
#   vmagent        node_exporter (the collectors of scrape_vs_node_exporter.sh)
#                  scraped by vmagent, queue in -remoteWrite.tmpDataPath
#   promagent      a second node_exporter scraped by Prometheus in agent mode
#
# Steady window: CPU (schedstat of every thread; utime+stime as a check) of
# unyo alone against node_exporter plus its scraper, per sample that
# reached the receiver (counted on the wire by the proxy); request bytes per
# sample; peak RSS (VmHWM). Outage: the time from the receiver's return to
# the last request carrying a sample taken before it (the backlog drained),
# and the gaps at the receiver across the outage: ticks of
# node_boot_time_seconds missing, and missing ticks summed over all series.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../packaging/dev/lib.sh"

steady=300
outage=600
interval=15
unyo=${UNYO_BIN:-}
down_mode=refuse
drain_timeout=""
rounds=5
prometheus_agent=1
while [ $# -gt 0 ]; do
  case "$1" in
    --steady) steady=$2; shift 2 ;;
    --outage) outage=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --unyo) unyo=$2; shift 2 ;;
    --down) down_mode=$2; shift 2 ;;
    --drain-timeout) drain_timeout=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-prometheus-agent) prometheus_agent=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$down_mode" in refuse|503) ;; *) echo "--down is refuse or 503, got $down_mode" >&2; exit 2 ;; esac
[ -n "$drain_timeout" ] || drain_timeout=$(( outage > 600 ? outage : 600 ))

# Debian 12: prometheus (receiver and agent mode), prometheus-node-exporter,
# victoria-metrics (/usr/bin/vmagent).
unyo_install_packages prometheus prometheus-node-exporter victoria-metrics python3 curl
for tool in prometheus prometheus-node-exporter vmagent python3 curl; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: apt-get install prometheus prometheus-node-exporter victoria-metrics python3 curl" >&2
    exit 1
  }
done
if [ -z "$unyo" ]; then
  unyo_install_packages "${UNYO_BUILD_PACKAGES[@]}"
  unyo_build release >/dev/null
  unyo="$UNYO_ROOT/build/release/agent/unyo"
fi
[ -x "$unyo" ] || { echo "no unyo binary at $unyo (--unyo PATH)" >&2; exit 1; }

work=$(mktemp -d)
declare -A pid=()
cleanup() {
  local p
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP_WORK:-}" ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }
now() { date +%s.%N; }
log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

senders=(unyo vmagent)
[ "$prometheus_agent" = 1 ] && senders+=(promagent)
host=$(hostname)
receiver_port=$(free_port)
declare -A proxy_port=() control_port=()
for s in "${senders[@]}"; do proxy_port[$s]=$(free_port); control_port[$s]=$(free_port); done
unyo_port=$(free_port); ne_port=$(free_port); ne2_port=$(free_port)
vmagent_port=$(free_port); promagent_port=$(free_port)

# --- the receiver --------------------------------------------------------
cat >"$work/receiver.yml" <<YAML
global: {scrape_interval: ${interval}s}
storage:
  tsdb:
    out_of_order_time_window: 1h
YAML
prometheus --config.file="$work/receiver.yml" --storage.tsdb.path="$work/receiver" \
  --web.listen-address="127.0.0.1:$receiver_port" --web.enable-remote-write-receiver \
  >"$work/receiver.log" 2>&1 &
pid[receiver]=$!
wait_up "http://127.0.0.1:$receiver_port/-/ready" || { cat "$work/receiver.log"; exit 1; }
for s in "${senders[@]}"; do
  python3 "$UNYO_ROOT/tests/bench/byte_counting_proxy.py" "${proxy_port[$s]}" "${control_port[$s]}" \
    "http://127.0.0.1:$receiver_port" >"$work/proxy-$s.log" 2>&1 &
  pid[proxy-$s]=$!
  wait_up "http://127.0.0.1:${control_port[$s]}/stats" || { cat "$work/proxy-$s.log"; exit 1; }
done
write_url() { echo "http://127.0.0.1:${proxy_port[$1]}/api/v1/write"; }

# --- the senders ---------------------------------------------------------
# The collectors of scrape_vs_node_exporter.sh; services off in unyo (no
# counterpart in node_exporter's set).
ne_flags=(--collector.disable-defaults --collector.cpu --collector.diskstats --collector.filesystem
  --collector.loadavg --collector.meminfo --collector.netdev --collector.pressure
  --collector.stat --collector.time --collector.uname)
prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" "${ne_flags[@]}" >"$work/ne.log" 2>&1 &
pid[ne]=$!
if [ "$prometheus_agent" = 1 ]; then
  prometheus-node-exporter --web.listen-address="127.0.0.1:$ne2_port" "${ne_flags[@]}" >"$work/ne2.log" 2>&1 &
  pid[ne2]=$!
fi

# The labels unyo puts on every pushed series, given to the scrapers as
# target labels, so every sender carries the same set. min_interval equals
# the interval: a read of /metrics more than min_interval after the last
# sample takes a new one, and this script reads unyo's counters every
# second while the backlog drains; an agent that only pushes is read by no
# one, and its samples should be the periodic ones.
cat >"$work/unyo.yaml" <<YAML
identity: {lg_code: "131016", system: resident_registry, environment: production, vendor: "A", csp: aws}
web: {listen_address: "127.0.0.1:$unyo_port"}
collectors: {interval: ${interval}s, min_interval: ${interval}s, disabled: [services]}
state: {dir: $work/unyo-state}
remote_write:
  - url: $(write_url unyo)
YAML
target_labels="{instance: \"$host\", lg_code: \"131016\", prefecture: \"13\", system: resident_registry, environment: production, vendor: \"A\", csp: aws}"
cat >"$work/vmagent.yml" <<YAML
global: {scrape_interval: ${interval}s}
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$ne_port']
        labels: $target_labels
YAML
cat >"$work/promagent.yml" <<YAML
global: {scrape_interval: ${interval}s}
scrape_configs:
  - job_name: node-pa
    static_configs:
      - targets: ['127.0.0.1:$ne2_port']
        labels: $target_labels
remote_write:
  - url: $(write_url promagent)
YAML

# Each sender's job label at the receiver, the URL of its own metrics.
declare -A job=([unyo]=unyo [vmagent]=node [promagent]=node-pa)
declare -A metrics_url=([unyo]="http://127.0.0.1:$unyo_port/metrics"
  [vmagent]="http://127.0.0.1:$vmagent_port/metrics" [promagent]="http://127.0.0.1:$promagent_port/metrics")
# The exporter whose CPU and memory count with each sender ("" for unyo).
declare -A exporter=([unyo]="" [vmagent]=ne [promagent]=ne2)

start() {
  case "$1" in
    unyo)
      "$unyo" run --config "$work/unyo.yaml" >>"$work/unyo.log" 2>&1 & ;;
    vmagent)
      vmagent -promscrape.config="$work/vmagent.yml" -remoteWrite.url="$(write_url vmagent)" \
        -remoteWrite.tmpDataPath="$work/vmagent-queue" -httpListenAddr="127.0.0.1:$vmagent_port" \
        >>"$work/vmagent.log" 2>&1 & ;;
    promagent)
      prometheus --enable-feature=agent --config.file="$work/promagent.yml" \
        --storage.agent.path="$work/promagent-wal" --web.listen-address="127.0.0.1:$promagent_port" \
        >>"$work/promagent.log" 2>&1 & ;;
  esac
  pid[$1]=$!
  wait_up "${metrics_url[$1]}" || { cat "$work/$1.log"; exit 1; }
}
for s in "${senders[@]}"; do start "$s"; done
wait_up "http://127.0.0.1:$ne_port/metrics" || { cat "$work/ne.log"; exit 1; }

# --- readings ------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
# CPU µs of a process: its threads' time on CPU (/proc/PID/task/*/schedstat,
# ns, as scrape_vs_node_exporter.sh reads it), and utime + stime
# (/proc/PID/stat, clock ticks, threads that ended included) as a check.
cpu_us() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s / 1000}'; }
tick_us() { sed 's/^.*) //' /proc/"$1"/stat | awk -v hz="$clk_tck" '{printf "%.0f", ($12 + $13) * 1e6 / hz}'; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' /proc/"$1"/status; }
# CPU µs (schedstat, ticks), peak RSS kB and private RSS kB of a sender
# with its exporter.
pair() {
  local s=$1 c t r a p
  p=${pid[$s]}
  c=$(cpu_us "$p"); t=$(tick_us "$p"); r=$(status_kb "$p" VmHWM); a=$(status_kb "$p" RssAnon)
  if [ -n "${exporter[$s]}" ]; then
    p=${pid[${exporter[$s]}]}
    c=$(( c + $(cpu_us "$p") )); t=$(( t + $(tick_us "$p") ))
    r=$(( r + $(status_kb "$p" VmHWM) )); a=$(( a + $(status_kb "$p" RssAnon) ))
  fi
  echo "$c $t $r $a"
}
proxy_stats() { curl -sf "http://127.0.0.1:${control_port[$1]}/stats"; }
# The sum of a sender's metric(s) matching an extended regex on the name.
metric() {
  curl -sf "${metrics_url[$1]}" | awk -v re="$2" '
    /^#/ {next}
    { name = $1; sub(/\{.*/, "", name); if (name ~ "^(" re ")$") s += $NF }
    END {printf "%.0f", s}'
}
# What a sender still has to send: samples (unyo, Prometheus) or bytes
# and in-memory blocks (vmagent).
pending() {
  case "$1" in
    unyo) metric unyo unyo_remote_write_pending_samples ;;
    vmagent) metric vmagent 'vmagent_remotewrite_pending_data_bytes|vmagent_remotewrite_pending_inmemory_blocks' ;;
    promagent) metric promagent prometheus_remote_storage_samples_pending ;;
  esac
}
# Samples the sender itself counts as sent (a cross-check of the proxy).
own_samples() {
  case "$1" in
    unyo) metric unyo unyo_remote_write_samples_total ;;
    vmagent) metric vmagent vmagent_remotewrite_block_size_rows_sum ;;
    promagent) metric promagent 'prometheus_remote_storage_samples_total' ;;
  esac
}
# CPU and memory (read first when a window starts, last when it ends, so
# the reads of the senders' metrics pages fall outside it), then counts.
cpu_snapshot() {  # FILE
  local s
  echo "t $(now)" >"$1"
  for s in "${senders[@]}"; do echo "$s $(pair "$s")" >>"$1"; done
}
count_snapshot() {  # FILE
  local s
  : >"$1"
  for s in "${senders[@]}"; do echo "$s $(own_samples "$s") $(proxy_stats "$s" | tr -d ' \n')" >>"$1"; done
}

# --- steady state --------------------------------------------------------
warmup=$(( 2 * interval + 5 ))
log "senders up (${senders[*]}); warming up ${warmup}s, then a ${steady}s steady window in $rounds rounds"
sleep "$warmup"
count_snapshot "$work/steady0.counts"
cpu_snapshot "$work/cpu0"
for k in $(seq "$rounds"); do
  sleep "$(awk -v s="$steady" -v r="$rounds" 'BEGIN {printf "%.3f", s / r}')"
  cpu_snapshot "$work/cpu$k"
done
count_snapshot "$work/steady1.counts"

# --- the outage, with a restart in it -------------------------------------
log "receiver away for ${outage}s ($down_mode); every agent killed (SIGKILL) and restarted after $(( outage / 2 ))s"
t_down=$(now)
for s in "${senders[@]}"; do curl -sf -XPOST "http://127.0.0.1:${control_port[$s]}/down?mode=$down_mode" >/dev/null; done
sleep $(( outage / 2 ))
{
  for s in "${senders[@]}"; do kill -9 "${pid[$s]}"; done
  for s in "${senders[@]}"; do wait "${pid[$s]}" || true; done
} 2>/dev/null
t_kill=$(now)
for s in "${senders[@]}"; do start "$s"; done
sleep "$(awk -v d="$t_down" -v o="$outage" -v n="$(now)" 'BEGIN {x = d + o - n; printf "%.3f", (x > 0 ? x : 0)}')"
t_up=$(now)
for s in "${senders[@]}"; do curl -sf -XPOST "http://127.0.0.1:${control_port[$s]}/up" >/dev/null; done
log "receiver back; waiting for the backlogs (at most ${drain_timeout}s)"

# Drained: nothing pending and a sample taken after the return delivered.
# Then a settle period longer than vmagent's longest retry backoff (1 min)
# for blocks its workers hold outside the pending gauges.
declare -A drained_seen=()
t_deadline=$(awk -v u="$t_up" -v t="$drain_timeout" 'BEGIN {printf "%.3f", u + t}')
while :; do
  all=1
  for s in "${senders[@]}"; do
    [ -n "${drained_seen[$s]:-}" ] && continue
    if [ "$(pending "$s" 2>/dev/null || echo 1)" = 0 ] &&
       curl -sf "http://127.0.0.1:${control_port[$s]}/requests" |
         python3 -c 'import json,sys; t=float(sys.argv[1])*1000; sys.exit(0 if any(r[1]//100==2 and r[5] is not None and r[5]>t for r in map(json.loads, sys.stdin)) else 1)' "$t_up"; then
      drained_seen[$s]=$(now)
      log "$s: nothing pending after $(awk -v a="${drained_seen[$s]}" -v u="$t_up" 'BEGIN {printf "%.0f", a - u}')s"
    else
      all=0
    fi
  done
  [ "$all" = 1 ] && break
  if awk -v n="$(now)" -v d="$t_deadline" 'BEGIN {exit !(n > d)}'; then log "drain timeout"; break; fi
  sleep 1
done
settle=$(( 4 * interval > 75 ? 4 * interval : 75 ))
sleep "$settle"
t_end=$(now)
cpu_snapshot "$work/cpu-end"

# --- the receiver's view of the outage -----------------------------------
query() { curl -sf --get "http://127.0.0.1:$receiver_port/api/v1/query" --data-urlencode "query=$1" --data-urlencode "time=$2"; }
range_s=$(awk -v e="$t_end" -v d="$t_down" -v i="$interval" 'BEGIN {printf "%.0f", e - d + 4 * i}')
for s in "${senders[@]}"; do
  query "{job=\"${job[$s]}\"}[${range_s}s]" "$t_end" >"$work/received-$s.json"
  curl -sf "http://127.0.0.1:${control_port[$s]}/requests" >"$work/requests-$s.jsonl"
  echo "${drained_seen[$s]:-}" >"$work/drained-$s"
done
{ grep -E 'remote write' "$work/unyo.log" || true; } >"$work/unyo-remote-write.log"

python3 - "$work" "$interval" "$steady" "$outage" "$rounds" "$t_down" "$t_kill" "$t_up" "$t_end" \
  "$down_mode" "${senders[@]}" <<'PY'
import json, sys, os, statistics
work, interval, steady, outage = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rounds = int(sys.argv[5])
t_down, t_kill, t_up, t_end = map(float, sys.argv[6:10])
down_mode = sys.argv[10]
senders = sys.argv[11:]
names = {"unyo": "unyo", "vmagent": "node_exporter+vmagent", "promagent": "node_exporter+prom agent"}

def cpu_file(name):
    out = {}
    for line in open(os.path.join(work, name)):
        s, *v = line.split()
        out[s] = float(v[0]) if s == "t" else dict(cpu=int(v[0]), ticks=int(v[1]), rss=int(v[2]), anon=int(v[3]))
    return out

def count_file(name):
    out = {}
    for line in open(os.path.join(work, name)):
        s, own, stats = line.split(" ", 2)
        out[s] = dict(own=int(own), proxy=json.loads(stats))
    return out

cpus = [cpu_file(f"cpu{k}") for k in range(rounds + 1)]
a, b, end = count_file("steady0.counts"), count_file("steady1.counts"), cpu_file("cpu-end")
t0, t1 = cpus[0]["t"], cpus[-1]["t"]
row = {}
for s in senders:
    pa, pb = a[s]["proxy"], b[s]["proxy"]
    d = lambda k: pb[k] - pa[k]
    samples = d("ok_samples")
    cpu = cpus[-1][s]["cpu"] - cpus[0][s]["cpu"]
    reqs = [json.loads(l) for l in open(os.path.join(work, f"requests-{s}.jsonl")) if l.strip()]
    # Samples per tick: the window's samples over the distinct sample
    # timestamps in it (a window holds a whole number of each sender's
    # ticks, a different number depending on its phase); CPU per sample is
    # then the CPU rate over the sample rate, free of that edge effect.
    window = [q for q in reqs if t0 <= q[0] < t1 and q[1] // 100 == 2 and q[3]]
    ticks = len({q[5] for q in window} | {q[4] for q in window}) or float("nan")
    r = row[s] = {}
    r["series"] = sum(q[3] for q in window) / ticks
    rate = r["series"] / interval  # samples per second
    r["rounds"] = [(cpus[k][s]["cpu"] - cpus[k - 1][s]["cpu"]) / (cpus[k]["t"] - cpus[k - 1]["t"]) / rate
                   for k in range(1, rounds + 1)]
    r["cpu_us"] = (cpu / (t1 - t0)) / rate
    r["cpu_ms"] = cpu / 1000
    r["tick_ms"] = (cpus[-1][s]["ticks"] - cpus[0][s]["ticks"]) / 1000
    r["samples"] = samples
    r["own"] = b[s]["own"] - a[s]["own"]
    r["bytes"] = d("ok_body_bytes") / samples if samples else float("nan")
    r["wire"] = (d("body_bytes") + d("header_bytes")) / samples if samples else float("nan")
    r["reqs"] = d("requests") / ticks
    r["conns"] = d("connections") / d("requests") if d("requests") else float("nan")
    r["rss"] = cpus[-1][s]["rss"] / 1024
    r["anon"] = cpus[-1][s]["anon"] / 1024
    r["rss_after"] = end[s]["rss"] / 1024
    # The outage, from the wire: requests after the return carrying samples
    # taken before it.
    backlog = [q for q in reqs if q[0] >= t_up and q[1] // 100 == 2 and q[4] is not None and q[4] < t_up * 1000]
    r["drain"] = (max(q[0] for q in backlog) - t_up) if backlog else 0.0
    r["first_after"] = (min(q[0] for q in reqs if q[0] >= t_up) - t_up) if any(q[0] >= t_up for q in reqs) else float("nan")
    r["backlog"] = sum(q[3] for q in backlog)
    r["backlog_oldest"] = (min(q[4] for q in backlog) / 1000 - t_down) if backlog else float("nan")
    r["rejected"] = sum(q[3] or 0 for q in reqs if q[0] >= t_up and q[1] // 100 == 4)
    # At the receiver, from a tick before the outage to the end: per series,
    # the ticks missing between its samples (a series first seen after the
    # outage began, or last seen before its end, counts only inside).
    got = json.load(open(os.path.join(work, f"received-{s}.json")))["data"]["result"]
    missing_all, heartbeat, gaps, in_outage, gapped = 0, None, [], 0, {}
    for series in got:
        ts = sorted(float(t) for t, _ in series["values"])
        in_outage += sum(1 for t in ts if t_down <= t < t_up)
        missing = 0
        for x, y in zip(ts, ts[1:]):
            n = round((y - x) / interval) - 1
            if n > 0:
                missing += n
                if series["metric"].get("__name__") == "node_boot_time_seconds":
                    gaps.append(f"{n} ticks from +{x - t_down:.0f}s")
        missing_all += missing
        if missing:
            name = series["metric"].get("__name__", "")
            gapped[name] = gapped.get(name, 0) + 1
        if series["metric"].get("__name__") == "node_boot_time_seconds":
            heartbeat = missing
            if t_end - ts[-1] > 2 * interval:
                gaps.append(f"none after +{ts[-1] - t_down:.0f}s")
    r["missing"] = heartbeat if heartbeat is not None else float("nan")
    r["gaps"] = ", ".join(gaps) if gaps else "none"
    r["lost"] = missing_all
    r["gapped"] = ", ".join(f"{n} ({c})" for n, c in sorted(gapped.items())[:4]) + (" ..." if len(gapped) > 4 else "") if gapped else "none"
    r["outage_received"] = in_outage
    r["outage_expected"] = r["series"] * outage / interval
    dr = open(os.path.join(work, f"drained-{s}")).read().strip()
    r["pending_zero"] = float(dr) - t_up if dr else float("nan")

cols = senders
print()
hdr = f"{'':40s}" + "".join(f"{names[s]:>26s}" for s in cols) + "".join(f"{'ratio vs ' + ('vmagent' if s == 'vmagent' else 'prom agent'):>20s}" for s in cols[1:])
print(hdr)
def line(label, key, fmt, ratio=True):
    vals = [row[s][key] for s in cols]
    text = f"{label:40s}" + "".join(f"{format(v, fmt):>26s}" for v in vals)
    if ratio:
        for s in cols[1:]:
            other = row[s][key]
            text += f"{(row['unyo'][key] / other if other else float('nan')):>20.3f}"
    print(text)
line("CPU us per sample pushed", "cpu_us", ".2f")
line("CPU ms in the window (with exporter)", "cpu_ms", ".1f")
line("  utime+stime ms (10 ms ticks)", "tick_ms", ".0f")
line("samples pushed in the window (wire)", "samples", ".0f")
line("  the sender's own count", "own", ".0f", False)
line("series per tick", "series", ".1f")
line("requests per tick", "reqs", ".2f")
line("new connections per request", "conns", ".2f", False)
line("bytes per sample (request bodies)", "bytes", ".2f")
line("bytes per sample (with HTTP headers)", "wire", ".2f")
line("peak RSS MB (steady)", "rss", ".1f")
line("private RSS MB (steady)", "anon", ".1f")
line("peak RSS MB (restart to drained)", "rss_after", ".1f")
line("first request after return, s", "first_after", ".1f", False)
line("backlog drained after, s", "drain", ".1f", False)
line("  own pending gauge at 0 after, s", "pending_zero", ".1f", False)
line("backlog samples sent after return", "backlog", ".0f", False)
line("  oldest, s after the outage began", "backlog_oldest", ".0f", False)
line("samples refused (4xx) after return", "rejected", ".0f", False)
line("outage samples at receiver", "outage_received", ".0f", False)
line("  expected (series x ticks)", "outage_expected", ".0f", False)
line("ticks missing (node_boot_time_seconds)", "missing", ".0f", False)
line("samples lost (all series' gaps)", "lost", ".0f", False)
for s in cols:
    print(f"  {names[s]}: node_boot_time_seconds gaps: {row[s]['gaps']}; series with gaps: {row[s]['gapped']}")
for s in cols[1:]:
    ratios = [u / o for u, o in zip(row["unyo"]["rounds"], row[s]["rounds"])]
    print(f"CPU per sample, unyo / {names[s]}, by round: " + ", ".join(f"{x:.3f}" for x in ratios)
          + f" (median {statistics.median(ratios):.3f})")
print(f"\nsteady window {steady:.0f}s, interval {interval:.0f}s; outage {outage:.0f}s ({down_mode}), "
      f"SIGKILL + restart at +{t_kill - t_down:.0f}s; CPU of the agent (and its exporter)")
print("targets: CPU per sample <= 0.25x node_exporter+vmagent, bytes per sample <= vmagent's, "
      "no samples lost across the outage")
PY
if [ -s "$work/unyo-remote-write.log" ]; then
  echo; echo "unyo's remote write log lines:"; sed 's/^/  /' "$work/unyo-remote-write.log" | head -20
fi
