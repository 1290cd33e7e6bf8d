#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds edgetsn.ko, the test device etsn_mmdev.ko (and with --kunit the
# KUnit test module) for one kernel in
# a directory of its own, so builds for several kernels never share objects.
# W=1; any compiler or modpost warning fails the build.
#   tools/build-kmod.sh [--kunit] KDIR OUTDIR
set -euo pipefail
kunit=0
[ "${1:-}" = --kunit ] && { kunit=1; shift; }
[ $# = 2 ] || { echo "usage: $0 [--kunit] KDIR OUTDIR" >&2; exit 2; }
kdir=$1 out=$(realpath -m "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
[ -d "$kdir" ] || { echo "build-kmod: no kernel build tree at $kdir" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/src/tests"
cp -r "$top/Kbuild" "$top/dkms.conf" "$top/kmod" "$top/uapi" "$out/src/"
log=$out/build.log
make -C "$kdir" M="$out/src" W=1 modules > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
# The test device with a MAC merge layer (tests/vm/mmdev), for the VM cases.
cp -r "$top/tests/vm/mmdev" "$out/src/tests/"
make -C "$kdir" M="$out/src/tests/mmdev" W=1 modules >> "$log" 2>&1 ||
	{ cat "$log" >&2; exit 1; }
cp "$out/src/tests/mmdev/etsn_mmdev.ko" "$out/"
if [ "$kunit" = 1 ]; then
	cp -r "$top/tests/kunit" "$out/src/tests/"
	make -C "$kdir" M="$out/src/tests/kunit" W=1 \
		KBUILD_EXTRA_SYMBOLS="$out/src/Module.symvers" modules >> "$log" 2>&1 ||
		{ cat "$log" >&2; exit 1; }
	cp "$out/src/tests/kunit/"*.ko "$out/"
fi
if grep -E 'warning:|WARNING:' "$log" | grep -v 'Skipping BTF generation' >&2; then
	echo "build-kmod: warnings building against $kdir" >&2
	exit 1
fi
cp "$out/src/edgetsn.ko" "$out/"
