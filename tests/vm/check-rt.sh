#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The PREEMPT_RT flavours of 6.1 and 6.12: the cases where RT changes what
# the module does (hrtimer and softirq context, sleeping spinlocks), booted
# like the others: the schedule engine (gate hrtimer, guard band, drops,
# delete under traffic) and the family through etsnctl. Last line: "rt: N passed, N failed".
top=$(cd "$(dirname "$0")/../.." && pwd)
EDGETSN_VM_STAGE=rt exec "$top/tests/vm/check.sh" -k 6.1-rt -k 6.12-rt \
	module_load qdisc_basic etsn_drops etsnctl_sched "$@"
