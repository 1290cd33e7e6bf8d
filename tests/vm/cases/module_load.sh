#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsn.ko loads, reports its version, and unloads cleanly, repeatedly.
. "$(dirname "$0")/lib.sh"

unload_edgetsn
for round in 1 2 3; do
	dmesg -C
	insmod "$EDGETSN_KO_DIR/edgetsn.ko" || fail "insmod failed (round $round)"
	module_loaded edgetsn || fail "not in /proc/modules after insmod"
	expect_eq "sysfs version" "$edgetsn_version" "$(cat /sys/module/edgetsn/version)"
	dmesg | grep -q "edgetsn: version $edgetsn_version loaded" || fail "no load message"
	rmmod edgetsn || fail "rmmod failed (round $round)"
	module_loaded edgetsn && fail "still loaded after rmmod"
	dmesg | grep -q "edgetsn: unloaded" || fail "no unload message"
done
# A module that taints the kernel (bad signature aside) must not do so by
# itself: no W (warning) or D (died) taint after our rounds.
taint=$(cat /proc/sys/kernel/tainted)
[ $(( taint & (1 << 9 | 1 << 7) )) = 0 ] || fail "kernel tainted by a warning or oops ($taint)"
echo "loaded and unloaded 3 times, version $edgetsn_version"
