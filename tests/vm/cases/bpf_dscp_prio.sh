#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# bpf/etsn_dscp_prio (its verifier check is bpf_verifier): loaded by plain iproute2 on clsact egress it steers frames by DSCP. The
# prio qdisc below it puts priority 1:N into band N, so its per-class
# counters show exactly where each frame went.
. "$(dirname "$0")/lib.sh"
obj=$repo_top/build/bpf/etsn_dscp_prio.bpf.o
trap drop_pair EXIT
[ -f "$obj" ] || fail "$obj not built (make bpf)"

make_pair
tc -n talker qdisc add dev t0 root handle 1: prio bands 3
tc -n talker qdisc add dev t0 clsact
ip netns exec talker tc filter add dev t0 egress bpf da obj "$obj" sec tc ||
	fail "iproute2 could not load $obj"

prog_id=$(egress_prog_id talker t0)
[ -n "$prog_id" ] || fail "no program attached on t0 egress"
prio_map=$(prog_map_id "$prog_id" etsn_dscp_prio)
hits_map=$(prog_map_id "$prog_id" etsn_dscp_hits)

# u32 little-endian bytes. DSCP 46 (EF) -> 1:1, DSCP 10 (AF11) -> 1:3.
le32() { printf '%d %d %d %d' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
map_set() {
	bpftool map update id "$prio_map" key $(le32 "$1") \
		value $(le32 "$2") $(le32 1) || fail "map update for DSCP $1"
}
map_set 46 $((0x10001))
map_set 10 $((0x10003))

start_receiver 5000 /tmp/recv.out 180
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 100 64 0 $((46 << 2))
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 50 64 0 $((10 << 2))
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 30 64 0 0
wait "$receiver_pid"
expect_eq "datagrams received" 180 "$(tail -n 1 /tmp/recv.out)"

class_packets() {
	tc -n talker -s class show dev t0 |
		awk -v c="$1" '$1 == "class" && $3 == c { getline; print $4; exit }'
}
# Unmapped DSCP 0 keeps priority 0, which prio's default priomap sends to band 2.
expect_eq "EF frames in 1:1" 100 "$(class_packets 1:1)"
expect_eq "unmapped frames in 1:2" 30 "$(class_packets 1:2)"
expect_eq "AF11 frames in 1:3" 50 "$(class_packets 1:3)"

hits() {
	bpftool -j map lookup id "$hits_map" key $(le32 "$1") |
		python3 -c '
import json, sys
# bpftool prints each CPU value as a number or as a list of hex bytes.
def num(v):
    return v if isinstance(v, int) else int.from_bytes(bytes(int(b, 16) for b in v), "little")
print(sum(num(c["value"]) for c in json.load(sys.stdin)["values"]))'
}
expect_eq "hit counter DSCP 46" 100 "$(hits 46)"
expect_eq "hit counter DSCP 10" 50 "$(hits 10)"
expect_eq "hit counter DSCP 0" 0 "$(hits 0)"
echo "180 frames steered by DSCP exactly"
