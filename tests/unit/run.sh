#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the cmocka test programs given and adds up their results.
# Under valgrind when it is there: a leak or invalid access fails the program.
# Last line: "unit: N passed, N failed, N skipped"; each skip says why.
wrap=()
command -v valgrind > /dev/null &&
	wrap=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
		"--suppressions=$(dirname "$0")/valgrind.supp")
passed=0 failed=0 skipped=0
for t in "$@"; do
	out=$("${wrap[@]}" "$t" 2>&1)
	rc=$?
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<< "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<< "$out" | tail -n 1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' <<< "$out" | tail -n 1)
	skipped=$((skipped + ${s:-0}))
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A crash or an exit without a summary is a failure of its own.
	if [ "$rc" != 0 ] && [ "${f:-0}" = 0 ]; then
		echo "unit: $t exited $rc without a failure count"
		failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
