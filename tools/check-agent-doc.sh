#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every key edgetsnd's config parser knows is explained in docs/agent.md:
# the keys are read from the parser's tables in user/lib/agent_cfg_*.c and
# agent_config.c (`.name = "key"` entries and the PTP/MQTT/METRICS/
# ETSN_CFGW_*FIELD("key", ...) rows), and each must appear in the doc in
# backquotes, alone (`key`), as the last part of a path (`mqtt.key`,
# `psfp.streams[].key`) or in a mapping's form (`{seconds, nanoseconds}`).
# One test per key, in the style stage.
# Last line: "agent-doc: N passed, N failed, N skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
doc=$top/docs/agent.md
passed=0 failed=0
mapfile -t keys < <(grep -ohE '(\.name = |[A-Z_]+\()"[a-z][a-z0-9-]*"' \
	"$top"/user/lib/agent_cfg_*.c "$top/user/lib/agent_config.c" |
	sed -E 's/.*"(.*)"/\1/' | sort -u)
if [ "${#keys[@]}" -lt 50 ]; then
	echo "agent-doc: only ${#keys[@]} keys read from the parser tables: has their form changed?"
	echo "agent-doc: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
for key in "${keys[@]}"; do
	if grep -qE "\`([a-z0-9.-]+(\[\])?\.)?$key\`|\`\{([a-z-]+, )*$key(, [a-z-]+)*\}\`" "$doc"; then
		passed=$((passed + 1))
	else
		echo "FAIL: config key '$key' is not explained in docs/agent.md"
		failed=$((failed + 1))
	fi
done
echo "agent-doc: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
