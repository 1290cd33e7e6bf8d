#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# edgetsn.ko loads, reports its version, and unloads cleanly, repeatedly.
# Before it loads, etsnctl says the module is missing (the host running the
# unit tests may have edgetsn installed with DKMS, so this is proven here).
. "$(dirname "$0")/lib.sh"

unload_edgetsn
need_etsnctl
expect_eq "version -j without the module" \
	"{\"etsnctl\":\"$edgetsn_version\"}" "$($etsnctl -j version)"
for cmd in "sched show dev lo" "class show dev lo" "stats" "stats dev lo" "caps dev lo" \
	"monitor" "-j stats" \
	"sched set dev lo base-time +1s cycle-time 1ms entry S 0x3 300us entry H 4 700us" \
	"class set dev lo map 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 tc 1 limit 5 speed 1000"; do
	# shellcheck disable=SC2086
	expect_rc "etsnctl $cmd without the module" 1 $etsnctl $cmd > /dev/null
	word=${cmd#-j }
	expect_eq "etsnctl $cmd: message" \
		"etsnctl ${word%% *}: edgetsn family not found: is edgetsn.ko loaded?" \
		"$(cat "$expect_rc_out")"
done
for round in 1 2 3; do
	dmesg -C
	insmod "$EDGETSN_KO_DIR/edgetsn.ko" || fail "insmod failed (round $round)"
	module_loaded edgetsn || fail "not in /proc/modules after insmod"
	expect_eq "sysfs version" "$edgetsn_version" "$(cat /sys/module/edgetsn/version)"
	dmesg | grep_q "edgetsn: version $edgetsn_version loaded" || fail "no load message"
	rmmod edgetsn || fail "rmmod failed (round $round)"
	module_loaded edgetsn && fail "still loaded after rmmod"
	dmesg | grep_q "edgetsn: unloaded" || fail "no unload message"
done
# A module that taints the kernel (bad signature aside) must not do so by
# itself: no W (warning) or D (died) taint after our rounds.
taint=$(cat /proc/sys/kernel/tainted)
[ $(( taint & (1 << 9 | 1 << 7) )) = 0 ] || fail "kernel tainted by a warning or oops ($taint)"
echo "without the module etsnctl said so; loaded and unloaded 3 times, version $edgetsn_version"
