#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_classify (egress stream classifier; verifier: bpf_verifier):
# attached by `etsnctl classify` on t0's clsact egress under an etsn root
# qdisc whose map sends priorities 5, 9, 12 to classes 1, 2, 3, it steers
# UDP sent without SO_PRIORITY:
# a 5-tuple stream, a 5-tuple + DSCP stream (the same 5-tuple with another
# DSCP is no stream), a MAC + VLAN stream that wins over a 5-tuple rule
# for the same frames, and traffic of no stream. The etsn per-class sent
# counters, the classifier's per-stream and miss counters and the arrivals
# are exact. Then: a rule deleted and re-added with another priority while
# a stream runs (every frame in the old class, the miss class or the new
# one, none lost); detach (frames no longer classified, counters kept) and
# re-attach (counters and rules back); refusals change nothing; and the
# same object loaded by plain iproute2 classifies too.
# etsnctl runs with -n NS (see xdp_fw.sh).
. "$(dirname "$0")/lib.sh"
obj=$repo_top/build/bpf/etsn_classify.bpf.o
pins=/sys/fs/bpf/edgetsn/t0	# removed by drop_pair_and_pins
cleanup() {
	[ -n "${stop:-}" ] && touch "$stop"
	drop_pair_and_pins
}
trap cleanup EXIT
[ -f "$obj" ] || fail "$obj not built (make bpf)"
need_etsnctl

load_edgetsn
make_pair
# A VLAN 5 on top of the pair; no IPv6 and static neighbours: every frame
# on t0 is one the case sent. The debug (kunit) kernel has no 802.1Q
# devices: there the VLAN stream is left out, and said so.
l0_mac=$(mac_of listener l0)
vlan=1
ip -n talker link add link t0 name t0v5 type vlan id 5 2> /dev/null || vlan=0
if [ "$vlan" = 1 ]; then
	ip -n listener link add link l0 name l0v5 type vlan id 5
	ip netns exec talker sysctl -qw net.ipv6.conf.t0v5.disable_ipv6=1
	ip netns exec listener sysctl -qw net.ipv6.conf.l0v5.disable_ipv6=1
	ip -n talker addr add 198.51.100.1/24 dev t0v5
	ip -n listener addr add 198.51.100.2/24 dev l0v5
	ip -n talker link set t0v5 up
	ip -n listener link set l0v5 up
	ip -n talker neigh replace 198.51.100.2 dev t0v5 lladdr "$l0_mac" nud permanent
else
	case "$(uname -r)" in
	*-kunit) ;;
	*) fail "cannot create a VLAN device on $(uname -r)" ;;
	esac
	echo "SKIPPED on $(uname -r): no 802.1Q support, no MAC + VLAN stream"
fi

ctl() { ns_ctl talker "$@"; }
fail() {
	echo "FAIL: $*" >&2
	ctl classify show dev t0 >&2 || true
	ctl stats dev t0 >&2 || true
	exit 1
}

tc -n talker qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add etsn"
ctl class set dev t0 map 0 0 0 0 0 1 0 0 0 2 0 0 3 0 0 0 || fail "class set"

# etsnctl -j stats / classify show as shell variables: c<TC>_pkts,
# c<TC>_bytes; s<ID>_pkts, s<ID>_bytes, s<ID>_prio, miss_pkts, miss_bytes,
# prog_id, ids.
read_classes() {
	eval "$(ctl -j stats dev t0 | python3 -c '
import json, sys
for c in json.load(sys.stdin)["classes"]:
    print("c%d_pkts=%d c%d_bytes=%d" % (c["tc"], c["sent_packets"], c["tc"], c["sent_bytes"]))')"
}
read_rules() {
	eval "$(ctl -j classify show dev t0 | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("prog_id=%s" % d.get("prog_id", 0))
print("miss_pkts=%d miss_bytes=%d" % (d["misses"]["packets"], d["misses"]["bytes"]))
print("ids=\"%s\"" % " ".join(str(s["id"]) for s in d["streams"]))
for s in d["streams"]:
    print("s%d_pkts=%d s%d_bytes=%d s%d_prio=%d" % (s["id"], s["packets"], s["id"], s["bytes"],
                                                   s["id"], s["prio"]))')"
}
# start_recvs OUT PORT...: one udp.py recv per port (until the end marker),
# returning once all are bound; recv_pids holds them.
start_recvs() {
	local out=$1 p
	shift
	recv_pids=()
	for p in "$@"; do
		ip netns exec listener python3 "$udp" --until-end recv "$p" 15 > "$out.$p" &
		recv_pids+=($!)
	done
	for p in "$@"; do
		poll 600 grep -qs ready "$out.$p" || fail "receiver on $p did not start"
	done
}
got() { tail -n 1 "$1.$2"; }

