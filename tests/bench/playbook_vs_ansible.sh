#!/usr/bin/env bash
# The same routine job as an Ansible playbook (Debian's ansible-core,
# connection: local) and as a unyo playbook, side by side:
#   purge logs older than 30 days, check disk headroom, health-check a local
#   HTTP endpoint — on 200 old plus 20 new files.
# Then a 100,000-file cleanup with unyo alone: files per second, peak RSS.
#
#   tests/bench/playbook_vs_ansible.sh [UNYO_ROUNDS=5] [ANSIBLE_ROUNDS=2] [BIG_FILES=100000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../packaging/dev/lib.sh"

unyo_rounds=${1:-5}
ansible_rounds=${2:-2}
big_files=${3:-100000}

unyo_install_packages "${UNYO_BUILD_PACKAGES[@]}" ansible-core python3 time bc curl
unyo_build release >/dev/null
unyo="$UNYO_ROOT/build/release/agent/unyo"

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A local HTTP endpoint to health-check.
mkdir -p "$work/www" && echo ok >"$work/www/index.html"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server_pid=$!
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

logs="$work/logs"
make_logs() {
  rm -rf "$logs" && mkdir -p "$logs"
  (cd "$logs" && seq -f 'old-%03g.log' 1 200 | xargs touch -d '60 days ago' &&
    seq -f 'new-%03g.log' 1 20 | xargs touch)
}

cat >"$work/job.yml" <<YAML
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: find logs older than 30 days
      ansible.builtin.find: {paths: "$logs", patterns: "*.log", age: 30d}
      register: old
    - name: purge them
      ansible.builtin.file: {path: "{{ item.path }}", state: absent}
      loop: "{{ old.files }}"
    - name: disk headroom
      ansible.builtin.command: stat -f -c '%a %b' "$logs"
      register: fs
      changed_when: false
    - name: at least 1% free
      ansible.builtin.assert:
        that: (fs.stdout.split()[0] | int) / (fs.stdout.split()[1] | int) > 0.01
    - name: health check
      ansible.builtin.uri: {url: "http://127.0.0.1:$port/", status_code: 200}
YAML

mkdir -p "$work/playbooks"
cat >"$work/playbooks/job.yaml" <<YAML
name: job
steps:
  - id: purge
    action: file.cleanup
    with: {path: "$logs", pattern: "*.log", older_than: 30d}
  - id: space
    action: disk.check
    with: {path: "$logs", max_used_ratio: 0.99}
  - id: health
    action: http.check
    with: {url: "http://127.0.0.1:$port/"}
YAML
cat >"$work/unyo.yaml" <<YAML
identity: {lg_code: "131016", system: other}
playbooks: {paths: [$work/playbooks]}
state: {dir: $work/state}
YAML

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$work/unyo.times"
for _ in $(seq "$unyo_rounds"); do
  make_logs
  t0=$(now); "$unyo" --config "$work/unyo.yaml" playbook run job >"$work/unyo.out" 2>&1; t1=$(now)
  [ "$(ls "$logs" | wc -l)" -eq 20 ] || { cat "$work/unyo.out"; echo "unyo did not purge" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l >>"$work/unyo.times"
done

: >"$work/ansible.times"
for _ in $(seq "$ansible_rounds"); do
  make_logs
  t0=$(now)
  ANSIBLE_NOCOLOR=1 ansible-playbook -i localhost, "$work/job.yml" >"$work/ansible.out" 2>&1 ||
    { cat "$work/ansible.out"; exit 1; }
  t1=$(now)
  [ "$(ls "$logs" | wc -l)" -eq 20 ] || { echo "ansible did not purge" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l >>"$work/ansible.times"
done

u=$(median <"$work/unyo.times")
a=$(median <"$work/ansible.times")
printf '%-46s %10s\n' "" "wall s"
printf '%-46s %10.3f\n' "ansible-playbook (median of $ansible_rounds)" "$a"
printf '%-46s %10.3f\n' "unyo playbook run (median of $unyo_rounds)" "$u"
printf '%-46s %10.1fx  (target >= 100x)\n' "unyo is faster by" "$(echo "$a / $u" | bc -l)"

# The big cleanup: one unyo run over $big_files old files.
rm -rf "$logs" && mkdir -p "$logs"
(cd "$logs" && seq -f 'f%06g.log' 1 "$big_files" | xargs touch -d '60 days ago')
sed -i 's/older_than: 30d}/older_than: 30d, max_delete: 1000000}/' "$work/playbooks/job.yaml"
t0=$(now)
/usr/bin/time -f '%M' -o "$work/rss" "$unyo" --config "$work/unyo.yaml" playbook run job \
  >"$work/big.out" 2>&1 || { cat "$work/big.out"; exit 1; }
t1=$(now)
left=$(ls "$logs" | wc -l)
secs=$(echo "$t1 - $t0" | bc -l)
echo
printf '%-46s %10d files in %.2f s (%d left)\n' "unyo file.cleanup" "$big_files" "$secs" "$left"
printf '%-46s %10.0f files/s\n' "" "$(echo "$big_files / $secs" | bc -l)"
printf '%-46s %10.1f MB\n' "peak RSS" "$(echo "$(cat "$work/rss") / 1024" | bc -l)"
