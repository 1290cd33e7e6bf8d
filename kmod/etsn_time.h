/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time of 802.1Qbv schedules: the clocks they run on, and where a point in
 * time falls relative to a schedule's base time and cycle time.
 */
#ifndef _ETSN_TIME_H
#define _ETSN_TIME_H

#include <linux/types.h>

bool etsn_clockid_valid(clockid_t clockid);
s64 etsn_now(clockid_t clockid);
int etsn_next_cycle_start(s64 base, u64 cycle, s64 now, s64 *start);
int etsn_cycle_offset(s64 base, u64 cycle, s64 t, u64 *offset);
int etsn_reanchor(s64 base, u64 cycle, s64 now, s64 *anchor);

#endif /* _ETSN_TIME_H */
