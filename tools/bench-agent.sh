#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsnd at idle in one QEMU (TCG) boot: CPU time and RSS with 4
# interfaces under the etsn qdisc, 1 s MQTT telemetry and a 1 s Prometheus
# file (tools/bench-agent-guest.sh); results in docs/benchmarks.md.
#   tools/bench-agent.sh [-k 6.1|6.12] [SECONDS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
kernel=6.1
[ "${1:-}" = -k ] && { kernel=$2; shift 2; }
vm_resolve_kernel "$kernel"
out=$top/build/bench/agent-$kernel
kodir=$top/build/kmod/$kernel
make -C "$top" -s user
"$top/tools/build-kmod.sh" "$vm_kernel_build" "$kodir"
rm -rf "$out"; mkdir -p "$out"
"$top/tests/vm/run-vm" -q -k "$kernel" -o "$out" -l "$out/console.log" -t 1200 \
	"$top/tools/bench-agent-guest.sh" "$kodir" "$@" ||
	{ echo "bench-agent: the guest failed (console: $out/console.log)"; tr -d '\r' < "$out/console.log" | tail -n 20; exit 1; }
cat "$out/bench-agent.txt"
