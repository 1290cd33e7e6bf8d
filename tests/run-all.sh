#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make check`: every stage, each with its own summary line, then a table of
# the stages (wall time, counts) and the total.
#   tests/run-all.sh [--quick]
# Two lanes run side by side on the two cores:
#  - the debug lane builds the KUnit/debug kernel (cached; niced, so that it
#    takes the CPU the VMs leave idle), boots it once for the KUnit suites
#    and the VM cases that exercise our kernel code, then runs the
#    PREEMPT_RT kernels' cases, the DKMS builds, the harness self-test, a
#    fresh clone's `make demo` and the fuzzers;
#  - the main lane runs the other host stages and the VM cases on the
#    stock kernels (the longest stage).
# Both lanes keep the two cores busy: a stage moves between them when one
# lane ends minutes before the other (make check's total is the later).
# --quick (make check-quick): the host stages but fuzz and dkms, beside the
# VM cases on stock 6.1.
# A stage that ends without a summary line counts as one failure. Logs of
# each stage: build/check/<stage>.log.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
dir=build/check
rm -rf "$dir"; mkdir -p "$dir"
t0=$(date +%s)

# run_stage NAME CMD...: runs one stage, its output to the log (and to
# stdout unless QUIET=1), its result to $dir/NAME.result as
# "start took passed failed skipped". NAME "-" marks a step that is no test
# stage (the kernel build): it counts one failure if it fails, nothing else.
run_stage() {
	local name=$1 start line p f s rc
	shift
	start=$(date +%s)
	echo "== $name: $*" | tee -a "$dir/lanes.txt"
	if [ "${QUIET:-0}" = 1 ]; then
		"$@" > "$dir/$name.log" 2>&1
	else
		"$@" 2>&1 | tee "$dir/$name.log"
	fi
	rc=${PIPESTATUS[0]}
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$dir/$name.log" | tail -n 1)
	read -r p f s < <(sed -n 's/^[a-z]*: \([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\{0,1\}.*/\1 \2 \4/p' <<< "$line")
	if [ -z "$line" ]; then
		p=0 f=1 s=0
		[ "${STEP:-0}" = 1 ] && [ "$rc" = 0 ] && f=0
		[ "$f" = 1 ] && echo "== $name: no summary line (status $rc): counted as a failure" |
			tee -a "$dir/$name.log"
	fi
	echo "$((start - t0)) $(( $(date +%s) - start )) $p $f ${s:-0}" > "$dir/$name.result"
	echo "== $name took $(( $(date +%s) - start ))s" | tee -a "$dir/lanes.txt"
	[ "$f" = 0 ]
}

debug_lane() {
	# The kernel build only: the modules against it are built by the VM stage.
	STEP=1 run_stage debug-kernel nice -n 10 tests/vm/kunit-kernel.sh &&
		EDGETSN_VM_STAGE=debug run_stage debug tests/vm/check.sh -k kunit
	# What needs no debug kernel but would lengthen the main lane, whose
	# stock-kernel VMs are the longest stage: the PREEMPT_RT kernels, the
	# DKMS builds, the harness self-test, a fresh clone's make demo and
	# the fuzzers.
	run_stage rt tests/vm/check-rt.sh
	run_stage dkms tools/check-dkms.sh
	run_stage harness tests/vm/selftest.sh
	run_stage demo tools/check-demo.sh
	run_stage fuzz make -s check-fuzz
}

quick=0
[ "${1:-}" = --quick ] && quick=1
if [ "$quick" = 1 ]; then
	# The 6.1 VM is the long pole: the host stages run beside it.
	lane2=(vm)
	QUIET=1 run_stage vm env EDGETSN_VM_KERNELS=6.1 tests/vm/check.sh &
	lane2_pid=$!
	main=("style:tools/check-style.sh" "unit:make -s check-unit" "bpf:make -s check-bpf" "policy:make -s check-policy"
	      "frer:make -s check-frer" "agent:make -s check-agent")
else
	lane2=(debug-kernel debug rt dkms harness demo fuzz)
	QUIET=1 debug_lane &
	lane2_pid=$!
	main=("style:tools/check-style.sh" "unit:make -s check-unit" "bpf:make -s check-bpf" "policy:make -s check-policy" "frer:make -s check-frer" "agent:make -s check-agent"
	      "vm:env EDGETSN_VM_KERNELS='6.1 6.12' tests/vm/check.sh")
fi
for s in "${main[@]}"; do
	# shellcheck disable=SC2086
	eval run_stage "${s%%:*}" ${s#*:}
done
echo "== waiting for the second lane (${lane2[*]})"
wait "$lane2_pid"
for s in "${lane2[@]}"; do
	[ -f "$dir/$s.log" ] && { echo "== $s:"; cat "$dir/$s.log"; }
done

echo
echo "stage          start   took  passed  failed  skipped"
total_p=0 total_f=0 total_s=0
for s in "${main[@]%%:*}" "${lane2[@]}"; do
	if [ -f "$dir/$s.result" ]; then
		read -r start took p f sk < "$dir/$s.result"
	else
		start=- took=- p=0 f=1 sk=0
		echo "== $s did not run: counted as a failure"
	fi
	printf '%-12s %6ss %5ss %7d %7d %8d\n' "$s" "$start" "$took" "$p" "$f" "$sk"
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + sk))
done
echo "wall time: $(( $(date +%s) - t0 ))s"
# What failed, where the summary is read: CI keeps only the tail of the output.
if [ "$total_f" != 0 ]; then
	echo
	echo "failures (build/check/STAGE.log):"
	grep -E '^[[:space:]]*(FAIL|not ok )|^\[  FAILED  \]|^== .*(counted as a failure|did not run)' \
		"$dir"/*.log 2> /dev/null | sed "s|^$dir/||" | head -n 40
fi
echo
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
