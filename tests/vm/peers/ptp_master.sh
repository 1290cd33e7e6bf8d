#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Peer VM of tests/vm/cases/agent_failsafe.sh (booted by tests/vm/check.sh
# for its "# vm-peer:" line): a PTP master on the link NIC, ptp4l -S -2 with
# 4 Syncs a second on its own CLOCK_REALTIME, stopped and started by the
# case over UDP (ptp_ctl.py on 10.77.0.1:7788).
set -euo pipefail
modprobe virtio_net
for _ in $(seq 100); do
	[ -e /sys/class/net/eth0 ] && break
	sleep 0.1
done
[ -e /sys/class/net/eth0 ] || { echo "peer: no link NIC (eth0)"; exit 1; }
sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
ip addr add 10.77.0.1/24 dev eth0
ip link set eth0 up
cat > /tmp/master.cfg <<EOC
[global]
priority1 1
logSyncInterval -2
uds_address /run/ptp4l-master
EOC
exec python3 "$(dirname "$0")/ptp_ctl.py" 10.77.0.1 7788 600 \
	ptp4l -S -2 -i eth0 -f /tmp/master.cfg
