#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The running edgetsnd with its MQTT session, on the host, against a real
# mosquitto on 127.0.0.1 with mosquitto_sub/mosquitto_pub as the clients:
# birth, state/<ifname> retained (and cleared when a reload drops the
# interface), applies as evt/..., every command and malformed ones (MQTT 5
# response topic and correlation data, the 3.1.1 reply_to/id fallback),
# events queued while the broker is away with the dropped count, retained
# state after a broker restart that lost everything, the Last Will on
# SIGKILL and offline on SIGTERM.
# edgetsn.ko is not loaded on the host. The interface is lo: with
# `qdisc: etsn` every apply needs the module and fails with its reason,
# which the daemon publishes; with `qdisc: none` nothing needs the module
# and the apply succeeds (in force). What needs the module is
# tests/vm/cases/agent_mqtt.sh.
# Waits are bounded only so that a broken case fails instead of hanging.
# Last line: "agent: N passed, N failed, N skipped".
#   tests/agent/daemon.sh [EDGETSND]      (default build/edgetsnd)
set -u
agent=$(realpath "${1:-build/edgetsnd}")

# shellcheck source=tests/agent/daemon_env.sh
. "$(dirname "$0")/daemon_env.sh"

port=$(free_port)
root=edgetsn/d1
nomod='edgetsn family not found: is edgetsn.ko loaded?'
cat > "$tmp/broker.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
user $(id -un)
persistence true
persistence_location $tmp/
CONF

mqtt_yaml() {
	cat <<CONF
mqtt:
  enabled: true
  host: 127.0.0.1
  port: $port
  node-id: d1
  commands-enabled: true
  queue-max: 2
ptp:
  enabled: false
CONF
}
mqtt_yaml > "$tmp/none.yaml"
{ mqtt_yaml; printf 'interfaces:\n  lo:\n    qdisc: etsn\n'; } > "$tmp/lo.yaml"
{ mqtt_yaml; printf 'interfaces:\n  lo:\n    qdisc: none\n'; } > "$tmp/lo-none.yaml"
{ cat "$tmp/lo-none.yaml"; printf 'bogus: 1\n'; } > "$tmp/bad.yaml"
cp "$tmp/lo.yaml" "$tmp/agent.yaml"

# wait_log REGEX [COUNT]: the agent's log has COUNT lines matching.
wait_log() {
	for _ in $(seq 300); do
		[ "$(grep -c -E "$1" "$LOG")" -ge "${2:-1}" ] && return 0
		sleep 0.1
	done
	return 1
}
start_agent() {
	# A status socket of its own: another edgetsnd on the host holds the default.
	"$agent" -c "$tmp/agent.yaml" -s "$tmp/status.sock" >> "$LOG" 2>&1 &
	agent_pid=$!
}

state_lo='{"interface":"lo","in-force":false,"error":"'$nomod'","qdisc":true,"schedule":null,"fallbacks":0,"firewall-rules":0,"psfp-streams":0,"classify-rules":0,"dscp-codes":0,"frer-talkers":0,"frer-listeners":0,"fail-safe":{"on-sync-loss":"keep","active":false,"mode":"primary"},"sync":{"state":"unsupervised"}}'
state_none='{"interface":"lo","in-force":true,"qdisc":false,"schedule":null,"fallbacks":0,"firewall-rules":0,"psfp-streams":0,"classify-rules":0,"dscp-codes":0,"frer-talkers":0,"frer-listeners":0,"fail-safe":{"on-sync-loss":"keep","active":false,"mode":"primary"},"sync":{"state":"unsupervised"}}'

start_broker
# A persistent session that sees every event, also those sent while it is away.
sub -c -i evd -q 1 -t "$root/evt/#" -E
: > "$LOG"
start_agent

# --- birth, state, the start's apply as an event
check "birth: status is retained online" "$(sub -t "$root/status" -C 1 -W 10)" online
check "state/lo is retained: the desired state and why it is not in force" \
	"$(sub -t "$root/state/lo" -C 1 -W 10)" "$state_lo"
check "the failed start apply is an event" "$(sub -c -i evd -q 1 -t "$root/evt/#" -v -C 1 -W 10)" \
	"$root/evt/error {\"apply\":\"start\",\"status\":\"error\",\"reason\":\"$nomod\"}"
check "no 'not run by this version' warning for mqtt" "$(grep -c 'mqtt: the session is not run' "$LOG")" 0

