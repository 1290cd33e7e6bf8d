#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsnd's operations on the host: the status socket (mode, text and
# JSON through etsnctl agent status and edgetsnd status, a silent client
# and a full house that do not stall the loop, stale and live sockets,
# no agent), and sd_notify to a NOTIFY_SOCKET this test binds (READY=1
# after the first apply, WATCHDOG=1 with WATCHDOG_USEC, RELOADING=1 on
# SIGHUP); a failed apply (no edgetsn.ko on the host) retried after 5 s,
# then 10 s. The agent runs in its own network namespace (unshare -n), so
# its apply can only touch that namespace's lo.
# Waits are bounded only so that a broken case fails instead of hanging
# (tests/agent/lib.sh).
# Last line: "ops: N passed, N failed, N skipped".
#   tests/agent/ops.sh [BUILD_DIR]      (default build)
set -u
build=$(realpath "${1:-build}")
agent=$build/edgetsnd ctl=$build/etsnctl

for f in "$agent" "$ctl"; do
	[ -x "$f" ] || { echo "ops: $f not built (make user)"; exit 1; }
done
if ! unshare -n true 2> /dev/null || ! command -v python3 > /dev/null; then
	echo "ops: skipped: needs root for unshare -n, and python3 (the notify listener)"
	echo "ops: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

. "$(dirname "$0")/lib.sh"

sock=$tmp/run/edgetsnd.sock
cat > "$tmp/agent.yaml" <<'CONF'
ptp:
  enabled: false
interfaces:
  lo:
    qdisc: etsn
CONF

# The notify socket systemd would give: every datagram, one line.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("bound", flush=True)
while True:
    print(s.recv(4096).decode().replace("\n", " | "), flush=True)
' "$tmp/notify" > "$tmp/notify.log" 2>&1 &
pids+=($!)
wait_grep '^bound$' "$tmp/notify.log" || { echo "ops: the notify listener did not start"; exit 1; }

# start_agent LOG [ENV...]: edgetsnd in a network namespace of its own.
start_agent() {
	local log=$1
	shift
	env NOTIFY_SOCKET="$tmp/notify" "$@" unshare -n "$agent" -c "$tmp/agent.yaml" -s "$sock" \
		> "$log" 2>&1 &
	agent_pid=$!
	pids+=("$agent_pid")
}
start_agent "$tmp/agent.log" WATCHDOG_USEC=200000

# --- sd_notify
if wait_grep 'READY=1' "$tmp/notify.log"; then ok "READY=1 arrives"; else not_ok "no READY=1" "$tmp/notify.log" "$tmp/agent.log"; fi
if grep -q '^STATUS=apply (start)' "$tmp/notify.log"; then ok "a STATUS= line tells the first apply's result"
else not_ok "no STATUS= line about the apply" "$tmp/notify.log"; fi
if wait_grep '^WATCHDOG=1$' "$tmp/notify.log"; then ok "WATCHDOG=1 arrives with WATCHDOG_USEC set"
else not_ok "no WATCHDOG=1" "$tmp/notify.log"; fi
kill -HUP "$agent_pid"
if wait_grep '^RELOADING=1$' "$tmp/notify.log" && wait_grep 'SIGHUP: reloading' "$tmp/agent.log"; then
	ok "RELOADING=1 arrives on SIGHUP"
else
	not_ok "no RELOADING=1 on SIGHUP" "$tmp/notify.log" "$tmp/agent.log"
fi

# --- the status socket
mode=$(stat -c '%A %F' "$sock" 2> /dev/null)
if [ "$mode" = "srw-rw---- socket" ]; then ok "the socket is 0660"; else not_ok "socket mode: '$mode'"; fi
"$ctl" agent status --socket "$sock" > "$tmp/status.txt" 2>&1
rc=$?
if [ "$rc" = 0 ] && grep -q "^agent: version .* config $tmp/agent.yaml" "$tmp/status.txt" &&
   grep -q '^apply: result ' "$tmp/status.txt" && grep -q '^lo: qdisc yes' "$tmp/status.txt"; then
	ok "etsnctl agent status: text"
else
	not_ok "etsnctl agent status: text (exit $rc)" "$tmp/status.txt"
fi
"$ctl" -j agent status --socket "$sock" > "$tmp/status.json" 2>&1
got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["config"] == sys.argv[2], d["apply"]["applies"] >= 2, d["sync"]["state"],
      [i["name"] for i in d["interfaces"]], d["interfaces"][0]["qdisc"])
' "$tmp/status.json" "$tmp/agent.yaml" 2>&1)
if [ "$got" = "True True unsupervised ['lo'] True" ]; then ok "etsnctl -j agent status: JSON (start and reload counted)"
else not_ok "JSON status: $got" "$tmp/status.json"; fi
"$agent" -s "$sock" status -j > "$tmp/status2.json" 2>&1
if [ $? = 0 ] && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/status2.json"; then
	ok "edgetsnd status -j: the same JSON"
else
	not_ok "edgetsnd status -j" "$tmp/status2.json"
fi

"$ctl" -p agent status --socket "$sock" > "$tmp/status3.json" 2>&1
if [ "$(sed -n 2p "$tmp/status3.json")" = '  "version": "'"$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$(dirname "$0")/../../dkms.conf")"'",' ] &&
   python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/status3.json"; then
	ok "etsnctl -p agent status: indented JSON"
else
	not_ok "etsnctl -p agent status" "$tmp/status3.json"
fi
out=$(python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"stats\n")
print(s.recv(4096).decode(), end="")
' "$sock" 2>&1)
if [ "$out" = "error: unknown request 'stats' (status, status json [pretty])" ]; then
	ok "an unknown request gets an error line"
