#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Bulk TCP for VM cases.

  tcp_bulk.py recv PORT      prints "ready" once listening, then, after one
                             connection closed, "BYTES SECONDS": what arrived
                             and for how long (first byte to end of stream)
  tcp_bulk.py send DST PORT SECONDS
                             sendall() of 64 KiB buffers for SECONDS, then
                             closes; prints the bytes handed to the socket
"""
import socket
import sys
import time


def recv(port):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(1)
    print("ready", flush=True)
    conn, _ = srv.accept()
    total, first = 0, None
    while True:
        data = conn.recv(1 << 20)
        if not data:
            break
        if first is None:
            first = time.monotonic()
        total += len(data)
    end = time.monotonic()
    print(total, f"{end - (first or end):.3f}", flush=True)


def send(dst, port, seconds):
    sock = socket.create_connection((dst, port), timeout=30)
    buf = b"\0" * 65536
    total, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        sock.sendall(buf)
        total += len(buf)
    sock.close()
    print(total, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "recv":
        recv(int(sys.argv[2]))
    elif sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        sys.exit(f"usage: {sys.argv[0]} recv PORT | send DST PORT SECONDS")
