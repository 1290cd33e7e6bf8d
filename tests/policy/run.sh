#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The host policy-plane stage (`make check-policy`): etsnctl's xdp, fw,
# stream, meter and classify commands against the host kernel, on a veth
# pair in a private network and mount namespace with its own bpffs (no
# QEMU, nothing of the host touched). Each command's -j output is checked
# against docs/json.md's schema (tests/policy/schema.py), and the stream
# plane's promises are checked by what the maps then hold. Needs root;
# skips otherwise, saying why. Last line:
# "policy: N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)

if [ "$(id -u)" != 0 ]; then
	echo "SKIP policy: XDP, TC and bpffs need root"
	echo "policy: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ "${1:-}" != --inside ]; then
	exec unshare --mount --net --propagation private "$0" --inside
fi
mount -t bpf bpf /sys/fs/bpf || { echo "policy: 0 passed, 1 failed, 0 skipped"; exit 1; }
# Files of its own: other clones' stages on this host run at the same time.
# (Not a tmpfs over /tmp: the clone itself may live there, as CI's does.)
tmp=$(mktemp -d /tmp/policy.XXXXXX) || { echo "policy: 0 passed, 1 failed, 0 skipped"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
ip link set lo up
ip link add a0 type veth peer name a1 && ip link set a0 up && ip link set a1 up

ctl=$top/build/etsnctl
schema=$top/tests/policy/schema.py
pins=/sys/fs/bpf/edgetsn/a0
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# js NAME ARGS...: etsnctl -j ARGS must exit 0 and print one document
# that conforms to schema NAME; the document is left in $out.
js() {
	local name=$1 rc
	shift
	out=$("$ctl" -j "$@" 2> $tmp/policy.err)
	rc=$?
	if [ "$rc" != 0 ]; then
		bad "$name: etsnctl -j $* exited $rc: $(cat $tmp/policy.err)"
	elif why=$("$schema" "$name" <<< "$out"); then
		ok "$name: etsnctl -j $*"
	else
		bad "$name: $why"
	fi
}
# get PYEXPR: a value of the last document ($out) as d.
get() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($1)" "$out"; }
# expect WHAT WANT GOT
expect() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: want '$2', got '$3'"; fi; }
# expect_rc WHAT RC CMD...: CMD exits RC and prints nothing on stdout.
expect_rc() {
	local what=$1 want=$2 got so
	shift 2
	so=$("$@" 2> $tmp/policy.err)
	got=$?
	if [ "$got" = "$want" ] && [ -z "$so" ]; then
		ok "$what (exit $got: $(head -n 1 $tmp/policy.err))"
	else
		bad "$what: exit $got (want $want), stdout '$so', stderr '$(cat $tmp/policy.err)'"
	fi
}
# wait_blocked PID: until PID waits for a flock (a "->" line in /proc/locks).
# Bounded by a count, not a time: a command that never blocks fails it.
wait_blocked() {
	for _ in $(seq 2000); do
		grep -q -- "-> FLOCK .* $1 " /proc/locks && return 0
		kill -0 "$1" 2> /dev/null || return 1
		sleep 0.005
	done
	return 1
}
# expect_waits WHAT CMD...: while this shell holds a0's pin directory lock,
# CMD waits; released, it completes with exit 0. (Children do not inherit
# fd 9: an inherited descriptor would hold the lock too.)
expect_waits() {
	local what=$1 pid rc
	shift
	exec 9< "$pins"
	flock -x 9
	"$@" > /dev/null 9<&- &
	pid=$!
	if wait_blocked "$pid"; then ok "$what waits for the lock"; else bad "$what did not wait for the lock"; fi
	exec 9<&-
	wait "$pid"; rc=$?
	expect "$what after the lock" 0 "$rc"
}

js version version
js xdp-status xdp status dev a0
expect "no program: keys left out" "False None" "$(get 'd["attached"], d.get("prog_id")')"

# Stream add needs the firewall: nothing is created without it.
expect_rc "stream add without the firewall" 1 "$ctl" stream add dev a0 id 1 dst 02:00:00:00:00:01
expect "no pins after a refused add" absent "$([ -e "$pins" ] && echo present || echo absent)"
expect_rc "policy drop without the firewall" 1 "$ctl" stream policy dev a0 drop

js xdp-attach xdp attach dev a0 mode generic
fw_prog=$(get 'd["prog_id"]')
js xdp-status xdp status dev a0
expect "status after attach" "True generic $fw_prog True" \
	"$(get 'd["attached"], d["mode"], d["prog_id"], d["edgetsn"]')"
js fw-block fw block dev a0 10.0.0.0/8
js fw-block fw block dev a0 port tcp 22
expect "block result names the rule" "port tcp 22" "$(get '"%s %s %d" % (d["rule"]["type"], d["rule"]["proto"], d["rule"]["port"])')"
js fw-synlimit fw synlimit dev a0 rate 10/s burst 5
expect "synlimit result" "10 5" "$(get '"%d %d" % (d["synlimit"]["rate_per_s"], d["synlimit"]["burst"])')"
js fw-synlimit fw synlimit dev a0 off
expect "synlimit off: key left out" False "$(get '"synlimit" in d')"
js fw-policy fw policy dev a0 unparsed pass
# fw policy writes the config value back whole: under the lock edgetsnd's
# apply holds too.
expect_waits "fw policy" "$ctl" fw policy dev a0 fragments pass
js fw-show fw show dev a0
expect "fw show rules" "10.0.0.0/8 tcp/22" \
	"$(get '" ".join(r.get("cidr") or "%s/%d" % (r["proto"], r["port"]) for r in d["rules"])')"
js fw-unblock fw unblock dev a0 10.0.0.0/8

js stream-add stream add dev a0 id 1 dst 02:00:00:00:00:01 vlan 3 max-sdu 200 cir 10mbit cbs 1000
js stream-add stream add dev a0 id 2 ip 192.0.2.1 192.0.2.2 proto udp sport 1 dport 2 dscp 46
js stream-gate stream gate dev a0 id 2 cycle 1ms open 400us closed 600us
js stream-show stream show dev a0
expect "stream keys are objects" "02:00:00:00:00:01 3 192.0.2.2 46" \
	"$(get '" ".join(str(x) for x in (d["streams"][0]["key"]["dst_mac"], d["streams"][0]["key"]["vlan"], d["streams"][1]["key"]["dst_ip"], d["streams"][1]["key"]["dscp"]))')"
expect "meter, max-sdu, gate" "1250000 200 400000" \
	"$(get '" ".join(str(x) for x in (d["streams"][0]["meter"]["cir_bytes_per_s"], d["streams"][0]["max_sdu_bytes"], d["streams"][1]["gate"]["entries"][0]["interval_ns"]))')"
js meter-set meter set dev a0 id 2 cir 1mbit cbs 500 drop-yellow
js meter-set meter set dev a0 id 1 off
expect "meter off: key left out" False "$(get '"meter" in d')"
js meter-show meter show dev a0
js meter-show meter show dev a0 id 2
expect "one meter object in stream and meter show" "125000 500 True" \
	"$(get '" ".join(str(x) for x in (d["streams"][0]["meter"]["cir_bytes_per_s"], d["streams"][0]["meter"]["cbs_bytes"], d["streams"][0]["meter"]["drop_yellow"]))')"
js stream-gate-off stream gate dev a0 id 2 off

# PSFP's unparsed verdict has its word.
js stream-policy stream policy dev a0 unparsed pass
expect "unparsed pass set" "pass pass" "$(get 'd["unparsed"]["policy"], d["unknown"]["policy"]' | tr -d "(),'")"
js stream-show stream show dev a0
expect "stream show: unparsed pass" pass "$(get 'd["unparsed"]["policy"]')"
js stream-policy stream policy dev a0 unknown drop unparsed drop

# The slot stays truthful: under a drop policy the last del keeps PSFP
# chained (frames of no stream are still dropped); pass with no stream
# unchains it; drop with no stream chains it again.
js stream-del stream del dev a0 id 1
js stream-del stream del dev a0 id 2
js stream-show stream show dev a0
expect "last del under drop keeps the slot" "True 0" "$(get '"prog_id" in d, len(d["streams"])' | tr -d "(),")"
js stream-policy stream policy dev a0 pass
js stream-show stream show dev a0
expect "pass with no stream empties the slot" False "$(get '"prog_id" in d')"
js stream-policy stream policy dev a0 drop
js stream-show stream show dev a0
expect "drop with no stream fills the slot" True "$(get '"prog_id" in d')"
js stream-policy stream policy dev a0 pass
expect_rc "policy word" 2 "$ctl" stream policy dev a0 unparsed reject
expect_rc "policy twice" 2 "$ctl" stream policy dev a0 unknown drop unknown pass

# stream add holds the pin directory lock.
"$ctl" stream add dev a0 id 5 dst 02:00:00:00:00:05 max-sdu 300 cir 1mbit cbs 700 > /dev/null
expect_waits "stream add" "$ctl" stream add dev a0 id 6 dst 02:00:00:00:00:06

# meter set replaces the stream's meter (its own element of
# etsn_psfp_meter) and writes nothing else, so it cannot undo a stream
# re-added meanwhile by anyone, etsnctl or a bare map write. gdb stops
# meter set at its map write, a bare bpftool write re-adds stream 5 with
# max-sdu 400 there, and meter set goes on: the stream keeps 400 (a
# write-back of the value read before would restore 300).
# The re-add is a file run by an explicit interpreter: gdb's shell
# command runs $SHELL, or /bin/sh when CI leaves it unset, and dash drops
# exported bash functions.
cat > $tmp/readd_400.py <<'PY'
import json, subprocess, sys
pin = sys.argv[1]
out = subprocess.run(["bpftool", "-j", "map", "lookup", "pinned", pin, "key", "5", "0", "0", "0"],
		     check=True, capture_output=True, text=True).stdout
b = bytes(int(x, 16) for x in json.loads(out)["value"])
old = (300).to_bytes(4, "little")
assert b.count(old) == 1, "max-sdu 300 not found once in the stream value"
b = b.replace(old, (400).to_bytes(4, "little"))
subprocess.run(["bpftool", "map", "update", "pinned", pin, "key", "5", "0", "0", "0",
		"value", *[str(x) for x in b]], check=True)
print("readd_400: done")
PY
gdb -q -batch -nx -ex 'set debuginfod enabled off' -ex 'set breakpoint pending on' \
	-ex 'break bpf_map_update_elem' -ex run \
	-ex "shell python3 $tmp/readd_400.py $pins/etsn_psfp_strm" -ex continue \
	--args "$ctl" meter set dev a0 id 5 cir 2mbit cbs 700 > $tmp/policy.gdb 2>&1
js stream-show stream show dev a0
expect "a re-add while meter set runs is kept: key, max-sdu, new meter" \
	"02:00:00:00:00:05 400 250000" \
	"$(get '" ".join(str(x) for x in ([s for s in d["streams"] if s["id"] == 5][0]["key"]["dst_mac"], [s for s in d["streams"] if s["id"] == 5][0].get("max_sdu_bytes"), [s for s in d["streams"] if s["id"] == 5][0]["meter"]["cir_bytes_per_s"]))')"
awk '/^Breakpoint 1, /{b=1} /^readd_400: done/{if (b) ok=1} END{exit !ok}' $tmp/policy.gdb &&
	ok "the re-add ran while meter set was stopped at its map write" ||
	bad "the re-add under gdb: $(tail -n 3 $tmp/policy.gdb)"
grep -q "exited normally" $tmp/policy.gdb && ok "meter set under gdb exited 0" ||
	bad "meter set under gdb: $(tail -n 3 $tmp/policy.gdb)"

js classify-attach classify attach dev a0
js classify-add classify add dev a0 id 3 ip 192.0.2.1 192.0.2.2 proto tcp sport 5 dport 6 prio 4
js classify-show classify show dev a0
expect "classify key" "tcp 6 4" "$(get 'd["streams"][0]["key"]["proto"], d["streams"][0]["key"]["dport"], d["streams"][0]["prio"]' | tr -d "(),'")"
js classify-del classify del dev a0 id 3
js classify-detach classify detach dev a0
js classify-show classify show dev a0
expect "classifier detached: prog_id left out" False "$(get '"prog_id" in d')"

# The DSCP classifier steers real frames: an htb qdisc below it puts a
# frame whose priority is one of its class ids (1:N) in that class, the
# rest in 1:2, so its class counters show where each went.
sysctl -qw net.ipv6.conf.a0.disable_ipv6=1
ip addr add 192.0.2.1/24 dev a0
ip neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev a0
tc qdisc add dev a0 root handle 1: htb default 2
for c in 1 2 3; do tc class add dev a0 parent 1: classid 1:$c htb rate 1gbit quantum 1514; done
expect_rc "dscp 64" 2 "$ctl" dscp set dev a0 64 prio 1
expect_rc "dscp twice" 2 "$ctl" dscp set dev a0 46 prio 1 46 prio 2
expect_rc "dscp bad class id" 2 "$ctl" dscp set dev a0 46 prio 1:10000
js dscp-attach dscp attach dev a0
js dscp-set dscp set dev a0 46 prio 1:1 10 prio 1:3 12 prio 7
js dscp-del dscp del dev a0 12
# dscp set and del (which may restore what they replaced) hold the lock.
expect_waits "dscp set" "$ctl" dscp set dev a0 12 prio 7
expect_waits "dscp del" "$ctl" dscp del dev a0 12
# send DSCP COUNT: COUNT UDP datagrams to 192.0.2.2 with DSCP.
send() {
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, int(sys.argv[1]) << 2)
for _ in range(int(sys.argv[2])):
    s.sendto(b"x" * 64, ("192.0.2.2", 5000))' "$1" "$2"
}
send 46 100; send 10 50; send 0 30; send 12 20
class_packets() { tc -s class show dev a0 | awk -v c="$1" '$1 == "class" && $3 == c { getline; print $4; exit }'; }
expect "frames by class (1:1 1:2 1:3)" "100 50 50" "$(class_packets 1:1) $(class_packets 1:2) $(class_packets 1:3)"
js dscp-show dscp show dev a0
expect "dscp show: map and hits" "10:65539:50 46:65537:100" \
	"$(get '" ".join("%d:%d:%d" % (m["dscp"], m["prio"], m["packets"]) for m in d["map"])')"
