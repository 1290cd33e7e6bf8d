#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_xdp (its verifier check is bpf_verifier): attached by etsnctl on
# the receiver (l0) it drops exactly the frames its rules name (IPv4 and
# IPv6 source prefixes, UDP destination port, 802.1Q-tagged too, truncated
# headers) and counts them exactly; rules change under traffic without
# losing a frame from the account; detach/re-attach keeps rules and
# counters; plain iproute2 loads the same object and it drops.
#
# etsnctl runs with its own -n NS (setns of the network namespace only),
# not under `ip netns exec`: the latter gives each command a mount
# namespace (and /sys/fs/bpf) of its own, so pins would not outlive it.
. "$(dirname "$0")/lib.sh"
obj=$repo_top/build/bpf/etsn_xdp.bpf.o
frames=$repo_top/tests/vm/helpers/frames.py
maps="etsn_fw_src4 etsn_fw_src6 etsn_fw_port etsn_fw_stats etsn_fw_proto
	etsn_fw_syncfg etsn_fw_synsrc etsn_fw_synlck etsn_fw_syncnt etsn_fw_rulecnt"
cleanup() {
	drop_pair
	drop_pair_and_pins
	rm -f /tmp/xdp_fw.stop
	# iproute2's load below pins the maps by name.
	for m in $maps; do rm -f "/sys/fs/bpf/xdp/globals/$m"; done
}
trap cleanup EXIT
[ -f "$obj" ] || fail "$obj not built (make bpf)"
need_etsnctl

make_pair
for ns in talker listener; do
	dev=$([ $ns = talker ] && echo t0 || echo l0)
	ip netns exec $ns sysctl -qw net.ipv6.conf.$dev.disable_ipv6=0
done
# Allowed sources .1 / ::1, blocked ones .10 / ::8:10 (rules below). Both
# IPv6 addresses are /64, so senders name their source: the kernel's choice
# between them is a tie.
ip -n talker addr add 192.0.2.10/24 dev t0
ip -n talker addr add 2001:db8::1/64 dev t0 nodad
ip -n talker addr add 2001:db8::8:10/64 dev t0 nodad
ip -n listener addr add 2001:db8::2/64 dev l0 nodad
l0_mac=$(mac_of listener l0)
t0_mac=$(ip -n talker -br link show dev t0 | awk '{ print $3 }')
ip -n talker neigh replace 2001:db8::2 dev t0 lladdr "$l0_mac" nud permanent
for a in 192.0.2.10 2001:db8::1 2001:db8::8:10; do
	ip -n listener neigh replace $a dev l0 lladdr "$t0_mac" nud permanent
done

