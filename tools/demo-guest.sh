#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo's guest side (run by tools/demo.sh inside the VM): every part of
# edgetsn at work between two network namespaces, each ending in a one-line
# verdict judged from what really arrived or was counted, then a summary.
# It builds its hosts with the VM cases' own helpers.
export EDGETSN_KO_DIR=$1
. "$(dirname "$0")/../tests/vm/cases/lib.sh"
set +e
trap drop_pair_and_pins EXIT
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
edgetsnd=$repo_top/build/edgetsnd
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