# --- commands, MQTT 5: Response Topic and Correlation Data echoed
start_replies
cmd5 get-state '{}' "{\"command\":\"get-state\",\"status\":\"ok\",\"result\":{\"lo\":$state_lo}}"
cmd5 get-state '{"id":"q1","interface":"lo"}' "{\"id\":\"q1\",\"command\":\"get-state\",\"status\":\"ok\",\"result\":{\"lo\":$state_lo}}"
sched='{"admin-cycle-time":"1ms","admin-control-list":[{"gate-states-value":1,"time-interval-value":"300us"},{"gate-states-value":254,"time-interval-value":"700us"}]}'
cmd5 set-schedule "{\"interface\":\"eth9\",\"schedule\":$sched}" \
	'{"command":"set-schedule","status":"error","reason":"payload:1:14: interface: '"'"'eth9'"'"' is not in the configuration"}'
cmd5 get-state '{' '{"command":"get-state","status":"error","reason":"payload:1:2: JSON: expected a key in double quotes"}'
cmd5 reboot '{"id":"x"}' '{"id":"x","command":"reboot","status":"error","reason":"unknown command '"'"'reboot'"'"' (known: get-state, get-stats, set-schedule, reload)"}'
cmd5 reload '{"force":true}' '{"command":"reload","status":"error","reason":"payload:1:2: payload: unknown key '"'"'force'"'"' (known: id, reply_to, interface, schedule, at)"}'
head -c 131073 /dev/zero | tr '\0' ' ' > "$tmp/big"
cmd5 get-state "$tmp/big" '{"command":"get-state","status":"error","reason":"payload: 131073 bytes, at most 131072"}'
check "malformed commands: no reload ran" "$(grep -c 'mqtt: reload command' "$LOG")" 0
# lo with `qdisc: none` and no policy section: nothing needs the module.
cp "$tmp/lo-none.yaml" "$tmp/agent.yaml"
cmd5 reload '{"id":"r0"}' '{"id":"r0","command":"reload","status":"ok"}'
check "qdisc: none without the module: the reload's apply is ok" \
	"$(sub -c -i evd -q 1 -t "$root/evt/#" -v -C 1 -W 10)" \
	"$root/evt/apply {\"apply\":\"reload\",\"status\":\"ok\",\"changes\":0}"
check "qdisc: none without the module: state/lo in force" \
	"$(sub -t "$root/state/lo" -C 1 -W 10)" "$state_none"
cmd5 get-stats '{"id":2,"interface":"lo"}' '{"id":2,"command":"get-stats","status":"error","reason":"lo: no etsn qdisc configured, no firewall or PSFP maps pinned"}'
cmd5 set-schedule "{\"id\":\"s1\",\"interface\":\"lo\",\"schedule\":$sched}" \
	'{"id":"s1","command":"set-schedule","status":"error","reason":"lo: the configuration has no etsn qdisc there (qdisc: none)"}'
# A bad file on reload: refused with the reason, the running state stays.
cp "$tmp/bad.yaml" "$tmp/agent.yaml"
cmd5 reload '{"id":"r1"}' "{\"id\":\"r1\",\"command\":\"reload\",\"status\":\"error\",\"reason\":\"$tmp/agent.yaml is not valid, the running configuration stays (see the log)\"}"
check "a bad file: its error is logged" "$(grep -c "agent.yaml:.*bogus" "$LOG")" 1
cmd5 get-state '{"interface":"lo"}' "{\"command\":\"get-state\",\"status\":\"ok\",\"result\":{\"lo\":$state_none}}"
# A reload that drops lo: applied (nothing needs the module), state/lo cleared.
cp "$tmp/none.yaml" "$tmp/agent.yaml"
cmd5 reload '{"id":"r2"}' '{"id":"r2","command":"reload","status":"ok"}'
check "the reload's apply is an event" \
	"$(sub -c -i evd -q 1 -t "$root/evt/#" -v -C 2 -W 10 | tr '\n' '|')" \
	"$root/evt/error {\"what\":\"reload\",\"status\":\"error\",\"reason\":\"$tmp/agent.yaml is not valid, the running configuration stays (see the log)\"}|$root/evt/apply {\"apply\":\"reload\",\"status\":\"ok\",\"changes\":0}|"
check "a dropped interface: state/lo no longer retained" "$(sub -t "$root/state/lo" -C 1 -W 2)" ""
kill "$sub5_pid"

# --- MQTT 3.1.1 clients: reply_to and id in the payload
mosquitto_sub -p "$port" -t test/r311 -v > "$tmp/r311" 2>&1 &
sub311_pid=$!
wait_subscribed test/r311 "$tmp/r311"
pub -V mqttv311 -t "$root/cmd/get-state" -m '{"id":"v3","reply_to":"test/r311"}'
pub -V mqttv311 -t "$root/cmd/get-stats" -m '{"id":"v3b","reply_to":"test/r311","interface":"lo"}'
for _ in $(seq 100); do
	grep -q '"v3"' "$tmp/r311" && grep -q '"v3b"' "$tmp/r311" && break
	sleep 0.1
