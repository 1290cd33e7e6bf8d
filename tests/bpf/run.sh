#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The host BPF stage (`make check-bpf`): every object of build/bpf loaded
# by libbpf into private maps (nothing pinned, no device touched), and the
# frame corpus of tests/bpf run through it with BPF_PROG_TEST_RUN on the
# host kernel; no QEMU. Needs root (CAP_BPF + CAP_NET_ADMIN for XDP and TC
# test runs); skips otherwise, saying why. Last line:
# "bpf: N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$top/build/tests/bpf_corpus

if [ "$(id -u)" != 0 ]; then
	echo "SKIP bpf corpus: BPF_PROG_TEST_RUN of XDP and TC programs needs root"
	echo "bpf: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "bpf: $bin missing (make check-bpf builds it)"
	echo "bpf: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
exec "$bin" "$top/build/bpf"
