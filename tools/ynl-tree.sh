#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The kernel's YNL tools (tools/net/ynl and Documentation/netlink/*.yaml of
# linux-source-6.12), extracted once from Debian's source tarball into
# $EDGETSN_CACHE (default ~/.cache/edgetsn); prints the tree's path.
#   tools/ynl-tree.sh [--copy DIR]
# --copy also mirrors the tree into DIR: the VM guest cannot see a cache
# under /root (a tmpfs hides it), but it sees the repository's build/.
# Exit 1, with the reason on stderr, when the tarball is missing.
set -uo pipefail
cache=${EDGETSN_CACHE:-$HOME/.cache/edgetsn}

tarball=$(ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null)
if [ -z "$tarball" ]; then
	echo "no /usr/src/linux-source-6.12.tar.xz: install linux-source-6.12 (make deps)" >&2
	exit 1
fi
version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) ||
	version=$(stat -c %s-%Y "$tarball")
ynl=$cache/ynl-$version
if [ ! -d "$ynl" ]; then
	# Extract aside, then rename: a concurrent run never sees half a tree.
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/ynl-tmp.XXXXXX")
	if ! tar -xJf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
		'linux-source-6.12/tools/net/ynl/*' 'linux-source-6.12/Documentation/netlink/*.yaml'; then
		rm -rf "$tmp"
		echo "extracting tools/net/ynl from $tarball failed" >&2
		exit 1
	fi
	mv -T "$tmp" "$ynl" 2>/dev/null || rm -rf "$tmp"
fi
if [ "${1:-}" = --copy ] && [ -n "${2:-}" ]; then
	mkdir -p "$2"
	cp -a "$ynl/." "$2/" || exit 1
	# The guest cannot write bytecode next to a read-only source: ship it.
	python3 -m compileall -q "$2/tools/net/ynl" > /dev/null || exit 1
	echo "$version" > "$2/VERSION"
fi
echo "$ynl"
