// SPDX-License-Identifier: GPL-2.0
/*
 * The etsn qdisc: 8 traffic classes, each a FIFO with packet and byte
 * limits, chosen by skb->priority through a 16-entry map, served highest
 * class first among those whose gate is open (802.1Qbv). A frame leaves
 * only if its transmission ends before its gate closes (guard band); a
 * preemptible frame on a link with active MAC merge only needs its first
 * fragment to (802.1Qbu). Without a schedule every gate is open: an
 * unconfigured etsn is a priority FIFO. Management frames (PTP) have a
 * queue of their own, served first and deaf to the gates, kept only out of
 * protected windows (etsn_guard_protect_fits()).
 *
 * Frame lengths (limits, max-SDU) are qdisc_pkt_len(): the frame from its
 * MAC header on, as the qdisc sees it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/timekeeping.h>
#include <net/pkt_cls.h>
#include <net/pkt_sched.h>
#include <net/sch_generic.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_mgmt.h"
#include "etsn_qdisc.h"
#include "etsn_time.h"
#include "sch_etsn.h"

static struct Qdisc_ops etsn_qdisc_ops;

/* What dequeue would send now. */
struct etsn_pick {
	struct etsn_class *cl;
	struct etsn_rt *rt;	/* schedule in force, NULL: all gates open */
	u32 index;		/* its entry in force */
	s64 now;
	s64 close;		/* when the class's gate closes */
	s64 limit;		/* when @rt stops: a pending change, or never */
	struct etsn_rt *next;	/* the schedule that takes over then, or NULL */
	bool pmac;		/* preemptible with MAC merge active */
};

static bool etsn_pmac(const struct etsn_qdisc *q, int tc)
{
	return q->cfg.cls[tc].preemptible && q->mm_state == EDGETSN_MM_ACTIVE;
}

/*
 * The schedule in force at @p->now (NULL: all gates open): the admin one
 * once its change time has passed, even if the timer has not swapped it in
 * yet. @p->limit: when it stops (a pending change), %ETSN_NEVER otherwise;
 * @p->next: the pending admin schedule, NULL if none.
 */
static void etsn_rt_now(struct etsn_qdisc *q, struct etsn_pick *p)
{
	struct etsn_rt *adm = rcu_dereference_bh(q->admin);
	/* A clock step moves it (etsn_follow_clock()). */
	s64 change = adm ? READ_ONCE(adm->change_time) : ETSN_NEVER;

	p->limit = ETSN_NEVER;
	p->next = NULL;
	if (adm && p->now >= change) {
		p->rt = adm;
		return;
	}
	if (adm) {
		p->limit = change;
		p->next = adm;
	}
	smp_rmb();	/* pairs with etsn_advance() */
	p->rt = rcu_dereference_bh(q->oper);
}

/*
 * Queues @skb in @cl (class @tc's queue, or the management queue, which
 * takes the limits of the class it stands in for) after its max-SDU and
 * limit checks.
 */
static int etsn_enqueue_one(struct sk_buff *skb, struct Qdisc *sch,
			    struct etsn_class *cl, int tc, u32 sdu,
			    struct sk_buff **to_free)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	const struct etsn_class_cfg *cc = &q->cfg.cls[tc];
	u32 len = qdisc_pkt_len(skb);

	if (sdu && len > sdu) {
		cl->st.drop_oversize++;
		return qdisc_drop(skb, sch, to_free);
	}
	if (cl->q.qlen >= cc->limit_pkts ||
	    (cc->limit_bytes && cl->st.backlog_bytes + len > cc->limit_bytes)) {
		cl->st.drop_queue_full++;
		return qdisc_drop(skb, sch, to_free);
	}
	etsn_cb(skb)->enq_ns = etsn_stamp_ns();
	etsn_cb(skb)->deferred = 0;
	__qdisc_enqueue_tail(skb, &cl->q);
	if (cl != &q->mgmt)
		q->backlogged |= BIT(tc);
	cl->st.backlog_packets++;
	cl->st.backlog_bytes += len;
	cl->st.enq_packets++;
	cl->st.enq_bytes += len;
	qdisc_qstats_backlog_inc(sch, skb);
	sch->q.qlen++;
	return NET_XMIT_SUCCESS;
}

/*
 * Whether a GSO frame is to be cut into its segments: when it is longer
 * than the max-SDU (explicit, or the longest window at the link speed) and
 * they are not, or when @gated: its gate closes and guard bands apply. A
 * whole frame of up to 64 kB waits for a gap as long as itself, which a
 * late gate timer never finds; its segments fill each window as they would
 * on the wire.
 */
