#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vm-kernels: stock
# Every BPF object the build makes passes this kernel's verifier: bpftool
# loads all programs of each object (the type from its section) in a
# private bpffs, so objects that pin maps by name cannot see each other's
# pins or leave any behind.
. "$(dirname "$0")/lib.sh"
shopt -s nullglob
objs=("$repo_top"/build/bpf/*.bpf.o)
[ ${#objs[@]} -gt 0 ] || fail "no BPF objects in build/bpf (make bpf)"
n=0
for obj in "${objs[@]}"; do
	name=$(basename "$obj" .bpf.o)
	progs=$(unshare -m sh -ec '
		mount -t bpf bpf /sys/fs/bpf
		mkdir /sys/fs/bpf/progs
		bpftool prog loadall "$1" /sys/fs/bpf/progs >&2
		ls /sys/fs/bpf/progs' sh "$obj") ||
		fail "the verifier rejected $name (see above)"
	[ -n "$progs" ] || fail "$name: no program loaded"
	echo "ok $name: $(echo $progs)"
	n=$((n + 1))
done
echo "$n objects pass the verifier of $(uname -r)"
