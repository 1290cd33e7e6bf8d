// SPDX-License-Identifier: GPL-2.0
/*
 * Link speed and MAC merge state of the device under an etsn qdisc. The
 * qdisc keeps a copy (its fast path cannot call ethtool): taken at init,
 * refreshed on NETDEV_UP/CHANGE/DOWN and wherever guard bands are derived
 * from it anew (class settings, a schedule installed). A change of the
 * speed in use is announced. Reading the link (CAPS_GET, open to all)
 * changes nothing.
 *
 * Guard bands must never rest on a stale "active": with it a preemptible
 * frame may start when only its first fragment fits, and if preemption is
 * in fact off it overruns the next express window. While a class is
 * preemptible and the device has MAC merge state to read:
 *  - a change made through ethtool (`ethtool --set-mm`, ETHTOOL_MSG_MM_SET)
 *    is heard of before the request returns (etsn_mm_ntf.c): an "active"
 *    falls back to express rules at once, and a read follows;
 *  - what the device changes on its own (verification with the link
 *    partner) is read every %ETSN_MM_RECHECK_MS by a work item; an
 *    "active" not confirmed within %ETSN_MM_LEASE_MS (RTNL busy all that
 *    time) falls back to express rules.
 * Express rules make every frame fit whole: never an overrun, at worst a
 * longer wait. Before 6.3 there is no MAC merge API: the state is
 * "unsupported" for good, every class uses express rules, and nothing is
 * polled.
 */
#include <linux/ethtool.h>
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/rtnetlink.h>
#include <linux/workqueue.h>
#include <net/pkt_sched.h>

#include "compat.h"
#include "etsn_guard.h"
#include "etsn_link.h"
#include "etsn_mm_ntf.h"
#include "etsn_qdisc.h"

/* The bound on how long a change the device makes itself goes unnoticed. */
#define ETSN_MM_RECHECK_MS	100
/* An "active" older than this is not trusted (3 reads missed). */
#define ETSN_MM_LEASE_MS	(3 * ETSN_MM_RECHECK_MS)
/* Retry when RTNL is busy. */
#define ETSN_MM_RETRY_MS	10

/**
 * etsn_mm_state_of() - what the MAC merge facts mean for preemption
 * @f: facts read from the device
 *
 * Return: an &enum edgetsn_mm_state; only %EDGETSN_MM_ACTIVE lets a
 * preemptible frame start with just its first fragment fitting.
 */
u32 etsn_mm_state_of(const struct etsn_mm_facts *f)
{
	if (!f->kernel_api)
		return EDGETSN_MM_UNSUPPORTED;
	if (!f->device_support)
		return EDGETSN_MM_NO_DEVICE_SUPPORT;
	if (f->tx_active && f->pmac_enabled && f->tx_enabled)
		return EDGETSN_MM_ACTIVE;
	if (!f->pmac_enabled || !f->tx_enabled)
		return EDGETSN_MM_DISABLED;
	if (f->verify_failed)
		return EDGETSN_MM_VERIFY_FAILED;
	if (f->verifying)
		return EDGETSN_MM_VERIFYING;
	return EDGETSN_MM_DISABLED;
}
ETSN_EXPORT_FOR_KUNIT(etsn_mm_state_of);

/**
 * etsn_speed_of() - an ethtool speed as edgetsn uses it
 * @ethtool_speed: &ethtool_link_settings.speed, Mb/s or SPEED_UNKNOWN
 *
 * Return: Mb/s, or 0 when unknown or implausible.
 */
u32 etsn_speed_of(u32 ethtool_speed)
{
	if (ethtool_speed == (u32)SPEED_UNKNOWN || ethtool_speed > ETSN_MAX_SPEED)
		return 0;
	return ethtool_speed;
}
ETSN_EXPORT_FOR_KUNIT(etsn_speed_of);

static u32 etsn_link_speed_read(struct net_device *dev)
{
	struct ethtool_link_ksettings ks = {};

	ASSERT_RTNL();
	if (__ethtool_get_link_ksettings(dev, &ks))
		return 0;
	return etsn_speed_of(ks.base.speed);
}

static void etsn_link_read(struct net_device *dev, struct etsn_link_info *info)
{
	struct etsn_mm_facts f;

	info->speed_reported = etsn_link_speed_read(dev);
	etsn_compat_read_mm(dev, &f);
	info->mm_state = etsn_mm_state_of(&f);
	info->mm_min_frag = info->mm_state == EDGETSN_MM_ACTIVE ? f.tx_min_frag : 0;
}

/* Stores @info in @q (RTNL held); announces a new speed in use. */
static void etsn_link_store(struct etsn_qdisc *q, const struct etsn_link_info *info)
{
	struct Qdisc *sch = q->sch;
	u32 old, speed, old_mm;

	sch_tree_lock(sch);
	old = q->speed;
	old_mm = q->mm_state;
	q->speed_reported = info->speed_reported;
	q->mm_state = info->mm_state;
	q->mm_min_frag = info->mm_min_frag;
	q->mm_confirmed = jiffies;
	speed = q->cfg.link_speed_override ?: q->speed_reported;
	q->speed = speed;
	sch_tree_unlock(sch);
	/* Preemptible classes changed views: a closed one's frames go. */
	if (info->mm_state != old_mm && READ_ONCE(sch->q.qlen))
		__netif_schedule(qdisc_root(sch));
	if (speed != old && q->ready)
		etsn_notify(q, EDGETSN_CMD_EV_LINK_SPEED, 0, 0, speed);
}

