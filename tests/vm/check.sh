#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VM integration tests: for each kernel, build the module against it, boot
# it once and run its cases of tests/vm/cases/ (or the ones named).
#   tests/vm/check.sh [-k KERNEL]... [CASE...]
# Kernels default to $EDGETSN_VM_KERNELS or "6.1 6.12 kunit".
#
# Which kernels run a case is written in the case itself, as a line
#   # vm-kernels: stock debug
# ("stock": Debian's 6.1 and 6.12; "debug": the KUnit/debug kernel; no line
# means both). A case named on the command line runs on every kernel given.
# The debug kernel (KASAN, lockdep, kmemleak) is for what exercises our
# kernel code; BPF verifier and timing cases mean more on the stock kernels.
# Its case kunit_suites runs the KUnit suites first in the same boot: each
# KUnit case is one test here, read from the KTAP it leaves.
#
# A case that needs a second machine names its script on a line
#   # vm-peer: tests/vm/peers/NAME.sh
# Then a small peer VM (same kernel, its console in build/vm/KERNEL-peer.log)
# runs that script first, joined to the case's VM by a QEMU socket network
# (run-vm --link: eth0 in both); it is stopped once the case's VM ends. One
# peer per boot: the first such line among the cases run.
#
# A case that needs a PTP hardware clock has a line "# vm-phc-nic: yes":
# the boot gets QEMU's e1000e (run-vm --phc-nic), whose driver the case
# loads itself (modprobe e1000e) and finds by its MAC, 52:54:00:e7:5e:10.
#
# A case whose numbers suffer from a busy host (gate timer lateness,
# TCP rate, ptp4l's transmit timestamps) has a line "# vm-timing: yes":
# such cases run last in their boot, after make check's debug kernel
# compile (make -j2 beside the VM) has most likely ended. Not a case with
# a peer VM: the peer boots with the boot and ends after 600 s idle.
#
# Last line: "vm: N passed, N failed, N skipped" (one test = one case on
# one kernel; EDGETSN_VM_STAGE replaces "vm" for a stage of its own).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/vm/kernels.sh"
. "$top/tests/vm/peer-vm.sh"

kernels=()
while [ $# -gt 0 ]; do
	case "$1" in
	-k) kernels+=("$2"); shift 2 ;;
	*) break ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || read -r -a kernels <<< "${EDGETSN_VM_KERNELS:-6.1 6.12 kunit}"
named=()
for c in "$@"; do
	f=$top/tests/vm/cases/${c%.sh}.sh
	[ -f "$f" ] || { echo "vm: no case $c" >&2; exit 2; }
	named+=("$f")
done

# kernel_class KERNEL: the word a case's vm-kernels line uses for it.
kernel_class() {
	case "$1" in
	kunit) echo debug ;;
	*-rt) echo rt ;;
	*) echo stock ;;
	esac
}

# cases_for KERNEL: the cases this kernel runs, kunit_suites first (its
# KTAP is read from the start of dmesg, and a broken module fails fast),
# the timing cases last.
cases_for() {
	local class f kinds
	class=$(kernel_class "$1")
	if [ ${#named[@]} -gt 0 ]; then
		printf '%s\n' "${named[@]}"
		return
	fi
	for f in "$top"/tests/vm/cases/kunit_suites.sh "$top"/tests/vm/cases/*.sh; do
		case "$(basename "$f")" in lib.sh) continue ;; esac
		kinds=$(sed -n 's/^# vm-kernels: //p' "$f" | head -n 1)
		[[ " ${kinds:-stock debug} " = *" $class "* ]] || continue
		grep -qx '# vm-timing: yes' "$f" && echo "1 $f" || echo "0 $f"
	done | awk '!seen[$0]++' | sort -s -k1,1n | cut -d' ' -f2-
}

label=${EDGETSN_VM_STAGE:-vm}
passed=0 failed=0 skipped=0
for k in "${kernels[@]}"; do
	mapfile -t cases < <(cases_for "$k")
	[ ${#cases[@]} -gt 0 ] || continue
	out=$top/build/vm/out-$k
	kodir=$top/build/kmod/$k
	rm -rf "$out"; mkdir -p "$out"
	kunit_flag=
	[ "$k" = kunit ] && kunit_flag=--kunit
	if ! vm_resolve_kernel "$k" || ! "$top/tools/build-kmod.sh" $kunit_flag "$vm_kernel_build" "$kodir"; then
		echo "vm[$k]: cannot build the module for this kernel"
		failed=$((failed + ${#cases[@]}))
		continue
	fi
	# A hang must end, a slow kernel must not: the limit grows with the
	# cases, twice as fast for the debug kernel (KASAN makes it ~3x slower
	# than stock).
	limit=$((600 + 150 * ${#cases[@]}))
	[ "$k" = kunit ] && limit=$((2 * limit))
	link_args=()
	peer=$(sed -n 's/^# vm-peer: //p' "${cases[@]}" | head -n 1)
	if [ -n "$peer" ]; then
		if ! start_peer "$k" "$top/$peer" "$limit" "$out/peer" "$top/build/vm/$k-peer.log"; then
			failed=$((failed + ${#cases[@]}))
			continue
		fi
		echo "vm[$k]: peer VM $peer on 127.0.0.1:$peer_port"
		link_args=(--link "connect:$peer_port")
	fi
	grep -qx '# vm-phc-nic: yes' "${cases[@]}" && link_args+=(--phc-nic)
	echo "vm[$k]: booting $vm_kernel_release for ${#cases[@]} case(s)"
	"$top/tests/vm/run-vm" -q -k "$k" -o "$out" -l "$top/build/vm/$k.log" -t "$limit" \
		"${link_args[@]}" "$top/tests/vm/guest-cases.sh" "$kodir" "${cases[@]}"
	vmrc=$?
	stop_peer
	for f in "${cases[@]}"; do
		name=$(basename "$f" .sh)
		took=$(sed -n "s/^$name \([0-9]*\)\$/ (\1 s)/p" "$out/times" 2>/dev/null)
		if grep -qx "ok $name" "$out/results" 2>/dev/null && [ "$vmrc" != 126 ]; then
			echo "ok    $k/$name$took"
			passed=$((passed + 1))
		elif grep -qx "skip $name" "$out/results" 2>/dev/null && [ "$vmrc" != 126 ]; then
			echo "skip  $k/$name: $(tr -d '\r' < "$top/build/vm/$k.log" |
				sed -n "s/^\[$name\] SKIP: //p" | tail -n 1)"
			skipped=$((skipped + 1))
		else
			echo "FAIL  $k/$name$took (console: build/vm/$k.log)"
			tr -d '\r' < "$top/build/vm/$k.log" | grep -a "^\[$name\]" | tail -n 15
			failed=$((failed + 1))
		fi
		if [ "$name" = kunit_suites ]; then
			# Every KUnit case counts; a suite that never reported fails.
			"$top/tests/kunit/ktap-check.sh" "$out" > "$out/ktap.txt"
			sed '$d' "$out/ktap.txt" | sed "s/^/  $k\//"
			read -r _ p _ f _ s _ <<< "$(tail -n 1 "$out/ktap.txt")"
			passed=$((passed + ${p:-0})) failed=$((failed + ${f:-1}))
			skipped=$((skipped + ${s:-0}))
		fi
	done
	[ "$vmrc" = 126 ] && echo "vm[$k]: kernel splat: every case on this kernel fails"
done
echo "$label: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
