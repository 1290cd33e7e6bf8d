#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# edgetsnd's MQTT session (user/lib/agent_mqtt.c) against a real mosquitto
# on 127.0.0.1, with mosquitto_sub/mosquitto_pub as the other clients and
# build/tests/mqtt_probe driving the session as the agent's loop will:
# birth and Last Will (SIGKILL), retained state after a broker restart,
# every command and malformed command (MQTT 5 response topic and
# correlation data, the 3.1.1 reply_to/id fallback), the event queue
# delivered after the broker returns with the dropped count, the hold
# (nothing published until the release, then in order; released while
# the broker is away: at the reconnect), the order kept past an event that
# can never be published (dropped and counted) and past one whose publish
# failed for want of memory (kept, not overtaken), username, password and
# TLS with a client certificate.
# Waits are bounded only so that a broken case fails instead of hanging.
# Last line: "agent: N passed, N failed, N skipped".
#   tests/agent/mqtt.sh [PROBE]      (default build/tests/mqtt_probe)
set -u
probe=$(realpath "${1:-build/tests/mqtt_probe}")

for tool in mosquitto mosquitto_sub mosquitto_pub mosquitto_passwd openssl; do
	if ! command -v "$tool" > /dev/null; then
		echo "agent: skipped: $tool is not installed (apt-get install mosquitto mosquitto-clients openssl)"
		echo "agent: 0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done
[ -x "$probe" ] || { echo "agent: $probe not built (make build/tests/mqtt_probe)"; exit 1; }

