#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Host benchmark of edgetsnd's policy apply: N_IFACES veth devices in a
# private network and mount namespace with its own bpffs, a config from
# tools/gen-agent-psfp.sh, applied by build/tests/policy_bench (the
# agent's lib apply; the daemon itself needs edgetsn.ko), then applied
# again (must change nothing); with TICKS, then that many telemetry ticks
# timed over it (docs/benchmarks.md). Needs root and
# make build/tests/policy_bench.
# usage: tools/bench-agent-policy.sh [N_IFACES [N_STREAMS [TICKS]]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
nif=${1:-4} nstreams=${2:-10000} ticks=${3:-}
if [ "${BENCH_INSIDE:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || { echo "bench-agent-policy: needs root" >&2; exit 1; }
	BENCH_INSIDE=1 exec unshare --mount --net --propagation private "$0" "$@"
fi
mount -t bpf bpf /sys/fs/bpf
for ((i = 0; i < nif; i++)); do
	ip link add "bp$i" type veth peer name "bq$i"
	ip link set "bp$i" up
	ip link set "bq$i" up
done
cfg=$(mktemp)
trap 'rm -f "$cfg"' EXIT
"$top/tools/gen-agent-psfp.sh" "$nif" "$nstreams" bp > "$cfg"
echo "config: $nif interfaces, $nstreams PSFP streams, $(wc -c < "$cfg") bytes"
${BENCH_WRAP:-} "$top/build/tests/policy_bench" "$cfg" ${ticks:+"$ticks"} 2>&1 | grep -v '^<6>'
