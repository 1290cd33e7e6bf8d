#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One style test: the kernel's own YNL generator (tools/net/ynl of
# linux-source-6.12) accepts uapi/edgetsn.yaml, and the C user library it
# generates compiles (-Werror) and links with the generator's ynl.c against
# uapi/linux/edgetsn.h. The generator's tree comes from tools/ynl-tree.sh
# (extracted once from the Debian source tarball into the cache).
# Last line: "ynl-gen: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

verdict() { # verdict OK WHAT
	if [ "$1" = 0 ]; then echo "ok    ynl-gen/$2"; echo "ynl-gen: 1 passed, 0 failed"
	else echo "FAIL  ynl-gen/$2"; echo "ynl-gen: 0 passed, 1 failed"; fi
	exit "$1"
}

ynl=$("$top/tools/ynl-tree.sh") || verdict 1 "the kernel's YNL tools (tools/ynl-tree.sh)"
version=$(basename "$ynl" | sed 's/^ynl-//')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The generator looks for the kernel tree (a MAINTAINERS file) above the
# spec and for the schema two levels up: give it that layout.
mkdir -p "$work/Documentation/netlink/specs"
: > "$work/MAINTAINERS"
cp "$ynl"/Documentation/netlink/*.yaml "$work/Documentation/netlink/"
cp "$top/uapi/edgetsn.yaml" "$work/Documentation/netlink/specs/"
spec=$work/Documentation/netlink/specs/edgetsn.yaml
gen() { timeout 120 python3 "$ynl/tools/net/ynl/ynl-gen-c.py" --mode user --spec "$spec" "$@"; }
gen --header -o "$work/edgetsn-user.h" || verdict 1 "ynl-gen-c.py refused the spec (header)"
gen --source -o "$work/edgetsn-user.c" || verdict 1 "ynl-gen-c.py refused the spec (source)"
# The header under test first; the generator's own flags, with -Werror.
cflags=(-std=gnu11 -O2 -fPIC -W -Wall -Wextra -Wno-unused-parameter -Wshadow -Werror
	-I"$top/uapi" -I"$ynl/tools/net/ynl/lib" -I"$work")
cc "${cflags[@]}" -c "$work/edgetsn-user.c" -o "$work/edgetsn-user.o" ||
	verdict 1 "generated edgetsn-user.c does not compile against uapi/linux/edgetsn.h"
cc "${cflags[@]}" -c "$ynl/tools/net/ynl/lib/ynl.c" -o "$work/ynl.o" ||
	verdict 1 "the generator's ynl.c does not compile"
cc -shared -Wl,--no-undefined -o "$work/libedgetsn-ynl.so" "$work/edgetsn-user.o" "$work/ynl.o" ||
	verdict 1 "the generated library does not link"
verdict 0 "ynl-gen-c.py $version: edgetsn-user.c/.h generated, compiled, linked"
