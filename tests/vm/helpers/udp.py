#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""UDP traffic for VM cases.

  udp.py send DST PORT COUNT SIZE PRIO[,PRIO...]   round-robin over priorities (SO_PRIORITY)
  udp.py recv PORT IDLE_SECONDS                    prints how many datagrams arrived
                                                   (waits for the first without limit)
  udp.py flood DST PORT SECONDS SIZE               sends until the time is up
"""
import socket
import sys
import time


def send(dst, port, count, size, prios):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = bytes(size)
    for i in range(count):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, prios[i % len(prios)])
        s.sendto(payload, (dst, port))


def recv(port, idle):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind(('0.0.0.0', port))
    print('ready', flush=True)
    # The first datagram may take long (a sender starting under TCG); after
    # it, IDLE_SECONDS of silence ends the count. The case's timeout bounds it.
    s.recv(65536)
    n = 1
    s.settimeout(idle)
    try:
        while True:
            s.recv(65536)
            n += 1
    except socket.timeout:
        pass
    print(n, flush=True)


def flood(dst, port, seconds, size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = bytes(size)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            s.sendto(payload, (dst, port))
        except OSError:
            pass  # the qdisc went away under us: that is the point


def main(argv):
    if argv[1] == 'send':
        send(argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
             [int(p) for p in argv[6].split(',')])
    elif argv[1] == 'recv':
        recv(int(argv[2]), float(argv[3]))
    elif argv[1] == 'flood':
        flood(argv[2], int(argv[3]), float(argv[4]), int(argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
