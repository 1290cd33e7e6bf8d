#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo's guest side (run by tools/demo.sh inside the VM): every part of
# edgetsn at work between two network namespaces, each ending in a one-line
# verdict judged from what really arrived or was counted, then a summary.
# It builds its hosts with the VM cases' own helpers.
export EDGETSN_KO_DIR=$1
. "$(dirname "$0")/../tests/vm/cases/lib.sh"
. "$repo_top/tests/vm/helpers/ptp_peer.sh"
set +e
agent_pid='' ptp_pid='' sub_pid='' broker_pid=''
cleanup() {
	local p
	for p in "$agent_pid" "$ptp_pid" "$sub_pid" "$broker_pid"; do
		[ -n "$p" ] && kill "$p" 2> /dev/null
	done
	peer_ctl quit 2 > /dev/null 2>&1
	ip link del fs0 2> /dev/null
	drop_pair_and_pins
}
trap cleanup EXIT
step() { printf '\n--- %s\n' "$*"; }
verdicts=()
# verdict PART OK TEXT: records and prints one line per part.
verdict() {
	local line
	if [ "$2" = 1 ]; then line="PASS  $1: $3"; else line="FAIL  $1: $3"; fi
	verdicts+=("$line")
	echo ">>> $line"
}
ctl() { ns_ctl "$@"; }
edgetsnd=$repo_top/build/edgetsnd
# recv_ports PORTS: counts UDP datagrams per port in the listener until 3 s
# of silence after the first; got PORT: the count, once wait_ports returned.
recv_ports() { start_psfp_recv "$1" /tmp/ports.out; }
wait_ports() { wait "$receiver_pid"; }
got() { psfp_got "$1" /tmp/ports.out; }
# recv_count PORT EXPECT CMD...: counts UDP datagrams the listener gets on
# PORT while CMD sends; prints the count.
recv_count() {
	local port=$1 want=$2
	shift 2
	start_receiver "$port" "/tmp/recv.$port" "$want" > /dev/null
	"$@" > /dev/null
	wait "$receiver_pid"
	tail -n 1 "/tmp/recv.$port"
}

# Receivers ask for 4 MiB socket buffers: let them have it, so a burst
# through generic XDP (bigger skbs) is not cut short by the socket.
sysctl -qw net.core.rmem_max=8388608

step "kernel $(uname -r); loading edgetsn.ko"
load_edgetsn && "$etsnctl" version
verdict module "$(module_loaded edgetsn && echo 1)" "edgetsn $edgetsn_version loaded"

# The agent's part (near the end) supervises a ptp4l slave synchronised to
# the master in the second VM: started now, it locks while the other parts
# run (under TCG that takes tens of seconds).
sock=/run/ptp4l-demo
peer_link_up
peer_slave_cfg /tmp/slave.cfg "$sock"
ptp4l -S -2 -i eth0 -f /tmp/slave.cfg > /tmp/ptp4l.log 2>&1 &
ptp_pid=$!

step "two hosts: namespaces 'talker' (t0) and 'listener' (l0) joined by veth"
make_pair
ip -n talker -br addr show dev t0
ip -n listener -br addr show dev l0

step "the etsn qdisc on the talker's port, with plain iproute2; 1000 frames on priorities 0, 3, 7"
tc -n talker qdisc add dev t0 root handle 1: etsn
n=$(recv_count 5000 1000 talk python3 "$udp" send 192.0.2.2 5000 1000 100 0,3,7)
tc -n talker -s qdisc show dev t0
verdict qdisc "$([ "$n" = 1000 ] && echo 1)" "$n of 1000 frames through etsn (all gates open)"

step "an 802.1Qbv schedule with etsnctl: class 2 gets 3 ms, class 1 3 ms, class 0 4 ms of every 10 ms"
talk "$etsnctl" class set dev t0 speed 1000
talk "$etsnctl" sched set dev t0 cycle-time 10ms \
	entry S 0x4 3ms entry S 0x2 3ms entry S 0x1 4ms
poll 100 sched_json_has '"oper":{'
talk "$etsnctl" sched show dev t0
n=$(recv_count 5000 300 talk python3 "$udp" send 192.0.2.2 5000 300 100 0,1,2)
talk "$etsnctl" stats dev t0
# Each entry opens one class: entry E must have sent exactly class (2-E)'s
# 100 frames, no more.
per_entry=$(talk "$etsnctl" -j stats dev t0 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(str(e["frames"]) for e in d["entries"]))' 2>/dev/null)
verdict schedule "$([ "$n" = 300 ] && [ "$per_entry" = "100 100 100" ] && echo 1)" \
	"$n of 300 frames arrived; frames sent per entry: ${per_entry:-unreadable} (want 100 100 100)"

