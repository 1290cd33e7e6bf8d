#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# edgetsnd's MQTT side with the module (the rest runs on the host, in
# tests/agent/daemon.sh): a real mosquitto on the talker namespace's
# loopback; the applied state/t0 retained and in force; the kernel's
# qdisc_new event forwarded as evt/qdisc_new; tele/t0 carries the per-class
# and per-entry counters; get-stats answers them; set-schedule installs
# through the apply path at the next cycle boundary (config_changes + 1,
# base time on a cycle boundary) and at a given time (that base time);
# with commands-persist the accepted schedule is written into the config
# file (its comments kept) and a SIGHUP then changes nothing.
. "$(dirname "$0")/lib.sh"
agent=$repo_top/build/edgetsnd
[ -x "$agent" ] || fail "$agent not built (make user)"
command -v mosquitto > /dev/null || fail "mosquitto not on the host root"

agent_pid= broker_pid= sub_pid=
cleanup() {
	local p
	for p in "$agent_pid" "$sub_pid" "$broker_pid"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null
	done
	drop_pair
}
trap cleanup EXIT

# Not for what runs in the background: $! would be the subshell's pid.
t() { ip netns exec talker "$@"; }
root=edgetsn/vm
port=1883
cfg=/tmp/agent.yaml
# shown: what the subscriber got, without the (long) telemetry.
shown() { grep -v "^$root/tele/" /tmp/all | cut -c1-300 | tail -n 20; }

load_edgetsn
make_pair
ip -n talker link set lo up
printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser root\n' "$port" > /tmp/broker.conf
ip netns exec talker mosquitto -c /tmp/broker.conf > /tmp/broker.log 2>&1 &
broker_pid=$!
poll 300 t mosquitto_sub -p $port -t x -E -W 1 2> /dev/null || fail "no broker: $(cat /tmp/broker.log)"
# Everything the agent publishes, from before its start.
ip netns exec talker mosquitto_sub -V 5 -p $port -t "$root/#" -t test/r -v -F '%t %D %p' > /tmp/all 2>&1 &
sub_pid=$!
poll 300 eval 't mosquitto_pub -p $port -t test/r -m ready; grep -q "^test/r  ready" /tmp/all' ||
	fail "subscriber: $(shown)"

cat > "$cfg" <<EOC
# cell 7: kept by set-schedule
ptp:
  enabled: false
mqtt:
  enabled: true
  host: 127.0.0.1
  port: $port
  node-id: vm
  commands-enabled: true
  commands-persist: true
  telemetry-interval: 500ms
interfaces:
  t0:
    qdisc: etsn   # the talker's port
    schedule:
      clock: tai
      admin-cycle-time: 1ms
      admin-control-list:
        - gate-states-value: 0x80
          time-interval-value: 250us
        - gate-states-value: 0x7f
          time-interval-value: 750us
EOC
: > /tmp/agent.log
ip netns exec talker "$agent" -c "$cfg" 2>> /tmp/agent.log &
agent_pid=$!
poll 300 grep -q 'apply (start): 2 changes' /tmp/agent.log || fail "apply: $(cat /tmp/agent.log)"

# last TOPIC FILE: the payload of the last message on TOPIC.
last() { sed -n "s|^$root/$1  ||p" /tmp/all | tail -n 1 > "$2"; [ -s "$2" ]; }
poll 300 eval 'last state/t0 /tmp/state.json && grep -q "\"in-force\":true" /tmp/state.json' ||
	fail "no state/t0 in force: $(shown)"
check_json /tmp/state.json '
assert d["interface"] == "t0" and d["in-force"] is True and d["qdisc"] is True, d
assert [e["gates"] for e in d["schedule"]["entries"]] == [0x80, 0x7f], d'
poll 300 last evt/qdisc_new /tmp/ev.json || fail "no evt/qdisc_new: $(shown)"
check_json /tmp/ev.json 'assert d["event"] == "qdisc_new" and d["ifname"] == "t0", d'
# Frames through the qdisc, then telemetry that counts them.
t ping -c 3 -i 0.2 -q 192.0.2.2 > /dev/null || fail "ping"
tele_has_sent() {
	last tele/t0 /tmp/tele.json && python3 -c 'import json,sys; d=json.load(open("/tmp/tele.json"))
sys.exit(not (sum(c["sent_packets"] for c in d["classes"]) >= 3 and d["entries"]))'
}
poll 300 tele_has_sent || fail "tele/t0 without the frames: $(cut -c1-600 /tmp/tele.json)"
check_json /tmp/tele.json 'assert d["ifname"] == "t0" and len(d["entries"]) == 2, d'

