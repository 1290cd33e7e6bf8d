#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages (man/*.8): each renders without a groff or man warning,
# etsnctl(8) has a section for every command of the table in
# user/etsnctl.c, and every "etsnctl CMD SUB" form of the usage texts
# (user/cmd_*.c, the truth) appears in it. Last line:
# "man: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "man: FAIL: $*"; failed=$((failed + 1)); }

# man --warnings hands -w to groff; the warnings go to stderr with exit 0.
for page in "$top"/man/*.[1-8]; do
	err=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
		man --warnings -E UTF-8 -l "$page" 2>&1 > /dev/null)
	rc=$?
	if [ "$rc" = 0 ] && [ -z "$err" ]; then
		pass
	else
		fail "$(basename "$page"): exit $rc: $err"
	fi
done

page=$top/man/etsnctl.8
commands=$(sed -n 's/^\t{ "\([a-z-]*\)", cmd_.*/\1/p' "$top/user/etsnctl.c")
[ -n "$commands" ] || fail "no command table found in user/etsnctl.c"
for c in $commands; do
	if grep -q "^\.SS $c\( \|$\)" "$page"; then
		pass
	else
		fail "etsnctl.8 has no section for command '$c'"
	fi
done

# The rendered page, one synopsis line a line, ASCII hyphens.
text=$(LC_ALL=C MANWIDTH=200 man -E ascii -l "$page" 2> /dev/null | sed 's/\[-j\] //g')
forms=$(grep -hoE '"(usage: |[[:space:]]+)etsnctl (\[-j\] )?[a-z]+( [a-z]+)?' \
		"$top"/user/cmd_*.c "$top/user/etsnctl.c" |
	sed -E 's/^"(usage: )?[[:space:]]*//; s/\[-j\] //' | sort -u)
for f in $(tr ' ' '_' <<< "$forms"); do
	f=${f//_/ }
	if grep -qF -- "$f" <<< "$text"; then
		pass
	else
		fail "etsnctl.8 lacks '$f' (from a usage text)"
	fi
done
echo "man: $passed passed, $failed failed"
[ "$failed" = 0 ]
