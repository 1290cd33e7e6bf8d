#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# vm-timing: yes
# Real ptp4l through a schedule, taprio and etsn side by side in one boot.
# Two veth pairs, each with a master namespace and a slaveOnly slave
# namespace; on each pair ptp4l runs twice at once, over L2 (-2) and UDPv4
# (-4), software timestamps (-S). The slave's egress runs a 10 ms cycle:
# class 0 (priority 0, ptp4l's) open 1 ms, class 7 alone for 200 us (the
# protected, critical window, with traffic of its own), class 1 for the
# rest. Both qdiscs run the same schedule and the same ptp4l settings for
# PHASE_S seconds (default 60):
#  - taprio: PTP waits up to 9 ms for its gate; ptp4l reports "timed out
#    while polling for tx timestamp" and the port goes FAULTY;
#  - etsn (management class on by default): no timeout, no FAULTY; its
#    PTP frames left in the windows where class 0's gate was closed
#    (per-entry counters), none left in class 7's window (every frame sent
#    there is one of class 7's), which the guard band also keeps them from
#    running into.
# tx_timestamp_timeout is 5 ms for both (ptp4l's default is 1 ms): etsn's
# frames wait at most for the 200 us protected window plus the gate timer's
# lateness under TCG; taprio's wait up to 9 ms, so it still faults.
# The slaves run free (free_running 1): they do not step the clock the
# schedules run on, and are judged by timeouts and FAULTY (one VM, one
# CLOCK_REALTIME; see issue 11).
. "$(dirname "$0")/lib.sh"

phase_s=${PHASE_S:-60}
etsnctl=$repo_top/build/etsnctl
out=${EDGETSN_VM_OUT:-/tmp}/ptp
mkdir -p "$out"
command -v ptp4l > /dev/null || fail "ptp4l missing (linuxptp)"

cleanup() {
	local p
	for p in $(jobs -p); do kill "$p" 2> /dev/null || true; done
	wait 2> /dev/null || true
	for ns in tm ts em es; do ip netns del "$ns" 2> /dev/null || true; done
}
trap cleanup EXIT

# pair MASTER_NS SLAVE_NS: veth m0 (master) - s0 (slave), 3 tx queues each
# (taprio wants one per class), IPv4 only.
pair() {
	ip netns add "$1"
	ip netns add "$2"
	ip link add m0 numtxqueues 3 numrxqueues 3 netns "$1" type veth \
		peer name s0 numtxqueues 3 numrxqueues 3 netns "$2"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.m0.disable_ipv6=1
	ip netns exec "$2" sysctl -qw net.ipv6.conf.s0.disable_ipv6=1
	ip -n "$1" addr add 192.0.2.1/24 dev m0
	ip -n "$2" addr add 192.0.2.2/24 dev s0
	ip -n "$1" link set m0 up
	ip -n "$2" link set s0 up
	ip -n "$1" link set lo up
	ip -n "$2" link set lo up
}

load_edgetsn
pair tm ts
pair em es

# The same 10 ms cycle on both; base time in the past: both run whole
# cycles from it. taprio: priority 0 -> tc 0, 7 -> tc 2, the rest tc 1.
tc -n ts qdisc replace dev s0 parent root handle 100 taprio num_tc 3 \
	map 0 1 1 1 1 1 1 2 1 1 1 1 1 1 1 1 queues 1@0 1@1 1@2 \
	base-time 1000000000 sched-entry S 01 1000000 sched-entry S 04 200000 \
	sched-entry S 02 8800000 clockid CLOCK_TAI || fail "tc qdisc replace taprio"
tc -n es qdisc add dev s0 root handle 1: etsn || fail "tc qdisc add etsn"
ip netns exec es "$etsnctl" sched set dev s0 base-time 1000000000ns cycle-time 10ms \
	entry S 0x01 1ms entry S 0x80 200us entry S 0x02 8800us || fail "etsnctl sched set"
ip netns exec es "$etsnctl" class show dev s0 > "$out/etsn-class.txt"
grep_q '^mgmt-ptp on' "$out/etsn-class.txt" || fail "management class not on by default"
grep_q '^mgmt-protect 0x80' "$out/etsn-class.txt" || fail "class 7 not protected by default"