else
	not_ok "unknown request: '$out'"
fi

# Silent clients hold slots, not the loop. ROUND: while N clients are
# connected and silent, one more asks; the answer and whether all N were
# still held (not yet dropped at their deadline) when it came. A round in
# which the agent dropped one first proves nothing and is run again.
silent_round() {
	python3 -c '
import socket, sys
path, n = sys.argv[1], int(sys.argv[2])
for _ in range(20):
    held = []
    for _ in range(n):
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        held.append(s)
    q = socket.socket(socket.AF_UNIX)
    q.connect(path)
    try:
        q.sendall(b"status\n")
    except OSError:
        pass
    answer = b""
    while True:
        try:
            b = q.recv(4096)
        except ConnectionResetError:
            break	# a busy agent may close before reading our request
        if not b:
            break
        answer += b
    still = 0
    for s in held:
        s.setblocking(False)
        try:
            still += s.recv(1) != b""
        except BlockingIOError:
            still += 1
        s.close()
    if still == n:
        print(answer.decode().splitlines()[0])
        sys.exit(0)
print("every round lost a silent client to its deadline first")
sys.exit(1)
' "$sock" "$1"
}
out=$(timeout 60 bash -c "$(declare -f silent_round); sock=$sock; silent_round 1" 2>&1)
if [[ $out == "agent: version "* ]]; then ok "a silent client does not stall the agent"
else not_ok "status with a silent client connected: '$out'"; fi
out=$(timeout 60 bash -c "$(declare -f silent_round); sock=$sock; silent_round 8" 2>&1)
if [ "$out" = "error: busy" ]; then ok "every slot held: the next client is told busy"
else not_ok "a full house: '$out'"; fi
out=$("$ctl" agent status --socket "$sock" 2>&1)
[ $? = 0 ] || not_ok "status after the silent rounds: '$out'"
# A silent client is dropped (EOF) once its deadline passes.
out=$(timeout 60 python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
print("dropped" if s.recv(1) == b"" else "answered")
' "$sock" 2>&1)
if [ "$out" = dropped ]; then ok "a silent client is dropped at its deadline"
else not_ok "silent client: '$out'"; fi
# A second agent on the same socket is refused; the first one stays.
out=$(unshare -n "$agent" -c "$tmp/agent.yaml" -s "$sock" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [[ $out == *"another edgetsnd listens on it"* ]] &&
   "$ctl" agent status --socket "$sock" > /dev/null 2>&1; then
	ok "a second agent on a live socket is refused (exit 1), the first answers"
else
	not_ok "second agent: exit $rc, '$out'"
fi

# Killed, the agent leaves its socket behind: the next one removes it.
{ kill -KILL "$agent_pid"; wait "$agent_pid"; } 2> /dev/null
[ -S "$sock" ] || not_ok "SIGKILL left no socket behind (the stale case is not tested)"
out=$("$ctl" agent status --socket "$sock" 2>&1)
rc=$?
if [ "$rc" = 3 ] && [[ $out == *"edgetsnd is not running"* ]]; then
	ok "no agent (a stale socket): exit 3 and says so"
else
	not_ok "no agent: exit $rc, '$out'"
fi
start_agent "$tmp/agent2.log"
if wait_grep 'removed a stale socket' "$tmp/agent2.log" &&
   wait_grep 'started with .*, status on ' "$tmp/agent2.log" && "$ctl" agent status --socket "$sock" > /dev/null 2>&1; then
	ok "a stale socket is removed and replaced"
else
	not_ok "stale socket" "$tmp/agent2.log"
fi
# No module on the host: the apply fails and is retried, later each time.
if wait_grep 'apply \(retry\) failed, its changes rolled back: .*; retrying in 10 s$' "$tmp/agent2.log" 200 &&
   grep -q 'apply (start) failed, its changes rolled back: .*; retrying in 5 s$' "$tmp/agent2.log" &&
   ! grep -q 'nothing changed' "$tmp/agent2.log"; then
	ok "a failed apply is retried after 5 s, then 10 s"
else
	not_ok "retry back-off" "$tmp/agent2.log"
fi
kill -TERM "$agent_pid"
wait "$agent_pid"
rc=$?
if [ "$rc" = 0 ] && [ ! -e "$sock" ] && wait_grep '^STOPPING=1$' "$tmp/notify.log"; then
	ok "SIGTERM: STOPPING=1, exit 0, the socket removed"
else
	not_ok "stop: exit $rc, socket $(ls -la "$sock" 2>&1)" "$tmp/agent2.log"
fi
out=$("$agent" -s "$sock" status 2>&1)
rc=$?
if [ "$rc" = 3 ] && [[ $out == "edgetsnd status: edgetsnd is not running"* ]]; then
	ok "edgetsnd status without an agent: exit 3"
else
	not_ok "edgetsnd status, no agent: exit $rc, '$out'"
fi

# Something else at the path is never removed.
echo keep > "$sock"
out=$(unshare -n "$agent" -c "$tmp/agent.yaml" -s "$sock" 2>&1)
rc=$?
if [ "$rc" = 1 ] && [[ $out == *"exists and is not a socket"* ]] && [ "$(cat "$sock")" = keep ]; then
	ok "a file at the socket path is refused and kept"
else
	not_ok "file at the path: exit $rc, '$out'"
fi

# Usage errors: exit 2.
"$ctl" agent status --socket > /dev/null 2>&1; a=$?
"$ctl" agent stat > /dev/null 2>&1; b=$?
"$agent" status -x > /dev/null 2>&1; c=$?
if [ "$a$b$c" = 222 ]; then ok "usage errors exit 2"; else not_ok "usage errors: $a $b $c"; fi

echo "ops: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