step "a bad schedule is refused by the kernel with its reason (netlink extack), and changes nothing"
before=$(talk "$etsnctl" -j sched show dev t0 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("oper"))')
talk "$etsnctl" sched set dev t0 cycle-time 1ms entry S 0x1 2ms 2> /tmp/bad.err
rc=$?
cat /tmp/bad.err
after=$(talk "$etsnctl" -j sched show dev t0 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("oper"))')
verdict netlink "$([ "$rc" = 1 ] && grep -q 'edgetsn:' /tmp/bad.err && [ "$before" = "$after" ] && echo 1)" \
	"refused with exit $rc and the kernel's message; schedule unchanged"

step "a schedule computed from stream requirements (802.1Qcc): etsnctl sched plan, installed with --apply"
grep -v '^#' "$repo_top/docs/plan.example"
"$etsnctl" sched plan "$repo_top/docs/plan.example" > /tmp/plan.out
cat /tmp/plan.out
talk "$etsnctl" sched plan "$repo_top/docs/plan.example" --apply dev t0
rc=$?
want_cycle=$(sed -n 's/^cycle-time \([0-9]*\)ns$/\1/p' /tmp/plan.out)
want_n=$(grep -c '^entry ' /tmp/plan.out)
plan_oper() {
	sched_json_has "\"cycle_time_ns\":$want_cycle" && python3 -c '
import json, sys
o = json.load(open("/tmp/sched.json")).get("oper")
sys.exit(0 if o and len(o["entries"]) == int(sys.argv[1]) else 1)' "$want_n"
}
poll 100 plan_oper
verdict plan "$([ "$rc" = 0 ] && [ -n "$want_cycle" ] && plan_oper && echo 1)" \
	"3 streams planned into $want_n entries, cycle ${want_cycle:-?} ns (the LCM of 1, 2 and 4 ms), in force on t0"

step "XDP firewall on the listener: block UDP port 6000, then 100 frames to 6000 and 100 to 6001"
ctl listener xdp attach dev l0
ctl listener fw block dev l0 port udp 6000
recv_ports 6000,6001
# One sender process for both bursts: the receiver ends after 3 s of
# silence, and a second Python start can take that long on a busy host.
talk python3 "$udp" batch <<'SEND'
send 192.0.2.2 6000 100 100 0
send 192.0.2.2 6001 100 100 0
SEND
wait_ports
blocked=$(got 6000) open=$(got 6001)
ctl listener fw show dev l0
verdict firewall "$([ "${blocked:-x}" = 0 ] && [ "$open" = 100 ] && echo 1)" \
	"port 6000: $blocked of 100 arrived (blocked); port 6001: $open of 100"

step "802.1Qci PSFP on the listener: streams 1 and 2 (UDP 7001 -> 6002, 7003 -> 6003) with max-SDU 200 bytes"
ip4="ip 192.0.2.1 192.0.2.2 proto udp"
ctl listener stream add dev l0 id 1 $ip4 sport 7001 dport 6002 max-sdu 200
ctl listener stream add dev l0 id 2 $ip4 sport 7003 dport 6003 max-sdu 200
recv_ports 6002,6003,6004
talk python3 "$udp" batch <<'SEND'
send 192.0.2.2 6002 50 100 0 --sport 7001
send 192.0.2.2 6003 50 400 0 --sport 7003
send 192.0.2.2 6004 50 400 0 --sport 7004
SEND
wait_ports
ctl listener stream show dev l0
verdict psfp "$([ "$(got 6002)" = 50 ] && [ "$(got 6003)" = 0 ] && [ "$(got 6004)" = 50 ] && echo 1)" \
	"stream 1, 142-byte frames: $(got 6002) of 50 passed; stream 2, 442-byte frames: $(got 6003) of 50 (over its max-SDU); no stream, 442 bytes: $(got 6004) of 50"

step "egress stream classifier on the talker: UDP 7002 -> 5002 goes to priority 5, which the map sends to class 1"
talk "$etsnctl" sched set dev t0 cycle-time 10ms entry S 0xff 10ms
ctl talker class set dev t0 map 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 0
ctl talker classify attach dev t0
ctl talker classify add dev t0 id 1 $ip4 sport 7002 dport 5002 prio 5
c1_before=$(talk "$etsnctl" -j stats dev t0 |
	python3 -c 'import json,sys; print([c for c in json.load(sys.stdin)["classes"] if c["tc"] == 1][0]["sent_packets"])')
n=$(recv_count 5002 100 talk python3 "$udp" --sport 7002 send 192.0.2.2 5002 100 100 0)
c1_after=$(talk "$etsnctl" -j stats dev t0 |
	python3 -c 'import json,sys; print([c for c in json.load(sys.stdin)["classes"] if c["tc"] == 1][0]["sent_packets"])')
