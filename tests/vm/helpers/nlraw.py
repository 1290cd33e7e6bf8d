#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Test-only raw client of the edgetsn family: sends requests etsnctl would
never build (wrong types, unknown attributes, > 1024 entries, bad class
indexes) and prints what the kernel answered: "errno<TAB>extack" per line.

    nlraw.py CASE...   (cases: see REQUESTS below; ifindex from $IFINDEX)
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC, GENL_ID_CTRL = 16, 16
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 3, 1, 2
NETLINK_EXT_ACK, SOL_NETLINK = 11, 270
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 1 << 15

# uapi/linux/edgetsn.h values (checked against the header by the case)
CMD = dict(SCHED_SET=1, SCHED_GET=2, CLASS_SET=3)
A_IFINDEX, A_SCHED_ADMIN, A_PRIO_MAP, A_CLASS = 2, 4, 7, 8
S_CLOCKID, S_ENTRY = 5, 6
E_OP, E_GATES, E_INTERVAL = 1, 2, 3
C_INDEX, C_ENQ_PACKETS = 2, 8


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def u8(t, v):
    return attr(t, struct.pack("B", v))


def u32(t, v):
    return attr(t, struct.pack("I", v))


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def entry(gates=1, interval=1000, op=None):
    parts = [u8(E_GATES, gates), u32(E_INTERVAL, interval)]
    if op is not None:
        parts.insert(0, u8(E_OP, op))
    return nest(S_ENTRY, *parts)


def talk(sock, family, cmd, payload, seq=[0]):
    seq[0] += 1
    body = struct.pack("BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, seq[0], 0) + body)
    while True:
        data = sock.recv(1 << 16)
        off = 0
        while off < len(data):
            ln, typ, flags = struct.unpack_from("IHH", data, off)
            if typ == NLMSG_ERROR:
                err, = struct.unpack_from("i", data, off + 16)
                msg = ""
                # error, the echoed request (only its header when capped),
                # then the extack TLVs
                inner = struct.unpack_from("I", data, off + 20)[0]
                a = off + 20 + (16 if flags & 0x100 else (inner + 3) & ~3)
                while a + 4 <= off + ln:
                    alen, atype = struct.unpack_from("HH", data, a)
                    if alen < 4:
                        break
                    if atype == NLMSGERR_ATTR_MSG:
                        msg = data[a + 4:a + alen].split(b"\0")[0].decode()
                    a += (alen + 3) & ~3
                return -err, msg
            off += (ln + 3) & ~3


def resolve(sock, name="edgetsn"):
    payload = attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
    body = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + payload
    sock.send(struct.pack("IHHII", 16 + len(body), GENL_ID_CTRL,
                          NLM_F_REQUEST, 1, 0) + body)
    data = sock.recv(1 << 16)
    a = 20
    while a < len(data):
        alen, atype = struct.unpack_from("HH", data, a)
        if atype == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("H", data, a + 4)[0]
        a += (alen + 3) & ~3
    sys.exit(f"{name} family not found")


def requests(ifindex):
    dev = u32(A_IFINDEX, ifindex)
    return {
        "too-many-entries": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, *[entry()] * 1025)),
        "no-entries": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, u32(S_CLOCKID, 11))),
        "interval-zero": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, entry(interval=0))),
        "unknown-clock": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, u32(S_CLOCKID, 3), entry())),
        "unknown-op": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, entry(op=7))),
        "no-gates": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, nest(S_ENTRY, u32(E_INTERVAL, 5)))),
        "no-admin": ("SCHED_SET", dev),
        "no-device": ("SCHED_GET", b""),
        "unknown-attr": ("SCHED_GET", dev + u32(200, 1)),
        "wrong-type": ("SCHED_SET", dev + nest(A_SCHED_ADMIN, attr(S_ENTRY | NLA_F_NESTED, u32(E_GATES, 1) + u32(E_INTERVAL, 5)))),
        "class-index": ("CLASS_SET", dev + nest(A_CLASS, u8(C_INDEX, 8))),
        "class-twice": ("CLASS_SET", dev + nest(A_CLASS, u8(C_INDEX, 1)) + nest(A_CLASS, u8(C_INDEX, 1))),
        "class-readonly": ("CLASS_SET", dev + nest(A_CLASS, u8(C_INDEX, 1), attr(C_ENQ_PACKETS, b"\0" * 8))),
        "prio-map-len": ("CLASS_SET", dev + attr(A_PRIO_MAP, bytes(15))),
        "prio-map-class": ("CLASS_SET", dev + attr(A_PRIO_MAP, bytes([0] * 15 + [8]))),
        "ok-sched-get": ("SCHED_GET", dev),
        "ok-class-set": ("CLASS_SET", dev + nest(A_CLASS, u8(C_INDEX, 2))),
    }


def main():
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.bind((0, 0))
    family = resolve(sock)
    reqs = requests(int(os.environ.get("IFINDEX", "1")))
    for name in sys.argv[1:]:
        cmd, payload = reqs[name]
        err, msg = talk(sock, family, CMD[cmd], payload)
        print(f"{name}\t{err}\t{msg}")


if __name__ == "__main__":
    main()