/* A MAC merge state that a read may change, and a class it matters to. */
static bool etsn_link_mm_watched(const struct etsn_qdisc *q)
{
	int tc;

	if (q->mm_state == EDGETSN_MM_UNSUPPORTED ||
	    q->mm_state == EDGETSN_MM_NO_DEVICE_SUPPORT)
		return false;
	for (tc = 0; tc < EDGETSN_NUM_TC; tc++)
		if (q->cfg.cls[tc].preemptible)
			return true;
	return false;
}

/* Arms or stops the periodic read and the notices after a read. RTNL held. */
static void etsn_link_mm_watch(struct etsn_qdisc *q)
{
	if (etsn_link_mm_watched(q)) {
		etsn_mm_ntf_watch(&q->mm_ntf, qdisc_dev(q->sch));
		mod_delayed_work(system_wq, &q->mm_work,
				 msecs_to_jiffies(ETSN_MM_RECHECK_MS));
	} else {
		etsn_mm_ntf_unwatch(&q->mm_ntf);
		cancel_delayed_work(&q->mm_work);
	}
}

/*
 * An "active" that is no longer known to hold (past its lease, or
 * @changed: ethtool changed the configuration) falls back to express rules
 * ("verifying": not confirmed) until a read confirms it again.
 */
static void etsn_link_mm_distrust(struct etsn_qdisc *q, bool changed)
{
	struct Qdisc *sch = q->sch;
	bool expired;

	/* No RTNL for sch_tree_lock(); etsn is only ever the root. */
	spin_lock_bh(qdisc_lock(sch));
	expired = q->mm_state == EDGETSN_MM_ACTIVE &&
		  (changed || time_after(jiffies, q->mm_confirmed +
					 msecs_to_jiffies(ETSN_MM_LEASE_MS)));
	if (expired) {
		q->mm_state = EDGETSN_MM_VERIFYING;
		q->mm_min_frag = 0;
	}
	spin_unlock_bh(qdisc_lock(sch));
	/* Queued frames of a class that no longer opens must go. */
	if (expired && READ_ONCE(sch->q.qlen)) {
		rcu_read_lock();
		__netif_schedule(qdisc_root(sch));
		rcu_read_unlock();
	}
}

/**
 * etsn_link_mm_recheck() - what the MAC merge work does each period
 * @q: the qdisc
 *
 * Reads the link facts again if RTNL can be had now, else lets a stale
 * "active" expire and tries again soon. Process context, RTNL not needed.
 */
void etsn_link_mm_recheck(struct etsn_qdisc *q)
{
	if (rtnl_trylock()) {
		etsn_link_refresh(q);
		rtnl_unlock();
		return;
	}
	etsn_link_mm_distrust(q, false);
	mod_delayed_work(system_wq, &q->mm_work,
			 msecs_to_jiffies(ETSN_MM_RETRY_MS));
}
ETSN_EXPORT_FOR_KUNIT(etsn_link_mm_recheck);

/*
 * ethtool changed the device's MAC merge configuration and holds RTNL
 * until it answers: no express window may rest on the old state that
 * long, and a read follows as soon as RTNL is free.
 */
static void etsn_link_mm_changed(struct etsn_mm_ntf_sub *sub)
{
	struct etsn_qdisc *q = container_of(sub, struct etsn_qdisc, mm_ntf);

	etsn_link_mm_distrust(q, true);
	mod_delayed_work(system_wq, &q->mm_work, 0);
}

static void etsn_link_mm_work(struct work_struct *work)
{
	etsn_link_mm_recheck(container_of(to_delayed_work(work),
					  struct etsn_qdisc, mm_work));
}

/* Early in init: etsn_link_destroy() may follow any later failure. */
void etsn_link_init(struct etsn_qdisc *q)
{
	INIT_DELAYED_WORK(&q->mm_work, etsn_link_mm_work);
	etsn_mm_ntf_init(&q->mm_ntf, etsn_link_mm_changed);
}

/* RTNL held; the work never waits for RTNL, so it can be waited for. */
void etsn_link_destroy(struct etsn_qdisc *q)
{
	etsn_mm_ntf_unwatch(&q->mm_ntf);	/* no notice requeues the work now */
	cancel_delayed_work_sync(&q->mm_work);
}

/**
 * etsn_link_refresh() - read the device's link facts into the qdisc
 * @q: the qdisc; RTNL held
 */
void etsn_link_refresh(struct etsn_qdisc *q)
{
	struct etsn_link_info info;

	ASSERT_RTNL();
	etsn_link_read(qdisc_dev(q->sch), &info);
	etsn_link_store(q, &info);
	etsn_link_mm_watch(q);
}

void etsn_link_info_get(struct net_device *dev, struct Qdisc *sch,
			struct etsn_link_info *info)
{
	struct etsn_qdisc *q = sch ? qdisc_priv(sch) : NULL;

	ASSERT_RTNL();
	memset(info, 0, sizeof(*info));
	etsn_link_read(dev, info);
	info->speed = info->speed_reported;
	if (q) {	/* written under RTNL as well */
		info->speed_override = q->cfg.link_speed_override;
		info->speed = q->speed;
	}
}
ETSN_EXPORT_FOR_KUNIT(etsn_link_info_get);

static int etsn_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct Qdisc *sch;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		sch = etsn_qdisc_of(dev);
		if (sch)
			etsn_link_refresh(qdisc_priv(sch));
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block etsn_netdev_nb = {
	.notifier_call = etsn_netdev_event,
};

int etsn_link_notifier_register(void)
{
	int err = etsn_mm_ntf_register();

	if (err)
		return err;
	err = register_netdevice_notifier(&etsn_netdev_nb);
	if (err)
		etsn_mm_ntf_unregister();
	return err;
}

void etsn_link_notifier_unregister(void)
{
	unregister_netdevice_notifier(&etsn_netdev_nb);
	etsn_mm_ntf_unregister();
}
