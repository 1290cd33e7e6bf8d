#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsnd's PTP supervision against a real ptp4l on the host (root: a
# network namespace with a veth for ptp4l; its clock is never adjusted,
# ptp4l runs free_running as the only clock): started before ptp4l (lost,
# ptp4l-down), ptp4l found, the subscription renewed before it ends, ptp4l
# killed and restarted at once (found again: the new process is
# subscribed afresh), a reload (same ptp settings: kept; others: restarted),
# ptp4l killed (does not answer), the fail-safe's apply (a sync change's
# or a reload's) sent before its MQTT events and log lines (strace of the
# agent). Sync states beyond
# lost need a clock per side: tests/vm/cases/agent_failsafe.sh.
# Last line: "ptp-agent: N passed, N failed, N skipped".
#   tests/agent/ptp.sh [EDGETSND]      (default build/edgetsnd)
set -u
agent=$(realpath "${1:-build/edgetsnd}")
passed=0 failed=0
if [ "$(id -u)" != 0 ] || ! command -v ptp4l > /dev/null; then
	echo "ptp-agent: skipped: needs root and ptp4l (linuxptp)"
	echo "ptp-agent: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
[ -x "$agent" ] || { echo "ptp-agent: $agent not built (make user)"; exit 1; }

tmp=$(mktemp -d)
ns=etsn-ptp-$$
agent_pid='' ptp_pid='' broker_pid='' evt_pid='' strace_pid=''
cleanup() {
	[ -n "$strace_pid" ] && kill "$strace_pid" 2> /dev/null
	[ -n "$agent_pid" ] && kill "$agent_pid" 2> /dev/null
	[ -n "$ptp_pid" ] && kill "$ptp_pid" 2> /dev/null
	[ -n "$evt_pid" ] && kill "$evt_pid" 2> /dev/null
	[ -n "$broker_pid" ] && kill "$broker_pid" 2> /dev/null
	wait 2> /dev/null
	ip netns del "$ns" 2> /dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "ok: $1"; passed=$((passed + 1)); }
not_ok() {
	echo "FAIL: $1"
	sed 's/^/  /' "$tmp/agent.log"
	failed=$((failed + 1))
}
# wait_for N PATTERN: the agent's log has N lines matching PATTERN (bounded
# only so that a broken agent fails instead of hanging).
wait_for() {
	for _ in $(seq 300); do
		[ "$(grep -c -- "$2" "$tmp/agent.log" 2> /dev/null)" -ge "$1" ] 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
}
count() { grep -c -- "$1" "$tmp/agent.log"; }
start_ptp4l() {
	ip netns exec "$ns" ptp4l -S -2 -i va -f "$tmp/ptp4l.cfg" > "$tmp/ptp4l.log" 2>&1 &
	ptp_pid=$!
}

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add va type veth peer name vb
ip -n "$ns" link set va up
ip -n "$ns" link set vb up
printf '[global]\nuds_address %s/ptp4l\nfree_running 1\n' "$tmp" > "$tmp/ptp4l.cfg"
# The agent in the namespace with an MQTT broker there (sync and fail-safe
# events, state/vb) and vb with a fallback (no module on the host: its
# applies fail, the fail-safe's decisions are published all the same).
cat > "$tmp/agent.yaml" <<EOC
ptp:
  uds-path: $tmp/ptp4l
  poll-interval: 1s
  subscribe-duration: 10
  clock-check: true
  phc-interface: va
logging:
  level: debug
mqtt:
  enabled: true
  host: 127.0.0.1
  node-id: p1
  commands-enabled: true
interfaces:
  vb:
    qdisc: etsn
    schedule:
      admin-cycle-time: 1ms
      admin-control-list:
        - {gate-states-value: 0x80, time-interval-value: 250us}
        - {gate-states-value: 0x7f, time-interval-value: 750us}
    fallback-schedules:
      safe:
        admin-cycle-time: 1ms
        admin-control-list:
          - {gate-states-value: 0xff, time-interval-value: 1ms}
    fail-safe: {on-sync-loss: fallback, fallback: safe}
EOC
have_mqtt=false
if command -v mosquitto > /dev/null && command -v mosquitto_sub > /dev/null; then
	have_mqtt=true
	printf 'listener 1883 127.0.0.1\nallow_anonymous true\nuser %s\n' "$(id -un)" > "$tmp/broker.conf"
	ip netns exec "$ns" mosquitto -c "$tmp/broker.conf" > "$tmp/broker.log" 2>&1 &
	broker_pid=$!
	for _ in $(seq 100); do
		ip netns exec "$ns" mosquitto_sub -t x -E -W 1 2> /dev/null && break
		sleep 0.1
	done
	ip netns exec "$ns" mosquitto_sub -t 'edgetsn/p1/evt/#' -v > "$tmp/evt" 2>&1 &
	evt_pid=$!
	for _ in $(seq 100); do
		ip netns exec "$ns" mosquitto_pub -t edgetsn/p1/evt/ready -m 1
		grep -q ready "$tmp/evt" && break
		sleep 0.1
	done
else
	sed -i 's/^  enabled: true$/  enabled: false/' "$tmp/agent.yaml"
