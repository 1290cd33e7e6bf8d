#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build, or reuse from the cache, the KUnit/debug kernel: linux-source-6.1 +
# allnoconfig + tests/kunit/kunit.config. Prints the kernel build directory
# (bzImage at arch/x86/boot/bzImage; out-of-tree modules build against it).
#
# Cache: $EDGETSN_CACHE (default ~/.cache/edgetsn)/kunit-<key>, where <key>
# hashes the fragment and the linux-source package version, so a changed
# fragment or a new Debian source release rebuilds it.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
frag=$top/tests/kunit/kunit.config
tarball=/usr/src/linux-source-6.1.tar.xz
cache=${EDGETSN_CACHE:-$HOME/.cache/edgetsn}

[ -r "$tarball" ] || { echo "kunit-kernel: $tarball missing (make deps)" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { cat "$frag"; echo "$srcver"; } | sha256sum | cut -c1-16)
dir=$cache/kunit-$key
tree=$dir/linux

mkdir -p "$dir"
# One builder per key: make check builds it in the background while other
# stages (or another clone's check) may ask for it; they wait here for it.
exec 9> "$dir.lock"
flock 9
if [ -f "$dir/.done" ]; then
	echo "$tree"
	exit 0
fi

log=$dir/build.log
echo "kunit-kernel: building $key (log: $log), about 7-15 minutes" >&2
start=$(date +%s)
rm -rf "$tree" "$dir/src"
mkdir -p "$dir/src"
tar -xJf "$tarball" -C "$dir/src"
mv "$dir/src/linux-source-6.1" "$tree"
rmdir "$dir/src"

frag_plain=$dir/fragment
grep -v -e '^#' -e '^$' "$frag" > "$frag_plain"
make -C "$tree" -s KCONFIG_ALLCONFIG="$frag_plain" allnoconfig >>"$log" 2>&1
"$tree/scripts/config" --file "$tree/.config" --set-str LOCALVERSION "-edgetsn-kunit"
make -C "$tree" -s olddefconfig >>"$log" 2>&1

# A symbol whose dependencies are off silently disappears: refuse that.
missing=0
while read -r line; do
	if ! grep -qxF "$line" "$tree/.config"; then
		echo "kunit-kernel: fragment line not in .config: $line" >&2
		missing=1
	fi
done < "$frag_plain"
[ "$missing" = 0 ] || exit 1

if ! make -C "$tree" -j"$(nproc)" bzImage modules >>"$log" 2>&1; then
	tail -n 30 "$log" >&2
	exit 1
fi
echo "kunit-kernel: built in $(( $(date +%s) - start ))s" | tee -a "$log" >&2
touch "$dir/.done"
echo "$tree"
