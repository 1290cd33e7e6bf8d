#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Traffic for the FRER VM case: numbered UDP datagrams and what became of them.

  frer_gen.py send DST PORT FIRST COUNT GAP
      COUNT datagrams to DST:PORT, payload = 4-byte number FIRST.., GAP s apart.
  frer_gen.py recv PORT IDLE [LAST]
      prints "ready", then the number of every datagram received, in
      arrival order, until IDLE seconds without one (after the first) or
      until the number LAST came.
  frer_gen.py tap IFACE STOPFILE
      prints "ready", then the number of every R-TAG'd UDP frame leaving
      IFACE (after its qdisc: what netem let through) until STOPFILE exists.
  frer_gen.py inject IFACE DSTMAC SRC DST PORT SEQ NUMBER
      one IPv4/UDP frame with an R-TAG of sequence number SEQ, payload NUMBER.
"""
import errno
import os
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 3
PACKET_OUTGOING = 4
RTAG = 0xF1C1


def checksum(data):
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s >> 16) + (s & 0xffff)
    return ~s & 0xffff


def send(dst, port, first, count, gap):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for n in range(first, first + count):
        s.sendto(struct.pack('!I', n), (dst, port))
        time.sleep(gap)


def recv(port, idle, last):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(('0.0.0.0', port))
    print('ready', flush=True)
    timeout = None
    while select.select([s], [], [], timeout)[0]:
        n = struct.unpack('!I', s.recv(64)[:4])[0]
        print(n, flush=True)
        if n == last:
            return
        timeout = idle


def tap(iface, stop):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((iface, 0))
    print('ready', flush=True)
    while True:
        if select.select([s], [], [], 0.2)[0]:
            try:
                f, addr = s.recvfrom(2048)
            except OSError as e:    # the path's device went down: it carries nothing
                if e.errno != errno.ENETDOWN:
                    raise
                continue
            # dst src F1C1 rsvd seq 0800 | IPv4 (20) | UDP (8) | number
            if addr[2] == PACKET_OUTGOING and len(f) >= 52 and \
                    struct.unpack('!H', f[12:14])[0] == RTAG and f[29] == 17:
                print(struct.unpack('!I', f[48:52])[0], flush=True)
        elif os.path.exists(stop):
            return


def inject(iface, dstmac, src, dst, port, seq, number):
    payload = struct.pack('!I', number)
    udp = struct.pack('!HHHH', 40000, port, 8 + len(payload), 0) + payload
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    mac = bytes.fromhex(dstmac.replace(':', ''))
    eth = mac + s.getsockname()[4][:6] + struct.pack('!HHHH', RTAG, 0, seq, 0x0800)
    s.send((eth + ip + udp).ljust(60, b'\0'))


def main():
    a = sys.argv[1:]
    if a[0] == 'send':
        send(a[1], int(a[2]), int(a[3]), int(a[4]), float(a[5]))
    elif a[0] == 'recv':
        recv(int(a[1]), float(a[2]), int(a[3]) if len(a) > 3 else None)
    elif a[0] == 'tap':
        tap(a[1], a[2])
    elif a[0] == 'inject':
        inject(a[1], a[2], a[3], a[4], int(a[5]), int(a[6]), int(a[7]))
    else:
        sys.exit(__doc__)


main()
