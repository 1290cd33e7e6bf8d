#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A peer VM's remote control: runs COMMAND and answers UDP datagrams on
ADDR:PORT from the case's VM: "ping" (is it up), "stop" (the command
killed), "start" (run again), "quit" (stop it and end). Every reply is
"ok VERB", or "error VERB: reason". It also ends after IDLE seconds
without a datagram, so a case that died leaves no VM running.

    ptp_ctl.py ADDR PORT IDLE COMMAND...
"""
import signal
import socket
import subprocess
import sys


def main():
    addr, port, idle = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    cmd = sys.argv[4:]
    proc = None

    def stop():
        nonlocal proc
        if proc is not None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc = None

    def start():
        nonlocal proc
        if proc is None:
            proc = subprocess.Popen(cmd, stdout=sys.stdout, stderr=sys.stderr)

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((addr, port))
    sock.settimeout(idle)
    start()
    print(f"ptp_ctl: serving {addr}:{port}, running {' '.join(cmd)}", flush=True)
    while True:
        try:
            data, peer = sock.recvfrom(64)
        except socket.timeout:
            print("ptp_ctl: idle, ending", flush=True)
            stop()
            return 1
        verb = data.decode(errors="replace").strip()
        if verb == "stop":
            stop()
        elif verb == "start":
            start()
        elif verb not in ("ping", "quit"):
            sock.sendto(f"error {verb}: unknown".encode(), peer)
            continue
        print(f"ptp_ctl: {verb}", flush=True)
        sock.sendto(f"ok {verb}".encode(), peer)
        if verb == "quit":
            stop()
            return 0


if __name__ == "__main__":
    sys.exit(main())