static bool etsn_gso_split(struct sk_buff *skb, u32 sdu, bool gated)
{
	if (!skb_is_gso(skb))
		return false;
	if (sdu && !skb_gso_validate_mac_len(skb, sdu))
		return false;	/* its segments are too long as well */
	return gated || (sdu && qdisc_pkt_len(skb) > sdu);
}

/* At enqueue: whether class @tc's gate closes under @rt at a known speed. */
static bool etsn_gated(const struct etsn_qdisc *q, const struct etsn_rt *rt,
		       int tc)
{
	int view = etsn_pmac(q, tc) ? ETSN_VIEW_PMAC : ETSN_VIEW_EXPRESS;

	return rt && q->speed && rt->max_window[view][tc] != ETSN_WINDOW_ENDLESS;
}

/*
 * The segments of GSO frame @skb (left to the caller), each with its own
 * length as qdisc_pkt_len(), or NULL if it cannot be cut.
 */
static struct sk_buff *etsn_gso_segment(struct sk_buff *skb)
{
	netdev_features_t features = netif_skb_features(skb);
	struct sk_buff *segs, *seg;

	segs = skb_gso_segment(skb, features & ~NETIF_F_GSO_MASK);
	if (IS_ERR_OR_NULL(segs))
		return NULL;
	for (seg = segs; seg; seg = seg->next)
		qdisc_skb_cb(seg)->pkt_len = seg->len;
	return segs;
}

/*
 * A frame the parents counted as one of @len bytes is now @n of @slen
 * (also at dequeue: etsn is root only, where this is a no-op).
 */
static void etsn_gso_tell_parents(struct Qdisc *sch, u32 n, u32 len, u32 slen)
{
	if (n)
		qdisc_tree_reduce_backlog(sch, 1 - (int)n, (int)(len - slen));
}

/* The segments of a GSO frame go into @cl one by one, each counted. */
static int etsn_enqueue_segmented(struct sk_buff *skb, struct Qdisc *sch,
				  struct etsn_class *cl, int tc, u32 sdu,
				  struct sk_buff **to_free)
{
	u32 len = qdisc_pkt_len(skb), slen = 0, numsegs = 0;
	struct sk_buff *segs, *nskb;

	segs = etsn_gso_segment(skb);
	if (!segs) {
		/* Cannot be cut: it stays longer than the max-SDU. */
		cl->st.drop_oversize++;
		return qdisc_drop(skb, sch, to_free);
	}
	skb_list_walk_safe(segs, segs, nskb) {
		u32 seglen = qdisc_pkt_len(segs);

		skb_mark_not_on_list(segs);
		if (etsn_enqueue_one(segs, sch, cl, tc, sdu,
				     to_free) == NET_XMIT_SUCCESS) {
			numsegs++;
			slen += seglen;
		}
	}
	etsn_gso_tell_parents(sch, numsegs, len, slen);
	consume_skb(skb);
	return numsegs ? NET_XMIT_SUCCESS : NET_XMIT_DROP;
}

/*
 * A management frame: a PTP message (never GSO), or of a configured
 * priority (TCP may hand it over as GSO: etsn_select_mgmt() cuts it).
 */
static bool etsn_is_mgmt(const struct etsn_qdisc *q, const struct sk_buff *skb,
			 u32 prio)
{
	if (q->cfg.mgmt_prios & BIT(prio))
		return true;
	return q->cfg.mgmt_exempt && !skb_is_gso(skb) && etsn_mgmt_is_ptp(skb);
}

