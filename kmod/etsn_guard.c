// SPDX-License-Identifier: GPL-2.0
/*
 * Wire time, guard band and max-SDU. The arithmetic comes first, free of
 * any state so that KUnit can check it for every speed and size; then a
 * class's max-SDU under the schedule in force, as the data path applies it
 * and as the family reports it. Speeds are in Mb/s, so one byte lasts 8000 / speed
 * ns; a speed of 0 means unknown, and then no guard band applies.
 */
#include <linux/if_ether.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/netdevice.h>
#include <linux/overflow.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_qdisc.h"

/**
 * etsn_tx_time_ns() - time a frame occupies the wire
 * @bytes: frame length as the qdisc sees it (from the MAC header on)
 * @overhead: bytes the wire adds (FCS, preamble, SFD, inter-frame gap)
 * @speed_mbps: link speed, 0 = unknown
 *
 * Return: ns, rounded up; 0 when the speed is unknown.
 */
u64 etsn_tx_time_ns(u32 bytes, u32 overhead, u32 speed_mbps)
{
	u64 bits = ((u64)bytes + overhead) * 8;

	if (!speed_mbps)
		return 0;
	/* bits * 1000 < 2^46: no overflow. */
	return div_u64(bits * 1000 + speed_mbps - 1, speed_mbps);
}
ETSN_EXPORT_FOR_KUNIT(etsn_tx_time_ns);

/**
 * etsn_min_interval_ns() - shortest schedule entry a link can honour
 * @overhead: bytes the wire adds per frame
 * @speed_mbps: link speed, 0 = unknown
 *
 * A gate state that lasts less than a minimum frame (%ETH_ZLEN bytes plus
 * @overhead) on the wire carries nothing and costs a timer expiry.
 *
 * Return: ns; for an unknown speed, the time at %ETSN_FLOOR_SPEED.
 */
u64 etsn_min_interval_ns(u32 overhead, u32 speed_mbps)
{
	return etsn_tx_time_ns(ETH_ZLEN, overhead, speed_mbps ?: ETSN_FLOOR_SPEED);
}
ETSN_EXPORT_FOR_KUNIT(etsn_min_interval_ns);

/**
 * etsn_guard_fits() - may a frame start now without overrunning its gate
 * @now: start of the transmission
 * @close: when the frame's gate closes, %ETSN_NEVER if it stays open
 * @len: frame length
 * @overhead: per-frame overhead on the wire
 * @speed_mbps: link speed, 0 = unknown (then everything fits)
 * @preempt_active: the frame is preemptible and MAC merge is active: only
 *	its first fragment (@min_frag bytes) has to fit, the MAC holds the rest
 * @min_frag: shortest fragment the MAC merge layer sends
 *
 * Return: true when the transmission (or first fragment) ends no later
 * than @close.
 */
bool etsn_guard_fits(s64 now, s64 close, u32 len, u32 overhead,
		     u32 speed_mbps, bool preempt_active, u32 min_frag)
{
	u64 need;

	if (close == ETSN_NEVER || !speed_mbps)
		return true;
	if (now >= close)
		return false;
	if (preempt_active)
		len = min(len, min_frag);
	need = etsn_tx_time_ns(len, overhead, speed_mbps);
	return need <= (u64)close - (u64)now;
}
ETSN_EXPORT_FOR_KUNIT(etsn_guard_fits);

/**
 * etsn_guard_protect_fits() - may a frame start now, clear of protected windows
 * @now: start of the transmission
 * @protect: when the next protected window begins, or @now or earlier if
 *	one is in force; %ETSN_NEVER if none ever does
 * @len: frame length
 * @overhead: per-frame overhead on the wire
 * @speed_mbps: link speed, 0 = unknown
 *
 * Never inside a protected window, whatever the speed; before one, only if
 * the transmission ends by its start (at an unknown speed nothing can be
 * timed, so only the window itself is kept clear).
 *
 * Return: true when the frame may start at @now.
 */
bool etsn_guard_protect_fits(s64 now, s64 protect, u32 len, u32 overhead,
			     u32 speed_mbps)
{
	if (protect != ETSN_NEVER && now >= protect)
		return false;
	return etsn_guard_fits(now, protect, len, overhead, speed_mbps, false, 0);
}
ETSN_EXPORT_FOR_KUNIT(etsn_guard_protect_fits);

/**
 * etsn_auto_max_sdu() - longest frame a window can carry
 * @window_ns: the class's longest window, %ETSN_WINDOW_ENDLESS if its
 *	gate never closes
 * @overhead: per-frame overhead on the wire
 * @speed_mbps: link speed, 0 = unknown
 *
 * Return: the length in bytes; 0 when there is no limit (endless window or
 * unknown speed); 1 when not even the overhead fits, so every frame is
 * oversize.
 */
u32 etsn_auto_max_sdu(u64 window_ns, u32 overhead, u32 speed_mbps)
{
	u64 bytes;

	if (window_ns == ETSN_WINDOW_ENDLESS || !speed_mbps)
		return 0;
	/* Room for the longest frame a u32 counts: no limit (and no overflow). */
	if (window_ns >= etsn_tx_time_ns(U32_MAX, overhead, speed_mbps))
		return 0;
	bytes = mul_u64_u32_div(window_ns, speed_mbps, 8000);
	if (bytes <= (u64)overhead)
		return 1;
	bytes -= overhead;
	return bytes >= U32_MAX ? 0 : max_t(u32, bytes, 1);
}
ETSN_EXPORT_FOR_KUNIT(etsn_auto_max_sdu);