ctl talker classify show dev t0
verdict classifier "$([ "$n" = 100 ] && [ $((c1_after - c1_before)) = 100 ] && echo 1)" \
	"$n of 100 frames arrived, $((c1_after - c1_before)) of them sent by etsn class 1 (sent with priority 0)"

step "the DSCP classifier, loaded by plain iproute2: DSCP EF (46) to band 1:1 of a prio qdisc"
ctl talker classify detach dev t0
tc -n talker qdisc del dev t0 root
tc -n talker qdisc add dev t0 root handle 1: prio bands 3
tc -n talker qdisc replace dev t0 clsact
talk tc filter add dev t0 egress bpf da obj "$repo_top/build/bpf/etsn_dscp_prio.bpf.o" sec tc
map=$(prog_map_id "$(egress_prog_id talker t0)" etsn_dscp_prio)
bpftool map update id "$map" key 46 0 0 0 value 1 0 1 0 1 0 0 0
talk python3 "$udp" send 192.0.2.2 5001 200 100 0 $((46 << 2))
# Priority 0 goes to band 1:2 by prio's default map: band 1:1 is the
# classifier's doing.
band1=$(tc -n talker -s class show dev t0 | sed -n '/class prio 1:1 /{n;s/^ Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p}')
tc -n talker -s class show dev t0 | grep -A1 'class prio 1:1 '
verdict dscp "$([ "$band1" = 200 ] && echo 1)" "$band1 of 200 EF frames (priority 0) in band 1:1"

step "the agent's configuration: edgetsnd --check on the shipped example, then on a broken file"
"$edgetsnd" --check --offline "$repo_top/docs/edgetsnd.example.yaml"
good=$?
cat > /tmp/bad.yaml <<'YAML'
interfaces:
  t0:
    schedule:
      admin-cycle-time: 1ms
      admin-control-list:
        - operation-name: set-gate-states
          gate-states-value: 0x1ff
          time-interval-value: 2ms
    qdsic: etsn
YAML
"$edgetsnd" --check /tmp/bad.yaml 2> /tmp/bad.err
bad=$?
cat /tmp/bad.err
nerr=$(grep -c '^/tmp/bad.yaml:[0-9]*:[0-9]*: ' /tmp/bad.err)
verdict agent-config "$([ "$good" = 0 ] && [ "$bad" = 2 ] && [ "$nerr" -ge 2 ] && echo 1)" \
	"example valid (exit $good); broken file refused (exit $bad) with $nerr FILE:LINE:COL errors"

step "edgetsnd, the agent: a config applied, PTP supervised (ptp4l master on a second VM), MQTT to mosquitto"
# The second VM (tools/demo.sh boots it) runs ptp4l -S as master with its
# own clock; this one the slave-only ptp4l started at the beginning, and
# now edgetsnd watching it with a primary schedule and a fail-safe
# fallback on fs0.
alog=/tmp/agent.log root=edgetsn/demo
ip link add fs0 type veth peer name fs1
ip link set fs0 up
ip link set fs1 up
ip link set lo up
printf 'listener 1883 127.0.0.1\nallow_anonymous true\nuser root\n' > /tmp/broker.conf
mosquitto -c /tmp/broker.conf > /tmp/broker.log 2>&1 &
broker_pid=$!
poll 100 mosquitto_sub -t x -E -W 1 2> /dev/null
mosquitto_sub -v -t "$root/status" -t "$root/state/#" -t "$root/evt/#" > /tmp/mqtt.out 2>&1 &
sub_pid=$!
# Thresholds for two emulated VMs on a loaded host: software timestamps
# off by milliseconds to a few 100 ms, polls late by a second or more.
cat > /tmp/agent.yaml <<EOC
ptp:
  uds-path: $sock
  poll-interval: 250ms
  locked-threshold: 100ms
  degraded-threshold: 1s
  watchdog-intervals: 8
  subscribe-duration: 10
mqtt:
  enabled: true
  host: 127.0.0.1
  node-id: demo
  telemetry-interval: 10s
interfaces:
  fs0:
    qdisc: etsn
    schedule:                     # class 7 alone for 250us of every 1ms
      clock: tai
      admin-cycle-time: 1ms
      admin-control-list:
        - gate-states-value: 0x80
          time-interval-value: 250us
        - gate-states-value: 0x7f
          time-interval-value: 750us
    fallback-schedules:
      open:                       # every gate open
        clock: tai
        admin-cycle-time: 1ms
        admin-control-list:
          - gate-states-value: 0xff
            time-interval-value: 1ms
    fail-safe:
      on-sync-loss: fallback
      fallback: open