tmp=$(mktemp -d)
LOG=$tmp/probe.out
# shellcheck source=tests/agent/lib.sh
. "$(dirname "$0")/lib.sh"
probe_pid=''
cleanup() {
	exec 3>&- 2> /dev/null
	[ -n "$probe_pid" ] && kill "$probe_pid" 2> /dev/null
	[ -n "$broker_pid" ] && kill "$broker_pid" 2> /dev/null
	wait 2> /dev/null
	[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

port=$(free_port)
tls_port=$(free_port)
root=edgetsn/n1

cat > "$tmp/broker.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
user $(id -un)
persistence true
persistence_location $tmp/
CONF

# wait_line REGEX [COUNT]: the probe's output has COUNT lines matching.
wait_line() {
	for _ in $(seq 200); do
		[ "$(grep -c -E "$1" "$tmp/probe.out")" -ge "${2:-1}" ] && return 0
		sleep 0.1
	done
	return 1
}
start_probe() {
	rm -f "$tmp/in"; mkfifo "$tmp/in"
	# PROBE_WRAP: e.g. "valgrind --log-file=/tmp/vg.%p --leak-check=full".
	# shellcheck disable=SC2086
	${PROBE_WRAP:-} "$probe" "$1" < "$tmp/in" >> "$tmp/probe.out" 2>&1 &
	probe_pid=$!
	exec 3> "$tmp/in"
}
send() { echo "$*" >&3; }

cat > "$tmp/agent.yaml" <<CONF
mqtt:
  enabled: true
  host: 127.0.0.1
  port: $port
  node-id: n1
  commands-enabled: true
  queue-max: 3
interfaces:
  eth0: { qdisc: etsn }
  eth1: { qdisc: etsn }
CONF

start_broker
: > "$tmp/probe.out"
start_probe "$tmp/agent.yaml"

# --- birth, retained state
if wait_line '^connected$'; then ok "the session connects"; else not_ok "no connection" "$tmp/probe.out"; fi
check "birth: status is retained online" "$(sub -t "$root/status" -C 1 -W 5)" online
state1='{"sync":"locked","schedule":{"entries":2}}'
send state eth0 "$state1"
wait_line '^ok state$'
check "state/eth0 is retained" "$(sub -t "$root/state/eth0" -C 1 -W 5)" "$state1"

# --- commands, MQTT 5: Response Topic and Correlation Data echoed
start_replies
cmd5 get-state '{}' "{\"command\":\"get-state\",\"status\":\"ok\",\"result\":{\"eth0\":$state1}}"
cmd5 get-state '{"id":"q1","interface":"eth1"}' '{"id":"q1","command":"get-state","status":"ok","result":{}}'
cmd5 get-stats '{"id":2,"interface":"eth0"}' '{"id":2,"command":"get-stats","status":"ok","result":{"interface":"eth0","frames":0}}'
sched='{"admin-cycle-time":"1ms","admin-control-list":[{"operation-name":"set-gate-states","gate-states-value":"0x01","time-interval-value":"300us"},{"gate-states-value":254,"time-interval-value":700000}]}'
cmd5 set-schedule "{\"id\":\"s1\",\"interface\":\"eth0\",\"schedule\":$sched}" '{"id":"s1","command":"set-schedule","status":"ok"}'
check "set-schedule: the callback got the schedule" \
	"$(grep '^set-schedule' "$tmp/probe.out" | tail -n 1)" \
	'set-schedule eth0 persist=0 at=next-cycle {"cycle_time_ns":1000000,"entries":[{"index":0,"op":"S","gates":1,"interval_ns":300000},{"index":1,"op":"S","gates":254,"interval_ns":700000}]}'
cmd5 set-schedule "{\"interface\":\"eth1\",\"at\":\"1800000000.25\",\"schedule\":$sched}" '{"command":"set-schedule","status":"ok"}'
check "set-schedule: at a given time" "$(grep '^set-schedule' "$tmp/probe.out" | tail -n 1 | cut -d' ' -f2-4)" \
	"eth1 persist=0 at=1800000000250000000"
send fail set-schedule "eth0: the device is busy"
wait_line '^ok fail$'
cmd5 set-schedule "{\"interface\":\"eth0\",\"schedule\":$sched}" '{"command":"set-schedule","status":"error","reason":"eth0: the device is busy"}'
cmd5 reload '' '{"command":"reload","status":"ok"}'
check "reload reached the agent" "$(grep -c '^reload$' "$tmp/probe.out")" 1
# Malformed: each answered, nothing reaches the agent.
before=$(grep -c -E '^(set-schedule|reload)' "$tmp/probe.out")
cmd5 get-state '{' '{"command":"get-state","status":"error","reason":"payload:1:2: JSON: expected a key in double quotes"}'
# A payload that is not JSON has no id to echo.
cmd5 reload '{"id":1,}' '{"command":"reload","status":"error","reason":"payload:1:9: JSON: a comma before a closing bracket"}'
cmd5 reboot '{"id":"x"}' '{"id":"x","command":"reboot","status":"error","reason":"unknown command '"'"'reboot'"'"' (known: get-state, get-stats, set-schedule, reload)"}'
cmd5 get-stats '{"interface":5}' '{"command":"get-stats","status":"error","reason":"payload:1:14: interface: wrong type: expected a string"}'
cmd5 reload '{"force":true}' '{"command":"reload","status":"error","reason":"payload:1:2: payload: unknown key '"'"'force'"'"' (known: id, reply_to, interface, schedule, at)"}'
cmd5 set-schedule '{"interface":"eth0","schedule":{"admin-control-list":[{"gate-states-value":1,"time-interval-value":0}]}}' \
	'{"command":"set-schedule","status":"error","reason":"payload:1:100: schedule.admin-control-list[0].time-interval-value: interval must be at least 1ns"}'
cmd5 set-schedule '{"interface":"eth9","schedule":{"admin-control-list":[{"gate-states-value":1,"time-interval-value":1}]}}' \
	'{"command":"set-schedule","status":"error","reason":"payload:1:14: interface: '"'"'eth9'"'"' is not in the configuration"}'
head -c 131073 /dev/zero | tr '\0' ' ' > "$tmp/big"
cmd5 get-state "$tmp/big" '{"command":"get-state","status":"error","reason":"payload: 131073 bytes, at most 131072"}'
check "malformed commands reached no callback" \
	"$(grep -c -E '^(set-schedule|reload)' "$tmp/probe.out")" "$before"

# --- MQTT 3.1.1 clients: reply_to and id in the payload; else reply/<verb>
mosquitto_sub -p "$port" -t test/r311 -t "$root/reply/#" -v > "$tmp/r311" 2>&1 &
sub311_pid=$!
wait_subscribed test/r311 "$tmp/r311"
pub -V 311 -t "$root/cmd/get-stats" -m '{"id":"v3","reply_to":"test/r311","interface":"eth1"}'
pub -V 311 -t "$root/cmd/reload" -m '{"id":"v3b","reply_to":"test/r311","x":1}'
pub -V 311 -t "$root/cmd/get-state" -m 'not json'
pub -V 311 -t "$root/cmd/reload" -m "{\"id\":\"loop\",\"reply_to\":\"$root/cmd/reload\"}"
for _ in $(seq 100); do
	grep -q '"v3"' "$tmp/r311" && grep -q '"v3b"' "$tmp/r311" && grep -q '"loop"' "$tmp/r311" &&
		grep -q "^$root/reply/get-state" "$tmp/r311" && break
	sleep 0.1
done
check "a reply_to under cmd/ goes to reply/<verb>" "$(grep '"loop"' "$tmp/r311")" \
	"$root/reply/reload {\"id\":\"loop\",\"command\":\"reload\",\"status\":\"ok\"}"
check "3.1.1: reply on reply_to with the id" "$(grep '"v3"' "$tmp/r311")" \
	'test/r311 {"id":"v3","command":"get-stats","status":"ok","result":{"interface":"eth1","frames":0}}'
check "3.1.1: an error reply on reply_to with the id" "$(grep '"v3b"' "$tmp/r311")" \
	'test/r311 {"id":"v3b","command":"reload","status":"error","reason":"payload:1:36: payload: unknown key '"'"'x'"'"' (known: id, reply_to, interface, schedule, at)"}'
check "3.1.1: no reply_to: the reply on reply/<verb>" "$(grep "^$root/reply/get-state" "$tmp/r311")" \
	"$root/reply/get-state {\"command\":\"get-state\",\"status\":\"error\",\"reason\":\"payload:1:1: JSON: expected a value (string, number, object, array, true, false or null)\"}"
# A retained command would run on every reconnect: it is not run, nor is
# its removal (an empty retained message). The reply to a later command
# shows that the two were read before it.
pub -t "$root/cmd/reload" -r -m '{}'
pub -t "$root/cmd/reload" -r -n
pub -t "$root/cmd/get-stats" -m '{"reply_to":"test/r311","id":"after"}'
for _ in $(seq 100); do grep -q '"after"' "$tmp/r311" && break; sleep 0.1; done
check "a retained command is not run" "$(grep -c '^reload$' "$tmp/probe.out")" 2
check "a retained command is logged" "$(grep -c 'retained command on edgetsn/n1/cmd/reload is not run' "$tmp/probe.out")" 2
kill "$sub5_pid" "$sub311_pid"

# --- broker restart: queued events, dropped count, retained state again
mosquitto_sub -p "$port" -c -i evsub -q 1 -t "$root/evt/#" -E
send event sync '{"n":0}'
wait_line '^ok event$'
stop_broker
if wait_line '^disconnected$'; then ok "the broker's loss is seen"; else not_ok "no disconnect" "$tmp/probe.out"; fi
for i in 1 2 3 4 5; do send event sync "{\"n\":$i}"; done
state2='{"sync":"lost","schedule":{"entries":2}}'
send state eth0 "$state2"
send tele eth0 '{"frames":1}'
wait_line '^ok state$' 2
check "telemetry while away is refused, not queued" "$(grep -c '^error tele$' "$tmp/probe.out")" 1
start_broker
if wait_line '^connected$' 2; then ok "reconnected after the broker returned"; else not_ok "no reconnect" "$tmp/probe.out"; fi
got=$(mosquitto_sub -p "$port" -c -i evsub -q 1 -t "$root/evt/#" -v -C 5 -W 10 | tr '\n' '|')
check "events: the one sent before, the last 3 queued, then the dropped count" "$got" \
	"$root/evt/sync {\"n\":0}|$root/evt/sync {\"n\":3}|$root/evt/sync {\"n\":4}|$root/evt/sync {\"n\":5}|$root/evt/dropped {\"dropped\":2}|"
check "after the restart: state/eth0 is the latest, retained" "$(sub -t "$root/state/eth0" -C 1 -W 5)" "$state2"
check "after the restart: status is online" "$(sub -t "$root/status" -C 1 -W 5)" online

# --- state: unchanged JSON is not sent again; a cleared one is gone
mosquitto_sub -p "$port" -t "$root/state/eth0" -t test/mark -v > "$tmp/states" 2>&1 &
st_pid=$!
wait_subscribed test/mark "$tmp/states"
send state eth0 "$state2"
send state eth0 '{"sync":"locked","n":3}'
for _ in $(seq 100); do grep -q '"n":3' "$tmp/states" && break; sleep 0.1; done
kill "$st_pid"; wait "$st_pid"
check "state: the same JSON is not published again" "$(grep "^$root/state" "$tmp/states" | tr '\n' '|')" \
	"$root/state/eth0 $state2|$root/state/eth0 {\"sync\":\"locked\",\"n\":3}|"
send clear eth0
wait_line '^ok clear$'
mosquitto_sub -p "$port" -t "$root/state/eth0" -t test/mark2 -v > "$tmp/states2" 2>&1 &
st_pid=$!
wait_subscribed test/mark2 "$tmp/states2"
send state eth0 '{"n":4}'
for _ in $(seq 100); do grep -q '"n":4' "$tmp/states2" && break; sleep 0.1; done
kill "$st_pid"; wait "$st_pid"
check "state: a cleared state is no longer retained" "$(grep "^$root/state" "$tmp/states2" | tr '\n' '|')" \
	"$root/state/eth0 {\"n\":4}|"

# --- hold: nothing published until the release; then the events in their
# order, then the states changed meanwhile (eth0 cleared, eth1 set)
mosquitto_sub -p "$port" -q 1 -t "$root/evt/#" -t "$root/state/#" -t test/hold -v > "$tmp/held" 2>&1 &
held_pid=$!
wait_subscribed test/hold "$tmp/held"
send hold
send event sync '{"h":1}'
send event failsafe '{"h":2}'
send state eth1 '{"h":3}'
send clear eth0
send event apply '{"h":4}'
wait_line '^ok event$' 9
pub -t test/hold -m mark
wait_grep '^test/hold mark$' "$tmp/held"
check "held: nothing published (only the retained state/eth0 before the mark)" \
	"$(grep -v ' ready$' "$tmp/held" | tr '\n' '|')" "$root/state/eth0 {\"n\":4}|test/hold mark|"
send release
wait_grep "^$root/state/eth1 " "$tmp/held"
kill "$held_pid"; wait "$held_pid"
check "released: the events in order, then the states" \
	"$(grep -v ' ready$' "$tmp/held" | sed 1,2d | tr '\n' '|')" \
	"$root/evt/sync {\"h\":1}|$root/evt/failsafe {\"h\":2}|$root/evt/apply {\"h\":4}|$root/state/eth0 (null)|$root/state/eth1 {\"h\":3}|"

# --- held past the broker's loss: queue-max (3) still bounds the queue
# (the oldest gives way, counted); released while away, all of it comes
# with the reconnect, in order
sub -c -i heldsub -q 1 -t "$root/evt/#" -E
send hold
for i in 1 2 3 4; do send event sync "{\"d\":$i}"; done
send state eth1 '{"d":5}'
wait_line '^ok state$' 7
stop_broker
wait_line '^disconnected$' 2 || not_ok "no second disconnect" "$tmp/probe.out"
send release
wait_line '^ok release$' 2
start_broker
if wait_line '^connected$' 3; then ok "reconnected after a release while away"; else not_ok "no reconnect" "$tmp/probe.out"; fi
got=$(sub -c -i heldsub -q 1 -t "$root/evt/#" -v -C 4 -W 10 | tr '\n' '|')
check "released while away: the held events at the reconnect, the oldest dropped and counted" "$got" \
	"$root/evt/sync {\"d\":2}|$root/evt/sync {\"d\":3}|$root/evt/sync {\"d\":4}|$root/evt/dropped {\"dropped\":1}|"
check "the drop is logged" "$(grep -c '^log: mqtt: 1 event dropped (queue-max 3 reached)$' "$tmp/probe.out")" 1
check "released while away: state/eth1 as held, retained" "$(sub -t "$root/state/eth1" -C 1 -W 5)" '{"d":5}'

# --- order: an event that can never be published (a '+' in its topic:
# libmosquitto's MOSQ_ERR_INVAL) is dropped, logged and counted; those
# behind it still come, in order
sub -c -i ordsub -q 1 -t "$root/evt/#" -E
stop_broker
wait_line '^disconnected$' 3 || not_ok "no third disconnect" "$tmp/probe.out"
n=$(grep -c '^ok event$' "$tmp/probe.out")
send event sync '{"u":1}'
send event 'a+b' '{"u":2}'
send event sync '{"u":3}'
wait_line '^ok event$' $((n + 3))
start_broker
wait_line '^connected$' 4 || not_ok "no fourth connect" "$tmp/probe.out"
got=$(sub -c -i ordsub -q 1 -t "$root/evt/#" -v -C 3 -W 10 | tr '\n' '|')
check "an unpublishable event is dropped and counted; the later ones come, in order" "$got" \
	"$root/evt/sync {\"u\":1}|$root/evt/sync {\"u\":3}|$root/evt/dropped {\"dropped\":1}|"
check "the unpublishable event is logged once, with its topic" \
	"$(grep -c -F -x "log: mqtt: publish on $root/evt/a+b: Invalid function arguments provided." \
		"$tmp/probe.out")" 1

# --- order: an event whose publish fails in a way that passes (no memory:
# the probe's address space is limited, so libmosquitto's copy of a 4 MB
# payload fails for real) stays at the head; a later event waits behind it
# instead of overtaking it, and both come once memory is back. (A client
# of its own: -C may leave the last ones unacknowledged, sent again.)
sub -c -i ordsub2 -q 1 -t "$root/evt/#" -E
stop_broker
wait_line '^disconnected$' 4 || not_ok "no fourth disconnect" "$tmp/probe.out"
send pad sync 4000000
send limit-as 1
wait_line '^ok limit-as$'
start_broker
wait_line '^connected$' 5 || not_ok "no fifth connect" "$tmp/probe.out"
wait_line "^log: mqtt: publish on $root/evt/sync: Out of memory" ||
	not_ok "the 4 MB event did not fail for want of memory" "$tmp/probe.out"
n=$(grep -c '^ok event$' "$tmp/probe.out")
send event sync '{"o":1}'
send limit-as off
send event sync '{"o":2}'
wait_line '^ok event$' $((n + 2))
got=$(sub -c -i ordsub2 -q 1 -t "$root/evt/#" -F '%t %l %p' -C 3 -W 10 | cut -c1-40 | tr '\n' '|')
check "an event kept after a passing failure is not overtaken" "$got" \
	"$root/evt/sync 4000000 {\"pad\":\"xxxx|$root/evt/sync 7 {\"o\":1}|$root/evt/sync 7 {\"o\":2}|"

# --- Last Will: SIGKILL leaves "offline" retained
sub -t "$root/status" -C 2 > "$tmp/lwt" 2>&1 &
lwt_pid=$!
for _ in $(seq 100); do grep -q online "$tmp/lwt" && break; sleep 0.1; done
kill -KILL "$probe_pid"; wait "$probe_pid" 2> /dev/null; probe_pid=
exec 3>&-
wait "$lwt_pid"
check "Last Will: offline published on SIGKILL" "$(tr '\n' ' ' < "$tmp/lwt")" "online offline "
check "Last Will: offline is retained" "$(sub -t "$root/status" -C 1 -W 5)" offline

# --- a clean stop says offline itself
start_probe "$tmp/agent.yaml"
wait_line '^connected$' 6
check "restarted: online" "$(sub -t "$root/status" -C 1 -W 5)" online
send quit; exec 3>&-
wait "$probe_pid"; probe_pid=
check "clean stop: offline retained" "$(sub -t "$root/status" -C 1 -W 5)" offline
stop_broker

# --- commands disabled: refused with the reason; queue-max 0: a held
# event goes out at once (there is nowhere to keep it)
sed -e 's/commands-enabled: true/commands-enabled: false/' -e 's/queue-max: 3/queue-max: 0/' \
	"$tmp/agent.yaml" > "$tmp/nocmd.yaml"
start_broker
: > "$tmp/probe.out"
start_probe "$tmp/nocmd.yaml"
wait_line '^connected$'
got=$(mosquitto_sub -p "$port" -t test/nocmd -C 1 -W 10 & sleep 1;
      pub -t "$root/cmd/reload" -m '{"id":9,"reply_to":"test/nocmd"}'; wait)
check "commands disabled: refused" "$got" \
	'{"id":9,"command":"reload","status":"error","reason":"commands are disabled (mqtt.commands-enabled is false)"}'
check "commands disabled: nothing ran" "$(grep -c '^reload$' "$tmp/probe.out")" 0
mosquitto_sub -p "$port" -t "$root/evt/#" -t test/q0 -v > "$tmp/q0" 2>&1 &
q0_pid=$!
wait_subscribed test/q0 "$tmp/q0"
send hold
send event sync '{"q":0}'
if wait_grep "^$root/evt/sync {\"q\":0}\$" "$tmp/q0"; then
	ok "queue-max 0: a held event is published at once"
else
	not_ok "queue-max 0: the held event did not come" "$tmp/q0"
fi
send release
kill "$q0_pid"; wait "$q0_pid"
send quit; exec 3>&-; wait "$probe_pid"; probe_pid=
stop_broker

# --- username, password and TLS with a client certificate
cd "$tmp" || exit 1
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=test-ca 2> /dev/null
for who in server client; do
	openssl req -newkey rsa:2048 -nodes -keyout $who.key -out $who.csr -subj "/CN=$who" 2> /dev/null
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > $who.ext
	openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out $who.crt \
		-days 1 -extfile $who.ext 2> /dev/null
done
cd - > /dev/null || exit 1
mosquitto_passwd -b -c "$tmp/passwd" agent s3cret 2> /dev/null
cat > "$tmp/broker.conf" <<CONF
per_listener_settings true
user $(id -un)
listener $tls_port 127.0.0.1
cafile $tmp/ca.crt
certfile $tmp/server.crt
keyfile $tmp/server.key
require_certificate true
allow_anonymous false
password_file $tmp/passwd
CONF
mosquitto -c "$tmp/broker.conf" >> "$tmp/broker.log" 2>&1 &
broker_pid=$!
tsub() {
	mosquitto_sub -p "$tls_port" --cafile "$tmp/ca.crt" --cert "$tmp/client.crt" \
		--key "$tmp/client.key" -u agent -P s3cret "$@"
}
for _ in $(seq 100); do tsub -t x -E -W 1 2> /dev/null && break; sleep 0.1; done
tls_yaml() {
	cat <<CONF
mqtt:
  enabled: true
  host: 127.0.0.1
  port: $tls_port
  node-id: n1
  username: agent
  password: $1
  ca-file: $tmp/ca.crt
  cert-file: $tmp/client.crt
  key-file: $tmp/client.key
CONF
}
tls_yaml wrong > "$tmp/bad.yaml"
: > "$tmp/probe.out"
start_probe "$tmp/bad.yaml"
if wait_line 'refused the connection: Not authorized'; then
	ok "a wrong password: refused, and said so"
else
	not_ok "no refusal for a wrong password" "$tmp/probe.out" "$tmp/broker.log"
fi
check "a wrong password: not connected" "$(grep -c '^connected$' "$tmp/probe.out")" 0
send quit; exec 3>&-; wait "$probe_pid"; probe_pid=
tls_yaml s3cret > "$tmp/tls.yaml"
start_probe "$tmp/tls.yaml"
if wait_line '^connected$'; then ok "TLS with a client certificate and a password"; else
	not_ok "no TLS connection" "$tmp/probe.out" "$tmp/broker.log"; fi
check "TLS: status online" "$(tsub -t "$root/status" -C 1 -W 5)" online
send quit; exec 3>&-; wait "$probe_pid"; probe_pid=

echo "agent: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
