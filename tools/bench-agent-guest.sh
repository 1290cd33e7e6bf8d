#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the VM (tools/bench-agent.sh boots it). Usage:
#   bench-agent-guest.sh KO_DIR SECONDS STREAMS SAMPLE
# edgetsnd with 4 interfaces (dummy devices, each with the etsn qdisc and a
# 2-entry schedule), MQTT telemetry every 1 s to a mosquitto on 127.0.0.1
# (nobody subscribed), the Prometheus file every 1 s and its status socket;
# d0's config also lists STREAMS PSFP streams behind the XDP firewall,
# which the agent applies (checked with `etsnctl -j stream show`).
# Once in force and after 10 s to settle: its CPU time (utime + stime from /proc/PID/stat)
# over SECONDS, its RSS and peak RSS (VmRSS, VmHWM) sampled every SAMPLE
# seconds, and the telemetry messages the broker received. The summary
# line in $EDGETSN_VM_OUT/bench-agent.txt, the samples ("t_s rss_kib
# hwm_kib") in bench-agent-rss.txt.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export EDGETSN_KO_DIR=$1
secs=${2:-120}
streams=${3:-0}
sample=${4:-60}
. "$top/tests/vm/cases/lib.sh"
out=${EDGETSN_VM_OUT:-/tmp}
agent=$top/build/edgetsnd
etsnctl=$top/build/etsnctl
port=1883

load_edgetsn
ip link set lo up
printf 'listener %s 127.0.0.1\nallow_anonymous true\nuser root\nsys_interval 1\n' "$port" > /tmp/broker.conf
mosquitto -c /tmp/broker.conf > /tmp/broker.log 2>&1 &
poll 300 mosquitto_sub -p $port -t x -E -W 1 2> /dev/null || fail "no broker: $(cat /tmp/broker.log)"
mkdir -p /tmp/prom
{
	printf 'ptp:\n  enabled: false\n'
	printf 'mqtt:\n  enabled: true\n  host: 127.0.0.1\n  port: %s\n  node-id: bench\n  telemetry-interval: 1s\n' "$port"
	printf 'metrics:\n  enabled: true\n  textfile: /tmp/prom/edgetsn.prom\n  interval: 1s\n'
	printf 'logging:\n  level: notice\n'
	printf 'interfaces:\n'
	for i in 0 1 2 3; do
		ip link add "d$i" type dummy
		ip link set "d$i" up
		printf '  d%s:\n    qdisc: etsn\n    schedule:\n' "$i"
		printf '      admin-cycle-time: 1ms\n      admin-control-list:\n'
		printf '        - gate-states-value: 1\n          time-interval-value: 250us\n'
		printf '        - gate-states-value: 254\n          time-interval-value: 750us\n'
		if [ "$i" = 0 ] && [ "$streams" -gt 0 ]; then
			printf '    firewall:\n      rules:\n        - port tcp 23\n'
			printf '    psfp:\n      streams:\n'
			awk -v n="$streams" 'BEGIN { for (i = 0; i < n; i++)
				printf "        - id %d ip 198.51.100.1 198.51.100.2 proto udp sport %d dport 9\n", i, 10000 + i }'
		fi
	done
} > /tmp/agent.yaml
"$agent" --check /tmp/agent.yaml
"$agent" -s /tmp/edgetsnd.sock -c /tmp/agent.yaml > /tmp/agent.log 2>&1 &
pid=$!
# Reading 10,000 streams takes the agent seconds under TCG: in force first.
installed() { [ "$(grep -c 'schedule installed' /tmp/agent.log)" = 4 ]; }
poll 1200 installed || fail "not in force: $(cat /tmp/agent.log)"
nstreams() { "$etsnctl" -j stream show dev d0 2> /dev/null |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("streams", [])))' 2> /dev/null; }
all_streams() { [ "$(nstreams)" = "$streams" ]; }
[ "$streams" = 0 ] || poll 600 all_streams ||
	fail "the agent installed $(nstreams) streams, not $streams: $(cat /tmp/agent.log)"
sleep 10
kill -0 "$pid" || fail "edgetsnd died: $(cat /tmp/agent.log)"
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks "$pid") s0=$(date +%s%N)
msgs0=$(mosquitto_sub -p $port -t '$SYS/broker/messages/received' -C 1 -W 5)
mem() { awk '/^VmRSS/ { r = $2 } /^VmHWM/ { h = $2 } END { print r, h }' "/proc/$pid/status"; }
: > "$out/bench-agent-rss.txt"
for ((t = 0; t < secs; t += sample)); do
	echo "$t $(mem)" >> "$out/bench-agent-rss.txt"
	sleep $((secs - t < sample ? secs - t : sample))
	kill -0 "$pid" || fail "edgetsnd died: $(cat /tmp/agent.log)"
done
echo "$secs $(mem)" >> "$out/bench-agent-rss.txt"
t1=$(ticks "$pid") s1=$(date +%s%N)
msgs1=$(mosquitto_sub -p $port -t '$SYS/broker/messages/received' -C 1 -W 5)
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status")
wall_ms=$(( (s1 - s0) / 1000000 ))
cpu_ms=$(( (t1 - t0) * 1000 / hz ))
echo "agent $(uname -r) streams $streams wall_ms $wall_ms cpu_ms $cpu_ms cpu_pct $(awk -v c="$cpu_ms" -v w="$wall_ms" 'BEGIN { printf "%.3f", 100 * c / w }') rss_kib $rss hwm_kib $hwm broker_msgs $((msgs1 - msgs0))" |
	tee "$out/bench-agent.txt"
# Where the RSS is: the rollup, then kB of Rss per mapping (file or [heap], "" anonymous).
{
	cat "/proc/$pid/smaps_rollup"
	awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6 } /^Rss:/ { rss[name] += $2 }
		END { for (n in rss) if (rss[n]) print rss[n], (n == "" ? "[anon]" : n) }' \
		"/proc/$pid/smaps" | sort -rn
} > "$out/bench-agent-smaps.txt"
kill "$pid"
wait "$pid" || true