static int etsn_enqueue(struct sk_buff *skb, struct Qdisc *sch,
			struct sk_buff **to_free)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	u32 prio = min_t(u32, skb->priority, EDGETSN_NUM_PRIO - 1);
	struct etsn_rt *rt;
	int tc, ret;
	u32 sdu;

	tc = q->cfg.prio_tc[prio];
	if (!etsn_tc_classify(sch, skb, &tc, &ret)) {
		if (ret & __NET_XMIT_BYPASS)
			qdisc_qstats_drop(sch);
		__qdisc_drop(skb, to_free);
		return ret;
	}
	if (etsn_is_mgmt(q, skb, prio)) {
		sdu = etsn_class_explicit_max_sdu(q, tc);
		if (skb_is_gso(skb) && etsn_gso_split(skb, sdu, false))
			return etsn_enqueue_segmented(skb, sch, &q->mgmt, tc,
						      sdu, to_free);
		return etsn_enqueue_one(skb, sch, &q->mgmt, tc, sdu, to_free);
	}
	rt = rcu_dereference_bh(q->oper);
	if (rt) {
		int view = etsn_pmac(q, tc) ? ETSN_VIEW_PMAC : ETSN_VIEW_EXPRESS;

		if (!(rt->ever_open[view] & BIT(tc))) {
			q->cls[tc].st.drop_gate_never_opens++;
			return qdisc_drop(skb, sch, to_free);
		}
	}
	sdu = etsn_class_max_sdu(q, rt, tc);
	if (skb_is_gso(skb) && etsn_gso_split(skb, sdu, etsn_gated(q, rt, tc)))
		return etsn_enqueue_segmented(skb, sch, &q->cls[tc], tc, sdu,
					      to_free);
	return etsn_enqueue_one(skb, sch, &q->cls[tc], tc, sdu, to_free);
}

/* Class @tc's queue may have become empty: keep the bitmap true. */
static void etsn_class_drained(struct etsn_qdisc *q, int tc)
{
	if (!q->cls[tc].q.qlen)
		q->backlogged &= ~BIT(tc);
}

/*
 * Drops the head frame of @cl: it became longer than the class's max-SDU
 * after it was queued (the link speed became known or slower, the
 * schedule changed) and would block the class forever.
 */
static void etsn_drop_head(struct Qdisc *sch, struct etsn_class *cl)
{
	struct sk_buff *skb = __qdisc_dequeue_head(&cl->q);

	cl->st.backlog_packets--;
	cl->st.backlog_bytes -= qdisc_pkt_len(skb);
	cl->st.drop_oversize++;
	qdisc_qstats_backlog_dec(sch, skb);
	qdisc_qstats_drop(sch);
	sch->q.qlen--;
	kfree_skb(skb);
}

/*
 * Puts the segments of @cl's head frame, a GSO frame that would not go
 * whole, in its place and order; one that cannot be cut is dropped as
 * oversize. They keep its enqueue time and deferral. Counted as enqueue
 * counts them (etsn_enqueue_segmented()): they were accepted, not it.
 */
static void etsn_segment_head(struct Qdisc *sch, struct etsn_class *cl)
{
	struct sk_buff *skb = cl->q.head, *segs, *seg, *last = NULL;
	struct etsn_skb_cb cb = *etsn_cb(skb);
	u32 len = qdisc_pkt_len(skb), slen = 0, n = 0;

	segs = etsn_gso_segment(skb);
	if (!segs) {
		etsn_drop_head(sch, cl);
		return;
	}
	for (seg = segs; seg; seg = seg->next) {
		*etsn_cb(seg) = cb;
		slen += qdisc_pkt_len(seg);
		n++;
		last = seg;
	}
	__qdisc_dequeue_head(&cl->q);
	last->next = cl->q.head;
	cl->q.head = segs;
	if (!cl->q.tail)
		cl->q.tail = last;
	cl->q.qlen += n;
	cl->st.backlog_packets += n - 1;
	cl->st.backlog_bytes = cl->st.backlog_bytes - len + slen;
	cl->st.enq_packets += n - 1;
	cl->st.enq_bytes = cl->st.enq_bytes - len + slen;
	sch->q.qlen += n - 1;
	sch->qstats.backlog = sch->qstats.backlog - len + slen;
	etsn_gso_tell_parents(sch, n, len, slen);
	consume_skb(skb);
}

/*
 * Whether the head management frame may go at @p->now: outside protected
 * windows and ending before the next one, be it the schedule in force's or,
 * across a pending change, the admin's (even the first schedule's, with no
 * schedule in force). A GSO frame held back is cut in place: whole, it
 * may need a gap longer than any between protected windows, and would
 * block every management frame behind it. Counts deferrals.
 */
