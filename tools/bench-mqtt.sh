#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Telemetry messages/s from the agent's MQTT session (user/lib/agent_mqtt.c,
# driven by build/tests/mqtt_probe) to a real mosquitto on 127.0.0.1.
#   tools/bench-mqtt.sh [ROUNDS] [MESSAGES]     (defaults 3 and 200000)
# Each round runs QoS 0, then QoS 1: MESSAGES tele/bench messages of about
# 50 bytes, as fast as the session takes them. QoS 0 counts a message when
# libmosquitto has written it to the socket, QoS 1 when the broker has
# acknowledged it; at most 1000 are outstanding. Nobody subscribes, so the
# number is the agent and the broker, not a consumer.
set -euo pipefail
rounds=${1:-3} count=${2:-200000}
top=$(cd "$(dirname "$0")/.." && pwd)
probe=$top/build/tests/mqtt_probe
make -s -C "$top" build/tests/mqtt_probe
tmp=$(mktemp -d)
broker_pid=
trap '[ -n "$broker_pid" ] && kill "$broker_pid"; wait; rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$tmp/broker.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
user $(id -un)
CONF
mosquitto -c "$tmp/broker.conf" > "$tmp/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 100); do mosquitto_sub -p "$port" -t x -E -W 1 2> /dev/null && break; sleep 0.1; done
for qos in 0 1; do
	cat > "$tmp/q$qos.yaml" <<CONF
mqtt: { enabled: true, host: 127.0.0.1, port: $port, node-id: bench, telemetry-qos: $qos }
CONF
done
echo "mosquitto $(mosquitto -h | sed -n 's/^mosquitto version //p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
	for qos in 0 1; do
		out=$(echo "bench $count" | "$probe" "$tmp/q$qos.yaml" | grep '^bench:')
		echo "round $r: $out"
	done
done
