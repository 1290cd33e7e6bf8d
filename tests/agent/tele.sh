#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tele/<ifname> and the Prometheus file carry the XDP firewall's and PSFP's
# counters: on a veth pair in a private network and mount namespace with
# its own bpffs (as tests/policy/run.sh), the agent's own config puts the
# firewall and two PSFP streams on a0 (`qdisc: none`: no edgetsn.ko
# needed, and the host has none), real frames are sent into a1 with an
# AF_PACKET socket so a0's XDP sees them, and the counts are read back from
# tele/a0 with mosquitto_sub, from get-stats and from the textfile. Waits
# are bounded only so that a broken case fails instead of hanging
# (tests/agent/lib.sh).
# Last line: "tele: N passed, N failed, N skipped".
#   tests/agent/tele.sh [BUILD_DIR]      (default build)
set -u
build=$(realpath "${1:-build}")
if [ "$(id -u)" != 0 ]; then
	echo "tele: skipped: XDP and bpffs need root"
	echo "tele: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
for tool in mosquitto mosquitto_sub python3; do
	if ! command -v "$tool" > /dev/null; then
		echo "tele: skipped: needs $tool (apt-get install mosquitto mosquitto-clients python3)"
		echo "tele: 0 passed, 0 failed, 1 skipped"
		exit 0
	fi
done
if [ "${2:-}" != --inside ]; then
	exec unshare --mount --net --propagation private "$0" "$build" --inside
fi
mount -t bpf bpf /sys/fs/bpf || { echo "tele: 0 passed, 1 failed, 0 skipped"; exit 1; }

# shellcheck source=tests/agent/lib.sh
. "$(dirname "$0")/lib.sh"
LOG=$tmp/agent.log

# No IPv6: no router solicitation or the like reaches the counters.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link set lo up
ip link add a0 type veth peer name a1 && ip link set a0 up && ip link set a1 up

port=$(free_port)
root=edgetsn/t1
prom=$tmp/edgetsn.prom
cat > "$tmp/broker.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
CONF
cat > "$tmp/agent.yaml" <<CONF
mqtt:
  enabled: true
  host: 127.0.0.1
  port: $port
  node-id: t1
  commands-enabled: true
  telemetry-interval: 100ms
metrics:
  enabled: true
  textfile: $prom
  interval: 1s
ptp:
  enabled: false
interfaces:
  a0:
    qdisc: none
    firewall:
      rules:
        - port udp 23
    psfp:
      streams:
        - id 1 ip 192.0.2.2 192.0.2.1 proto udp sport 5000 dport 5001 max-sdu 200
        - id 2 ip 192.0.2.2 192.0.2.1 proto udp sport 5000 dport 5002 cir 1mbit cbs 100
CONF
start_broker
"$build/edgetsnd" -c "$tmp/agent.yaml" -s "$tmp/s.sock" > "$LOG" 2>&1 &
pids+=($!)
# The frames below count only once the agent's apply put the firewall and
# the streams on a0.
if wait_grep 'apply \(start\): 5 changes, configuration in force' "$LOG" 100; then
	ok "the agent's apply puts the firewall and PSFP on a0 without edgetsn.ko"
else
	not_ok "the agent's apply did not put the firewall and PSFP on a0" "$LOG"
fi
# One subscriber for both topics: their messages stay in publishing order.
# mosquitto_sub itself in the background, not lib.sh's sub (a subshell):
# $! is then the process the cleanup must kill.
mosquitto_sub -p "$port" -v -t "$root/tele/a0" -t "$root/tele/a0/streams" > "$tmp/all" 2>&1 &
pids+=($!)
# teles / streams: the payloads of tele/a0 / tele/a0/streams so far.
split_all() {
	sed -n "s|^$root/tele/a0 ||p" "$tmp/all" > "$tmp/teles"
	sed -n "s|^$root/tele/a0/streams ||p" "$tmp/all" > "$tmp/streams"
}

# Frames into a1, so a0's XDP sees them: UDP to 192.0.2.1 port DPORT with
# PAYLOAD bytes, COUNT times (Ethernet + IPv4 + UDP, no checksum).
python3 - <<'PY'
import socket, struct
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
def frame(dport, payload):
    udp = struct.pack("!HHHH", 5000, dport, 8 + payload, 0) + bytes(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton("192.0.2.2"), socket.inet_aton("192.0.2.1"))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\x02\x00\x00\x00\x00\x01" + b"\x02\x00\x00\x00\x00\x02" + b"\x08\x00" + ip + udp
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("a1", 0))
for dport, payload, count in ((23, 20, 3),      # blocked by the firewall
                              (9, 20, 2),       # no stream: unknown, passed
                              (5001, 50, 4),    # stream 1, within max-sdu 200
                              (5001, 250, 1),   # stream 1, longer: dropped_sdu
                              (5002, 150, 2)):  # stream 2, more than cbs: dropped_red
    for _ in range(count):
        s.send(frame(dport, payload))
PY

