#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The style stage: checkpatch over the kernel-side code (one test per file),
# the one-way dependencies of kmod/ (tools/check-layers.sh),
# the YNL spec against the uapi header and the kernel (tests/ynl), the
# kernel's ynl-gen-c.py on the spec (tools/check-ynl-gen.sh), the man pages
# (tools/check-man.sh), the bash completion (tools/check-completion.sh),
# the systemd unit (tools/check-unit.sh) and every config key explained in
# docs/agent.md (tools/check-agent-doc.sh).
# Last line: "style: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0 skipped=0
for part in "$top/tools/checkpatch.sh" "$top/tools/check-layers.sh" "$top/tests/ynl/selftest.sh" \
	    "$top/tools/check-ynl-gen.sh" "$top/tools/check-man.sh" "$top/tools/check-completion.sh" \
	    "$top/tools/check-unit.sh" "$top/tools/check-agent-doc.sh"; do
	out=$("$part" 2>&1)
	echo "$out" | sed 's/^style: /checkpatch: /'
	line=$(grep -E "^(style|layers|ynl|ynl-gen|man|completion|unit|agent-doc): [0-9]+ passed, [0-9]+ failed" <<< "$out" |
		tail -n 1)
	if [ -z "$line" ]; then
		echo "$part: no summary line: counted as a failure"
		failed=$((failed + 1))
		continue
	fi
	read -r _ p _ f _ s _ <<< "$line"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + ${s:-0}))
done
echo "style: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
