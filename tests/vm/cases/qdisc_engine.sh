#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# The etsn engine without its netlink family: tc options and attachment
# below another qdisc are refused with the qdisc's own message and nothing
# is left behind; the default schedule
# (all gates open) passes every priority, those above 15 included, counted
# to the byte; the qdisc is deleted and re-created under a flood on
# several priorities; the module stays pinned while a qdisc uses it, then
# unloads clean (kmemleak finds nothing of ours where the kernel has it).
. "$(dirname "$0")/lib.sh"
trap drop_pair EXIT

kmemleak=/sys/kernel/debug/kmemleak
if [ -w "$kmemleak" ]; then echo clear > "$kmemleak" || kmemleak=; fi
load_edgetsn
make_pair

answer=$(ip netns exec talker python3 "$repo_top/tests/vm/helpers/qdisc_opts.py" t0 etsn)
expect_eq "etsn with tc options" \
	"errno=22 msg=etsn takes no tc options: configure it with etsnctl" "$answer"
tc -n talker qdisc show dev t0 | grep_q etsn && fail "a refused etsn was left on t0"

# Only as the root: under a prio band tc itself gets the refusal (prio, not
# htb: the debug kernel has prio built in and no htb).
tc -n talker qdisc add dev t0 root handle 1: prio || fail "tc qdisc add prio"
status=0
out=$(tc -n talker qdisc add dev t0 parent 1:1 handle 10: etsn 2>&1) || status=$?
expect_eq "tc exit status for etsn under prio" 2 "$status"
expect_eq "tc message for etsn under prio" \
	"Error: etsn can only be attached as the root qdisc." "$out"
tc -n talker qdisc show dev t0 | grep -q etsn && fail "a refused child etsn was left on t0"
tc -n talker qdisc del dev t0 root || fail "tc qdisc del prio"

tc -n talker qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add etsn"
count=160 size=200
start_receiver 5000 /tmp/engine.out "$count"
ip netns exec talker python3 "$udp" send 192.0.2.2 5000 $count $size \
	0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,255,4096,65535
wait "$receiver_pid"
expect_eq "datagrams received" "$count" "$(tail -n 1 /tmp/engine.out)"
expect_eq "bytes packets dropped on t0" "$((count * (size + 42))) $count 0" "$(root_counters)"
backlog=$(tc -n talker -s qdisc show dev t0 | sed -n 's/^ backlog \([0-9]*\)b \([0-9]*\)p.*/\1 \2/p')
expect_eq "backlog after the burst" "0 0" "$backlog"

echo "burst checked after ${SECONDS}s"
# Delete and re-create under a flood on three priorities, twice. The
# flood runs until told to stop (TCG makes any fixed duration a guess).
start_flood 0,3,7
for round in 1 2; do
	tc -n talker qdisc del dev t0 root || fail "tc qdisc del under traffic (round $round)"
	tc -n talker qdisc add dev t0 root handle 1: etsn || fail "tc qdisc add under traffic (round $round)"
	poll 300 root_sent || fail "no frame went through the re-created qdisc in 30 s (round $round)"
done
rmmod edgetsn 2>/dev/null && fail "edgetsn unloaded while a qdisc used it"
tc -n talker qdisc del dev t0 root || fail "final tc qdisc del under traffic"
stop_flood
echo "delete/re-create rounds done after ${SECONDS}s"
tc -n talker qdisc show dev t0 | grep_q etsn && fail "etsn still there after delete"
drop_pair

if [ -w "$kmemleak" ]; then
	sleep 2	# kmemleak skips objects younger than 5 s: the first qdiscs are older
	echo scan > "$kmemleak" || fail "kmemleak scan"
	echo "kmemleak scanned after ${SECONDS}s"
	if grep -qE 'etsn|edgetsn' "$kmemleak"; then
		cat "$kmemleak" >&2
		fail "kmemleak: objects of edgetsn leaked"
	fi
fi
dmesg -C
rmmod edgetsn || fail "rmmod after the qdiscs were deleted"
dmesg | grep_q "edgetsn: unloaded" || fail "no unload message"
echo "options and non-root attachment refused; $count frames on 20 priorities counted exactly;" \
	"2 delete/re-create rounds under traffic; pinned while used; clean unload"
