#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hand-made Ethernet frames for VM cases, sent on a raw socket.

  frames.py IFACE DSTMAC truncated-ipv4 COUNT
      EtherType IPv4 with 10 bytes of an IP header (a parser must reject it)
  frames.py IFACE DSTMAC vlan-udp4 COUNT VID SRC DST DPORT
      802.1Q-tagged IPv4/UDP, 32 bytes of payload
  frames.py IFACE DSTMAC vlan5-udp4 COUNT SRC DST DPORT
      the same behind 5 tags (802.1ad, then 4 x 802.1Q; VIDs 10..14): one
      more than edgetsn's parser reads
Several kinds in one run (one interpreter start, frames in order):
  frames.py IFACE DSTMAC KIND COUNT [ARGS] + KIND COUNT [ARGS] ...
"""
import socket
import struct
import sys


def checksum(data):
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def ipv4_udp(src, dst, dport, payload):
    udp = struct.pack('!HHHH', 40000, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack('!H', checksum(hdr)) + hdr[12:]
    return hdr + udp


def tcp(sport, dport, flags):
    """A 20-byte TCP header with checksum 0 (the stack discards it after
    the firewall and taps have seen it, so no RST comes back)."""
    return struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 5 << 4, flags, 65535, 0, 0)


def ipv4_tcp(src, dst, sport, dport, flags):
    seg = tcp(sport, dport, flags)
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(seg), 0, 0, 64, 6, 0,
                      socket.inet_aton(src), socket.inet_aton(dst))
    hdr = hdr[:10] + struct.pack('!H', checksum(hdr)) + hdr[12:]
    return hdr + seg


def ipv6_tcp(src, dst, sport, dport, flags):
    seg = tcp(sport, dport, flags)
    return (struct.pack('!IHBB', 6 << 28, len(seg), 6, 64) +
            socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst) + seg)


def frame(dst, src, spec):
    kind = spec[0]
    if kind == 'truncated-ipv4':
        return dst + src + struct.pack('!H', 0x0800) + bytes([0x45]) + bytes(9)
    if kind == 'vlan-udp4':
        vid, ip_src, ip_dst, dport = int(spec[2]), spec[3], spec[4], int(spec[5])
        return (dst + src + struct.pack('!HHH', 0x8100, vid, 0x0800) +
                ipv4_udp(ip_src, ip_dst, dport, bytes(32)))
    if kind == 'vlan5-udp4':
        ip_src, ip_dst, dport = spec[2], spec[3], int(spec[4])
        tags = struct.pack('!HH', 0x88a8, 10) + b''.join(
            struct.pack('!HH', 0x8100, vid) for vid in range(11, 15))
        return (dst + src + tags + struct.pack('!H', 0x0800) +
                ipv4_udp(ip_src, ip_dst, dport, bytes(32)))
    sys.exit(__doc__)


def main(argv):
    if len(argv) < 5:
        sys.exit(__doc__)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((argv[1], 0))
    dst = bytes.fromhex(argv[2].replace(':', ''))
    src = s.getsockname()[4]
    specs = [[]]
    for word in argv[3:]:
        if word == '+':
            specs.append([])
        else:
            specs[-1].append(word)
    # Every frame built before the first is sent: a bad spec sends nothing.
    todo = [(frame(dst, src, spec), int(spec[1])) for spec in specs]
    for data, count in todo:
        for _ in range(count):
            s.send(data)


if __name__ == '__main__':
    main(sys.argv)
