#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# PSFP pass-through benchmark in one QEMU (TCG) boot; method and results in
# docs/benchmarks.md.
#   tools/bench-psfp.sh [-k 6.1|6.12] [RUNS [COUNT]]
#       packets/s received by a veth (pktgen sender faster than the
#       receiver's NAPI thread) whose peer has no XDP program, the XDP
#       firewall only, or the firewall + PSFP with 1, 100 and 10,000
#       streams (frames spread over them), and with 10,000 streams all on
#       one, and with 10,000 streams and every lookup done (no skip
#       bits) (tools/bench-psfp-guest.sh); median and spread per
#       configuration, each against the firewall and against no XDP, and
#       the added time per frame.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
kernel=6.1
[ "${1:-}" = -k ] && { kernel=$2; shift 2; }
vm_resolve_kernel "$kernel"
out=$top/build/bench/psfp-$kernel
make -C "$top" -s bpf user
rm -rf "$out"; mkdir -p "$out"
echo "bench-psfp: $vm_kernel_release, $(date -u +%F), runs ${1:-5}, count ${2:-100000}"
"$top/tests/vm/run-vm" -q -k "$kernel" -o "$out" -l "$out/console.log" -t 1800 \
	"$top/tools/bench-psfp-guest.sh" "$@" ||
	{ echo "bench-psfp: the guest failed (console: $out/console.log)"; tr -d '\r' < "$out/console.log" | tail -n 20; exit 1; }
cat "$out/bench-psfp.txt" "$out/bench-psfp-maps.txt"
awk '{ v[$2] = v[$2] " " $4; x[$2] = x[$2] " " $7 }
END {
	n_cfg = split("none fw psfp1 psfp100 psfp10000 one10000 all10000", order, " ")
	for (k = 1; k <= n_cfg; k++) {
		q = order[k]
		n = split(substr(v[q], 2), a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		med[q] = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		printf "median %-9s %7d pps (min %d max %d, %d runs)", q, med[q], a[1], a[n], n
		n = split(substr(x[q], 2), b, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
		printf "  xdp %d ns/frame", n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
		if (q != "none")
			printf "  /none %.3f (+%.0f ns/frame)", med[q] / med["none"], 1e9 / med[q] - 1e9 / med["none"]
		if (q != "none" && q != "fw")
			printf "  /fw %.3f (+%.0f ns/frame)", med[q] / med["fw"], 1e9 / med[q] - 1e9 / med["fw"]
		printf "\n"
	}
}' "$out/bench-psfp.txt"
