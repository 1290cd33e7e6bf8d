#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hand-made Ethernet frames for VM cases, sent on a raw socket.

  frames.py IFACE DSTMAC truncated-ipv4 COUNT
      EtherType IPv4 with 10 bytes of an IP header (a parser must reject it)
  frames.py IFACE DSTMAC vlan-udp4 COUNT VID SRC DST DPORT
      802.1Q-tagged IPv4/UDP, 32 bytes of payload
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


def main(argv):
    if len(argv) < 5:
        sys.exit(__doc__)
    iface, dstmac, kind, count = argv[1], argv[2], argv[3], int(argv[4])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    dst = bytes.fromhex(dstmac.replace(':', ''))
    src = s.getsockname()[4]
    if kind == 'truncated-ipv4':
        frame = dst + src + struct.pack('!H', 0x0800) + bytes([0x45]) + bytes(9)
    elif kind == 'vlan-udp4':
        vid, ip_src, ip_dst, dport = int(argv[5]), argv[6], argv[7], int(argv[8])
        frame = (dst + src + struct.pack('!HHH', 0x8100, vid, 0x0800) +
                 ipv4_udp(ip_src, ip_dst, dport, bytes(32)))
    else:
        sys.exit(__doc__)
    for _ in range(count):
        s.send(frame)


if __name__ == '__main__':
    main(sys.argv)
