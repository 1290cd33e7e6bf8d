#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# edgetsnd applies a config to a veth in a namespace: the etsn qdisc, class
# settings and the schedule are in force (etsnctl -j); a restart with the same
# file changes nothing (config_changes stays); SIGHUP with a broken file keeps
# the config and logs FILE:LINE:COL; SIGHUP with a changed schedule makes it
# oper at a cycle boundary of the old one with no datagram of a stream lost;
# a kernel refusal part-way rolls back what that apply changed and is not
# retried (the status socket says refused); the Prometheus file carries the
# qdisc's counters; on-stop: revert deletes the qdisc on SIGTERM. The agent
# runs with CAP_NET_ADMIN alone in its bounding set (the unit's minimum for
# the data plane). Then the policy plane with CAP_SYS_ADMIN: firewall, PSFP,
# classifier applied, a restart changes nothing, revert detaches them.
. "$(dirname "$0")/lib.sh"
etsnctl=$repo_top/build/etsnctl
agent=$repo_top/build/edgetsnd
[ -x "$agent" ] || fail "$agent not built (make user)"

agent_pid= sender_pid= receiver_pid=
cleanup() {
	local p
	for p in "$agent_pid" "$sender_pid" "$receiver_pid"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null
	done
	drop_pair
}
trap cleanup EXIT

t() { ip netns exec talker "$etsnctl" "$@"; }
cfg=/tmp/agent.yaml

# write_cfg GATES1: a config for t0 whose second entry opens GATES1.
write_cfg() {
	cat > "$cfg" <<EOC
ptp:
  enabled: false
metrics:
  enabled: true
  textfile: /tmp/tf/edgetsn.prom
  interval: 1s
interfaces:
  t0:
    qdisc: etsn
    classes:
      priority-map: [0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 7]
      overhead: 24
      traffic-classes:
        - traffic-class: 7
          limit: 64
    schedule:
      clock: tai
      admin-cycle-time: 1ms
      admin-control-list:
        - gate-states-value: 0x80
          time-interval-value: 250us
        - gate-states-value: $1
          time-interval-value: 750us
EOC
}

# start_agent: edgetsnd in the talker namespace, back once it has applied.
start_agent() {
	: > /tmp/agent.log
	ip netns exec talker setpriv --bounding-set -all,+net_admin \
		"$agent" -c "$cfg" -s /tmp/edgetsnd.sock 2>> /tmp/agent.log &
	agent_pid=$!
	poll 300 grep -q 'apply (start)' /tmp/agent.log || fail "no apply: $(cat /tmp/agent.log)"
}

stop_agent() {
	kill "$agent_pid"
	wait "$agent_pid" || fail "edgetsnd exit $?: $(cat /tmp/agent.log)"
	agent_pid=
}

load_edgetsn
make_pair
mkdir -p /tmp/tf
write_cfg 0x7f
start_agent
grep -q '^<6>apply (start): 3 changes, configuration in force$' /tmp/agent.log ||
	fail "first apply: $(cat /tmp/agent.log)"
tc -n talker qdisc show dev t0 | grep_q '^qdisc etsn ' || fail "no etsn qdisc"
t -j class show dev t0 > /tmp/class.json || fail "class show"
check_json /tmp/class.json '
assert d["overhead_bytes"] == 24, d
assert d["map"] == [0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 7], d'
poll 100 sched_json_has '"oper":{' || fail "no oper schedule: $(cat /tmp/sched.json)"
check_json /tmp/sched.json '
o = d["oper"]
assert [(e["gates"], e["interval_ns"]) for e in o["entries"]] == [(0x80, 250000), (0x7f, 750000)], o
assert d["schedule_counters"]["config_changes"] == 1, d["schedule_counters"]'

# A restart with the same file: nothing changes.
stop_agent
start_agent
grep -q '^<6>apply (start): 0 changes, configuration in force$' /tmp/agent.log ||
	fail "restart changed something: $(cat /tmp/agent.log)"
t -j sched show dev t0 > /tmp/sched.json || fail "sched show"
check_json /tmp/sched.json 'assert d["schedule_counters"]["config_changes"] == 1, d["schedule_counters"]'

