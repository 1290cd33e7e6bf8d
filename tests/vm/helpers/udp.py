#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""UDP traffic for VM cases.

  udp.py send DST PORT COUNT SIZE PRIO[,PRIO...] [TOS]
                                                   round-robin over priorities (SO_PRIORITY)
  udp.py recv PORT IDLE_SECONDS [EXPECT]           prints how many datagrams arrived
      waits for the first without limit; ends after IDLE_SECONDS of silence, or
      half a second after the EXPECTed count arrived (to catch any extras)
  udp.py flood DST PORT SECONDS SIZE               sends until the time is up
  udp.py flood-until DST PORT STOPFILE SIZE PRIO[,PRIO...]
                                                   prints "flooding", then sends round-robin
                                                   over priorities until STOPFILE exists
  udp.py stream DST PORT STOPFILE GAP              one datagram every GAP seconds until
                                                   STOPFILE exists, then an end marker;
                                                   prints how many it sent (marker not counted)
  udp.py end DST PORT                              sends the end marker
  udp.py batch                                     runs the send/end command lines read
                                                   from stdin, in order, in this one process
Options anywhere: --src ADDR sends from that local address, --sport PORT from
that source port; --v6 makes recv
listen on IPv6 and IPv4 (dual stack); --until-end makes recv end on the end
marker (not counted) instead of on silence, then wait half a second for
extras. DST may be an IPv6 address.
"""
import os
import socket
import sys
import time


OPTS = {'src': None, 'sport': 0, 'v6': False, 'until_end': False}
# Payload that tells a --until-end receiver the senders are done: unlike an
# idle timeout it does not depend on how long the senders take to start.
END = b'edgetsn-udp-end'


def sender(dst):
    family = socket.AF_INET6 if ':' in dst else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    if OPTS['src'] or OPTS['sport']:
        s.bind((OPTS['src'] or '', OPTS['sport']))
    return s


def send(dst, port, count, size, prios, tos=0):
    s = sender(dst)
    if ':' in dst:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tos)
    else:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, tos)
    payload = bytes(size)
    for i in range(count):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, prios[i % len(prios)])
        s.sendto(payload, (dst, port))


def recv(port, idle, expect=None):
    s = socket.socket(socket.AF_INET6 if OPTS['v6'] else socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    if OPTS['v6']:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(('::', port))
    else:
        s.bind(('0.0.0.0', port))
    print('ready', flush=True)
    # The first datagram may take long (a sender starting under TCG); after
    # it, IDLE_SECONDS of silence ends the count. The case's timeout bounds it.
    n = 0
    if OPTS['until_end']:
        while s.recv(65536) != END:
            n += 1
        s.settimeout(0.5)
    else:
        s.recv(65536)
        n = 1
        s.settimeout(idle)
    try:
        while True:
            if expect is not None and n >= expect:
                s.settimeout(0.5)
            if s.recv(65536) != END:
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


def flood_until(dst, port, stopfile, size, prios):
    # Runs until told to stop: under TCG any fixed duration is a guess.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = bytes(size)
    print('flooding', flush=True)
    while not os.path.exists(stopfile):
        for prio in prios * 50:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_PRIORITY, prio)
            try:
                s.sendto(payload, (dst, port))
            except OSError:
                pass  # the qdisc went away under us: that is the point


def stream(dst, port, stopfile, gap):
    s = sender(dst)
    n = 0
    while not os.path.exists(stopfile):
        s.sendto(bytes(64), (dst, port))
        n += 1
        time.sleep(gap)
    s.sendto(END, (dst, port))
    print(n, flush=True)


def end(dst, port):
    sender(dst).sendto(END, (dst, port))


def take_options(argv):
    OPTS['src'] = None
    OPTS['sport'] = 0
    out = []
    i = 0
    while i < len(argv):
        if argv[i] == '--src':
            OPTS['src'] = argv[i + 1]
            i += 2
            continue
        if argv[i] == '--sport':
            OPTS['sport'] = int(argv[i + 1])
            i += 2
            continue
        if argv[i] == '--v6':
            OPTS['v6'] = True
        elif argv[i] == '--until-end':
            OPTS['until_end'] = True
        else:
            out.append(argv[i])
        i += 1
    return out


def main(argv):
    argv = take_options(argv)
    if argv[1] == 'send':
        send(argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
             [int(p) for p in argv[6].split(',')], int(argv[7], 0) if len(argv) > 7 else 0)
    elif argv[1] == 'recv':
        recv(int(argv[2]), float(argv[3]), int(argv[4]) if len(argv) > 4 else None)
    elif argv[1] == 'stream':
        stream(argv[2], int(argv[3]), argv[4], float(argv[5]))
    elif argv[1] == 'flood':
        flood(argv[2], int(argv[3]), float(argv[4]), int(argv[5]))
    elif argv[1] == 'flood-until':
        flood_until(argv[2], int(argv[3]), argv[4], int(argv[5]),
                    [int(p) for p in argv[6].split(',')])
    elif argv[1] == 'end':
        end(argv[2], int(argv[3]))
    elif argv[1] == 'batch':
        # One interpreter for many sends: each start costs about a second
        # in the guest. Only send/end lines, so a batch cannot block.
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            if words[0] not in ('send', 'end'):
                sys.exit('batch: only send and end lines: ' + line.strip())
            main([argv[0]] + words)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