static bool etsn_select_mgmt(struct etsn_qdisc *q, struct etsn_pick *p,
			     const struct etsn_rt_pos *pos)
{
	u8 mask = q->cfg.mgmt_protect;
	s64 protect = ETSN_NEVER;
	struct sk_buff *skb;

	p->cl = &q->mgmt;
	p->pmac = false;
	if (!p->rt && !p->next)
		return true;
	if (p->rt)
		protect = etsn_rt_next_open(p->rt, pos, ETSN_VIEW_EXPRESS, mask);
	if (p->next)
		protect = etsn_rt_handover_open(p->next, p->limit, protect,
						ETSN_VIEW_EXPRESS, mask);
again:
	skb = q->mgmt.q.head;
	if (!skb)
		return false;	/* an uncuttable frame was dropped */
	if (!etsn_guard_protect_fits(max(p->now, q->wire_busy_until), protect,
				     qdisc_pkt_len(skb), q->cfg.overhead,
				     q->speed)) {
		/* Its segments are shorter than the max-SDU it passed whole. */
		if (skb_is_gso(skb)) {
			etsn_segment_head(q->sch, &q->mgmt);
			goto again;
		}
		if (!etsn_cb(skb)->deferred) {
			etsn_cb(skb)->deferred = 1;
			q->mgmt.st.guard_deferrals++;
			q->sch->qstats.overlimits++;
		}
		return false;
	}
	p->close = protect;
	p->index = pos->index;
	return true;
}

/*
 * Drops every frame of @cl: its gate no longer opens (a new schedule, the
 * class turned preemptible, a MAC merge change) and they would stay
 * queued forever, charged to their sockets.
 */
static void etsn_purge_class(struct Qdisc *sch, struct etsn_class *cl)
{
	struct sk_buff *skb;

	while ((skb = __qdisc_dequeue_head(&cl->q))) {
		cl->st.backlog_packets--;
		cl->st.backlog_bytes -= qdisc_pkt_len(skb);
		cl->st.drop_purged++;
		qdisc_qstats_backlog_dec(sch, skb);
		qdisc_qstats_drop(sch);
		sch->q.qlen--;
		kfree_skb(skb);
	}
}

/*
 * Highest class whose head frame may go now; counts guard deferrals. Only
 * classes with frames are looked at (the bitmap): their heads are on cache
 * lines of their own.
 */
static bool etsn_select(struct Qdisc *sch, struct etsn_pick *p)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct etsn_rt_pos pos = {};
	unsigned long todo;
	int tc;

	if (!sch->q.qlen)
		return false;
	p->rt = NULL;
	p->next = NULL;
	p->close = ETSN_NEVER;
	p->limit = ETSN_NEVER;
	p->now = 0;
	if (rcu_access_pointer(q->oper) || rcu_access_pointer(q->admin)) {
		u32 gen = READ_ONCE(q->clock_gen);

		/* The clock was stepped: the wire model's time is stale. */
		if (unlikely(gen != q->wire_gen)) {
			q->wire_busy_until = 0;
			q->wire_gen = gen;
		}
		p->now = etsn_now(q->clockid);
		etsn_rt_now(q, p);
		if (p->rt && etsn_rt_lookup_cached(p->rt, p->now, &pos))
			return false;	/* beyond s64 time: nothing opens */
	}
	if (q->mgmt.q.head && etsn_select_mgmt(q, p, &pos))
		return true;
	for (todo = q->backlogged; todo; todo &= ~BIT(tc)) {
		struct etsn_class *cl;
		struct sk_buff *skb;
		u32 sdu;
		int view;

		tc = __fls(todo);
		cl = &q->cls[tc];
again:
		skb = cl->q.head;
		if (!skb) {
			etsn_class_drained(q, tc);
			continue;
		}
		p->cl = cl;
		p->pmac = etsn_pmac(q, tc);
		if (!p->rt && !p->next)
			return true;
		view = p->pmac ? ETSN_VIEW_PMAC : ETSN_VIEW_EXPRESS;
		if (p->rt && !(etsn_rt_open(p->rt, pos.index, view) & BIT(tc))) {
			/* Never again, unless a pending admin opens it. */
			if (!(p->rt->ever_open[view] & BIT(tc)) && !p->next) {
				etsn_purge_class(sch, cl);
				etsn_class_drained(q, tc);
			}
			continue;
		}
		p->close = p->rt ? etsn_rt_gate_close(p->rt, &pos, view, tc) : ETSN_NEVER;
		/* Past a pending change, the admin's first entries rule. */
		if (p->next)
			p->close = etsn_rt_handover_close(p->next, p->limit, p->close,
							  view, tc);
		/* It starts once the frames handed over before it have left. */
		if (!etsn_guard_fits(max(p->now, q->wire_busy_until), p->close,
				     qdisc_pkt_len(skb),
				     q->cfg.overhead, q->speed, p->pmac,
				     q->mm_min_frag)) {
			sdu = etsn_class_max_sdu(q, p->rt, tc);
			/* Queued whole: no schedule, window or speed then. */
			if (etsn_gso_split(skb, sdu, true)) {
				etsn_segment_head(sch, cl);
				goto again;
			}
			if (sdu && qdisc_pkt_len(skb) > sdu) {
				etsn_drop_head(sch, cl);
				goto again;
			}
			if (!etsn_cb(skb)->deferred) {
				etsn_cb(skb)->deferred = 1;
				cl->st.guard_deferrals++;
				sch->qstats.overlimits++;
			}
			continue;
		}
		p->index = pos.index;
		return true;
	}
	return false;
}

