/* SPDX-License-Identifier: GPL-2.0 */
/* Counters of the etsn qdisc: sojourn histogram. */
#ifndef _ETSN_STATS_H
#define _ETSN_STATS_H

#include <linux/types.h>

u32 etsn_sojourn_bucket(u64 ns);

#endif /* _ETSN_STATS_H */
