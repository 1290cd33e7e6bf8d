#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# checkpatch.pl --no-tree (from linux-source-6.1) over the kernel-side code.
# Last line: "style: N passed, N failed" (one test per file).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${EDGETSN_CACHE:-$HOME/.cache/edgetsn}
tarball=/usr/src/linux-source-6.1.tar.xz
cp_dir=$cache/checkpatch
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	[ -r "$tarball" ] || { echo "checkpatch: $tarball missing (make deps)"; echo "style: 0 passed, 1 failed"; exit 1; }
	mkdir -p "$cp_dir"
	tar -xJf "$tarball" -C "$cp_dir" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi
passed=0 failed=0
cd "$top"
for f in kmod/*.[ch] tests/kunit/*.[ch] tests/vm/mmdev/*.c uapi/linux/*.h bpf/*.[ch]; do
	[ -e "$f" ] || continue
	if out=$(perl "$cp_dir/scripts/checkpatch.pl" --no-tree --terse \
			-f "$f" 2>&1) &&
	   ! grep -qE "ERROR|WARNING" <<< "$out"; then
		passed=$((passed + 1))
	else
		echo "$out" | grep -E "ERROR|WARNING"
		failed=$((failed + 1))
	fi
done
echo "style: $passed passed, $failed failed"
[ "$failed" = 0 ]