# SIGHUP with a broken file: the reason at FILE:LINE:COL, the config stays.
printf 'interfaces:\n  t0:\n    qdisc: etsn\n    schedule: [\n' > "$cfg"
kill -HUP "$agent_pid"
poll 300 grep -q 'running configuration stays' /tmp/agent.log || fail "reload: $(cat /tmp/agent.log)"
grep -q "^<3>$cfg:[0-9]*:[0-9]*: " /tmp/agent.log || fail "no FILE:LINE:COL: $(cat /tmp/agent.log)"
t -j sched show dev t0 > /tmp/sched.json || fail "sched show"
check_json /tmp/sched.json '
assert d["oper"]["entries"][1]["gates"] == 0x7f and "admin" not in d, d
assert d["schedule_counters"]["config_changes"] == 1, d["schedule_counters"]'

# SIGHUP with a changed schedule: admin at the old one's next cycle start,
# under a stream of class 0 datagrams (open in both) that loses none.
sent_pkts() {
	tc -n talker -s qdisc show dev t0 | sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p' |
		first_line
}
rm -f /tmp/agent.stop
ip netns exec listener python3 "$udp" recv 5001 0 --until-end > /tmp/rx.out &
receiver_pid=$!
poll 600 grep -qs ready /tmp/rx.out || fail "receiver did not start"
ip netns exec talker python3 "$udp" stream 192.0.2.2 5001 /tmp/agent.stop 0.002 > /tmp/tx.out &
sender_pid=$!
p0=$(sent_pkts)
poll 600 eval '[ "$(sent_pkts)" -ge $((p0 + 20)) ]' || fail "stream not flowing"
write_cfg 0x3f
kill -HUP "$agent_pid"
poll 300 grep -q 'apply (reload): 1 change,' /tmp/agent.log || fail "reload: $(cat /tmp/agent.log)"
base=$(sed -n 's/^<5>t0: schedule installed, base time \([0-9]*\) ns$/\1/p' /tmp/agent.log)
[ -n "$base" ] || fail "no base time logged: $(cat /tmp/agent.log)"
expect_eq "base time on a 1 ms boundary" 0 $((base % 1000000))
# oper_is GATES: the oper schedule's second entry opens GATES.
oper_is() {
	t -j sched show dev t0 > /tmp/sched.json &&
		python3 -c 'import json,sys; d=json.load(open("/tmp/sched.json"));
sys.exit(d["oper"]["entries"][1]["gates"] != int(sys.argv[1]))' "$1"
}
poll 300 oper_is 63 || fail "new schedule not oper: $(cat /tmp/sched.json)"
check_json /tmp/sched.json '
o = d["oper"]
assert o["entries"][1]["gates"] == 0x3f, o
assert o["base_time_ns"] == '"$base"', o
assert d["schedule_counters"]["config_changes"] == 2, d["schedule_counters"]'
p1=$(sent_pkts)
poll 600 eval '[ "$(sent_pkts)" -ge $((p1 + 20)) ]' || fail "stream stopped after the change"
touch /tmp/agent.stop
wait "$sender_pid" || fail "sender"
wait "$receiver_pid" || fail "receiver"
sender_pid= receiver_pid=
sent=$(tail -n 1 /tmp/tx.out)
expect_eq "datagrams received of $sent sent across the change" "$sent" "$(tail -n 1 /tmp/rx.out)"
# The Prometheus file: the stream's class and the two schedules.
poll 300 grep -q '^edgetsn_schedule_config_changes_total{interface="t0"} 2$' /tmp/tf/edgetsn.prom ||
	fail "metrics: $(cat /tmp/tf/edgetsn.prom)"
tx=$(sed -n 's/^edgetsn_class_sent_packets_total{interface="t0",tc="0"} \([0-9]*\)$/\1/p' \
	/tmp/tf/edgetsn.prom)
[ "${tx:-0}" -ge "$sent" ] || fail "metrics: class 0 sent '$tx' < $sent"
# A failure part-way is rolled back: the new overhead is set, then the
# kernel refuses the clock change under a running schedule; the overhead
# returns to 24 and the schedule stays.
write_cfg 0x3f
sed -i 's/overhead: 24/overhead: 30/; s/clock: tai/clock: realtime/' "$cfg"
kill -HUP "$agent_pid"
poll 300 grep -q 'apply (reload) refused, its changes rolled back: .*; not retried until a reload' \
	/tmp/agent.log || fail "no refusal: $(cat /tmp/agent.log)"
grep -q '^<5>t0: class settings changed$' /tmp/agent.log || fail "overhead not set first"
grep -q '^<5>t0: rollback: previous class settings restored$' /tmp/agent.log ||
	fail "no rollback: $(cat /tmp/agent.log)"
grep -q 'cannot change the clock while a schedule is operational' /tmp/agent.log ||
	fail "kernel's reason not logged: $(cat /tmp/agent.log)"
