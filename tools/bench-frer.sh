#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# FRER elimination benchmark in one QEMU (TCG) boot; method and results in
# docs/benchmarks.md.
#   tools/bench-frer.sh [-k 6.1|6.12] [RUNS [COUNT]]
#       frames per second through the XDP programs of two veth receivers
#       (the two paths of a FRER talker fed by a UDP sender) and the time in XDP
#       per frame (bpf_stats), with the firewall alone and with the FRER
#       listener chained after it, 1 and 1,000 streams
#       (tools/bench-frer-guest.sh); median per configuration, each
#       against the firewall alone.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
kernel=6.1
[ "${1:-}" = -k ] && { kernel=$2; shift 2; }
vm_resolve_kernel "$kernel"
out=$top/build/bench/frer-$kernel
make -C "$top" -s bpf user "$top/build/tests/bpf/frer_benchtool"
rm -rf "$out"; mkdir -p "$out"
echo "bench-frer: $vm_kernel_release, $(date -u +%F), runs ${1:-3}, count ${2:-50000}"
"$top/tests/vm/run-vm" -q -k "$kernel" -o "$out" -l "$out/console.log" -t 1800 \
	"$top/tools/bench-frer-guest.sh" "$@" ||
	{ echo "bench-frer: the guest failed (console: $out/console.log)"; tr -d '\r' < "$out/console.log" | tail -n 20; exit 1; }
cat "$out/bench-frer.txt"
awk '
function median(list,    a, n, i, j, t) {
	n = split(substr(list, 2), a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ v[$2] = v[$2] " " $4; x[$2] = x[$2] " " $6; n[$2]++ }
END {
	split("fw frer1 frer1000", order, " ")
	for (k = 1; k <= 3; k++) {
		q = order[k]
		pps[q] = median(v[q]); ns[q] = median(x[q])
		printf "median %-8s %7d pps  xdp %d ns/frame (%d runs)", q, pps[q], ns[q], n[q]
		if (q != "fw")
			printf "  /fw %.3f pps, +%d ns/frame in XDP", pps[q] / pps["fw"], ns[q] - ns["fw"]
		printf "\n"
	}
}' "$out/bench-frer.txt"