EOC
grep -v '^#' /tmp/agent.yaml | sed -n '/^interfaces:/,$p'
# first_gates WHICH: the first entry's gates of fs0's admin or oper schedule.
first_gates() {
	"$etsnctl" -j sched show dev fs0 | python3 -c 'import json,sys
s = json.load(sys.stdin).get(sys.argv[1])  # absent: none
print(s["entries"][0]["gates"] if s else "none")' "$1"
}
oper_is() { [ "$(first_gates oper)" = "$1" ]; }
# log_count PATTERN: lines of the agent's log matching PATTERN.
log_count() { grep -c -- "$1" "$alog"; }
count_ge() { [ "$(log_count "$2")" -ge "$1" ]; }
wait_count() { poll 600 count_ge "$1" "$2"; }
# sync_lines FROM: the agent's sync and fail-safe lines from line FROM on.
sync_lines() { tail -n "+$1" "$alog" | grep -E 'sync |fail-safe|apply \(' | sed 's/^<[0-9]>/  /'; }

peer_ctl ping > /dev/null
poll 100 test -S "$sock"
: > "$alog"
"$edgetsnd" -s /tmp/edgetsnd.sock -c /tmp/agent.yaml 2>> "$alog" &
agent_pid=$!
wait_count 1 'apply (start)'
verdict agent-apply "$([ "$(log_count 'apply (start): 2 changes, configuration in force')" = 1 ] && echo 1)" \
	"config applied: the etsn qdisc and the primary schedule on fs0 ($(grep -o 'apply (start): .*' "$alog"))"
wait_count 1 '> locked ('
poll 300 oper_is 128
sync_lines 1
verdict agent-sync "$(oper_is 128 && echo 1)" \
	"ptp4l synchronised to the master on the other VM ($(grep -o 'sync [a-z]* -> locked .* ns' "$alog" | tail -n 1)), the primary schedule in force"

step "the master stops: the agent sees the sync lost and installs the fallback; the master is back: locked, primary again"
from=$(($(wc -l < "$alog") + 1))
n_lost=$(log_count '> lost (') n_fb=$(log_count 'fs0: primary -> fallback')
peer_ctl stop > /dev/null
wait_count $((n_lost + 1)) '> lost ('
wait_count $((n_fb + 1)) 'fs0: primary -> fallback'
poll 300 oper_is 255
lost_ok=$([ "$(log_count '> lost (')" -gt "$n_lost" ] && oper_is 255 && echo 1)
applied=$(grep 'fail-safe: applied .* after the sync change to lost' "$alog" | tail -n 1 |
	sed 's/.*applied \([0-9.]*\) ms.*/\1/')
n_locked=$(log_count '> locked (') n_pri=$(log_count 'fs0: fallback -> primary')
peer_ctl start > /dev/null
wait_count $((n_locked + 1)) '> locked ('
wait_count $((n_pri + 1)) 'fs0: fallback -> primary'
poll 300 oper_is 128
sync_lines "$from"
verdict sync-lost "${lost_ok:-0}" "master stopped: sync lost, fallback (all gates open) installed ${applied:-?} ms after detection"
verdict sync-back "$([ "$(log_count 'fs0: fallback -> primary')" -gt "$n_pri" ] && oper_is 128 && echo 1)" \
	"master started: locked again, the primary schedule back in force at a cycle boundary"

step "what mosquitto_sub saw on $root/status, state/# and evt/# (payloads cut at 150 characters)"
kill "$agent_pid"
wait "$agent_pid"
arc=$?
agent_pid=
poll 100 grep -q "^$root/status offline" /tmp/mqtt.out
kill "$sub_pid"
sub_pid=
cut -c1-150 /tmp/mqtt.out | sed 's/^/  /'
verdict agent-mqtt "$([ "$arc" = 0 ] && grep -q "^$root/status online" /tmp/mqtt.out &&
	grep -q "^$root/state/fs0 {" /tmp/mqtt.out && grep -q "^$root/evt/" /tmp/mqtt.out &&
	grep -q "^$root/status offline" /tmp/mqtt.out && echo 1)" \
	"status online/offline, retained state/fs0 and $(grep -c "^$root/evt/" /tmp/mqtt.out) events seen by mosquitto_sub"
peer_ctl quit 2 > /dev/null
kill "$ptp_pid"
ptp_pid=
ip link del fs0

step "unloading edgetsn.ko"
drop_pair_and_pins
unload_edgetsn
verdict unload "$(module_loaded edgetsn || echo 1)" "edgetsn unloaded cleanly"

printf '\n=== edgetsn demo on %s\n' "$(uname -r)"
bad=0
for v in "${verdicts[@]}"; do
	echo "$v"
	case "$v" in FAIL*) bad=$((bad + 1)) ;; esac
done
echo "demo: $(( ${#verdicts[@]} - bad )) passed, $bad failed"
[ "$bad" = 0 ]
