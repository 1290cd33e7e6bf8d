#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsnd at idle in one QEMU (TCG) boot: CPU time and RSS over time with
# 4 interfaces under the etsn qdisc, PSFP streams, 1 s MQTT telemetry and a
# 1 s Prometheus file (tools/bench-agent-guest.sh); results in
# docs/benchmarks.md.
#   tools/bench-agent.sh [-k 6.1|6.12] [-n STREAMS] [-i SAMPLE_S] [SECONDS]
# STREAMS: PSFP streams in the config (default 10000; 0 for none); SAMPLE_S:
# seconds between VmRSS/VmHWM samples (default 60); SECONDS: how long it
# is measured (default 120; the hour is 3600).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
kernel=6.1 streams=10000 sample=60
while getopts k:n:i: o; do
	case $o in
	k) kernel=$OPTARG ;;
	n) streams=$OPTARG ;;
	i) sample=$OPTARG ;;
	*) echo "usage: $0 [-k 6.1|6.12] [-n STREAMS] [-i SAMPLE_S] [SECONDS]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
secs=${1:-120}
for v in "$streams" "$sample" "$secs"; do
	[[ $v =~ ^[0-9]+$ ]] || { echo "bench-agent: '$v' is not a whole number" >&2; exit 2; }
done
if [ "$sample" = 0 ] || [ "$secs" = 0 ]; then
	echo "bench-agent: SECONDS and -i must be > 0" >&2
	exit 2
fi
vm_resolve_kernel "$kernel"
out=$top/build/bench/agent-$kernel
kodir=$top/build/kmod/$kernel
make -C "$top" -s user
"$top/tools/build-kmod.sh" "$vm_kernel_build" "$kodir"
rm -rf "$out"; mkdir -p "$out"
"$top/tests/vm/run-vm" -q -k "$kernel" -o "$out" -l "$out/console.log" -t $((secs + 1200)) \
	"$top/tools/bench-agent-guest.sh" "$kodir" "$secs" "$streams" "$sample" ||
	{ echo "bench-agent: the guest failed (console: $out/console.log)"; tr -d '\r' < "$out/console.log" | tail -n 20; exit 1; }
echo "t_s rss_kib hwm_kib"
cat "$out/bench-agent-rss.txt" "$out/bench-agent.txt"
echo "(RSS by mapping: $out/bench-agent-smaps.txt)"