# Refusals before anything exists: exit 2 (words) or 1 (state), no pins.
ip4="ip 192.0.2.1 192.0.2.2 proto udp"
expect_rc "prio 16" 2 ctl classify add dev t0 id 1 $ip4 sport 7001 dport 5001 prio 16
expect_rc "no prio" 2 ctl classify add dev t0 id 1 $ip4 sport 7001 dport 5001
expect_rc "id 256" 2 ctl classify add dev t0 id 256 $ip4 sport 7001 dport 5001 prio 5
expect_rc "vlan 4095" 2 ctl classify add dev t0 id 1 dst "$l0_mac" vlan 4095 prio 5
expect_rc "meter word" 2 ctl classify add dev t0 id 1 dst "$l0_mac" prio 5 max-sdu 100
expect_rc "show before any rule" 1 ctl classify show dev t0
expect_rc "detach before attach" 1 ctl classify detach dev t0
expect_rc "no such device" 1 ctl classify attach dev nosuch0
[ ! -e "$pins" ] || fail "a refused command left pins"

ctl classify attach dev t0 2> /tmp/cls.err || fail "classify attach: $(cat /tmp/cls.err)"
[ ! -s /tmp/cls.err ] || fail "classify attach said more than it should: $(cat /tmp/cls.err)"
ctl classify add dev t0 id 1 $ip4 sport 7001 dport 5001 prio 5
ctl classify add dev t0 id 2 $ip4 sport 7002 dport 5002 dscp 46 prio 9
ctl classify add dev t0 id 3 dst "$l0_mac" vlan 5 prio 12
# Same frames as stream 3 by 5-tuple: MAC + VLAN is looked up first.
ctl classify add dev t0 id 4 ip 198.51.100.1 198.51.100.2 proto udp sport 7003 dport 5003 prio 9
expect_rc "duplicate id" 1 ctl classify add dev t0 id 1 $ip4 sport 7009 dport 5009 prio 5
expect_rc "duplicate key" 1 ctl classify add dev t0 id 9 $ip4 sport 7001 dport 5001 prio 9
expect_rc "duplicate MAC key" 1 ctl classify add dev t0 id 9 dst "$l0_mac" vlan 5 prio 5
expect_rc "del unknown id" 1 ctl classify del dev t0 id 9
read_rules
expect_eq "rules after the refused edits" "1 2 3 4" "$ids"
expect_eq "priorities" "5 9 12 9" "$s1_prio $s2_prio $s3_prio $s4_prio"
[ "$prog_id" != 0 ] || fail "classify show: no program attached"
[ "$(egress_prog_id talker t0)" = "$prog_id" ] || fail "tc shows another program than etsnctl"
ctl classify show dev t0

# 64-byte payloads: 106-byte frames (the VLAN tag of t0v5's frames is
# inserted by the driver, after the classifier and the qdisc).
len=106
# nv: frames over VLAN 5, 20 and an end marker (when the kernel has VLANs).
nv=$((vlan * 21))
start_recvs /tmp/cls1 5000 5001 5002 $([ "$vlan" = 1 ] && echo 5003)
{
	echo "send 192.0.2.2 5001 40 64 0 --sport 7001"
	echo "send 192.0.2.2 5002 30 64 0 $((46 << 2)) --sport 7002"
	echo "send 192.0.2.2 5002 10 64 0 0 --sport 7002"
	[ "$vlan" = 1 ] && echo "send 198.51.100.2 5003 20 64 0 --sport 7003"
	echo "send 192.0.2.2 5000 25 64 0"
} | ip netns exec talker python3 "$udp" batch || fail "send"
# End markers: one per port; no --sport, so of no stream (class 0), but
# the one over VLAN 5, which is stream 3's by MAC + VLAN.
ip netns exec talker python3 "$udp" batch <<EOF || fail "end markers"
end 192.0.2.2 5000
end 192.0.2.2 5001
end 192.0.2.2 5002
$([ "$vlan" = 1 ] && echo "end 198.51.100.2 5003")
EOF
wait "${recv_pids[@]}"
expect_eq "arrivals 5000 5001 5002" "25 40 40" \
	"$(got /tmp/cls1 5000) $(got /tmp/cls1 5001) $(got /tmp/cls1 5002)"
