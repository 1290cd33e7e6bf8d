#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# Other daemons program against the family with the kernel's own YNL
# tools: tools/net/ynl/cli.py of linux-source-6.12 (build/ynl, copied there
# on the host by `make`, tools/ynl-tree.sh) reads uapi/edgetsn.yaml and
# drives every
# operation: class-set, sched-set, class-get, sched-get, stats-get and
# caps-get in one batch (--multi), stats-get as a dump, a refused
# sched-set whose extack it prints; and it listens to the events group:
# qdisc-new, link-speed, sched-oper, config-error, clock-step (the clock
# stepped an hour forward and back while t1's schedule runs) and
# qdisc-del, each decoded by name. The spec's validation against the genetlink-legacy
# schema is the host's job (tools/check-ynl-gen.sh, style stage): here
# --no-schema spares each run the import of jsonschema over 9p under TCG.
. "$(dirname "$0")/lib.sh"
cleanup() {
	[ -n "${saved_time:-}" ] && date -s "@$saved_time" > /dev/null
	drop_pair
}
trap cleanup EXIT

ynl=$repo_top/build/ynl
if [ ! -f "$ynl/tools/net/ynl/cli.py" ]; then
	echo "SKIP: build/ynl has no cli.py: install linux-source-6.12 and run make"
	exit 77
fi
etsnctl=$repo_top/build/etsnctl
cli_args=("$ynl/tools/net/ynl/cli.py" --spec "$repo_top/uapi/edgetsn.yaml" --no-schema --output-json)
cli() { ip netns exec talker python3 "${cli_args[@]}" "$@"; }

load_edgetsn
make_pair
tc -n talker qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add etsn"
# A second device, t1, for the events: its changes cannot disturb t0's.
ip -n talker link add t1 type veth peer name t2
ip -n talker link set t1 up
ip -n talker link set t2 up

# Four cli.py at once (each costs many seconds of Python under TCG):
# every do operation in one batch (settings, a schedule and what they read
# back), a dump, a refusal whose extack it prints, and a subscriber to the
# events group that sleeps, then prints what the group delivered. (With
# --dump as well, 6.12's ynl.py trips over a notification that arrives
# amid the dump: op None.) Once it sleeps (its syscall is clock_nanosleep,
# 230), t1's events happen with C tools, in a few seconds even under load;
# it sleeps 30, and the case checks it still sleeps when they are done.
# (Not through the function: $! must be python's pid, which ip execs.)
ip netns exec talker python3 "${cli_args[@]}" --subscribe events --sleep 30 \
	> /tmp/ynl-ev.json 2>&1 &
sub=$!
cli --dump stats-get > /tmp/ynl-dump.json 2>&1 &
dump=$!
cli --do sched-set --json '{"ifname": "t0", "sched-admin": {"clockid": 4,
		"entry": [{"gates": 1, "interval": 1000}]}}' > /tmp/ynl-err.txt 2>&1 &
refused=$!
cli --multi class-set '{"ifname": "t0", "link-speed-override": 1000, "overhead": 20,
		"mgmt-protect": 64, "class": [{"index": 3, "limit-pkts": 50, "preemptible": 1}]}' \
	--multi sched-set '{"ifname": "t0", "sched-admin": {"base-time": 0, "clockid": 11,
		"entry": [{"op": "set", "gates": 1, "interval": 300000},
			  {"op": "set-and-hold", "gates": 254, "interval": 700000}]}}' \
	--multi class-get '{"ifname": "t0"}' \
	--multi sched-get '{"ifname": "t0"}' \
	--multi stats-get '{"ifname": "t0"}' \
	--multi caps-get '{"ifname": "t0"}' > /tmp/ynl-do.json 2>&1 &
multi=$!

sub_sleeps() { # no fork: poll's pace is its own under TCG
	local nr=
	read -r nr _ 2> /dev/null < "/proc/$sub/syscall"
	[ "$nr" = 230 ]
}
poll 900 sub_sleeps ||
	fail "cli.py --subscribe never went to sleep: $(cat /tmp/ynl-ev.json)"
tc -n talker qdisc add dev t1 root handle 1: etsn
ip netns exec talker "$etsnctl" class set dev t1 speed 100
ip netns exec talker "$etsnctl" sched set dev t1 base-time 0 entry S 0x01 500us entry S 0xfe 500us
# Its change time is not representable: ConfigChangeError, and its event.
ip netns exec talker "$etsnctl" sched set dev t1 base-time 9223372036854775000ns \
	entry S 0x01 1ms 2> /tmp/erange.txt && fail "unrepresentable change time accepted"
