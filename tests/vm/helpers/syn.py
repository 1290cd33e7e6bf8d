#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""TCP frames for the SYN limit VM case: an interleaved flood from several
sources, and a tap that counts what the XDP firewall let through.

  syn.py send IFACE DSTMAC DST SRC:COUNT:FLAGS...
      raw Ethernet frames to DST (IPv4 or IPv6, as the sources), round-robin
      over the specs (so the sources flood at the same time), each frame of
      a spec from the next source port; FLAGS: syn, ack, synack, fin, rst,
      pshack. Then one end marker (IPv4 UDP 192.0.2.1 -> 192.0.2.2:5999).
      Prints the CLOCK_MONOTONIC ns before the first frame ("t0 N").
  syn.py count IFACE OUTFILE
      AF_PACKET tap on IFACE (frames the firewall passed; outgoing ones
      ignored) until the end marker; writes "ready" to OUTFILE once bound,
      then one line per source and kind, "SRC syn|other N", and "t1 N": the
      CLOCK_MONOTONIC ns when the marker came. Exits 1 if the tap lost
      frames (PACKET_STATISTICS), so a count is never short by accident.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frames  # noqa: E402

FLAGS = {'syn': 0x02, 'ack': 0x10, 'synack': 0x12, 'fin': 0x11, 'rst': 0x04,
         'pshack': 0x18}
END_PORT = 5999
SOL_PACKET = 263
PACKET_STATISTICS = 6
PACKET_OUTGOING = 4


def send(argv):
    iface, dstmac, dst = argv[0], bytes.fromhex(argv[1].replace(':', '')), argv[2]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    srcmac = s.getsockname()[4]
    todo = []
    for spec in argv[3:]:
        src, count, flags = spec.rsplit(':', 2)
        v6 = ':' in src
        build = frames.ipv6_tcp if v6 else frames.ipv4_tcp
        etype = struct.pack('!H', 0x86dd if v6 else 0x0800)
        todo.append([dstmac + srcmac + etype + build(src, dst, 20000 + i, 80, FLAGS[flags])
                     for i in range(int(count))])
    end = (dstmac + srcmac + struct.pack('!H', 0x0800) +
           frames.ipv4_udp('192.0.2.1', '192.0.2.2', END_PORT, b'end'))
    # All frames built first: the flood itself is only send() calls.
    order = []
    for i in range(max(len(t) for t in todo)):
        order.extend(t[i] for t in todo if i < len(t))
    t0 = time.monotonic_ns()
    for f in order:
        s.send(f)
    s.send(end)
    print('t0', t0, flush=True)


def parse(f):
    """(source, 'syn'|'other') of a TCP frame, 'end' for the marker, else None."""
    etype = struct.unpack('!H', f[12:14])[0]
    if etype == 0x0800 and len(f) >= 34:
        ihl = (f[14] & 0xf) * 4
        proto, src = f[23], socket.inet_ntoa(f[26:30])
        l4 = f[14 + ihl:]
    elif etype == 0x86dd and len(f) >= 54:
        proto, src = f[20], socket.inet_ntop(socket.AF_INET6, f[22:38])
        l4 = f[54:]
    else:
        return None
    if proto == 17 and len(l4) >= 4 and struct.unpack('!H', l4[2:4])[0] == END_PORT:
        return 'end'
    if proto != 6 or len(l4) < 14:
        return None
    return (src, 'syn' if l4[13] & 0x12 == 0x02 else 'other')


def count(argv):
    iface, outfile = argv
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)  # SO_RCVBUFFORCE
    s.bind((iface, 0))
    with open(outfile, 'w') as out:
        print('ready', file=out, flush=True)
        seen = {}
        while True:
            f, addr = s.recvfrom(2048)
            if addr[2] == PACKET_OUTGOING:
                continue
            what = parse(f)
            if what == 'end':
                t1 = time.monotonic_ns()
                break
            if what:
                seen[what] = seen.get(what, 0) + 1
        _, drops = struct.unpack('II', s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8))
        for (src, kind), n in sorted(seen.items()):
            print(src, kind, n, file=out)
        print('t1', t1, file=out, flush=True)
    if drops:
        sys.exit('syn.py count: the tap dropped %d frames' % drops)


if __name__ == '__main__':
    if len(sys.argv) >= 5 and sys.argv[1] == 'send':
        send(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == 'count':
        count(sys.argv[2:])
    else:
        sys.exit(__doc__)