# ptp4l NS TRANSPORT ROLE: one instance, log in $out/NS-TRANSPORT.log.
ptp() {
	local role=() t=$2
	[ "$3" = slave ] && role=(--slaveOnly 1 --free_running 1)
	ip netns exec "$1" timeout "$phase_s" ptp4l -S "-$t" -i "$([ "$3" = slave ] && echo s0 || echo m0)" \
		-m -q --tx_timestamp_timeout 5 --uds_address "/tmp/ptp-$1-$t" \
		"${role[@]}" > "$out/$1-$t.log" 2>&1 &
}
for t in 2 4; do
	ptp tm $t master
	ptp em $t master
	ptp ts $t slave
	ptp es $t slave
done
# Critical traffic in class 7 on the etsn slave's egress, all along, paced
# (20 frames/s) so that it does not starve ptp4l of the VM's CPU.
ip netns exec es python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, 7)
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    s.sendto(bytes(200), ("192.0.2.1", 5000))
    time.sleep(0.05)
' "$phase_s" &
wait

for t in 2 4; do
	for ns in ts es; do
		echo "--- $ns-$t: $(grep -c 'timed out while polling for tx timestamp' "$out/$ns-$t.log" || true) timeouts," \
			"$(grep -c 'to FAULTY' "$out/$ns-$t.log" || true) FAULTY," \
			"$(grep -c 'master offset' "$out/$ns-$t.log" || true) offsets measured"
	done
done
for t in 2 4; do
	grep_q 'timed out while polling for tx timestamp' "$out/ts-$t.log" ||
		fail "taprio -$t: no tx timestamp timeout: $(tail -n 5 "$out/ts-$t.log")"
	grep_q 'to FAULTY' "$out/ts-$t.log" || fail "taprio -$t: port never FAULTY"
	grep_q 'timed out while polling for tx timestamp' "$out/es-$t.log" &&
		fail "etsn -$t: tx timestamp timeout: $(grep -m 3 'timed out' "$out/es-$t.log")"
	grep_q 'FAULTY' "$out/es-$t.log" && fail "etsn -$t: FAULTY: $(grep -m 3 FAULTY "$out/es-$t.log")"
	# The slave heard the master and measured the path (Delay_Req sent).
	grep_q 'UNCALIBRATED\|SLAVE' "$out/es-$t.log" ||
		fail "etsn -$t: the slave never locked on the master: $(tail -n 5 "$out/es-$t.log")"
done

ip netns exec es "$etsnctl" -j stats dev s0 > "$out/etsn-stats.json"
ip netns exec es "$etsnctl" stats dev s0 > "$out/etsn-stats.txt"
python3 - "$out/etsn-stats.json" <<'PY' || fail "etsn counters: $(cat "$out/etsn-stats.txt")"
import json, sys
s = json.load(open(sys.argv[1]))
s = s[0] if isinstance(s, list) else s
m = s["mgmt"]
e = {x["index"]: x["frames"] for x in s["entries"]}
tc7 = next(c for c in s["classes"] if c["tc"] == 7)["sent_packets"]
print(f"mgmt sent {m['sent_packets']} deferrals {m['deferrals']} drops {m['drops']}; "
      f"entry frames {e}; class 7 sent {tc7}")
# Delay_Req of two slaves, one a second each, for the whole phase.
assert m["sent_packets"] >= 20, "too few PTP frames through the management queue"
assert m["drops"] == 0, "PTP frames dropped"
assert e[2] > 0, "no PTP frame left while class 0's gate was closed"
assert tc7 > 0, "no class 7 traffic in its window"
# Everything sent in class 7's window is class 7's: no PTP frame in it.
assert e[1] == tc7, f"protected window carried {e[1] - tc7} frames not of class 7"
PY
echo "taprio faulted (tx timestamp timeouts, FAULTY); etsn ran ${phase_s}s of L2 and UDPv4 PTP" \
	"with no timeout, no FAULTY, nothing in the protected window but its own class"