static struct sk_buff *etsn_peek(struct Qdisc *sch)
{
	struct etsn_pick p;

	return etsn_select(sch, &p) ? p.cl->q.head : NULL;
}

/*
 * Entry counters, and the wire modelled as busy until the frames handed to
 * the device would have left it (the guard band starts a frame behind
 * them), also before a first schedule. Without a speed nothing is modelled.
 */
static void etsn_account_entry(struct etsn_qdisc *q, const struct etsn_pick *p,
			       u32 len)
{
	if (p->rt) {
		struct etsn_entry_stats *es = &p->rt->estats[p->index];

		es->frames++;
		es->bytes += len;
	}
	if (!q->speed)
		return;
	q->wire_busy_until = max(p->now, q->wire_busy_until) +
			     etsn_tx_time_ns(len, q->cfg.overhead, q->speed);
}

/*
 * Counts a management frame being handed over that will still be on the
 * wire (as the wire is modelled, from @p->now or after the frames before
 * it) when a protected window begins, or that starts inside one: what its
 * guard band is there to prevent. It walks the schedules' entries rather
 * than asking the guard band's tables again. At an unknown speed only the
 * start is known. Before etsn_account_entry() moves the wire on.
 */
static void etsn_check_overrun(struct etsn_qdisc *q, const struct etsn_pick *p,
			       u32 len)
{
	s64 start = max(p->now, q->wire_busy_until);
	s64 end = start + max_t(u64, etsn_tx_time_ns(len, q->cfg.overhead, q->speed), 1);
	u8 mask = q->cfg.mgmt_protect;
	bool hit;

	hit = p->rt && etsn_rt_opens_within(p->rt, start, min(end, p->limit),
					    ETSN_VIEW_EXPRESS, mask);
	if (!hit && end > p->limit)
		hit = etsn_rt_opens_within(p->next, max(start, p->limit), end,
					   ETSN_VIEW_EXPRESS, mask);
	if (hit)
		q->mgmt.st.protect_overruns++;
}

/* Time @skb spent queued; 0 if the stamps of two CPUs disagree. */
static u64 etsn_sojourn_ns(struct sk_buff *skb)
{
	s64 d = (s64)(etsn_stamp_ns() - etsn_cb(skb)->enq_ns);

	return d > 0 ? d : 0;
}

static struct sk_buff *etsn_dequeue(struct Qdisc *sch)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	struct etsn_pick p;
	struct sk_buff *skb;
	u32 len;

	if (!etsn_select(sch, &p))
		return NULL;
	skb = __qdisc_dequeue_head(&p.cl->q);
	len = qdisc_pkt_len(skb);
	p.cl->st.backlog_packets--;
	p.cl->st.backlog_bytes -= len;
	p.cl->st.sent_packets++;
	p.cl->st.sent_bytes += len;
	if (p.cl != &q->mgmt)
		etsn_class_drained(q, p.cl - q->cls);
	etsn_sojourn_account(&p.cl->st, etsn_sojourn_ns(skb));
	if ((p.rt || p.next) && p.cl == &q->mgmt)
		etsn_check_overrun(q, &p, len);
	if (p.rt || p.next)
		etsn_account_entry(q, &p, len);
	qdisc_qstats_backlog_dec(sch, skb);
	qdisc_bstats_update(sch, skb);
	sch->q.qlen--;
	return skb;
}

static void etsn_purge(struct Qdisc *sch)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	int tc;

	for (tc = 0; tc < EDGETSN_NUM_TC; tc++) {
		__qdisc_reset_queue(&q->cls[tc].q);
		q->cls[tc].st.backlog_packets = 0;
		q->cls[tc].st.backlog_bytes = 0;
	}
	q->backlogged = 0;
	__qdisc_reset_queue(&q->mgmt.q);
	q->mgmt.st.backlog_packets = 0;
	q->mgmt.st.backlog_bytes = 0;
	sch->q.qlen = 0;
	sch->qstats.backlog = 0;
}

