#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock debug
# The schedule follows steps of its clock (issue 11 item 2). For each clock
# that can be stepped, TAI and REALTIME (`date -s` steps both: TAI is
# REALTIME plus the TAI offset; MONOTONIC and BOOTTIME cannot be set), a
# schedule starting 1 s from now (class 0 open 1 ms of 2 ms, speed 100 so
# the wire model runs) carries ping; then the clock is stepped one hour
# back (before the base time) and two hours forward. After each step:
# ping gets 5/5 again, the schedule's clock_steps counter went up by one,
# and `etsnctl monitor` printed a clock_step event. Before the fix the step
# back stopped class 0 for an hour (0/5) and nothing counted it.
. "$(dirname "$0")/lib.sh"
need_etsnctl
cleanup() {
	[ -n "${mon_pid:-}" ] && kill "$mon_pid" 2>/dev/null
	[ -n "${saved_time:-}" ] && date -s "@$saved_time" > /dev/null
	drop_pair
}
trap cleanup EXIT
saved_time=$(date +%s)

load_edgetsn
make_pair
start_monitor /tmp/mon.out

# pings_ok WHAT: pings from talker to listener answered, at least 5 (ping
# waits for 5 answers; on a slow guest stepped back, more can be counted).
pings_ok() {
	local got
	got=$(talk ping -c 5 -i 0.2 -w 20 192.0.2.2 | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	[ "${got:-0}" -ge 5 ] || fail "$1: pings answered: ${got:-none} of 5"
}
# steps_now: the schedule's clock_steps counter.
steps_now() {
	talk "$etsnctl" -j sched show dev t0 > /tmp/sched.json || fail "sched show"
	python3 -c 'import json; print(json.load(open("/tmp/sched.json"))["counters"]["clock_steps"])'
}
# step WHAT SECONDS: steps the clock, then checks traffic, counter, event.
step() {
	local before events
	before=$(steps_now)
	events=$(grep -c '"event":"clock_step".*"ifname":"t0"' /tmp/mon.out || true)
	date -s "@$(($(date +%s) + $2))" > /dev/null
	pings_ok "$1"
	expect_eq "$1: clock_steps" $((before + 1)) "$(steps_now)"
	poll 100 test "$(grep -c '"event":"clock_step".*"ifname":"t0"' /tmp/mon.out)" -gt "$events" ||
		fail "$1: no clock_step event ($(cat /tmp/mon.out))"
	echo "$1: ok ($(grep '"clock_step"' /tmp/mon.out | tail -n 1))"
}

for clock in tai realtime; do
	tc -n talker qdisc add dev t0 root etsn || fail "tc qdisc add etsn"
	talk "$etsnctl" class set dev t0 speed 100 || fail "class set"
	talk "$etsnctl" sched set dev t0 clock "$clock" base-time +1s cycle-time 2ms \
		entry S 0x01 1ms entry S 0xfe 1ms || fail "sched set ($clock)"
	poll 600 sched_json_has '"config_pending":false' || fail "$clock: schedule never started"
	pings_ok "$clock: before any step"
	expect_eq "$clock: clock_steps at start" 0 "$(steps_now)"
	step "$clock: one hour back" -3600
	step "$clock: two hours forward" 7200
	tc -n talker qdisc del dev t0 root
done
echo "etsn_clock_step: ok"