[ "$vlan" = 0 ] || expect_eq "arrivals 5003 (VLAN 5)" 20 "$(got /tmp/cls1 5003)"
read_rules
read_classes
expect_eq "stream 1 (5-tuple) packets bytes" "40 $((40 * len))" "$s1_pkts $s1_bytes"
expect_eq "stream 2 (5-tuple + DSCP 46) packets bytes" "30 $((30 * len))" "$s2_pkts $s2_bytes"
expect_eq "stream 3 (MAC + VLAN 5) packets bytes" "$nv $((vlan * (20 * len + 57)))" \
	"$s3_pkts $s3_bytes"
expect_eq "stream 4 (5-tuple under stream 3's MAC + VLAN) packets" 0 "$s4_pkts"
# No stream: 25 + 10 with DSCP 0 + 3 end markers (57-byte frames).
expect_eq "misses packets bytes" "38 $((35 * len + 3 * 57))" "$miss_pkts $miss_bytes"
expect_eq "class 1 sent" "40 $((40 * len))" "$c1_pkts $c1_bytes"
expect_eq "class 2 sent" "30 $((30 * len))" "$c2_pkts $c2_bytes"
expect_eq "class 3 sent" "$nv $((vlan * (20 * len + 57)))" "$c3_pkts $c3_bytes"
expect_eq "class 0 sent" "38 $((35 * len + 3 * 57))" "$c0_pkts $c0_bytes"
echo "steered exactly: 40 -> class 1, 30 -> class 2, $nv (VLAN) -> class 3, 38 of no stream -> class 0"

# Re-configuration under traffic: stream 5 runs in class 1 (prio 5); its
# rule is deleted (its frames become misses, class 0), then its key comes
# back as stream 6 with prio 9 (class 2). Every frame lands in exactly one
# of the three and arrives.
ctl classify add dev t0 id 5 $ip4 sport 7005 dport 5005 prio 5
read_classes
b0=$c0_pkts b1=$c1_pkts b2=$c2_pkts
read_rules
m0=$miss_pkts
start_recvs /tmp/cls2 5005
stop=/tmp/cls.stop
rm -f "$stop"
ip netns exec talker python3 "$udp" --sport 7005 stream 192.0.2.2 5005 "$stop" 0.02 \
	> /tmp/cls2.sent &
