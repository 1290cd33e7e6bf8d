#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Drop rate of the XDP firewall against nftables, in one QEMU (TCG) boot;
# method and results in docs/benchmarks.md.
#   tools/bench-fw.sh [-k 6.1|6.12] [RUNS [COUNT]]
#       RUNS rounds (default 5), each one run of COUNT frames (default
#       1000000) against `etsnctl fw block 198.51.100.0/24` (native XDP on
#       veth) and against an nftables netdev ingress rule dropping the same
#       /24, same generator (tests/vm/helpers/xdp_gen.c), with a bare
#       XDP_DROP program as the ceiling; median drops/s per filter and the
#       ratio xdp/nft.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
kernel=6.1
[ "${1:-}" = -k ] && { kernel=$2; shift 2; }
case "${1:-}" in -h|--help) sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
vm_resolve_kernel "$kernel"
out=$top/build/bench-fw/$kernel
command -v nft > /dev/null || "$top/tools/install-deps.sh"
make -C "$top" -s bpf user
mkdir -p "$top/build/tests/helpers"
# shellcheck disable=SC2046
cc -O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-o "$top/build/tests/helpers/xdp_gen" "$top/tests/vm/helpers/xdp_gen.c" \
	$(pkg-config --cflags --libs libbpf)
rm -rf "$out"; mkdir -p "$out"
echo "bench-fw: $vm_kernel_release, $(date -u +%F), $*"
"$top/tests/vm/run-vm" -q -k "$kernel" -o "$out" -l "$out/console.log" -t 1800 \
	"$top/tools/bench-fw-guest.sh" "$@" ||
	{ echo "bench-fw: the guest failed (console: $out/console.log)"; tr -d '\r' < "$out/console.log" | tail -n 20; exit 1; }
cat "$out/bench-fw.txt"
awk '{ v[$2] = v[$2] " " $6 }
END {
	for (f in v) {
		n = split(substr(v[f], 2), a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		med[f] = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		printf "median %s %d drops/s (min %d max %d, %d runs)\n", f, med[f], a[1], a[n], n
	}
	if (med["nft"])
		printf "ratio xdp/nft %.2f (target >= 5)\n", med["xdp"] / med["nft"]
	if (med["bare"])
		printf "ratio xdp/bare %.2f (1: the setup, not the firewall, is the limit)\n", med["xdp"] / med["bare"]
}' "$out/bench-fw.txt" | sort
