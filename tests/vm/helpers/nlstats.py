#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Test-only reader of EDGETSN_CMD_STATS_GET with a buffer of a given size,
as a minimal client would read it: each recvmsg() gets at most BUF bytes, a
truncated datagram fails. Prints one JSON object: per ifindex, how many
messages, which class and entry indexes (each must come once), how many
schedule-counter and status nests; and the largest datagram.

    nlstats.py dump BUF [IFINDEX]   dump (filtered to IFINDEX if given)
    nlstats.py get BUF IFINDEX      one request, one reply
Exit 1 with "errno<TAB>extack" on stderr if the kernel refused.
"""
import json
import socket
import sys

import struct

from nlraw import (NETLINK_GENERIC, NETLINK_EXT_ACK, SOL_NETLINK, NLM_F_REQUEST,
                   NLM_F_ACK, NLMSG_ERROR, NLMSGERR_ATTR_MSG, resolve, u32)

NLM_F_DUMP = 0x300
NLMSG_DONE = 3
MSG_TRUNC = 0x20
CMD_STATS_GET = 5
A_IFINDEX, A_STATUS, A_CLASS, A_ENTRY_STATS, A_SCHED_STATS = 2, 6, 8, 11, 12
INDEX = 2  # EDGETSN_A_CLASS_INDEX and EDGETSN_A_ENTRY_STATS_INDEX


def attrs(data, a, end):
    while a + 4 <= end:
        alen, atype = struct.unpack_from("HH", data, a)
        if alen < 4:
            break
        yield atype & 0x3fff, a + 4, a + alen
        a += (alen + 3) & ~3


def nested_index(data, a, end, size):
    for t, p, _ in attrs(data, a, end):
        if t == INDEX:
            return struct.unpack_from("B" if size == 1 else "I", data, p)[0]
    sys.exit("a nest without its index")


def refused(data, off, ln, typ, mflags):
    err = struct.unpack_from("i", data, off + 16)[0]
    if typ == NLMSG_DONE:  # error, then the extack TLVs
        a = off + 20
    elif mflags & 0x100:  # error, the request's header (capped), TLVs
        a = off + 36
    else:
        a = off + 20 + ((struct.unpack_from("I", data, off + 20)[0] + 3) & ~3)
    msg = ""
    for t, p, e in attrs(data, a, off + ln):
        if t == NLMSGERR_ATTR_MSG:
            msg = data[p:e].split(b"\0")[0].decode()
    print(f"{-err}\t{msg}", file=sys.stderr)
    sys.exit(1)


def main():
    mode, buf = sys.argv[1], int(sys.argv[2])
    ifindex = int(sys.argv[3]) if len(sys.argv) > 3 else None
    # The kernel sizes dump messages by the largest buffer a socket ever
    # read with: the family is resolved on another one.
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC) as ctrl:
        family = resolve(ctrl)
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    payload = u32(A_IFINDEX, ifindex) if ifindex is not None else b""
    body = struct.pack("BBH", CMD_STATS_GET, 1, 0) + payload
    flags = NLM_F_REQUEST | (NLM_F_DUMP if mode == "dump" else NLM_F_ACK)
    sock.send(struct.pack("IHHII", 16 + len(body), family, flags, 7, 0) + body)
    devs, biggest, done = {}, 0, False
    while not done:
        data, _, rflags, _ = sock.recvmsg(buf)
        if rflags & MSG_TRUNC:
            sys.exit(f"a datagram longer than {buf} bytes")
        biggest = max(biggest, len(data))
        off = 0
        while off < len(data):
            ln, typ, mflags = struct.unpack_from("IHH", data, off)
            if typ in (NLMSG_ERROR, NLMSG_DONE):
                if struct.unpack_from("i", data, off + 16)[0]:
                    refused(data, off, ln, typ, mflags)
                done = True
            elif typ == family:
                d = None
                for t, p, e in attrs(data, off + 20, off + ln):
                    if t == A_IFINDEX:
                        d = devs.setdefault(str(struct.unpack_from("I", data, p)[0]), {
                            "msgs": 0, "classes": [], "entries": [], "sched": 0, "status": 0})
                        d["msgs"] += 1
                    elif d is None:
                        sys.exit("a message that does not start with its device")
                    elif t == A_CLASS:
                        d["classes"].append(nested_index(data, p, e, 1))
                    elif t == A_ENTRY_STATS:
                        d["entries"].append(nested_index(data, p, e, 4))
                    elif t == A_SCHED_STATS:
                        d["sched"] += 1
                    elif t == A_STATUS:
                        d["status"] += 1
            off += (ln + 3) & ~3
    for d in devs.values():
        e = d.pop("entries")
        d["num_entries"] = len(e)
        d["entries_in_order"] = e == list(range(len(e)))
    print(json.dumps({"devs": devs, "biggest": biggest}))


if __name__ == "__main__":
    main()