t -j class show dev t0 > /tmp/class.json || fail "class show"
check_json /tmp/class.json 'assert d["overhead_bytes"] == 24, d'
t -j sched show dev t0 > /tmp/sched.json || fail "sched show"
check_json /tmp/sched.json '
assert d["oper"]["clock"] == "tai" and d["schedule_counters"]["config_changes"] == 2, d'
"$etsnctl" -j agent status --socket /tmp/edgetsnd.sock > /tmp/status.json || fail "agent status"
check_json /tmp/status.json '
a = d["apply"]
assert a["result"] == "refused" and "retry-in-s" not in a, a
assert "cannot change the clock" in a["error"], a'
stop_agent
grep -q 'stopping; the configuration stays in force' /tmp/agent.log || fail "stop log"
tc -n talker qdisc show dev t0 | grep_q '^qdisc etsn ' || fail "qdisc gone after stop"
# on-stop: revert takes the qdisc (and its classes and schedule) along.
write_cfg 0x3f
echo "on-stop: revert" >> "$cfg"
start_agent
stop_agent
grep -q '^<5>t0: on-stop revert: etsn qdisc deleted$' /tmp/agent.log || fail "revert: $(cat /tmp/agent.log)"
tc -n talker qdisc show dev t0 | grep_q '^qdisc etsn ' && fail "etsn qdisc left after revert"

# The debug kernel loads none of the BPF objects (its verifier reports
# "btf_vmlinux is malformed"); the policy plane is BPF and user space, so
# it is proven on the stock kernels, where the BPF cases run too.
case $(uname -r) in
*-edgetsn-kunit)
	echo "agent_apply: ok; $sent datagrams across the schedule change, none lost (policy plane: stock kernels only)"
	exit 0 ;;
esac

# The policy plane: firewall, PSFP streams and a classifier rule applied by
# the daemon (with the unit's CAP_SYS_ADMIN), a restart with the same file
# changes nothing (program ids and a stream's meter state kept), revert
# detaches them. nsenter, not ip netns exec: the pins live in the host's
# /sys/fs/bpf across the restart, as under systemd.
cat > "$cfg" <<EOC
ptp:
  enabled: false
interfaces:
  t0:
    qdisc: none
    firewall:
      rules: [198.51.100.0/24, port tcp 23]
    psfp:
      streams:
        - id 1 ip 192.0.2.1 192.0.2.2 proto udp sport 5000 dport 5001 cir 1mbit cbs 3000
        - {id: 2, dst: 02:00:5e:00:53:01, gate: base 0 cycle 1ms open 250us closed 750us}
    classify:
      rules:
        - id 1 ip 192.0.2.1 192.0.2.2 proto udp sport 5000 dport 5001 prio 7
EOC
start_policy_agent() {
	: > /tmp/agent.log
	nsenter --net=/run/netns/talker setpriv --bounding-set -all,+net_admin,+sys_admin \
		"$agent" -c "$cfg" -s /tmp/edgetsnd.sock 2>> /tmp/agent.log &
	agent_pid=$!
	poll 300 grep -q 'apply (start)' /tmp/agent.log || fail "no apply: $(cat /tmp/agent.log)"
}
prog_ids() {
	echo "$(ns_ctl talker -j xdp status dev t0) $(ns_ctl talker -j stream show dev t0 |
		grep -o '"prog_id":[0-9]*')"
}
start_policy_agent
grep -q '^<6>apply (start): 9 changes, configuration in force$' /tmp/agent.log ||
	fail "policy apply: $(cat /tmp/agent.log)"
ns_ctl talker -j stream show dev t0 > /tmp/stream.json || fail "stream show"
check_json /tmp/stream.json 'assert [s["id"] for s in d["streams"]] == [1, 2], d'
ids=$(prog_ids)
stop_agent
start_policy_agent
grep -q '^<6>apply (start): 0 changes, configuration in force$' /tmp/agent.log ||
	fail "policy restart changed something: $(cat /tmp/agent.log)"
[ "$(prog_ids)" = "$ids" ] || fail "programs changed: $ids -> $(prog_ids)"
stop_agent
echo "on-stop: revert" >> "$cfg"
start_policy_agent
stop_agent
grep -q 'on-stop revert: firewall, PSFP and classifier parts removed' /tmp/agent.log ||
	fail "policy revert: $(cat /tmp/agent.log)"
ns_ctl talker -j xdp status dev t0 | grep -q '"attached":false' || fail "XDP left after revert"
rm -rf /sys/fs/bpf/edgetsn/t0
echo "agent_apply: ok; $sent datagrams across the schedule change, none lost"
