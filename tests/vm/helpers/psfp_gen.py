#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""UDP frames of known streams for the PSFP VM case, in one process.

  psfp_gen.py send IFACE DSTMAC BURST...
      BURST = SRC,DST,SPORT,DPORT,COUNT,PAYLOAD[,dscp=N][,vid=N][,gap=SECONDS]
      IPv4 or IPv6 (by SRC), optionally 802.1Q-tagged, sent back to back
      (or GAP seconds apart) on a raw socket; frame length = 14 (+4 tagged) + 20|40 + 8 + PAYLOAD.
      Prints, per burst: "burst I T_FIRST_NS COUNT", T_FIRST_NS being
      CLOCK_MONOTONIC just before its first frame left.
  psfp_gen.py recv PORT[,PORT...] IDLE_SECONDS
      counts UDP datagrams per port (IPv4 and IPv6) until IDLE_SECONDS of
      silence after the first; prints "ready", then "port P N" per port.
"""
import select
import socket
import struct
import sys
import time


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s >> 16) + (s & 0xffff)
    return ~s & 0xffff


def udp_ip(src, dst, sport, dport, payload, dscp):
    if ':' in src:
        s6, d6 = socket.inet_pton(socket.AF_INET6, src), socket.inet_pton(socket.AF_INET6, dst)
        length = 8 + len(payload)
        udp = struct.pack('!HHHH', sport, dport, length, 0) + payload
        pseudo = s6 + d6 + struct.pack('!IxxxB', length, 17)
        csum = checksum(pseudo + udp) or 0xffff
        udp = udp[:6] + struct.pack('!H', csum) + udp[8:]
        hdr = struct.pack('!IHBB16s16s', (6 << 28) | (dscp << 22), length, 17, 64, s6, d6)
        return 0x86dd, hdr + udp
    udp = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, dscp << 2, 20 + len(udp), 0, 0, 64, 17, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack('!H', checksum(hdr)) + hdr[12:]
    return 0x0800, hdr + udp


def frame(dst, src, burst):
    f = burst.split(',')
    opts = dict(o.split('=') for o in f[6:])
    ethertype, ip = udp_ip(f[0], f[1], int(f[2]), int(f[3]), bytes(int(f[5])),
                           int(opts.get('dscp', 0)))
    gap = float(opts.get('gap', 0))
    if 'vid' in opts:
        eth = dst + src + struct.pack('!HHH', 0x8100, int(opts['vid']), ethertype)
    else:
        eth = dst + src + struct.pack('!H', ethertype)
    return eth + ip, int(f[4]), gap


def send(iface, dstmac, bursts):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    dst = bytes.fromhex(dstmac.replace(':', ''))
    src = s.getsockname()[4]
    out = []
    for i, b in enumerate(bursts):
        data, count, gap = frame(dst, src, b)
        t_first = time.monotonic_ns()
        for _ in range(count):
            s.send(data)
            if gap:
                time.sleep(gap)
        out.append('burst %d %d %d' % (i, t_first, count))
    print('\n'.join(out), flush=True)


def recv(ports, idle):
    socks = {}
    for p in ports:
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(('::', p))
        s.setblocking(False)
        socks[s] = p
    counts = dict.fromkeys(ports, 0)
    print('ready', flush=True)
    timeout = None  # the first datagram may take long: a sender starting under TCG
    while True:
        ready, _, _ = select.select(list(socks), [], [], timeout)
        if not ready:
            break
        for s in ready:
            try:
                while True:
                    s.recv(65536)
                    counts[socks[s]] += 1
            except BlockingIOError:
                pass
        timeout = idle
    print('\n'.join('port %d %d' % (p, counts[p]) for p in ports), flush=True)


def main(argv):
    if len(argv) >= 4 and argv[1] == 'send':
        send(argv[2], argv[3], argv[4:])
    elif len(argv) == 4 and argv[1] == 'recv':
        recv([int(p) for p in argv[2].split(',')], float(argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
