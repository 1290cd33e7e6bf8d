# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the agent stage's scripts: results, a mosquitto on 127.0.0.1
# (config in $tmp/broker.conf, port in $port) and its clients.
# The caller sets tmp, port and LOG (the file shown when a check fails).

passed=0 failed=0 skipped=0
broker_pid=''

ok() { echo "ok: $1"; passed=$((passed + 1)); }
not_ok() {
	echo "FAIL: $1"
	shift
	for f in "$@"; do echo "--- $f:"; tail -n 20 "$f"; done
	failed=$((failed + 1))
}
# check NAME GOT WANT
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', want '$3'" "$LOG"; fi
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
sub() { mosquitto_sub -p "$port" "$@"; }
pub() { mosquitto_pub -p "$port" "$@"; }

start_broker() {
	mosquitto -c "$tmp/broker.conf" >> "$tmp/broker.log" 2>&1 &
	broker_pid=$!
	for _ in $(seq 100); do
		sub -t x -E -W 1 2> /dev/null && return 0
		sleep 0.1
	done
	echo "agent: mosquitto did not start"; cat "$tmp/broker.log"; exit 1
}
stop_broker() {
	kill "$broker_pid"; wait "$broker_pid" 2> /dev/null; broker_pid=
}
# wait_subscribed TOPIC OUT: a mosquitto_sub writing to OUT gets TOPIC.
wait_subscribed() {
	for _ in $(seq 100); do
		pub -t "$1" -m ready
		grep -q ready "$2" && return 0
		sleep 0.1
	done
	return 1
}
