#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Sets a device's 802.3 MAC merge configuration as `ethtool --set-mm`
does (ETHTOOL_MSG_MM_SET; Debian's ethtool 6.1 has no --set-mm) and, with
"send", sends one frame at a priority the moment the kernel has answered
and prints "taken" or "refused" (the qdisc dropped it): what etsn did with
that frame shows what it knew of the change by then.

    mm_set.py IFNAME on|off [send LEN PRIO]

on: pMAC and preemptible transmission enabled, verification off;
off: preemptible transmission disabled. Exit 1 with the kernel's errno
and extack if it refused.
"""
import errno
import socket
import sys

from nlraw import NETLINK_EXT_ACK, NETLINK_GENERIC, SOL_NETLINK, attr, nest, resolve, talk, u8

# uapi/linux/ethtool_netlink.h (6.3+)
ETHTOOL_MSG_MM_SET = 43
ETHTOOL_A_MM_HEADER, ETHTOOL_A_MM_PMAC_ENABLED, ETHTOOL_A_MM_TX_ENABLED = 1, 2, 3
ETHTOOL_A_MM_VERIFY_ENABLED = 7
ETHTOOL_A_HEADER_DEV_NAME = 2
ETH_P_802_EX1 = 0x88B5     # local experimental EtherType


def main():
    ifname, state, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    on = {"on": 1, "off": 0}[state]
    frame = None
    if rest:
        length, prio = int(rest[1]), int(rest[2])
        tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        tx.bind((ifname, 0))
        tx.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, prio)
        frame = b"\xff" * 6 + tx.getsockname()[4] + ETH_P_802_EX1.to_bytes(2, "big")
        frame += b"\0" * (length - len(frame))
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.bind((0, 0))
    family = resolve(sock, "ethtool")
    payload = nest(ETHTOOL_A_MM_HEADER, attr(ETHTOOL_A_HEADER_DEV_NAME, ifname.encode() + b"\0"))
    payload += u8(ETHTOOL_A_MM_VERIFY_ENABLED, 0) + u8(ETHTOOL_A_MM_TX_ENABLED, on)
    if on:
        payload += u8(ETHTOOL_A_MM_PMAC_ENABLED, 1)
    err, msg = talk(sock, family, ETHTOOL_MSG_MM_SET, payload)
    if err:
        sys.exit(f"mm-set {ifname} {state}: errno {err} {msg}")
    if frame:
        try:
            tx.send(frame)
            print("taken")
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            print("refused")       # the qdisc dropped it (NET_XMIT_DROP)


if __name__ == "__main__":
    main()
