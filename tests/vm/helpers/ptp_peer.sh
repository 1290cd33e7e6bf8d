# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# The side of a VM whose peer VM runs tests/vm/peers/ptp_master.sh (a
# ptp4l master on 10.77.0.1, stopped and started over UDP): the link NIC
# up as 10.77.0.2, the peer's control, and a slave ptp4l's config. Used by
# tests/vm/cases/agent_failsafe.sh and the demo (tools/demo-guest.sh).

# peer_link_up: eth0 (the QEMU socket link) up as 10.77.0.2/24; 1 if the
# NIC never appears.
peer_link_up() {
	modprobe virtio_net
	for _ in $(seq 100); do
		[ -e /sys/class/net/eth0 ] && break
		sleep 0.1
	done
	[ -e /sys/class/net/eth0 ] || return 1
	sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip addr add 10.77.0.2/24 dev eth0
	ip link set eth0 up
}

# peer_ctl VERB [TRIES]: the peer's answer to VERB (ping, stop, start,
# quit), then this VM's CLOCK_MONOTONIC when it came (the time base of the
# agent's t=); asked again each second, 120 times by default (the peer may
# still be booting).
peer_ctl() {
	python3 - "$1" "${2:-120}" <<'EOP'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
for _ in range(int(sys.argv[2])):
    s.sendto(sys.argv[1].encode(), ("10.77.0.1", 7788))
    try:
        reply = s.recv(64).decode()
    except OSError:
        time.sleep(0.5)
        continue
    print(reply, "%.6f" % time.monotonic())
    sys.exit(0 if reply == "ok " + sys.argv[1] else 1)
sys.exit(1)
EOP
}

# peer_slave_cfg FILE SOCK: a slave-only ptp4l config with its management
# socket at SOCK.
peer_slave_cfg() {
	cat > "$1" <<EOC
[global]
slaveOnly 1
uds_address $2
# A starved TCG guest sees jitter of tens of ms: below 20 ms it is slewed
# (a step sends the port back to UNCALIBRATED), above stepped (slewing
# 100 ms at 900 ppm takes minutes).
step_threshold 0.02
EOC
}
