#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Inside the KUnit VM: loading a test module runs its suites; their KTAP
# is copied from debugfs to the host. Usage: guest.sh KO_DIR
set -u
ko_dir=$1
debugfs=/sys/kernel/debug/kunit
insmod "$ko_dir/edgetsn.ko" || exit 1
rc=0
for ko in "$ko_dir"/*_kunit.ko; do
	insmod "$ko" || { echo "insmod $ko failed"; rc=1; continue; }
done
for suite in "$debugfs"/*/; do
	name=$(basename "$suite")
	cp "$suite/results" "$EDGETSN_VM_OUT/$name.ktap"
	cat "$suite/results"
done
for ko in "$ko_dir"/*_kunit.ko; do
	rmmod "$(basename "$ko" .ko)" || rc=1
done
rmmod edgetsn || rc=1
exit "$rc"