sender_pid=$!
s5_running() { read_rules; [ "${s5_pkts:-0}" -ge 10 ]; }
poll 600 s5_running || fail "stream 5 never reached 10 classified frames"
ctl classify del dev t0 id 5
missing() { read_rules; [ "$miss_pkts" -ge $((m0 + 5)) ]; }
poll 600 missing || fail "no misses after deleting stream 5"
ctl classify add dev t0 id 6 $ip4 sport 7005 dport 5005 prio 9
s6_running() { read_rules; [ "${s6_pkts:-0}" -ge 10 ]; }
poll 600 s6_running || fail "stream 6 never reached 10 classified frames"
touch "$stop"
wait "$sender_pid"
wait "${recv_pids[@]}"
sent=$(cat /tmp/cls2.sent)
stop=
expect_eq "stream 5/6 arrivals" "$sent" "$(got /tmp/cls2 5005)"
read_rules
read_classes
# The old stream's counters stay in the pinned array (slot 5) after del.
s5_final=$(bpftool -j map lookup pinned "$pins/etsn_cls_cnt" key 5 0 0 0 | python3 -c '
import json, sys
# Per CPU: a list of hex bytes (packets is the first u64) or a formatted struct.
def pk(v):
    return v["packets"] if isinstance(v, dict) else int.from_bytes(bytes(int(b, 16) for b in v[:8]), "little")
print(sum(pk(c["value"]) for c in json.load(sys.stdin)["values"]))')
d0=$((c0_pkts - b0)) d1=$((c1_pkts - b1)) d2=$((c2_pkts - b2))
echo "under traffic: sent $sent + end marker; class 1 +$d1, class 0 +$d0, class 2 +$d2"
expect_eq "old class = old stream's counter" "$s5_final" "$d1"
expect_eq "miss class = new misses" "$((miss_pkts - m0))" "$d0"
expect_eq "new class = new stream's counter" "$s6_pkts" "$d2"
expect_eq "every frame in one class (sent + marker)" "$((sent + 1))" "$((d0 + d1 + d2))"
[ "$d1" -ge 10 ] && [ "$d0" -ge 5 ] && [ "$d2" -ge 10 ] || fail "a phase saw too few frames"

# Detach: frames are no longer classified (class 0), counters stand still;
# re-attach: the same rules and counters, classifying again.
read_rules
k1=$s1_pkts km=$miss_pkts
read_classes
b0=$c0_pkts b1=$c1_pkts
ctl classify detach dev t0
[ -z "$(egress_prog_id talker t0)" ] || fail "a program is still attached after detach"
read_rules
expect_eq "prog after detach" 0 "$prog_id"
expect_eq "stream 1 counter after detach" "$k1" "$s1_pkts"
start_recvs /tmp/cls3 5001
ip netns exec talker python3 "$udp" batch <<EOF || fail "send (detached)"
send 192.0.2.2 5001 10 64 0 --sport 7001
end 192.0.2.2 5001
EOF
wait "${recv_pids[@]}"
expect_eq "arrivals while detached" 10 "$(got /tmp/cls3 5001)"
read_rules
read_classes
expect_eq "counters while detached (stream 1, misses)" "$k1 $km" "$s1_pkts $miss_pkts"
expect_eq "class 0 / class 1 while detached" "$((b0 + 11)) $b1" "$c0_pkts $c1_pkts"
ctl classify attach dev t0 || fail "re-attach"
read_rules
expect_eq "rules after re-attach" "1 2 3 4 6" "$ids"
expect_eq "stream 1 counter after re-attach" "$k1" "$s1_pkts"
start_recvs /tmp/cls4 5001
ip netns exec talker python3 "$udp" batch <<EOF || fail "send (re-attached)"
send 192.0.2.2 5001 10 64 0 --sport 7001
end 192.0.2.2 5001
EOF
wait "${recv_pids[@]}"
expect_eq "arrivals after re-attach" 10 "$(got /tmp/cls4 5001)"
read_rules
read_classes
expect_eq "stream 1 counter after re-attach + 10" "$((k1 + 10))" "$s1_pkts"
expect_eq "class 1 after re-attach + 10" "$((b1 + 10))" "$c1_pkts"
ctl classify show dev t0
ctl classify detach dev t0
echo "re-configured under traffic without loss; detach/re-attach keeps rules and counters"

# Plain iproute2 loads the same object (maps pinned in its own root, out
# of sight: found through the program). One rule by hand: l0's MAC,
# untagged, is stream 7 with priority 12 (class 3).
ip netns exec talker tc filter add dev t0 egress bpf da obj "$obj" sec tc ||
	fail "iproute2 could not load $obj"
tprog=$(egress_prog_id talker t0)
[ -n "$tprog" ] || fail "no program after the iproute2 load"
mac_map=$(prog_map_id "$tprog" etsn_cls_mac)
strm_map=$(prog_map_id "$tprog" etsn_cls_strm)
cnt_map=$(prog_map_id "$tprog" etsn_cls_cnt)
hexbytes() { python3 -c "import sys; print(' '.join('0x%02x' % b for b in bytes.fromhex(sys.argv[1])))" "$1"; }
bpftool map update id "$strm_map" key 7 0 0 0 \
	value $(hexbytes "0c000000$(printf '%02x' 1)000000$(printf '%096d' 0)") ||
	fail "bpftool: stream 7"
bpftool map update id "$mac_map" key $(hexbytes "${l0_mac//:/}0000") value 7 0 0 0 ||
	fail "bpftool: MAC key"
read_classes
b3=$c3_pkts
start_recvs /tmp/cls5 5000
ip netns exec talker python3 "$udp" batch <<EOF || fail "send (iproute2)"
send 192.0.2.2 5000 15 64 0
end 192.0.2.2 5000
EOF
wait "${recv_pids[@]}"
expect_eq "arrivals (iproute2)" 15 "$(got /tmp/cls5 5000)"
read_classes
expect_eq "class 3 under the iproute2-loaded classifier (15 + marker)" "$((b3 + 16))" "$c3_pkts"
n7=$(bpftool -j map lookup id "$cnt_map" key 7 0 0 0 | python3 -c '
import json, sys
def pk(v):
    return v["packets"] if isinstance(v, dict) else int.from_bytes(bytes(int(b, 16) for b in v[:8]), "little")
print(sum(pk(c["value"]) for c in json.load(sys.stdin)["values"]))')
expect_eq "stream 7 counter (iproute2)" 16 "$n7"
echo "classes, counters and arrivals exact; iproute2 load classifies"
