#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsnd's Prometheus file against the real prometheus-node-exporter:
# the agent (in a network namespace of its own) writes its textfile, the
# exporter on 127.0.0.1 collects that directory, curl scrapes it; the
# exporter must parse it (node_textfile_scrape_error 0) and serve our
# metrics; a reload shows in the next file; no temporary file is left.
# promtool check metrics too when it is installed.
# Waits are bounded only so that a broken case fails instead of hanging
# (tests/agent/lib.sh).
# Last line: "prom: N passed, N failed, N skipped".
#   tests/agent/prom.sh [BUILD_DIR]      (default build)
set -u
build=$(realpath "${1:-build}")
agent=$build/edgetsnd
exporter=$(command -v prometheus-node-exporter || command -v node_exporter)
for tool in "$exporter" curl python3; do
	if [ -z "$tool" ] || ! command -v "$tool" > /dev/null; then
		echo "prom: skipped: needs prometheus-node-exporter, curl and python3 (apt-get install prometheus-node-exporter curl)"
		echo "prom: 0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done
if ! unshare -n true 2> /dev/null; then
	echo "prom: skipped: needs root for unshare -n"
	echo "prom: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
[ -x "$agent" ] || { echo "prom: $agent not built (make user)"; exit 1; }

. "$(dirname "$0")/lib.sh"

mkdir "$tmp/tf"
prom=$tmp/tf/edgetsn.prom
cat > "$tmp/agent.yaml" <<CONF
ptp:
  enabled: false
metrics:
  enabled: true
  textfile: $prom
  interval: 1s
CONF
# No interface: every apply succeeds at once and none is retried, so the
# counts below are exact (the qdisc counters are tested in the VM,
# tests/vm/cases/agent_apply.sh).
unshare -n "$agent" -c "$tmp/agent.yaml" -s "$tmp/s.sock" > "$tmp/agent.log" 2>&1 &
agent_pid=$!
pids+=("$agent_pid")
if wait_grep '^edgetsnd_applies_total 1$' "$prom"; then ok "the agent writes its textfile"
else not_ok "no textfile with the first apply" "$tmp/agent.log"; fi

port=$(free_port)
"$exporter" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$tmp/tf" > "$tmp/exporter.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
	curl -sf "http://127.0.0.1:$port/metrics" > "$tmp/scrape" && break
	sleep 0.1
done
if grep -qx 'node_textfile_scrape_error 0' "$tmp/scrape"; then ok "node-exporter parses the file"
else not_ok "node-exporter: scrape error" "$tmp/scrape" "$tmp/exporter.log"; fi
for line in 'edgetsnd_info{version="[^"]*"} 1' 'edgetsnd_applies_total 1' \
	    'edgetsnd_apply_failures_total 0' 'edgetsnd_config_in_force 1' \
	    'edgetsnd_sync_state{state="unsupervised"} 1' 'edgetsnd_sync_state{state="locked"} 0'; do
	if grep -qxE "$line" "$tmp/scrape"; then ok "scraped: $line"; else not_ok "not scraped: $line" "$tmp/scrape"; fi
done
if grep -q '^# TYPE edgetsnd_applies_total counter$' "$tmp/scrape"; then ok "types are carried"
else not_ok "no TYPE line for edgetsnd_applies_total" "$tmp/scrape"; fi

# A reload is one more apply: the next file says so.
kill -HUP "$agent_pid"
if wait_grep '^edgetsnd_applies_total 2$' "$prom"; then ok "a reload shows in the file"
else not_ok "no reload in the file" "$prom" "$tmp/agent.log"; fi
left=$(find "$tmp/tf" -name '*.tmp')
if [ -z "$left" ]; then ok "no temporary file left"; else not_ok "left: $left"; fi

if command -v promtool > /dev/null; then
	if out=$(promtool check metrics < "$prom" 2>&1); then ok "promtool check metrics"
	else not_ok "promtool: $out"; fi
else
	echo "prom: promtool check skipped: promtool is not installed (apt-get install prometheus)"
	skipped=$((skipped + 1))
fi

# An unwritable directory: a warning once, the agent goes on.
cat > "$tmp/bad.yaml" <<CONF
ptp:
  enabled: false
metrics:
  enabled: true
  textfile: $tmp/none/edgetsn.prom
  interval: 1s
CONF
unshare -n "$agent" -c "$tmp/bad.yaml" -s "$tmp/s2.sock" > "$tmp/bad.log" 2>&1 &
bad_pid=$!
pids+=("$bad_pid")
if wait_grep "metrics: $tmp/none/edgetsn.prom.tmp: No such file or directory" "$tmp/bad.log" &&
   "$build/etsnctl" agent status --socket "$tmp/s2.sock" > /dev/null; then
	ok "an unwritable textfile: a warning, the agent runs on"
else
	not_ok "unwritable textfile" "$tmp/bad.log"
fi

echo "prom: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
