/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time on the wire: how long a frame takes at a link speed, whether it ends
 * before its gate closes or a protected window opens (the guard band, with
 * 802.1Qbu preemption), and the longest frame a window can carry
 * (automatic max-SDU). A class's max-SDU under a schedule: etsn_qdisc.h.
 */
#ifndef _ETSN_GUARD_H
#define _ETSN_GUARD_H

#include <linux/types.h>

/* FCS 4 + preamble 7 + SFD 1 + inter-frame gap 12 bytes. */
#define ETSN_DEFAULT_OVERHEAD	24
/* Beyond any Ethernet frame plus overhead; keeps the arithmetic small. */
#define ETSN_MAX_OVERHEAD	1024
/* 1.6 Tb/s: above any Ethernet speed. */
#define ETSN_MAX_SPEED		1600000
/* Speed the shortest entry is judged at when the link speed is unknown. */
#define ETSN_FLOOR_SPEED	10000
/* Window or gate close time of a gate that never closes. */
#define ETSN_NEVER		S64_MAX
#define ETSN_WINDOW_ENDLESS	U64_MAX

u64 etsn_tx_time_ns(u32 bytes, u32 overhead, u32 speed_mbps);
bool etsn_guard_fits(s64 now, s64 close, u32 len, u32 overhead,
		     u32 speed_mbps, bool preempt_active, u32 min_frag);
bool etsn_guard_protect_fits(s64 now, s64 protect, u32 len, u32 overhead,
			     u32 speed_mbps);
u64 etsn_min_interval_ns(u32 overhead, u32 speed_mbps);
u32 etsn_auto_max_sdu(u64 window_ns, u32 overhead, u32 speed_mbps);
u32 etsn_effective_max_sdu(u32 explicit_sdu, u32 auto_sdu);

#endif /* _ETSN_GUARD_H */