fi

ip netns exec "$ns" "$agent" -c "$tmp/agent.yaml" 2> "$tmp/agent.log" &
agent_pid=$!
if wait_for 1 'sync unknown -> lost (ptp4l-down)'; then
	ok "started before ptp4l: lost (ptp4l-down)"
else
	not_ok "started before ptp4l: no lost"
fi
# evt_has LINE: mosquitto_sub saw LINE (topic and payload) on evt/#.
evt_has() {
	for _ in $(seq 100); do
		grep -q -x -F -- "$1" "$tmp/evt" && return 0
		sleep 0.1
	done
	return 1
}
if $have_mqtt; then
	if evt_has 'edgetsn/p1/evt/sync {"from":"unknown","to":"lost","reason":"ptp4l-down","offset-ns":0}'; then
		ok "evt/sync: unknown -> lost (ptp4l-down)"
	else
		not_ok "no evt/sync lost: $(cat "$tmp/evt")"
	fi
	if evt_has 'edgetsn/p1/evt/failsafe {"interface":"vb","from":"primary","to":"fallback","fallback":"safe","sync":"lost"}'; then
		ok "evt/failsafe: vb primary -> fallback"
	else
		not_ok "no evt/failsafe: $(cat "$tmp/evt")"
	fi
	state=$(ip netns exec "$ns" mosquitto_sub -t edgetsn/p1/state/vb -C 1 -W 10)
	case $state in
	*'"fail-safe":{"on-sync-loss":"fallback","active":true,"mode":"fallback","fallback":"safe"},"sync":{"state":"lost"}}')
		ok "state/vb retained: fail-safe active (fallback safe), sync lost" ;;
	*) not_ok "state/vb: '$state'" ;;
	esac
	# set-schedule while the fallback is in force: the desired primary
	# changes, nothing is installed (no apply tried), the reply says so.
	n_apply=$(count 'apply (')
	reply=$(ip netns exec "$ns" mosquitto_rr -t edgetsn/p1/cmd/set-schedule -e test/fs -W 10 \
		-m '{"id":"f1","interface":"vb","schedule":{"admin-cycle-time":"1ms","admin-control-list":[{"gate-states-value":3,"time-interval-value":"1ms"}]}}')
	if [ "$reply" = '{"id":"f1","command":"set-schedule","status":"ok","result":{"installed":false,"why":"vb: fail-safe in force: the new schedule is the desired primary; installed at a cycle boundary once sync is locked"}}' ] &&
		[ "$(count 'apply (set-schedule')" = 0 ]; then
		ok "set-schedule during the fail-safe: kept as the primary, not installed"
	else
		not_ok "set-schedule during the fail-safe: '$reply', applies before $n_apply"
	fi
	state=$(ip netns exec "$ns" mosquitto_sub -t edgetsn/p1/state/vb -C 1 -W 10)
	case $state in
	*'"schedule":{'*'"gates":3,'*'"mode":"fallback"'*) ok "state/vb: the new primary desired, the fallback in force" ;;
	*) not_ok "state/vb after set-schedule: '$state'" ;;
	esac
else
	echo "skip: sync events over MQTT (mosquitto not installed)"
fi
if grep -q 'supervision is not run' "$tmp/agent.log"; then
	not_ok "the old 'not run' warning is logged"
else
	ok "no 'not run' warning"
fi

start_ptp4l
if wait_for 1 "ptp4l at $tmp/ptp4l answers" && wait_for 1 'subscribed to port state' &&
	wait_for 1 'ptp: UTC offset 37 s'; then
	ok "ptp4l found, subscribed, UTC offset read"
else
	not_ok "ptp4l not found"
fi
# clock-check with a PHC that is not there (a veth has none): said at
# start, and each check fails (never locked) once the UTC offset is known.
if grep -q 'ptp: phc-interface va: it has no PHC' "$tmp/agent.log" &&
	wait_for 1 'ptp: clock check: va: no PHC to check'; then
	ok "clock check: va has no PHC, reported"
else
	not_ok "clock check: no PHC not reported"
fi
# Renewed at half of the 10 s duration.
if wait_for 2 'subscribed to port state'; then
	ok "subscription renewed"
else
	not_ok "subscription not renewed"
fi

# Killed and restarted at once: seen either as our subscription gone (the
# restart fell between two polls) or as a failed send then a new answer.
n_up=$(count 'answers') n_sub=$(count 'subscribed to port state')
kill -9 "$ptp_pid"
wait "$ptp_pid" 2> /dev/null
start_ptp4l
if wait_for $((n_up + 1)) 'answers\|subscription is gone' &&
	wait_for $((n_sub + 1)) 'subscribed to port state'; then
	ok "restarted ptp4l found and subscribed again ($(grep -o 'subscription is gone\|does not answer' "$tmp/agent.log" | tail -n 1))"
else
	not_ok "restart not seen"
fi

# A reload with the same ptp settings keeps the supervision; other ones
# restart it.
kill -HUP "$agent_pid"
wait_for 1 'apply (reload)'
if [ "$(count 'supervising ptp4l')" = 1 ]; then
	ok "reload with the same ptp settings: supervision kept"
