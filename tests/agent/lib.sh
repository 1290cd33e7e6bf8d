# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash disable=SC2034,SC2154
# (the caller sets tmp, port, root; it reads skipped and sub5_pid)
# Shared by the agent stage's scripts: results, a bounded wait for a log
# line, a mosquitto on 127.0.0.1 (config in $tmp/broker.conf, port in
# $port) and its clients. The broker's callers set tmp, port and LOG (the
# file shown when a check fails); a caller that sets no tmp gets one,
# removed on exit with the background processes it adds to pids.

passed=0 failed=0 skipped=0
broker_pid=''
if [ -z "${tmp:-}" ]; then
	tmp=$(mktemp -d)
	pids=()
	lib_cleanup() {
		for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
		wait 2> /dev/null
		[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"
	}
	trap lib_cleanup EXIT
fi

ok() { echo "ok: $1"; passed=$((passed + 1)); }
not_ok() {
	echo "FAIL: $1"
	shift
	for f in "$@"; do echo "--- $f:"; tail -n 20 "$f"; done
	failed=$((failed + 1))
}
# wait_grep REGEX FILE [TENTHS]: FILE gets a line matching REGEX (within
# TENTHS tenths of a second, default 100). Bounded only so that a broken
# case fails instead of hanging.
wait_grep() {
	for _ in $(seq "${3:-100}"); do
		grep -q -E "$1" "$2" 2> /dev/null && return 0
		sleep 0.1
	done
	return 1
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

# start_replies: a MQTT 5 subscriber of test/replies (pid in sub5_pid)
# for cmd5, which sends VERB on $root/cmd/ with that response topic and
# correlation data c<n>, and checks the reply:
#   cmd5 VERB PAYLOAD_FILE_OR_TEXT WANT
start_replies() {
	mosquitto_sub -V 5 -p "$port" -t test/replies -F '%D %p' > "$tmp/replies" 2>&1 &
	sub5_pid=$!
	wait_subscribed test/replies "$tmp/replies"
	n=0
}
cmd5() {
	n=$((n + 1))
	local got
	if [ -f "$2" ]; then
		pub -V 5 -t "$root/cmd/$1" -f "$2" -D PUBLISH response-topic test/replies \
			-D PUBLISH correlation-data "c$n"
	else
		pub -V 5 -t "$root/cmd/$1" -m "$2" -D PUBLISH response-topic test/replies \
			-D PUBLISH correlation-data "c$n"
	fi
	for _ in $(seq 100); do
		got=$(grep "^c$n " "$tmp/replies") && break
		sleep 0.1
	done
	check "cmd/$1 $(head -c 60 <<< "$2"): reply" "$got" "c$n $3"
}
