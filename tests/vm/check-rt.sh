#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The PREEMPT_RT flavours of 6.1 and 6.12: the cases where RT changes what
# the module does (hrtimer and softirq context, sleeping spinlocks), booted
# like the others: the schedule engine (gate hrtimer, guard band, drops,
# delete and rmmod under traffic) and the family through etsnctl. Loading,
# unloading and plain tc attach, which module_load and qdisc_basic add, are
# in those two already: they run on the other kernels only (make check's
# budget). Last line: "rt: N passed, N failed, N skipped".
top=$(cd "$(dirname "$0")/../.." && pwd)
EDGETSN_VM_STAGE=rt exec "$top/tests/vm/check.sh" -k 6.1-rt -k 6.12-rt \
	etsn_drops etsnctl_sched "$@"