# The last tele/a0 whose psfp part has seen all 7 stream frames, then the
# other parts of that message.
want_fw='{"passed": 9, "dropped_port": 3}'
want_psfp='{"streams": 2, "unknown_passed": 2, "passed": 4, "dropped_sdu": 1, "dropped_red": 2}'
summary() {
	python3 -c 'import json, sys
try:
    d = json.loads(sys.stdin.readline())
    f, p = d["firewall"]["counters"], d["psfp"]
except (ValueError, KeyError) as e:
    sys.exit("no firewall and psfp parts: %r" % e)
if sys.argv[1] == "fw":
    print(json.dumps({"passed": f["passed"], "dropped_port": f["dropped_port"]}))
else:
    print(json.dumps({"streams": p["streams"], "unknown_passed": p["unknown"]["passed"],
                      "passed": p["counters"]["passed"], "dropped_sdu": p["counters"]["dropped_sdu"],
                      "dropped_red": p["counters"]["dropped_red"]}))' "$1" 2>&1
}
got=
for _ in $(seq 100); do
	split_all
	tail -n 1 "$tmp/teles" > "$tmp/tele"
	got=$(summary psfp < "$tmp/tele")
	[ "$got" = "$want_psfp" ] && break
	sleep 0.1
done
check "tele/a0: PSFP aggregates" "$got" "$want_psfp"
check "tele/a0: firewall counters" "$(summary fw < "$tmp/tele")" "$want_fw"
check "tele/a0: keys of etsnctl -j fw show / stream show" \
	"$(python3 -c 'import json, sys
d = json.load(sys.stdin)
print(d["ifname"], sorted(d["firewall"]), sorted(d["psfp"]), sorted(d["psfp"]["counters"]))' < "$tmp/tele")" \
	"a0 ['counters', 'protocols'] ['counters', 'streams', 'unknown', 'unparsed'] ['dropped_gate', 'dropped_red', 'dropped_sdu', 'dropped_yellow', 'passed', 'yellow']"

# tele/a0/streams: each stream's own counters, as they changed; the last
# message naming a stream has its final counts. Three more ticks with no
# frames publish no stream again (only changed ones are sent).
# A tick's streams follow its tele/a0: one more tele/a0, and all are in.
n_tele=$(wc -l < "$tmp/teles")
for _ in $(seq 100); do split_all; [ "$(wc -l < "$tmp/teles")" -gt "$n_tele" ] && break; sleep 0.1; done
wc_streams=$(wc -l < "$tmp/streams")
n_tele=$(wc -l < "$tmp/teles")
for _ in $(seq 100); do split_all; [ "$(wc -l < "$tmp/teles")" -ge $((n_tele + 3)) ] && break; sleep 0.1; done
check "tele/a0/streams: last counts per stream" "$(python3 -c 'import json, sys
last = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert d["ifname"] == "a0"
    for s in d["streams"]:
        last[s["id"]] = s["counters"]
print(json.dumps({i: [c["passed"], c["dropped_sdu"], c["dropped_red"]] for i, c in sorted(last.items())}))' "$tmp/streams" 2>&1)" \
	'{"1": [4, 1, 0], "2": [0, 0, 2]}'
check "tele/a0/streams: unchanged streams not sent again" "$(wc -l < "$tmp/streams")" "$wc_streams"

# get-stats answers the same object.
mosquitto_sub -p "$port" -t test/r > "$tmp/replies" 2>&1 &
pids+=($!)
wait_subscribed test/r "$tmp/replies"
pub -t "$root/cmd/get-stats" -m '{"id":"g","reply_to":"test/r","interface":"a0"}'
wait_grep '"id":"g"' "$tmp/replies"
grep '"id":"g"' "$tmp/replies" > "$tmp/reply"
check "get-stats a0: PSFP aggregates" "$(python3 -c 'import json, sys
print(json.dumps(json.load(sys.stdin)["result"]))' < "$tmp/reply" | summary psfp)" "$want_psfp"

# The textfile, rewritten each second, has the same counts.
for line in 'edgetsn_firewall_frames_total{interface="a0",reason="dropped_port"} 3' \
	    'edgetsn_firewall_frames_total{interface="a0",reason="passed"} 9' \
	    'edgetsn_psfp_streams{interface="a0"} 2' \
	    'edgetsn_psfp_stream_frames_total{interface="a0",counter="passed"} 4' \
	    'edgetsn_psfp_stream_frames_total{interface="a0",counter="dropped_sdu"} 1' \
	    'edgetsn_psfp_stream_frames_total{interface="a0",counter="dropped_red"} 2' \
	    'edgetsn_psfp_unknown_frames_total{interface="a0",verdict="passed"} 2'; do
	for _ in $(seq 50); do grep -qxF "$line" "$prom" && break; sleep 0.1; done
	if grep -qxF "$line" "$prom"; then ok "textfile: $line"
	else not_ok "textfile: no '$line'" "$prom"; fi
done
for name in edgetsn_firewall_frames_total edgetsn_psfp_streams edgetsn_psfp_stream_frames_total; do
	if grep -q "^# HELP $name " "$prom" && grep -q "^# TYPE $name " "$prom"; then ok "textfile: HELP and TYPE of $name"
	else not_ok "textfile: no HELP/TYPE for $name" "$prom"; fi
done

stop_broker
echo "tele: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