ctl() { ns_ctl listener "$@"; }
# On failure, what the firewall saw.
fail() {
	echo "FAIL: $*" >&2
	ctl fw show dev l0 >&2 || true
	ip -n listener -s link show dev l0 >&2 || true
	ip netns exec listener nstat -az 2>&1 | grep -v ' 0 ' >&2 || true
	exit 1
}
# Counters from etsnctl -j fw show, as shell variables c_<reason>, p_<proto>
# (jq, not python3: a python start costs about a second in the guest).
read_counters() {
	eval "$(ctl -j fw show dev l0 | jq -r '
		(.counters | to_entries[] | "c_\(.key)=\(.value)"),
		(.protocols | to_entries[] | "p_\(.key)=\(.value)"),
		"rules=\"\([.rules[] | .cidr // "\(.proto)/\(.port)"] | join(" "))\"",
		"drops=\"\([.rules[] | "\(.cidr // "\(.proto)/\(.port)")=\(.dropped)"] | sort | join(" "))\""')"
}
# recv_until_end OUTFILE PORT [ARGS]: a receiver in the listener that counts
# datagrams until the senders' end marker, returning once it is bound (its
# port in `ss -lun`). No idle timeout: the senders' pace under TCG and load
# does not matter.
recv_until_end() {
	local out=$1 port=$2
	shift 2
	ip netns exec listener python3 "$udp" recv "$port" 0 --until-end "$@" > "$out" &
	receiver_pid=$!
	for _ in $(seq 600); do
		ip netns exec listener ss -Hlun "sport = :$port" | grep_q . && return 0
		sleep 0.1
	done
	fail "receiver on port $port not bound within 60 s"
}
# Every frame that passed: UDP that no rule dropped plus the link's own
# ICMPv6 (MLD, RS) and non-IP chatter; truncated headers count as other_ip,
# frames with 5 tags as non_ip and in unparsed or unparsed_passed.
check_passed_identity() {
	expect_eq "passed = undropped udp + icmp + non-ip" \
		$((p_udp - c_dropped_cidr4 - c_dropped_cidr6 - c_dropped_port + p_icmp + p_non_ip + p_tcp + p_other_ip - c_malformed - c_unparsed - c_unparsed_passed)) \
		"$c_passed"
}

expect_rc "fw show before attach" 1 ctl fw show dev l0
expect_rc "fw block before attach" 1 ctl fw block dev l0 192.0.2.8/29
ctl xdp attach dev l0
ctl -j xdp status dev l0 | grep_q '"attached":true,"mode":"native"' ||
	fail "status after attach: $(ctl -j xdp status dev l0)"

ctl fw block dev l0 192.0.2.8/29
ctl fw block dev l0 2001:db8::8:0/112
ctl fw block dev l0 port udp 5002
expect_rc "host bits" 2 ctl fw block dev l0 192.0.2.9/29
expect_rc "prefix 33" 2 ctl fw block dev l0 10.0.0.0/33
expect_rc "not an address" 2 ctl fw block dev l0 10.0.0/8
expect_rc "port 0" 2 ctl fw block dev l0 port udp 0
expect_rc "port 65536" 2 ctl fw block dev l0 port tcp 65536
expect_rc "proto icmp" 2 ctl fw block dev l0 port icmp 1
expect_rc "duplicate cidr" 1 ctl fw block dev l0 192.0.2.8/29
expect_rc "duplicate port" 1 ctl fw block dev l0 port udp 5002
expect_rc "unknown rule" 1 ctl fw unblock dev l0 192.0.2.0/24
expect_rc "unknown port" 1 ctl fw unblock dev l0 port tcp 5002
read_counters
expect_eq "rules after the refused edits" "192.0.2.8/29 2001:db8::8:0/112 udp/5002" "$rules"
expect_eq "per-rule drops before traffic" "192.0.2.8/29=0 2001:db8::8:0/112=0 udp/5002=0" "$drops"

# Known mix: 20 + 11 pass; 7 + 5 blocked by source, 4 + 3 by port; then
# the end marker (passes, not counted by the receiver). Three interpreter
# starts for all of it.
recv_until_end /tmp/recv.out 5000 --v6
talk python3 "$udp" batch <<-SENDS
	send 192.0.2.2 5000 20 64 0 --src 192.0.2.1
	send 192.0.2.2 5000 7 64 0 --src 192.0.2.10
	send 2001:db8::2 5000 11 64 0 --src 2001:db8::1
	send 2001:db8::2 5000 5 64 0 --src 2001:db8::8:10
	send 192.0.2.2 5002 4 64 0 --src 192.0.2.1
	send 2001:db8::2 5002 3 64 0 --src 2001:db8::1
SENDS
# Raw frames: 3 truncated IPv4 headers; 802.1Q-tagged UDP, 2 from a blocked
# source and 2 allowed ones to 5000 (passed by XDP; the stack, with no
# VLAN device, then discards them, so they never reach the receiver).
talk python3 "$frames" t0 "$l0_mac" truncated-ipv4 3 \
	+ vlan-udp4 2 5 192.0.2.10 192.0.2.2 5000 \
	+ vlan-udp4 2 5 192.0.2.1 192.0.2.2 5000
talk python3 "$udp" batch <<-SENDS
	send 192.0.2.2 5000 2 64 0 --src 192.0.2.1
	end 192.0.2.2 5000 --src 192.0.2.1
SENDS
wait "$receiver_pid"
expect_eq "datagrams received" 33 "$(tail -n 1 /tmp/recv.out)"
read_counters
expect_eq "dropped_cidr4" 9 "$c_dropped_cidr4"
expect_eq "dropped_cidr6" 5 "$c_dropped_cidr6"
expect_eq "dropped_port" 7 "$c_dropped_port"
expect_eq "malformed" 3 "$c_malformed"
expect_eq "udp frames (with the end marker)" 57 "$p_udp"
expect_eq "tcp frames" 0 "$p_tcp"
expect_eq "per-rule drops" "192.0.2.8/29=9 2001:db8::8:0/112=5 udp/5002=7" "$drops"
check_passed_identity

# Deeper than the parser reads (5 tags): dropped as unparsed by default,
# passed as unparsed_passed under `fw policy ... unparsed pass`; refused
# policy words change nothing.
expect_rc "policy without words" 2 ctl fw policy dev l0
expect_rc "policy unparsed maybe" 2 ctl fw policy dev l0 unparsed maybe
expect_rc "policy given twice" 2 ctl fw policy dev l0 unparsed pass unparsed drop
expect_eq "default policy" '{"unparsed":"drop","fragments":"pass"}' \
	"$(ctl -j fw show dev l0 | jq -c .policy)"
talk python3 "$frames" t0 "$l0_mac" vlan5-udp4 4 192.0.2.1 192.0.2.2 5000
read_counters
expect_eq "unparsed unparsed_passed (5 tags, default)" "4 0" "$c_unparsed $c_unparsed_passed"
ctl fw policy dev l0 unparsed pass
expect_eq "policy after 'unparsed pass'" '{"unparsed":"pass","fragments":"pass"}' \
	"$(ctl -j fw show dev l0 | jq -c .policy)"
talk python3 "$frames" t0 "$l0_mac" vlan5-udp4 3 192.0.2.1 192.0.2.2 5000
read_counters
expect_eq "unparsed unparsed_passed (5 tags, pass)" "4 3" "$c_unparsed $c_unparsed_passed"
ctl fw policy dev l0 unparsed drop
check_passed_identity

# Unblock under traffic: a stream from the blocked 192.0.2.10 is dropped,
# then, once the rule is gone, delivered; not a frame unaccounted for.
d4_before=$c_dropped_cidr4
rm -f /tmp/xdp_fw.stop
recv_until_end /tmp/recv2.out 5001
talk python3 "$udp" stream 192.0.2.2 5001 /tmp/xdp_fw.stop 0.002 --src 192.0.2.10 > /tmp/sent.out &
sender_pid=$!
wait_for() { # wait_for WHAT CONDITION: polls the counters
	for _ in $(seq 300); do
		read_counters
		eval "$2" && return 0
		sleep 0.2
	done
	fail "$1"
}
wait_for "stream never dropped" '[ $((c_dropped_cidr4 - d4_before)) -ge 20 ]'
ctl fw unblock dev l0 192.0.2.8/29
read_counters
d4_at_unblock=$c_dropped_cidr4
udp_at_unblock=$p_udp
wait_for "stream never passed after unblock" '[ $((p_udp - udp_at_unblock)) -ge 20 ]'
touch /tmp/xdp_fw.stop
wait "$sender_pid"
wait "$receiver_pid"
sent=$(tail -n 1 /tmp/sent.out)
got=$(tail -n 1 /tmp/recv2.out)
read_counters
expect_eq "dropped after unblock" "$d4_at_unblock" "$c_dropped_cidr4"
expect_eq "stream: received + dropped = sent" "$sent" $((got + c_dropped_cidr4 - d4_before))
echo "stream: sent $sent, dropped $((c_dropped_cidr4 - d4_before)) before unblock, received $got"
check_passed_identity

# Detach keeps the pins; re-attach (generic this time) reuses them.
before="$c_dropped_cidr4 $c_dropped_cidr6 $c_dropped_port $c_malformed $p_udp"
ctl xdp detach dev l0
ctl -j xdp status dev l0 | grep_q '"attached":false' || fail "still attached after detach"
expect_rc "detach twice" 1 ctl xdp detach dev l0
talk python3 "$udp" send 2001:db8::2 5000 4 64 0 --src 2001:db8::8:10
read_counters
expect_eq "counters while detached" "$before" "$c_dropped_cidr4 $c_dropped_cidr6 $c_dropped_port $c_malformed $p_udp"
ctl xdp attach dev l0 mode generic
ctl -j xdp status dev l0 | grep_q '"attached":true,"mode":"generic"' ||
	fail "status after re-attach: $(ctl -j xdp status dev l0)"
read_counters
expect_eq "counters after re-attach" "$before" "$c_dropped_cidr4 $c_dropped_cidr6 $c_dropped_port $c_malformed $p_udp"
expect_eq "rules after re-attach" "2001:db8::8:0/112 udp/5002" "$rules"
talk python3 "$udp" send 2001:db8::2 5000 6 64 0 --src 2001:db8::8:10
read_counters
expect_eq "dropped_cidr6 after re-attach" 11 "$c_dropped_cidr6"
expect_eq "per-rule drops after re-attach" "2001:db8::8:0/112=11 udp/5002=7" "$drops"
# A rule blocked again starts from zero: its new slot was cleared first.
ctl fw block dev l0 192.0.2.8/29
read_counters
expect_eq "per-rule drops after re-block" "192.0.2.8/29=0 2001:db8::8:0/112=11 udp/5002=7" "$drops"
ctl xdp detach dev l0

# Plain iproute2 (outside etsnctl, maps pinned in its own /sys/fs/bpf/xdp).
nsenter --net=/run/netns/listener ip link set dev l0 xdpgeneric obj "$obj" sec xdp ||
	fail "iproute2 could not load $obj"
pins=/sys/fs/bpf/xdp/globals
# key {proto 17, pad 0, port 5003 (host order)}, value 1
bpftool map update pinned $pins/etsn_fw_port key 17 0 139 19 value 1 0 0 0
recv_until_end /tmp/recv3.out 5000
talk python3 "$udp" batch <<-SENDS
	send 192.0.2.2 5003 9 64 0 --src 192.0.2.1
	send 192.0.2.2 5000 4 64 0 --src 192.0.2.1
	end 192.0.2.2 5000 --src 192.0.2.1
SENDS
wait "$receiver_pid"
expect_eq "received under iproute2's program" 4 "$(tail -n 1 /tmp/recv3.out)"
# Per-CPU values: numbers with BTF, little-endian hex bytes without.
dropped_port=$(bpftool -j map lookup pinned $pins/etsn_fw_stats key 3 0 0 0 | jq '
	def hexbyte: ascii_downcase | ltrimstr("0x") | explode |
		map(if . >= 97 then . - 87 else . - 48 end) | .[0] * 16 + .[1];
	[.values[].value | if type == "number" then . else
		(reverse | reduce .[] as $b (0; . * 256 + ($b | hexbyte))) end] | add')
expect_eq "dropped_port under iproute2" 9 "$dropped_port"
ip -n listener link set dev l0 xdpgeneric off

# A mode switch that the driver refuses (dummy has no native XDP) leaves the
# old program running, and says so; a detach takes exactly ours.
ip -n listener link add d0 type dummy
ip -n listener link set d0 up
ctl xdp attach dev d0 mode generic > /dev/null
gen_id=$(ctl -j xdp status dev d0 | jq .prog_id)
expect_rc "switch to native on dummy" 1 ctl xdp attach dev d0 mode native
expect_err "switch to native on dummy" "the generic program runs on, unchanged"
ctl -j xdp status dev d0 | grep_q "\"attached\":true,\"mode\":\"generic\",\"prog_id\":$gen_id," ||
	fail "after the refused switch: $(ctl -j xdp status dev d0)"
ctl xdp detach dev d0 > /dev/null
ip -n listener link del d0
rm -rf /sys/fs/bpf/edgetsn/d0
echo "rules, counters, unblock under traffic, re-attach, refused mode switch and iproute2 load exact"
