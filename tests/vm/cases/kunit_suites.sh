#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: debug
# The KUnit suites (tests/kunit/*_test.c), in the debug kernel's boot that
# also runs its VM cases: loading a test module runs its suites. Their KTAP
# goes to the host from dmesg (6.1's debugfs copy keeps a short log per
# suite, and a failing case's diagnostics can push its own result line out
# of it); tests/vm/check.sh counts every KUnit case from it.
. "$(dirname "$0")/lib.sh"

shopt -s nullglob
mods=("$EDGETSN_KO_DIR"/*_kunit.ko)
[ ${#mods[@]} -gt 0 ] || fail "no KUnit modules in $EDGETSN_KO_DIR (build-kmod.sh --kunit)"
load_edgetsn
rc=0
for ko in "${mods[@]}"; do
	insmod "$ko" || { echo "insmod $ko failed"; rc=1; }
done
dmesg > "$EDGETSN_VM_OUT/dmesg.ktap"
for ko in "${mods[@]}"; do
	module_loaded "$(basename "$ko" .ko)" && { rmmod "$(basename "$ko" .ko)" || rc=1; }
done
unload_edgetsn || rc=1
[ "$rc" = 0 ] || fail "a KUnit module did not load or unload"
echo "${#mods[@]} KUnit module(s) loaded and unloaded; results in the KTAP"
