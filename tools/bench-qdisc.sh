#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Qdisc benchmarks in one QEMU (TCG) boot; method and results in
# docs/benchmarks.md.
#   tools/bench-qdisc.sh [-k 6.1|6.12] pps [RUNS [COUNT]]
#       pktgen packets/s through pfifo_fast, etsn (all gates open) and
#       taprio (software mode, all gates open), then etsn and taprio with
#       the same 3-window schedule; median and spread per qdisc.
#   tools/bench-qdisc.sh [-k 6.1|6.12] profile [COUNT]
#       perf profile of one pktgen run per qdisc of the pps mode.
#   tools/bench-qdisc.sh [-k 6.1|6.12] timing [taprio] [etsn]
#       the 1 ms 3-window schedule: departure error after window opening
#       (p50/p99/max) per qdisc.
#   tools/bench-qdisc.sh [-k 6.1|6.12] all [RUNS [COUNT]]
#       both, in one boot.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
kernel=6.1
[ "${1:-}" = -k ] && { kernel=$2; shift 2; }
[ $# -ge 1 ] || { sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
vm_resolve_kernel "$kernel"
kodir=$top/build/kmod/$kernel
out=$top/build/bench/$kernel
make -C "$top" -s helpers
"$top/tools/build-kmod.sh" "$vm_kernel_build" "$kodir"
rm -rf "$out"; mkdir -p "$out"
echo "bench: $vm_kernel_release, $(date -u +%F), mode $*"
"$top/tests/vm/run-vm" -q -k "$kernel" -o "$out" -l "$out/console.log" -t 1200 \
	"$top/tools/bench-qdisc-guest.sh" "$kodir" "$@" ||
	{ echo "bench: the guest failed (console: $out/console.log)"; tr -d '\r' < "$out/console.log" | tail -n 20; exit 1; }

case "$1" in
pps|all)
	cat "$out/bench-pps.txt"
	# Median and spread (min..max) per qdisc, then the ratios of medians.
	awk '{ v[$2] = v[$2] " " $4 }
	END {
		for (q in v) {
			n = split(substr(v[q], 2), a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			med[q] = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
			printf "median %s %d pps (min %d max %d, %d runs)\n", q, med[q], a[1], a[n], n
		}
		if (med["pfifo_fast"] && med["taprio"])
			printf "ratio etsn/pfifo_fast %.3f etsn/taprio %.3f\n", med["etsn"] / med["pfifo_fast"], med["etsn"] / med["taprio"]
		if (med["taprio-3w"])
			printf "ratio 3-window etsn/taprio %.3f\n", med["etsn-3w"] / med["taprio-3w"]
	}' "$out/bench-pps.txt" | sort
	;;&
profile)
	for f in "$out"/profile-*.txt; do
		echo "== $(basename "$f" .txt)"
		cat "$f"
	done
	;;
timing|all)
	for f in "$out"/timing-*/bench-*.check; do
		echo "== $(basename "$f" .check)"
		cat "$f"
	done
	;;
esac
