# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for VM cases (sourced). EDGETSN_KO_DIR holds the modules built
# for the running kernel.
set -euo pipefail
# A case that dies on a failed command says which one and where, also from
# a function or a command substitution (errtrace); while -e is off (a case
# that checks statuses itself), failures are its own business.
set -E
trap 'rc=$?; [[ $- = *e* ]] && echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: \"$BASH_COMMAND\" exited $rc" >&2' ERR

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

expect_eq() { # expect_eq WHAT EXPECTED ACTUAL
	[ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}

# first_line: the first line of stdin, read to the end. `head -n 1` exits
# early, and a writer still writing then dies of SIGPIPE, which pipefail
# turns into a failed pipeline: a case that died silently under load.
first_line() { sed -n 1p; }
# grep_q ARGS: `grep -q` for the end of a pipe, reading its input to the
# end for the same reason.
grep_q() { grep "$@" > /dev/null; }

repo_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
edgetsn_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$repo_top/dkms.conf")

module_loaded() { grep -q "^$1 " /proc/modules; }

load_edgetsn() {
	module_loaded edgetsn || insmod "$EDGETSN_KO_DIR/edgetsn.ko"
}

unload_edgetsn() {
	if module_loaded edgetsn; then rmmod edgetsn; fi
}

udp=$repo_top/tests/vm/helpers/udp.py

# Two namespaces, talker (t0, 192.0.2.1) and listener (l0, 192.0.2.2),
# joined by veth; no IPv6 and a static neighbour, so every frame on t0 is one
# the case sent. make_pair QUEUES: that many tx/rx queues on each end.
make_pair() {
	local q=()
	[ $# -gt 0 ] && q=(numtxqueues "$1" numrxqueues "$1")
	ip netns add talker
	ip netns add listener
	ip link add t0 "${q[@]}" netns talker type veth peer name l0 "${q[@]}" netns listener
	ip netns exec talker sysctl -qw net.ipv6.conf.t0.disable_ipv6=1
	ip netns exec listener sysctl -qw net.ipv6.conf.l0.disable_ipv6=1
	ip -n talker addr add 192.0.2.1/24 dev t0
	ip -n listener addr add 192.0.2.2/24 dev l0
	ip -n talker link set t0 up
	ip -n listener link set l0 up
	ip -n talker neigh replace 192.0.2.2 dev t0 lladdr \
		"$(ip -n listener -br link show dev l0 | awk '{ print $3 }')" nud permanent
	ip -n listener neigh replace 192.0.2.1 dev l0 lladdr \
		"$(ip -n talker -br link show dev t0 | awk '{ print $3 }')" nud permanent
}

# make_frer_paths: make_pair and a second pair t1/l1, the two paths of
# the FRER cases: l1 takes l0's MAC (one listener host), both up, no IPv6
# on the second pair, reverse-path filtering off in the listener.
make_frer_paths() {
	local k
	make_pair
	ip link add t1 netns talker type veth peer name l1 netns listener
	ip -n listener link set l1 address "$(mac_of listener l0)"
	ip netns exec talker sysctl -qw net.ipv6.conf.t1.disable_ipv6=1
	ip netns exec listener sysctl -qw net.ipv6.conf.l1.disable_ipv6=1
	ip -n talker link set t1 up
	ip -n listener link set l1 up
	for k in all l0 l1; do
		ip netns exec listener sysctl -qw "net.ipv4.conf.$k.rp_filter=0"
	done
}

drop_pair() {
	ip netns del talker 2>/dev/null || true
	ip netns del listener 2>/dev/null || true
}

# tc -s counters of the root qdisc on t0: "<bytes> <packets> <dropped>".
root_counters() {
	tc -n talker -s qdisc show dev t0 |
		sed -n 's/^ Sent \([0-9]*\) bytes \([0-9]*\) pkt (dropped \([0-9]*\),.*/\1 \2 \3/p' | first_line
}

# poll TENTHS CMD...: runs CMD every 0.1 s until it succeeds, at most
# TENTHS times; fails (status 1) if it never does.
poll() {
	local n=$1
	shift
	for _ in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# root_sent: the root qdisc on t0 has sent at least one frame.
root_sent() {
	[ "$(root_counters | cut -d' ' -f2)" -gt 0 ] 2>/dev/null
}

# sched_json_has PATTERN: `etsnctl -j sched show dev t0` in talker, saved in
# /tmp/sched.json, matches PATTERN.
sched_json_has() {
	ip netns exec talker "$repo_top/build/etsnctl" -j sched show dev t0 > /tmp/sched.json &&
		grep -q "$1" /tmp/sched.json
}

# start_receiver PORT OUTFILE EXPECT: udp.py recv in the listener, returning
# once it is bound. Senders may start slowly under TCG: 15 s idle allowed.
start_receiver() {
	ip netns exec listener python3 "$udp" recv "$1" 15 "$3" > "$2" &
	receiver_pid=$!
	poll 600 grep -qs ready "$2" || fail "receiver did not start within 60 s"
}

# egress_prog_id NETNS DEV: id of the BPF program tc attached on DEV egress.
egress_prog_id() {
	tc -n "$1" filter show dev "$2" egress | sed -n 's/.* id \([0-9]*\) .*/\1/p' | first_line
}

# prog_map_id PROG_ID NAME: id of the map of that name the program uses.
# (tc under `ip netns exec` pins maps in a bpffs of its own mount namespace,
# out of sight here, so maps are found through the program.)
prog_map_id() {
	local id
	for id in $(bpftool -j prog show id "$1" |
			python3 -c 'import json,sys; print(*json.load(sys.stdin)["map_ids"])'); do
		bpftool -j map show id "$id" | grep_q "\"name\":\"$2\"" && { echo "$id"; return 0; }
	done
	fail "program $1 has no map $2"
}

# start_flood PRIOS: UDP from talker to listener port 5001, round-robin over
# the comma-separated priorities, until stop_flood; returns once it sends.
start_flood() {
	flood_stop=/tmp/flood.stop
	rm -f "$flood_stop"
	ip netns exec talker python3 "$udp" flood-until 192.0.2.2 5001 "$flood_stop" 300 "$1" \
		> /tmp/flood.out &
	flood_pid=$!
	poll 600 grep -qs flooding /tmp/flood.out || fail "flood did not start within 60 s"
}

stop_flood() {
	touch "$flood_stop"
	wait "$flood_pid"
}

# check_json FILE PYTHON: runs the Python statements with d = the JSON in
# FILE (tai_now: CLOCK_TAI in ns); an AssertionError names the failing check.
check_json() {
	python3 - "$1" "$2" <<'EOF' || fail "check on $(cat "$1")"
import json, sys, time
d = json.load(open(sys.argv[1]))
tai_now = time.clock_gettime_ns(11)
exec(sys.argv[2])
EOF
}

etsnctl=$repo_top/build/etsnctl
# ns_ctl NS ARGS: etsnctl in namespace NS, through its own -n (setns of
# the network namespace only: `ip netns exec` would mount a private
# /sys/fs/bpf and hide the pins).
ns_ctl() {
	local ns=$1
	shift
	"$etsnctl" -n "$ns" "$@"
}

# mac_of NS DEV: the device's MAC address.
mac_of() { ip -n "$1" -br link show dev "$2" | awk '{ print $3 }'; }

# talk CMD...: CMD in the talker's namespace.
talk() { ip netns exec talker "$@"; }

# drop_pair_and_pins: drop_pair, and the BPF pins etsnctl made for t0 and
# l0 (the policy-plane cases' cleanup).
drop_pair_and_pins() {
	drop_pair
	rm -rf /sys/fs/bpf/edgetsn/t0 /sys/fs/bpf/edgetsn/l0
}

# start_monitor OUT: `etsnctl -j monitor` in talker writing to OUT (mon_pid),
# returning once it is proven subscribed: it printed the qdisc_new of an
# etsn on a scratch dummy, warm0, added and deleted until it did.
start_monitor() {
	ip -n talker link add warm0 type dummy
	ip -n talker link set warm0 up
	ip netns exec talker "$etsnctl" -j monitor > "$1" 2> /tmp/mon.err &
	mon_pid=$!
	for _ in $(seq 300); do
		tc -n talker qdisc add dev warm0 root etsn
		tc -n talker qdisc del dev warm0 root
		grep -q '"event":"qdisc_new".*"ifname":"warm0"' "$1" && return 0
		kill -0 "$mon_pid" 2>/dev/null || fail "monitor died: $(cat /tmp/mon.err)"
		sleep 0.2
	done
	fail "monitor saw no event in 60 s"
}

need_etsnctl() { [ -x "$etsnctl" ] || fail "$etsnctl not built (make user)"; }

# expect_rc WHAT RC CMD...: CMD exits RC and says why on stderr; prints the
# first line it said. expect_err WHAT TEXT: that message contains TEXT.
expect_rc_out=/tmp/expect_rc.err
expect_rc() {
	local what=$1 want=$2 rc=0
	shift 2
	"$@" 2> "$expect_rc_out" > /dev/null || rc=$?
	[ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want ($(cat "$expect_rc_out"))"
	[ -s "$expect_rc_out" ] || fail "$what: no message"
	sed 's/^/  /' "$expect_rc_out" | first_line
}
expect_err() {
	grep -qF -- "$2" "$expect_rc_out" || fail "$1: '$2' not in '$(cat "$expect_rc_out")'"
}

# start_psfp_recv PORTS OUT: psfp_gen.py recv in the listener on the
# comma-separated UDP ports, returning once bound; psfp_got PORT OUT: how
# many frames it received on PORT.
psfp_gen=$repo_top/tests/vm/helpers/psfp_gen.py
start_psfp_recv() {
	ip netns exec listener python3 "$psfp_gen" recv "$1" 3 > "$2" &
	receiver_pid=$!
	poll 600 grep -qs ready "$2" || fail "receiver did not start within 60 s"
}
psfp_got() { sed -n "s/^port $1 //p" "$2"; }
