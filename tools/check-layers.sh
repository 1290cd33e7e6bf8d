#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One-way dependencies in kmod/ (docs/design.md): only the netlink files
# (etsn_genl*) know generic netlink. Any other file that includes
# <net/genetlink.h> or an etsn_genl header, or names etsn_genl_*/genl_*/
# genlmsg_*, fails; main.c, the module entry, may only register and
# unregister the family, and compat.h, which absorbs API differences for
# every layer, may define etsn_compat_* macros that only a netlink file
# expands. One test per file.
#   tools/check-layers.sh [TREE]   (default: this tree)
# Last line: "layers: N passed, N failed, N skipped".
set -uo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
passed=0 failed=0
for f in "$top"/kmod/*.[ch]; do
	name=${f##*/}
	case $name in
	etsn_genl*) continue ;;
	esac
	# Comments may name the family; code may not.
	code=$(sed -e 's://.*$::' -e '/\/\*/,/\*\//d' "$f")
	bad=$(grep -nE '#include[[:space:]]*<net/genetlink\.h>|#include[[:space:]]*"etsn_genl|\<(etsn_genl_[a-z_]*|genl_[a-z_]*|genlmsg_[a-z_]*)[[:space:]]*\(' <<< "$code")
	case $name in
	main.c) bad=$(grep -vE '#include "etsn_genl\.h"|etsn_genl_(register|unregister)\(' <<< "$bad") ;;
	compat.h) bad=$(grep -vE '^[0-9]+:#define etsn_compat_[a-z_]*\(' <<< "$bad") ;;
	esac
	if [ -n "$bad" ]; then
		echo "layers: kmod/$name knows generic netlink (only etsn_genl* may):"
		echo "$bad"
		failed=$((failed + 1))
	else
		passed=$((passed + 1))
	fi
done
echo "layers: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