static void etsn_reset(struct Qdisc *sch)
{
	etsn_purge(sch);
}

static int etsn_init(struct Qdisc *sch, struct nlattr *opt,
		     struct netlink_ext_ack *extack)
{
	struct etsn_qdisc *q = qdisc_priv(sch);
	int i, err;

	BUILD_BUG_ON(sizeof(struct etsn_skb_cb) > QDISC_CB_PRIV_LEN);
	q->sch = sch;
	etsn_oper_init(q);
	etsn_link_init(q);
	/*
	 * As a child, drop-head would not tell the parent (its backlog would
	 * drift) and peek is not idempotent: root only, as taprio.
	 */
	if (sch->parent != TC_H_ROOT) {
		NL_SET_ERR_MSG(extack, "etsn can only be attached as the root qdisc");
		return -EOPNOTSUPP;
	}
	if (opt) {
		NL_SET_ERR_MSG(extack, "etsn takes no tc options: configure it with etsnctl");
		return -EINVAL;
	}
	err = tcf_block_get(&q->block, &q->filter_list, sch, extack);
	if (err)
		return err;
	/* Priorities 0..7 map to the class of the same number, 8..15 to 7. */
	for (i = 0; i < EDGETSN_NUM_PRIO; i++)
		q->cfg.prio_tc[i] = min(i, EDGETSN_NUM_TC - 1);
	for (i = 0; i < EDGETSN_NUM_TC; i++)
		q->cfg.cls[i].limit_pkts = ETSN_DEFAULT_LIMIT;
	q->cfg.overhead = ETSN_DEFAULT_OVERHEAD;
	/* ptp4l faults a port whose timestamps wait behind a gate. */
	q->cfg.mgmt_exempt = true;
	q->cfg.mgmt_protect = ETSN_MGMT_DEFAULT_PROTECT;
	/* The queues start empty: qdisc_alloc() zeroes the private area. */
	etsn_link_refresh(q);
	q->ready = true;
	etsn_notify(q, EDGETSN_CMD_EV_QDISC_NEW, 0, 0, 0);
	return 0;
}

static void etsn_destroy(struct Qdisc *sch)
{
	struct etsn_qdisc *q = qdisc_priv(sch);

	etsn_link_destroy(q);
	etsn_oper_destroy(q);
	tcf_block_put(q->block);
	etsn_purge(sch);
	if (q->ready)
		etsn_notify(q, EDGETSN_CMD_EV_QDISC_DEL, 0, 0, 0);
}

static int etsn_dump(struct Qdisc *sch, struct sk_buff *skb)
{
	return skb->len;
}

static struct Qdisc_ops etsn_qdisc_ops __read_mostly = {
	.id		= EDGETSN_QDISC_KIND,
	.cl_ops		= &etsn_tc_class_ops,
	.priv_size	= sizeof(struct etsn_qdisc),
	.enqueue	= etsn_enqueue,
	.dequeue	= etsn_dequeue,
	.peek		= etsn_peek,
	.init		= etsn_init,
	.reset		= etsn_reset,
	.destroy	= etsn_destroy,
	.dump		= etsn_dump,
	.owner		= THIS_MODULE,
};

struct Qdisc *etsn_qdisc_of(struct net_device *dev)
{
	struct Qdisc *sch = rtnl_dereference(dev->qdisc);

	return sch && sch->ops == &etsn_qdisc_ops ? sch : NULL;
}

/* The ops, for the KUnit suite that drives a qdisc directly. */
const struct Qdisc_ops *etsn_qdisc_ops_kunit(void)
{
	return &etsn_qdisc_ops;
}
ETSN_EXPORT_FOR_KUNIT(etsn_qdisc_ops_kunit);

int etsn_qdisc_register(void)
{
	int err;

	err = etsn_link_notifier_register();
	if (err)
		return err;
	err = register_qdisc(&etsn_qdisc_ops);
	if (err)
		etsn_link_notifier_unregister();
	return err;
}

void etsn_qdisc_unregister(void)
{
	unregister_qdisc(&etsn_qdisc_ops);
	etsn_link_notifier_unregister();
	/* Schedules freed by call_rcu() run our callback: wait for them. */
	rcu_barrier();
}

/* tc autoloads qdiscs as sch_<kind> (6.1) or net-sch-<kind> (6.9+). */
MODULE_ALIAS("sch_" EDGETSN_QDISC_KIND);
MODULE_ALIAS("net-sch-" EDGETSN_QDISC_KIND);