/**
 * etsn_effective_max_sdu() - the limit in force for a class
 * @explicit_sdu: the configured limit, 0 = none
 * @auto_sdu: etsn_auto_max_sdu(), 0 = none
 *
 * Return: the smaller of the two limits that exist, 0 if neither does.
 */
u32 etsn_effective_max_sdu(u32 explicit_sdu, u32 auto_sdu)
{
	if (!explicit_sdu)
		return auto_sdu;
	if (!auto_sdu)
		return explicit_sdu;
	return min(explicit_sdu, auto_sdu);
}
ETSN_EXPORT_FOR_KUNIT(etsn_effective_max_sdu);

/**
 * etsn_rt_auto_max_sdu() - automatic max-SDU of a class under a schedule
 * @rt: the schedule; the caller holds the qdisc lock
 * @tc: the class
 * @overhead: per-frame overhead on the wire
 * @speed: link speed, Mb/s, 0 = unknown
 *
 * etsn_auto_max_sdu() of the class's longest express window, worked out
 * for all classes once per speed and overhead instead of once per frame.
 *
 * Return: bytes, 0 = no limit.
 */
u32 etsn_rt_auto_max_sdu(struct etsn_rt *rt, int tc, u32 overhead, u32 speed)
{
	struct etsn_rt_cache *c = &rt->dp;
	int i;

	if (!c->sdu_valid || c->sdu_speed != speed || c->sdu_overhead != overhead) {
		for (i = 0; i < EDGETSN_NUM_TC; i++)
			c->sdu[i] = etsn_auto_max_sdu(rt->max_window[ETSN_VIEW_EXPRESS][i],
						      overhead, speed);
		c->sdu_speed = speed;
		c->sdu_overhead = overhead;
		c->sdu_valid = true;
	}
	return c->sdu[tc];
}
ETSN_EXPORT_FOR_KUNIT(etsn_rt_auto_max_sdu);

/*
 * Longest frame (from the MAC header on, as qdisc_pkt_len() counts) class
 * @tc may send: the explicit max-SDU plus the device's link-layer header
 * (802.1Q queueMaxSDU and taprio's max-sdu exclude it) and, for classes
 * that follow express rules, the longest frame its longest window carries.
 * A preemptible class with MAC merge active is fragmented instead. 0: no
 * limit. Qdisc lock held; @rt is the schedule in force (NULL: all open).
 */
u32 etsn_class_max_sdu(const struct etsn_qdisc *q, struct etsn_rt *rt, int tc)
{
	const struct etsn_class_cfg *cc = &q->cfg.cls[tc];
	u32 auto_len = 0;

	if (rt && !(cc->preemptible && q->mm_state == EDGETSN_MM_ACTIVE))
		auto_len = etsn_rt_auto_max_sdu(rt, tc, q->cfg.overhead, q->speed);
	return etsn_effective_max_sdu(etsn_class_explicit_max_sdu(q, tc), auto_len);
}
ETSN_EXPORT_FOR_KUNIT(etsn_class_max_sdu);

/*
 * Class @tc's configured max-SDU as a frame length (with the link-layer
 * header, as qdisc_pkt_len() counts it); 0: none. All the management
 * queue applies to a frame of the class: its frames pass closed gates.
 */
u32 etsn_class_explicit_max_sdu(const struct etsn_qdisc *q, int tc)
{
	u32 sdu = q->cfg.cls[tc].max_sdu, len;

	if (!sdu)
		return 0;
	if (check_add_overflow(sdu, (u32)qdisc_dev(q->sch)->hard_header_len, &len))
		return U32_MAX;
	return len;
}

/*
 * Class @tc's max-SDU as the family reports it (struct etsn_class_stats):
 * without the link-layer header, "no limit" when no frame the device's
 * MTU allows is refused, and closed when no frame can leave at all.
 */
void etsn_class_max_sdu_report(const struct etsn_qdisc *q, struct etsn_rt *rt,
			       int tc, struct etsn_class_stats *st)
{
	const struct net_device *dev = qdisc_dev(q->sch);
	bool pmac = q->cfg.cls[tc].preemptible && q->mm_state == EDGETSN_MM_ACTIVE;
	u32 len = etsn_class_max_sdu(q, rt, tc);
	int view = pmac ? ETSN_VIEW_PMAC : ETSN_VIEW_EXPRESS;

	st->closed = (rt && !(rt->ever_open[view] & BIT(tc))) ||
		     (len && len <= dev->hard_header_len);
	st->max_sdu_effective = 0;
	if (st->closed || !len)
		return;
	len -= dev->hard_header_len;
	/* An explicit limit shows as set; an automatic one only if it bites. */
	if (len == q->cfg.cls[tc].max_sdu || len < dev->mtu)
		st->max_sdu_effective = len;
}
ETSN_EXPORT_FOR_KUNIT(etsn_class_max_sdu_report);