done
kill "$sub311_pid"
check "3.1.1: reply on reply_to with the id" "$(grep '"v3"' "$tmp/r311")" \
	'test/r311 {"id":"v3","command":"get-state","status":"ok","result":{}}'
check "3.1.1: an error reply on reply_to with the id" "$(grep '"v3b"' "$tmp/r311")" \
	'test/r311 {"id":"v3b","command":"get-stats","status":"error","reason":"payload:1:48: interface: '"'"'lo'"'"' is not in the configuration"}'

# --- reloads in one stream of messages (one loop turn may run several):
# each replaced config outlives the command that replaced it
mosquitto_sub -p "$port" -t test/batch -v > "$tmp/batch" 2>&1 &
batch_pid=$!
wait_subscribed test/batch "$tmp/batch"
printf '{"id":"b%d","reply_to":"test/batch"}\n' 1 2 3 | pub -t "$root/cmd/reload" -l
pub -t "$root/cmd/get-state" -m '{"id":"b4","reply_to":"test/batch"}'
for _ in $(seq 100); do grep -q '"b4"' "$tmp/batch" && break; sleep 0.1; done
kill "$batch_pid"
check "reloads in a batch, then get-state: every reply, in order" \
	"$(grep '"b[0-9]"' "$tmp/batch" | tr '\n' '|')" \
	'test/batch {"id":"b1","command":"reload","status":"ok"}|test/batch {"id":"b2","command":"reload","status":"ok"}|test/batch {"id":"b3","command":"reload","status":"ok"}|test/batch {"id":"b4","command":"get-state","status":"ok","result":{}}|'

# --- the broker away: events queued (at most 2), the dropped count after
stop_broker
if wait_log 'connection to 127.0.0.1:[0-9]+ lost'; then ok "the broker's loss is seen"; else
	not_ok "no loss seen"; fi
reloads=$(grep -c 'apply (reload)' "$LOG")
for i in 1 2 3; do
	kill -HUP "$agent_pid"
	wait_log 'apply \(reload\)' $((reloads + i))
done
cp "$tmp/lo.yaml" "$tmp/agent.yaml"
kill -HUP "$agent_pid"
wait_log 'apply \(reload\) failed'
start_broker
# Read until the dropped count (QoS 1 may deliver an earlier one again).
mosquitto_sub -p "$port" -c -i evd -q 1 -t "$root/evt/#" -v > "$tmp/away" 2>&1 &
away_pid=$!
for _ in $(seq 300); do grep -q evt/dropped "$tmp/away" && break; sleep 0.1; done
kill "$away_pid"; wait "$away_pid" 2> /dev/null
got=$(tr '\n' '|' < "$tmp/away")
case $got in
*"$root/evt/error {\"apply\":\"reload\",\"status\":\"error\",\"reason\":\"$nomod\"}|"*"$root/evt/dropped {\"dropped\":"[2-9]*)
	ok "events while away: the last kept, then the dropped count" ;;
*) not_ok "events while away: got '$got'" "$LOG" ;;
esac
check "state/lo is back after the reload" "$(sub -t "$root/state/lo" -C 1 -W 10)" "$state_lo"

# --- a broker restart that lost everything: the agent publishes again
stop_broker
rm -f "$tmp/mosquitto.db"
start_broker
check "after a broker restart without its data: state/lo retained" \
	"$(sub -t "$root/state/lo" -C 1 -W 30)" "$state_lo"
check "after a broker restart without its data: status online" \
	"$(sub -t "$root/status" -C 1 -W 10)" online

# --- Last Will: SIGKILL leaves "offline" retained
sub -t "$root/status" -C 2 -W 30 > "$tmp/lwt" 2>&1 &
lwt_pid=$!
for _ in $(seq 100); do grep -q online "$tmp/lwt" && break; sleep 0.1; done
kill -KILL "$agent_pid"; wait "$agent_pid" 2> /dev/null; agent_pid=
wait "$lwt_pid"
check "Last Will: offline published on SIGKILL" "$(tr '\n' ' ' < "$tmp/lwt")" "online offline "

# --- a clean stop says offline itself
start_agent
for _ in $(seq 100); do [ "$(sub -t "$root/status" -C 1 -W 1)" = online ] && break; done
kill -TERM "$agent_pid"; wait "$agent_pid"; rc=$?; agent_pid=
check "SIGTERM: exit status" "$rc" 0
check "SIGTERM: offline retained" "$(sub -t "$root/status" -C 1 -W 5)" offline
stop_broker

echo "agent: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
