# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# A peer VM beside a main one (tests/vm/check.sh for a case's "# vm-peer:"
# line, tools/demo.sh for the agent's PTP master): booted small, listening
# on a QEMU socket network that the main VM joins with
# `run-vm --link connect:$peer_port` (eth0 in both).

# start_peer KERNEL SCRIPT LIMIT OUT LOG: boots the peer VM running SCRIPT
# (a path), its $EDGETSN_VM_OUT in OUT and its console in LOG, listening on
# a free port; sets peer_pid and peer_port, or returns 1.
start_peer() {
	local top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	peer_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$top/tests/vm/run-vm" -q --small -k "$1" -o "$4" -l "$5" \
		-t "$3" --link "listen:$peer_port" "$2" &
	peer_pid=$!
	# QEMU listens before the guest boots; the main VM may connect then.
	for _ in $(seq 300); do
		ss -Htln "sport = :$peer_port" | grep -q . && return 0
		kill -0 "$peer_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "vm[$1]: the peer VM ($2) never listened on port $peer_port"
	stop_peer
	return 1
}

# stop_peer: the peer's script normally ends by itself once the main VM
# told it to; a peer that does not is stopped.
stop_peer() {
	[ -n "${peer_pid:-}" ] || return 0
	for _ in $(seq 100); do
		kill -0 "$peer_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$peer_pid" 2>/dev/null
	wait "$peer_pid" 2>/dev/null
	peer_pid=
}