grep_q 'not representable' /tmp/erange.txt || fail "sched set: $(cat /tmp/erange.txt)"
t1_oper() {
	ip netns exec talker "$etsnctl" -j sched show dev t1 | grep_q '"config_changes":1'
}
poll 100 t1_oper || fail "t1's schedule never operational"
# The clock an hour forward, then back: the gate timer (it sleeps at most
# 100 ms) follows each step and announces it.
t1_steps() {
	ip netns exec talker "$etsnctl" sched show dev t1 | grep_q "clock-steps $1\$"
}
saved_time=$(date +%s)
date -s "@$((saved_time + 3600))" > /dev/null
poll 100 t1_steps 1 || fail "t1's schedule did not follow a step forward"
date -s "@$(($(date +%s) - 3600))" > /dev/null
saved_time=
poll 100 t1_steps 2 || fail "t1's schedule did not follow a step back"
tc -n talker qdisc del dev t1 root
# The subscriber must still be asleep, or what it prints may miss events.
sub_sleeps || fail "the events took longer than cli.py's sleep: make it longer"

wait "$multi" || fail "cli.py --multi: $(cat /tmp/ynl-do.json)"
python3 - /tmp/ynl-do.json <<'PY' || fail "cli.py replies: $(cat /tmp/ynl-do.json)"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert len(r) == 6, f"{len(r)} replies to 6 requests"
cls, sched, stats, caps = r[2], r[3], r[4], r[5]
assert cls["ifname"] == "t0" and cls["link-speed-override"] == 1000 and cls["overhead"] == 20
assert cls["mgmt-exempt"] == 1 and cls["mgmt-protect"] == 64 and cls["mgmt-prios"] == 0
c3 = next(c for c in cls["class"] if c["index"] == 3)
assert c3["limit-pkts"] == 50 and c3["preemptible"] == 1, c3
adm = sched.get("sched-oper") or sched.get("sched-admin")
assert adm["cycle-time"] == 1000000, adm
assert [e["op"] for e in adm["entry"]] == ["set", "set-and-hold"], adm["entry"]
assert sched["status"]["clockid"] == 11
assert len(stats["class"]) == 8 and "sched-stats" in stats and "mgmt-stats" in stats
assert stats["mgmt-stats"]["sent-packets"] == 0
assert caps["dev"]["speed"] == 1000 and caps["dev"]["speed-override"] == 1000, caps
print("do: 6 operations, replies decoded")
PY
wait "$refused" && fail "cli.py sched-set with CLOCK_MONOTONIC_RAW succeeded"
grep_q "'msg': 'edgetsn: unknown clock" /tmp/ynl-err.txt ||
	fail "no extack from cli.py: $(cat /tmp/ynl-err.txt)"
grep_q "'bad-attr': '.sched-admin.clockid'" /tmp/ynl-err.txt ||
	fail "extack names no attribute: $(cat /tmp/ynl-err.txt)"
wait "$dump" || fail "cli.py --dump: $(cat /tmp/ynl-dump.json)"
python3 - /tmp/ynl-dump.json <<'PY' || fail "dump: $(cat /tmp/ynl-dump.json)"
import json, sys
dump = json.loads(open(sys.argv[1]).read())
# (t0's schedule may or may not be in force yet: the batch runs beside.)
t0 = [m for m in dump if m["ifname"] == "t0"]
assert sum(len(m.get("class", [])) for m in t0) == 8
assert sum(1 for m in t0 if "sched-stats" in m and "mgmt-stats" in m) == 1
print(f"dump: {len(dump)} message(s), t0's 8 classes")
PY
wait "$sub" || fail "cli.py --subscribe: $(cat /tmp/ynl-ev.json)"
python3 - /tmp/ynl-ev.json <<'PY' || fail "events: $(cat /tmp/ynl-ev.json)"
import json, sys
ev = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
ev = [e for e in ev if e["msg"].get("ifname") == "t1"]
names = [e["name"] for e in ev]
print("events of t1:", names)
for n in ("ev-qdisc-new", "ev-link-speed", "ev-sched-oper", "ev-config-error",
          "ev-clock-step", "ev-qdisc-del"):
    assert n in names, f"no {n}"
assert names[0] == "ev-qdisc-new" and names[-1] == "ev-qdisc-del", names
assert names.index("ev-sched-oper") < names.index("ev-config-error"), names
steps = [e for e in ev if e["name"] == "ev-clock-step"]
assert len(steps) == 2, steps
assert names.index("ev-sched-oper") < names.index("ev-clock-step"), names
# Each carries the cycle start the schedule re-anchored to, on the new time.
assert steps[0]["msg"]["ev-time"] > steps[1]["msg"]["ev-time"] > 0, steps
err = next(e for e in ev if e["name"] == "ev-config-error")
assert err["msg"]["ev-error"] == -34, err	# -ERANGE
speed = next(e for e in ev if e["name"] == "ev-link-speed")
assert speed["msg"]["ev-link-speed"] == 100, speed
PY
echo "cli.py drove every operation of edgetsn and decoded its events"
