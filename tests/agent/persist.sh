#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mqtt.commands-persist on the host: the running edgetsnd, a real mosquitto
# on 127.0.0.1, set-schedule sent with mosquitto_pub. edgetsn.ko is not
# loaded here, so every apply fails: what is proven is that a refused
# rewrite (the file would be invalid, the interface is gone from it) or a
# failed apply leaves the file byte for byte as it was, with nothing left
# beside it, and the reply says why. The file rewritten by an accepted
# command, and a reload that then changes nothing, need the module: the VM
# case agent_mqtt. The splice itself is tests/unit/test_agent_persist.c.
# Last line: "agent: N passed, N failed, N skipped".
#   tests/agent/persist.sh [EDGETSND]      (default build/edgetsnd)
set -u
agent=$(realpath "${1:-build/edgetsnd}")

# shellcheck source=tests/agent/daemon_env.sh
. "$(dirname "$0")/daemon_env.sh"

port=$(free_port)
root=edgetsn/p1
nomod='edgetsn family not found: is edgetsn.ko loaded?'
cat > "$tmp/broker.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
user $(id -un)
CONF
mkdir "$tmp/etc"
cfg=$tmp/etc/edgetsnd.yaml
cat > "$cfg" <<CONF
# cell 7: this comment stays
mqtt:
  enabled: true
  host: 127.0.0.1
  port: $port
  node-id: p1
  commands-enabled: true
  commands-persist: true
ptp:
  enabled: false
interfaces:
  lo:
    qdisc: etsn      # the primary schedule follows
    schedule:
      clock: tai
      admin-control-list:
        - gate-states-value: 0xff
          time-interval-value: 1ms
    fallback-schedules:
      open:
        clock: tai
        admin-control-list:
          - gate-states-value: 0xff
            time-interval-value: 1ms
CONF
cp "$cfg" "$tmp/orig.yaml"

# unchanged WHAT: the file is the original, alone in its directory.
unchanged() {
	check "$1: the file is unchanged" "$(cmp "$tmp/orig.yaml" "$cfg" 2>&1)" ""
	check "$1: nothing left beside it" "$(ls -A "$tmp/etc")" edgetsnd.yaml
}

start_broker
"$agent" -c "$cfg" -s "$tmp/status.sock" >> "$LOG" 2>&1 &
agent_pid=$!
check "birth" "$(sub -t "$root/status" -C 1 -W 10)" online
start_replies

sched='"admin-control-list":[{"gate-states-value":1,"time-interval-value":"300us"},{"gate-states-value":254,"time-interval-value":"700us"}]'
# The fallback runs on tai: a schedule on realtime would make the file invalid.
cmd5 set-schedule "{\"interface\":\"lo\",\"schedule\":{\"clock\":\"realtime\",$sched}}" \
	"{\"command\":\"set-schedule\",\"status\":\"error\",\"reason\":\"the rewritten file would not be valid: $cfg:26:7: lo.fallback-schedules.open: clock tai is not the schedule's (realtime); the kernel refuses a clock change while a schedule runs\"}"
unchanged "an invalid result"

# A valid rewrite, but the apply fails (no module): the file stays.
cmd5 set-schedule "{\"interface\":\"lo\",\"schedule\":{$sched}}" \
	"{\"command\":\"set-schedule\",\"status\":\"error\",\"reason\":\"$nomod\"}"
unchanged "a failed apply"

# The file edited since the agent read it: lo is gone from it.
sed -i 's/^  lo:/  lo0:/' "$cfg"
cp "$cfg" "$tmp/orig.yaml"
cmd5 set-schedule "{\"interface\":\"lo\",\"schedule\":{$sched}}" \
	'{"command":"set-schedule","status":"error","reason":"the file has no interfaces.lo (changed since it was read?)"}'
unchanged "an interface gone from the file"

kill "$sub5_pid"
kill -TERM "$agent_pid"; wait "$agent_pid"; agent_pid=
stop_broker
echo "agent: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
