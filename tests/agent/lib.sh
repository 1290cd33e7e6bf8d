# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the agent's host tests (sourced by ops.sh, prom.sh): a temp
# directory and the background processes (pids+=) cleaned up on exit,
# ok/not_ok counting, and a bounded wait for a log line.
tmp=$(mktemp -d)
pids=()
passed=0 failed=0 skipped=0
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	wait 2> /dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "ok: $1"; passed=$((passed + 1)); }
# not_ok WHAT [FILE...]: a failure, with the end of each FILE.
not_ok() {
	echo "FAIL: $1"
	shift
	for f in "$@"; do echo "--- $f:"; tail -n 20 "$f"; done
	failed=$((failed + 1))
}
# wait_grep REGEX FILE [TENTHS]: FILE gets a line matching REGEX (within
# TENTHS tenths of a second, default 100). Bounded only so that a broken
# case fails instead of hanging.
wait_grep() {
	for _ in $(seq "${3:-100}"); do
		grep -q -E "$1" "$2" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}