js dscp-detach dscp detach dev a0
js dscp-show dscp show dev a0
expect "dscp detached: prog_id left out, map kept" "False 2" "$(get '"prog_id" in d, len(d["map"])' | tr -d "(),")"
expect_rc "dscp detach twice" 1 "$ctl" dscp detach dev a0

js xdp-detach xdp detach dev a0
expect "detach names the program" "$fw_prog" "$(get 'd["prog_id"]')"

# Text mode of an action is one line of prose, never JSON.
txt=$("$ctl" xdp attach dev a0 mode generic)
case $txt in "a0: XDP firewall attached (generic), program "*", maps in $pins") ok "text attach: $txt";;
*) bad "text attach: '$txt'";; esac

# frer show: the stream key an object as in PSFP, no VLAN left as null.
js frer-talker-add frer talker add dev a0 id 3 ip 192.0.2.1 192.0.2.2 proto udp sport 1 dport 2 \
	dev2 a1 vlan2 20
js frer-listener-add frer listener add dev a0 id 4 dst 02:00:5e:00:53:01 vlan 10 latent-paths 3
js frer-talker-add frer talker add dev a0 id 5 ip 192.0.2.1 192.0.2.2 proto udp sport 1 dport 3 \
	dev2 a1
js frer-del frer talker del dev a0 id 5
js frer-show frer show dev a0
expect "frer show: keys and VLANs" "udp 02:00:5e:00:53:01 10 False 20 3" \
	"$(get '" ".join(str(x) for x in (d["streams"][0]["key"]["proto"], d["streams"][1]["key"]["dst_mac"], d["streams"][1]["key"]["vlan"], "vlan1" in d["streams"][0], d["streams"][0]["vlan2"], d["streams"][1]["latent_paths"]))')"
js frer-detach frer detach dev a0
expect "frer detach: both programs" 2 "$(get 'len(d["detached"])')"

# The netlink commands. sched plan needs no module: its real document.
js sched-plan sched plan "$top/docs/plan.example"
expect "plan: schedule with units" "True True" \
	"$(get '"cycle_time_ns" in d["schedule"], all("interval_ns" in e for e in d["schedule"]["entries"])' | tr -d "(),")"
# The others read the edgetsn family (their documents are checked against
# the schema in the VM: tests/vm/cases/etsnctl_sched.sh). Without
# edgetsn.ko: nothing on stdout, the reason on stderr, exit 1.
if "$ctl" caps dev a0 > /dev/null 2>&1; then
	js caps caps dev a0
	js stats stats
else
	for c in "caps dev a0" "stats" "stats dev a0" "sched show dev a0" "class show dev a0"; do
		# shellcheck disable=SC2086 # the words of the command
		expect_rc "-j $c without edgetsn.ko" 1 "$ctl" -j $c
		grep -q "edgetsn family not found: is edgetsn.ko loaded?" $tmp/policy.err ||
			bad "-j $c without edgetsn.ko: no reason: $(cat $tmp/policy.err)"
	done
fi

echo "policy: $passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
