#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# etsnctl against the real edgetsn family: link speed override, a schedule
# set from words and read back exactly (-j), a pending admin schedule, a
# schedule file, kernel rejections shown verbatim with exit 1 (and nothing
# changed), stats that add up to what tc counted, caps, and the events
# (qdisc_new, sched_oper) seen by `etsnctl -j monitor`, which exits 0 on
# SIGINT. Every -j document is checked against docs/json.md's schema.
. "$(dirname "$0")/lib.sh"
etsnctl=$repo_top/build/etsnctl
[ -x "$etsnctl" ] || fail "$etsnctl not built (make user)"

mon_pid=
cleanup() {
	[ -n "$mon_pid" ] && kill "$mon_pid" 2>/dev/null
	drop_pair
}
trap cleanup EXIT

t() { ip netns exec talker "$etsnctl" "$@"; }

# conforms NAME FILE: FILE is etsnctl -j output of schema NAME (docs/json.md
# as tests/policy/schema.py holds it); kept, and all checked at the end by
# one python3 (a start costs seconds under TCG).
rm -rf /tmp/schema && mkdir /tmp/schema
conforms() { cp "$2" "/tmp/schema/$1.$(find /tmp/schema -type f | wc -l)"; }

# expect_reject CODE MESSAGE CMD...: exit CODE and exactly MESSAGE on stderr.
expect_reject() {
	local code=$1 msg=$2 rc=0
	shift 2
	"$@" > /tmp/out 2> /tmp/err || rc=$?
	expect_eq "exit of $*" "$code" "$rc"
	expect_eq "stderr of $*" "$msg" "$(head -n 1 /tmp/err)"
}

# A message the kernel wrote (extack), not only an errno's name.
expect_extack() {
	local rc=0 msg
	"$@" > /tmp/out 2> /tmp/err || rc=$?
	expect_eq "exit of $*" 1 "$rc"
	msg=$(head -n 1 /tmp/err)
	case "${msg#etsnctl *: }" in
	""|"No such device"|"Invalid argument"|"No such file or directory"|"Operation not supported")
		fail "$*: no kernel message: '$msg'" ;;
	esac
	case "$msg" in
	"etsnctl "*": "*) ;;
	*) fail "$*: not an etsnctl error line: '$msg'" ;;
	esac
	echo "rejected as expected: $msg"
}

load_edgetsn
make_pair

# The monitor first, proven subscribed by an event of a scratch device.
start_monitor /tmp/mon.out
grep -q '"event":"qdisc_del".*"ifname":"warm0"' /tmp/mon.out || fail "no qdisc_del for warm0"

tc -n talker qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add etsn"

# Link speed: veth reports none that guard bands can trust; override it.
t -j class set dev t0 speed 1000 > /tmp/set.json || fail "class set speed"
conforms class-set /tmp/set.json
t -j class show dev t0 > /tmp/class.json || fail "class show"
conforms class-show /tmp/class.json
check_json /tmp/class.json '
assert d["speed_override_mbps"] == 1000, d
assert len(d["map"]) == 16
assert [c["tc"] for c in d["classes"]] == list(range(8)), d["classes"]'
out=$(t class set dev t0 tc 2 limit 50 bytes 30000 preemptible max-sdu 1200) || fail "class set tc 2"
[ -z "$out" ] || fail "class set in text mode printed '$out'"
t -j class show dev t0 > /tmp/class.json
conforms class-show /tmp/class.json
check_json /tmp/class.json '
c = d["classes"][2]
assert (c["limit_frames"], c["limit_bytes"], c["preemptible"], c["max_sdu_bytes"]) == (50, 30000, True, 1200), c
assert d["speed_override_mbps"] == 1000'
t class show dev t0 | grep_q -x 'speed 1000  # Mb/s, overrides the device'"'"'s' ||
	fail "class show text: $(t class show dev t0)"