else
	not_ok "reload with the same settings restarted the supervision"
fi
sed -i -e 's/poll-interval: 1s/poll-interval: 500ms/' -e '/phc-interface: va/d' "$tmp/agent.yaml"
kill -HUP "$agent_pid"
if wait_for 2 'apply (reload)' && wait_for 1 'supervising ptp4l.*poll 500 ms'; then
	ok "reload with another poll-interval: supervision restarted with it"
else
	not_ok "reload with another poll-interval not followed"
fi
# Without a PHC: the kernel's TAI offset (adjtimex) against ptp4l's 37 s.
if wait_for 1 'ptp: clock check: \(kernel TAI offset [0-9-]* s, the grandmaster.s UTC offset 37 s\|kernel TAI offset 37 s agree\)'; then
	ok "clock check: the kernel TAI offset judged ($(grep -o 'clock check: kernel TAI offset [0-9-]* s' "$tmp/agent.log" | tail -n 1))"
else
	not_ok "clock check: no kernel TAI offset verdict"
fi

kill -9 "$ptp_pid"
wait "$ptp_pid" 2> /dev/null
ptp_pid=
if wait_for 1 'does not answer (.*Connection refused)'; then
	ok "killed ptp4l: does not answer (ECONNREFUSED)"
else
	not_ok "killed ptp4l not seen"
fi

# The fallback goes in before anyone is told. Supervision off (a reload:
# the primary back), then on again: lost at its first poll (ptp4l is
# gone), the fallback's apply (failing here, after its netlink request).
# strace shows what the agent sends, in its order: N a netlink request, A
# the apply's error line, S F X V the MQTT writes of evt/sync,
# evt/failsafe, the apply's evt/error and state/vb, L the decision's log
# line. Before the hold it read NVSLFNXVA (the reload's N V first): the
# events and the decision's line before the apply's request.
strace_skip=0
if ! $have_mqtt; then
	echo "skip: the fail-safe's order (mosquitto not installed)"
elif ! command -v strace > /dev/null; then
	echo "skip: the fail-safe's order: strace is not installed (apt-get install strace)"
	strace_skip=1
else
	# trace_order WHY LINE: the letters of $tmp/trace (WHY: the apply's
	# name in its error line; LINE: the decision's log line).
	trace_order() {
		awk -v why="apply ($1) failed" -v line="$2" '
		/<NETLINK:/ && /^(sendto|sendmsg)/ { t = "N" }
		/^write\(2</ && index($0, why) { t = "A" }
		/<TCP:/ && /evt\/sync/ { t = "S" }
		/<TCP:/ && /evt\/failsafe/ { t = "F" }
		/<TCP:/ && /evt\/error/ && /fail-safe/ { t = "X" }
		/<TCP:/ && /state\/vb/ { t = "V" }
		/^write\(2</ && index($0, line) { t = "L" }
		t != "" && !(t == "N" && last == "N") { printf "%s", t; last = t }
		{ t = "" }' "$tmp/trace"
	}
	strace_start() {
		: > "$tmp/strace.err"
		strace -p "$agent_pid" -yy -s 256 -e trace=sendto,sendmsg,write -o "$tmp/trace" 2> "$tmp/strace.err" &
		strace_pid=$!
		for _ in $(seq 100); do grep -q attached "$tmp/strace.err" && break; sleep 0.1; done
	}
	strace_stop() { kill "$strace_pid"; wait "$strace_pid" 2> /dev/null; strace_pid=; }
	# A reload that changes the fail-safe's mode reports it after its
	# apply too. Before, it read FLNA: the event and line first.
	strace_start
	sed -i '/^ptp:$/a\  enabled: false' "$tmp/agent.yaml"
	kill -HUP "$agent_pid"
	wait_for 1 'fail-safe: vb: fallback -> primary'
	strace_stop
	order=$(trace_order reload 'fail-safe: vb: fallback -> primary')
	case $order in
	N*A*F*L*) ok "reload: the apply sent before its fail-safe event and log line ($order)" ;;
	*) not_ok "reload order: '$order', want the apply (N A) before F and L" ;;
	esac
	strace_start
	sed -i '/^  enabled: false$/d' "$tmp/agent.yaml"
	kill -HUP "$agent_pid"
	wait_for 2 'fail-safe: vb: primary -> fallback'
	strace_stop
	order=$(trace_order fail-safe 'fail-safe: vb: primary -> fallback')
	case $order in
	*NASFXVL*) ok "fail-safe: the apply sent before its MQTT events and log line ($order)" ;;
	*) not_ok "fail-safe order: '$order', want the apply (N A) before S F X V L" ;;
	esac
fi

kill "$agent_pid"
wait "$agent_pid"
rc=$?
agent_pid=
if [ "$rc" = 0 ]; then ok "agent stopped, exit 0"; else not_ok "agent exit $rc"; fi
skips=0
$have_mqtt || skips=7
skips=$((skips + 2 * strace_skip))
echo "ptp-agent: $passed passed, $failed failed, $skips skipped"
[ "$failed" = 0 ]
