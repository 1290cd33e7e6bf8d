#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Prints an edgetsnd config with N_IFACES interfaces (default 4, named
# PREFIX0.., default "bp") and N_STREAMS PSFP streams (default 10000)
# spread over them, each with a two-rate meter; every fourth a gate, and
# a firewall with two rules per interface. For the RSS benchmark
# (docs/benchmarks.md) and tools/bench-agent-policy.sh.
# usage: tools/gen-agent-psfp.sh [N_IFACES [N_STREAMS [PREFIX]]] > FILE
set -eu
nif=${1:-4} nstreams=${2:-10000} prefix=${3:-bp}
if ! [[ $nif =~ ^[1-9][0-9]*$ && $nstreams =~ ^[0-9]+$ ]] || [ "$nif" -gt 64 ] ||
   [ $(( (nstreams + nif - 1) / nif )) -gt 16384 ]; then
	echo "usage: $0 [N_IFACES 1..64 [N_STREAMS, at most 16384 per interface [PREFIX]]]" >&2
	exit 2
fi
echo "# $nif interfaces, $nstreams PSFP streams (tools/gen-agent-psfp.sh $nif $nstreams $prefix)"
echo "interfaces:"
for ((i = 0; i < nif; i++)); do
	per=$(( nstreams / nif + (i < nstreams % nif ? 1 : 0) ))
	echo "  $prefix$i:"
	echo "    qdisc: none"
	echo "    firewall:"
	echo "      rules:"
	echo "        - 192.0.2.0/24"
	echo "        - port tcp 23"
	echo "    psfp:"
	echo "      unknown-policy: pass"
	echo "      streams:"
	awk -v n="$per" 'BEGIN {
		for (s = 0; s < n; s++) {
			if (s % 4 == 0)
				printf "        - id: %d\n          dst: 02:00:5e:%02x:%02x:%02x\n          cir: 1mbit\n          cbs: 3000\n          gate: base 0 cycle 1ms open 250us closed 750us\n", s, int(s / 65536), int(s / 256) % 256, s % 256
			else
				printf "        - id %d ip 10.%d.%d.%d 10.255.0.1 proto udp sport 5000 dport 6000 cir 2mbit cbs 1500 eir 1mbit ebs 1500\n", s, int(s / 65536), int(s / 256) % 256, s % 256
		}
	}'
done
