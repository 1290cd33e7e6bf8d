#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ask for a root qdisc of KIND on DEV with a TCA_OPTIONS attribute, as tc
cannot for a kind it has no parser for, and print the kernel's answer:

  qdisc_opts.py DEV KIND        prints "errno=N msg=TEXT" (errno 0 = accepted)
"""
import os
import socket
import struct
import sys

NETLINK_ROUTE = 0
RTM_NEWQDISC = 36
NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 1, 4, 0x200, 0x400
NLMSG_ERROR = 2
NLM_F_ACK_TLVS = 0x200
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
NLMSGERR_ATTR_MSG = 1
TCA_KIND, TCA_OPTIONS = 1, 2
TC_H_ROOT = 0xFFFFFFFF


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack('HH', length, kind) + payload + bytes((4 - length % 4) % 4)


def main(dev, kind):
    ifindex = socket.if_nametoindex(dev)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_ROUTE)
    s.setsockopt(270, NETLINK_EXT_ACK, 1)
    s.setsockopt(270, NETLINK_CAP_ACK, 1)
    tcmsg = struct.pack('BxxxiIII', socket.AF_UNSPEC, ifindex, 0x10000, TC_H_ROOT, 0)
    body = tcmsg + attr(TCA_KIND, kind.encode() + b'\0') + attr(TCA_OPTIONS, struct.pack('I', 5))
    flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
    s.send(struct.pack('IHHII', 16 + len(body), RTM_NEWQDISC, flags, 1, os.getpid()) + body)
    reply = s.recv(65536)
    _, mtype, mflags, _, _ = struct.unpack_from('IHHII', reply)
    if mtype != NLMSG_ERROR:
        sys.exit('unexpected reply type %d' % mtype)
    (error,) = struct.unpack_from('i', reply, 16)
    msg = ''
    if mflags & NLM_F_ACK_TLVS:
        off = 16 + 4 + 16  # nlmsgerr: error, then the capped request header
        while off + 4 <= len(reply):
            alen, akind = struct.unpack_from('HH', reply, off)
            if alen < 4:
                break
            if akind == NLMSGERR_ATTR_MSG:
                msg = reply[off + 4:off + alen].split(b'\0')[0].decode()
            off += (alen + 3) & ~3
    print('errno=%d msg=%s' % (-error, msg))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
