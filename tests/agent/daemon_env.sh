# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2034
# (the caller sets agent; it reads tmp, LOG, agent_pid and lib.sh's names)
# The start of the host tests that run the real edgetsnd with a broker
# (daemon.sh, persist.sh): skip without mosquitto or with edgetsn.ko
# loaded, a temporary directory, lib.sh, and a cleanup that stops the
# agent and the broker.
for tool in mosquitto mosquitto_sub mosquitto_pub; do
	if ! command -v "$tool" > /dev/null; then
		echo "agent: skipped: $tool is not installed (apt-get install mosquitto mosquitto-clients)"
		echo "agent: 0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done
if [ -d /sys/module/edgetsn ]; then
	echo "agent: skipped: edgetsn.ko is loaded here; this test needs it absent (the VM case has it)"
	echo "agent: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
[ -x "$agent" ] || { echo "agent: $agent not built (make build/edgetsnd)"; exit 1; }

tmp=$(realpath "$(mktemp -d)")
LOG=$tmp/agent.log
# shellcheck source=tests/agent/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
agent_pid=''
cleanup() {
	[ -n "$agent_pid" ] && kill "$agent_pid" 2> /dev/null
	[ -n "$broker_pid" ] && kill "$broker_pid" 2> /dev/null
	wait 2> /dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
