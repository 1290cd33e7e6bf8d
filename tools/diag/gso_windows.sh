#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Diagnosis of TCP through a 2 ms cycle (docs/testing.md, "etsn_gso"):
# needs tools/diag/etsn-window-hist.patch applied; copy to tests/vm/cases/
# and run tests/vm/check.sh -k 6.1 gso_windows. Not a test: it prints.
. "$(dirname "$0")/lib.sh"
need_etsnctl
tcp_bulk=$repo_top/tests/vm/helpers/tcp_bulk.py
cleanup() { drop_pair; }
trap cleanup EXIT
load_edgetsn
make_pair 2
bulk() {
	ip netns exec listener python3 "$tcp_bulk" recv 5100 > /tmp/gso.out &
	receiver_pid=$!
	poll 600 grep -qs ready /tmp/gso.out || fail "receiver"
	( sleep 1.5; talk ss -tin dst 192.0.2.2 > /tmp/ss.out ) &
	talk python3 "$tcp_bulk" send 192.0.2.2 5100 "$1" > /dev/null || fail "sender failed"
	wait "$receiver_pid"
	tail -n 1 /tmp/gso.out | awk '{ printf "%.1f", $1 * 8 / $2 / 1e6 }'
}
ip netns exec listener ethtool -K l0 gro on > /dev/null 2>&1 || true
ip netns exec talker ethtool -K t0 tso on gso on > /dev/null 2>&1 || true
talk sysctl net.ipv4.tcp_limit_output_bytes net.ipv4.tcp_congestion_control || true
talk ethtool t0 | grep -i speed || true
estats() {
	talk "$etsnctl" -j stats dev t0 > /tmp/gso.json
	talk "$etsnctl" -j sched show dev t0 > /tmp/gsos.json
	python3 -c "
import json
d=json.load(open('/tmp/gso.json')); s=d['schedule_counters']
c=d['classes'][0]
print('class0 enq', c['enq_packets'], 'sent', c['sent_packets'], 'bytes', c['sent_bytes'], 'defer', c['guard_deferrals'], 'oversize', c['drops']['oversize'], 'maxsdu', c.get('max_sdu_effective_bytes'))
print('sched', {k:v for k,v in s.items() if not isinstance(v,(list,dict))})
print('keys', list(d.keys()))
for k,v in d.items():
    if isinstance(v,list) and k!='classes': print(k, v[:4])
"
	cat /tmp/gsos.json | cut -c1-1500; echo
}
one() {
	local name=$1; shift
	local mbps
	mbps=$(bulk "$@")
	echo "$name: $mbps Mb/s"
	cat /tmp/ss.out
}

cyc_now() { talk "$etsnctl" -j sched show dev t0 | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["schedule_counters"]["cycles"], d["status"]["current_time_ns"])'; }
tc -n talker qdisc replace dev t0 root etsn || fail "tc"
talk "$etsnctl" class set dev t0 speed 100 || fail "class set"
talk "$etsnctl" sched set dev t0 base-time 1s cycle-time 2ms entry S 0x01 1ms entry S 0xfe 1ms || fail sched
sleep 2
dmesg -C
a=$(cyc_now)
one "etsn speed100 2ms" 3
b=$(cyc_now)
echo "cycles/time before: $a after: $b"
estats
tc -n talker qdisc del dev t0 root
dmesg | grep etsndbg | tail -4

ip link add x0 type veth peer name x1
ip link set x0 up; ip link set x1 up
xsched() {
	tc qdisc replace dev x0 root etsn || fail "tc x0"
	"$etsnctl" sched set dev x0 base-time 1s cycle-time 2ms entry S 0x01 1ms entry S 0xfe 1ms || fail xsched
}
xsched
sleep 3
tc qdisc del dev x0 root
echo "idle guest, etsn on x0 3 s:"; dmesg | grep etsndbg | grep late | tail -1
tc -n talker qdisc replace dev t0 parent root handle 100 taprio num_tc 2 \
	map 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 queues 1@0 1@1 \
	base-time 1000000000 sched-entry S 01 1000000 sched-entry S 02 1000000 clockid CLOCK_TAI || fail taprio
xsched
one "taprio 2ms (veth speed)" 3
tc qdisc del dev x0 root
echo "during taprio TCP, etsn on idle x0:"; dmesg | grep etsndbg | grep late | tail -1
tc -n talker -s qdisc show dev t0 | sed -n 1,3p
tc -n talker qdisc del dev t0 root
tc -n talker qdisc replace dev t0 root etsn || fail "tc"
talk "$etsnctl" class set dev t0 speed 100 || fail "class set"
talk "$etsnctl" sched set dev t0 base-time 1s cycle-time 20ms entry S 0x01 10ms entry S 0xfe 10ms || fail sched
one "etsn speed100 20ms" 3
estats
tc -n talker qdisc del dev t0 root
dmesg | grep etsndbg | tail -4
ip link del x0
echo "gso_windows: ok"
