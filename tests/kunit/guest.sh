#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Inside the KUnit VM: loading a test module runs its suites. Their KTAP goes
# to the host from dmesg: 6.1's debugfs copy keeps a short log per suite, and
# a failing case's diagnostics can push its own result line out of it.
# Usage: guest.sh KO_DIR
set -u
ko_dir=$1
insmod "$ko_dir/edgetsn.ko" || exit 1
rc=0
for ko in "$ko_dir"/*_kunit.ko; do
	insmod "$ko" || { echo "insmod $ko failed"; rc=1; continue; }
done
dmesg > "$EDGETSN_VM_OUT/dmesg.ktap"
for ko in "$ko_dir"/*_kunit.ko; do
	rmmod "$(basename "$ko" .ko)" || rc=1
done
rmmod edgetsn || rc=1
exit "$rc"