# cmd VERB PAYLOAD: the reply (MQTT 5, correlation data c<cn>) in /tmp/reply.json.
cn=0	# not n: poll's own local would hide it
cmd() {
	cn=$((cn + 1))
	t mosquitto_pub -V 5 -p $port -t "$root/cmd/$1" -m "$2" \
		-D PUBLISH response-topic test/r -D PUBLISH correlation-data "c$cn"
	poll 300 eval 'sed -n "s/^test\/r c$cn //p" /tmp/all > /tmp/reply.json; [ -s /tmp/reply.json ]' ||
		fail "no reply to $1: $(shown)"
}
cmd get-stats '{"interface":"t0"}'
check_json /tmp/reply.json '
assert d["status"] == "ok" and d["result"]["ifname"] == "t0", d
assert sum(c["sent_packets"] for c in d["result"]["classes"]) >= 3, d'

sched='{"admin-cycle-time":"1ms","admin-control-list":[{"gate-states-value":"0x80","time-interval-value":"500us"},{"gate-states-value":"0x3f","time-interval-value":"500us"}]}'
cmd set-schedule "{\"interface\":\"t0\",\"schedule\":$sched}"
check_json /tmp/reply.json 'assert d == {"command": "set-schedule", "status": "ok"}, d'
# oper_is GATES: the oper schedule's second entry opens GATES.
oper_is() {
	t "$etsnctl" -j sched show dev t0 > /tmp/sched.json &&
		python3 -c 'import json,sys; d=json.load(open("/tmp/sched.json"));
sys.exit(d["oper"]["entries"][1]["gates"] != int(sys.argv[1]))' "$1"
}
poll 300 oper_is 63 || fail "set-schedule not oper: $(cat /tmp/sched.json)"
check_json /tmp/sched.json '
o = d["oper"]
assert [(e["gates"], e["interval_ns"]) for e in o["entries"]] == [(0x80, 500000), (0x3f, 500000)], d
assert o["base_time_ns"] % 1000000 == 0, o
assert d["schedule_counters"]["config_changes"] == 2, d["schedule_counters"]'
poll 300 eval 'last state/t0 /tmp/state.json && grep -q "\"gates\":63" /tmp/state.json' ||
	fail "state/t0 not republished: $(cat /tmp/state.json)"
# Persisted: the file now wants it, comments kept; a reload changes nothing.
grep -q '^# cell 7: kept by set-schedule$' "$cfg" && grep -q '^    qdisc: etsn   # the talker' "$cfg" &&
	[ "$(grep -c 'gate-states-value: 0x3f' "$cfg")" = 1 ] || fail "not persisted: $(cat "$cfg")"
t "$agent" --check "$cfg" > /dev/null || fail "the written file is not valid"
kill -HUP "$agent_pid"
poll 300 grep -q 'apply (reload): 0 changes' /tmp/agent.log || fail "reload changed something: $(cat /tmp/agent.log)"
t "$etsnctl" -j sched show dev t0 > /tmp/sched.json || fail "sched show"
check_json /tmp/sched.json 'assert d["schedule_counters"]["config_changes"] == 2, d["schedule_counters"]'

at=$(python3 -c 'import time; print((time.clock_gettime_ns(11) // 10**9 + 120) * 10**9 + 250000)')
sched2=${sched/0x3f/0x1f}
cmd set-schedule "{\"interface\":\"t0\",\"at\":\"${at}ns\",\"schedule\":$sched2}"
check_json /tmp/reply.json 'assert d == {"command": "set-schedule", "status": "ok"}, d'
t "$etsnctl" -j sched show dev t0 > /tmp/sched.json || fail "sched show"
check_json /tmp/sched.json '
a = d["admin"]
assert a["base_time_ns"] == '"$at"' and a["entries"][1]["gates"] == 0x1f, d'

kill "$agent_pid"
wait "$agent_pid" || fail "edgetsnd exit $?: $(cat /tmp/agent.log)"
agent_pid=
poll 300 eval 'last status /tmp/status; grep -q offline /tmp/status' || fail "no offline"
echo "agent_mqtt: ok; state, evt/qdisc_new, tele/t0, get-stats, set-schedule next-cycle (persisted, reload changes nothing) and at"
