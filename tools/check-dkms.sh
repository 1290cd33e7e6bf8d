#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `dkms build` of edgetsn for every supported Debian kernel: 6.1 and 6.12,
# each also in its PREEMPT_RT flavour, in private DKMS trees so the system's
# DKMS state is left alone. Last line: "dkms: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/vm/kernels.sh"
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")

passed=0 failed=0
for target in 6.1:amd64 6.12:amd64 6.1:rt-amd64 6.12:rt-amd64; do
	series=${target%%:*} flavour=${target#*:}
	release=$(debian_newest_release headers "$series" "$flavour")
	if [ -z "$release" ] || [ ! -d "/lib/modules/$release/build" ]; then
		echo "FAIL  dkms $series $flavour: no kernel headers installed (make deps)"
		failed=$((failed + 1))
		continue
	fi
	work=$(mktemp -d)
	mkdir -p "$work/src/edgetsn-$version" "$work/tree"
	cp -r "$top/Kbuild" "$top/dkms.conf" "$top/kmod" "$top/uapi" "$work/src/edgetsn-$version/"
	dk=(dkms --sourcetree "$work/src" --dkmstree "$work/tree")
	if "${dk[@]}" add -m edgetsn -v "$version" > "$work/log" 2>&1 &&
	   "${dk[@]}" build -m edgetsn -v "$version" -k "$release" >> "$work/log" 2>&1 &&
	   ls "$work/tree/edgetsn/$version/$release/x86_64/module/"edgetsn.ko* > /dev/null 2>&1; then
		echo "ok    dkms build $release"
		passed=$((passed + 1))
	else
		echo "FAIL  dkms build $release"
		cat "$work/log"
		find "$work/tree" -name make.log -exec tail -n 20 {} \;
		failed=$((failed + 1))
	fi
	rm -rf "$work"
done
echo "dkms: $passed passed, $failed failed"
[ "$failed" = 0 ]