t -j caps dev t0 > /tmp/caps.json || fail "caps"
conforms caps /tmp/caps.json
case "$(uname -r)" in
6.1.*) mm=unsupported-by-kernel ;;
*) mm=unsupported-by-device ;;
esac
check_json /tmp/caps.json '
assert d["ifname"] == "t0", d
assert d["speed_override_mbps"] == 1000 and d["speed_mbps"] == 1000, d
assert d["mm_state"] == "'"$mm"'", d'
t caps dev t0 | grep_q '^  speed in use    1000 Mb/s$' || fail "caps text: $(t caps dev t0)"

# A schedule without base time starts at the next cycle boundary.
t -j sched set dev t0 cycle-time 1ms entry S 0x01 300us entry S 0xfe 700us > /tmp/set.json ||
	fail "sched set"
conforms sched-set /tmp/set.json
poll 100 sched_json_has '"oper":{' || fail "no oper schedule in 10 s: $(cat /tmp/sched.json)"
conforms sched-show /tmp/sched.json
check_json /tmp/sched.json '
o = d["oper"]
assert d["ifname"] == "t0"
assert o["clock"] == "tai" and o["cycle_time_ns"] == 1000000, o
assert [(e["op"], e["gates"], e["interval_ns"]) for e in o["entries"]] == \
	[("S", 1, 300000), ("S", 254, 700000)], o["entries"]
assert "admin" not in d, d
s = d["status"]
assert s["config_pending"] is False and s["config_change_errors"] == 0, s
assert s["current_entry"] in (0, 1) and s["gates"] in (1, 254), s
assert s["config_change_time_ns"] <= s["current_time_ns"], s
assert d["schedule_counters"]["config_changes"] == 1, d["schedule_counters"]'
t sched show dev t0 | grep_q -x '  entry S 0xfe 700000     # 1: 700us' ||
	fail "sched show text: $(t sched show dev t0)"
grep -q '"event":"qdisc_new".*"ifname":"t0"' /tmp/mon.out || fail "no qdisc_new for t0"
for i in $(seq 100); do
	grep -q '"event":"sched_oper".*"ifname":"t0"' /tmp/mon.out && break
	sleep 0.1
done
grep -q '"event":"sched_oper".*"ifname":"t0".*"time_ns":' /tmp/mon.out ||
	fail "no sched_oper event: $(cat /tmp/mon.out)"

# A schedule an hour ahead stays pending, the oper one runs on.
t sched set dev t0 base-time +3600s cycle-time 500us entry H 0x03 200us entry R 0x04 300us ||
	fail "sched set pending"
t -j sched show dev t0 > /tmp/sched.json
conforms sched-show /tmp/sched.json
check_json /tmp/sched.json '
a, s = d["admin"], d["status"]
assert s["config_pending"] is True, s
# now: kernel TAI time of the answer; under TCG the gap is seconds wide
now = s["current_time_ns"]
assert 3590e9 < a["base_time_ns"] - now <= 3600e9, (a["base_time_ns"], now)
assert s["config_change_time_ns"] == a["base_time_ns"], (s, a)
assert a["cycle_time_ns"] == 500000
assert [(e["op"], e["gates"], e["interval_ns"]) for e in a["entries"]] == \
	[("H", 3, 200000), ("R", 4, 300000)], a["entries"]
assert d["oper"]["cycle_time_ns"] == 1000000'

# Rejections. Interval 0 never leaves etsnctl (file:line, bad usage) ...
printf 'cycle-time 1ms\nentry S 0x01 0\n' > /tmp/zero.gcl
expect_reject 2 "etsnctl sched: /tmp/zero.gcl:2: interval must be at least 1ns" \
	t sched set dev t0 file /tmp/zero.gcl
# ... what only the kernel can judge comes back in its words, exit 1.
printf '# too short a cycle\ncycle-time 500us\nentry S 0x01 300us\nentry S 0x02 700us\n' > /tmp/short.gcl
expect_reject 1 "etsnctl sched: edgetsn: cycle time is shorter than the sum of the entry intervals" \
	t sched set dev t0 file /tmp/short.gcl
