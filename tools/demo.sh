#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make demo`: builds what the demo uses (edgetsn.ko for Debian's stock 6.1
# kernel, the BPF objects, etsnctl), boots that kernel under QEMU and shows
# every part of edgetsn at work between two network namespaces, one verdict
# line each (tools/demo-guest.sh). A second, small VM beside it runs the
# PTP master that the agent's part synchronises to, stops and restarts
# (tests/vm/peers/ptp_master.sh, joined by run-vm --link). Ends by itself;
# exits non-zero if any part failed. Last line: "demo: N passed, N failed".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
. "$top/tests/vm/peer-vm.sh"
cd "$top"
start=$(date +%s)
vm_resolve_kernel 6.1 || { echo "demo: run 'make deps' first (as root)" >&2; exit 1; }
echo "== building edgetsn for $vm_kernel_release, the BPF objects and etsnctl"
tools/build-kmod.sh "$vm_kernel_build" build/kmod/6.1
make -s bpf user
echo "== booting $vm_kernel_release under QEMU (software emulation), and a second VM for the PTP master"
mkdir -p build/vm
start_peer 6.1 "$top/tests/vm/peers/ptp_master.sh" 900 build/vm/demo-peer build/vm/demo-peer.log ||
	{ echo "demo: 0 passed, 1 failed (the PTP master's VM did not start)"; exit 1; }
trap stop_peer EXIT
set +e
tests/vm/run-vm -k 6.1 -t 900 -l build/vm/demo.log --link "connect:$peer_port" \
	tools/demo-guest.sh build/kmod/6.1
rc=$?
stop_peer
set -e
echo "== demo took $(( $(date +%s) - start ))s (console: build/vm/demo.log)"
if [ "$rc" != 0 ] && ! tr -d '\r' < build/vm/demo.log | grep -q '^demo: [0-9]* passed'; then
	echo "demo: 0 passed, 1 failed (the VM ended with status $rc before the summary)"
fi
exit "$rc"