expect_reject 1 "etsnctl sched: edgetsn: cycle time extension must be shorter than the cycle" \
	t sched set dev t0 cycle-time 1ms extension 1ms entry S 1 1ms
expect_extack t sched show dev nosuch0
expect_extack t sched set dev nosuch0 entry S 1 1ms
expect_extack t stats dev nosuch0
expect_extack ip netns exec listener "$etsnctl" sched show dev l0
expect_extack ip netns exec listener "$etsnctl" class set dev l0 speed 100
# Nothing of the rejected requests stuck.
t -j sched show dev t0 > /tmp/sched.json
check_json /tmp/sched.json '
assert d["admin"]["cycle_time_ns"] == 500000 and d["oper"]["cycle_time_ns"] == 1000000, d'
t -j class show dev t0 > /tmp/class.json
check_json /tmp/class.json '
assert d["speed_override_mbps"] == 1000, d'

# A schedule file replaces the pending admin.
printf 'clock tai\nbase-time +7200s  # later still\ncycle-time 2ms\nentry S 0xff 2ms\n' > /tmp/good.gcl
t sched set dev t0 file /tmp/good.gcl || fail "sched set file"
t -j sched show dev t0 > /tmp/sched.json
check_json /tmp/sched.json '
a = d["admin"]
assert a["cycle_time_ns"] == 2000000 and len(a["entries"]) == 1, a
assert a["entries"][0] == {"index": 0, "op": "S", "gates": 255, "interval_ns": 2000000}, a
now = d["status"]["current_time_ns"]
assert 7190e9 < a["base_time_ns"] - now <= 7200e9, (a["base_time_ns"], now)'

# Stats: every frame sent on t0 is counted once, in some class.
count=60 size=100
start_receiver 5000 /tmp/recv.out "$count"
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 $count $size 0,3,7
wait "$receiver_pid"
expect_eq "datagrams received" "$count" "$(tail -n 1 /tmp/recv.out)"
t -j stats dev t0 > /tmp/stats.json || fail "stats"
conforms stats-dev /tmp/stats.json
check_json /tmp/stats.json '
c = d["classes"]
assert [x["tc"] for x in c] == list(range(8)), c
assert sum(x["sent_packets"] for x in c) == '"$count"', c
assert sum(x["sent_bytes"] for x in c) == '"$((count * (size + 42)))"', c
assert sum(x["enq_packets"] for x in c) == '"$count"', c
assert all(sum(x["sojourn_hist"]) == x["sent_packets"] for x in c), c
assert all(x["backlog_packets"] == 0 for x in c), c
assert [e["index"] for e in d["entries"]] == [0, 1], d["entries"]
assert sum(e["frames"] for e in d["entries"]) == '"$count"', d["entries"]
assert d["schedule_counters"]["cycles"] > 0 and d["schedule_counters"]["config_changes"] == 1, d["schedule_counters"]'
expect_eq "bytes packets dropped on t0" "$((count * (size + 42))) $count 0" "$(root_counters)"
t stats dev t0 | grep_q '^tc 0: enqueued ' || fail "stats text: $(t stats dev t0)"
# Without a device: every etsn qdisc of the namespace.
t -j stats > /tmp/all.json || fail "stats dump"
conforms stats /tmp/all.json
check_json /tmp/all.json 'assert [x["ifname"] for x in d] == ["t0"], d'
expect_eq "stats dump in listener" "[]" "$(ip netns exec listener "$etsnctl" -j stats)"

# The monitor ends cleanly on SIGINT.
kill -INT "$mon_pid"
rc=0
wait "$mon_pid" || rc=$?
mon_pid=
expect_eq "monitor exit on SIGINT" 0 "$rc"
[ -s /tmp/mon.err ] && fail "monitor complained: $(cat /tmp/mon.err)"
conforms monitor /tmp/mon.out
python3 "$repo_top/tests/policy/schema.py" --dir /tmp/schema ||
	fail "etsnctl -j output that does not conform to docs/json.md"
echo "etsnctl: class, caps, sched (words, file, pending), rejections, stats, monitor all checked"
