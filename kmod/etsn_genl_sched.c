// SPDX-License-Identifier: GPL-2.0
/*
 * EDGETSN_CMD_SCHED_SET and _GET: schedules between netlink attributes and
 * struct etsn_gcl, and the 802.1Qbv status.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <net/genetlink.h>
#include <linux/edgetsn.h>

#include "etsn_gcl.h"
#include "etsn_genl_priv.h"

static bool etsn_clock_known(u32 clockid)
{
	return clockid == CLOCK_TAI || clockid == CLOCK_REALTIME ||
	       clockid == CLOCK_MONOTONIC || clockid == CLOCK_BOOTTIME;
}

static int etsn_parse_entry(struct nlattr *nest, struct etsn_gcl_entry *e,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGETSN_A_ENTRY_MAX + 1];
	int err;

	err = nla_parse_nested(tb, EDGETSN_A_ENTRY_MAX, nest, NULL, extack);
	if (err)
		return err;
	if (!tb[EDGETSN_A_ENTRY_GATES]) {
		ETSN_ERR_ATTR(extack, nest, "entry lacks EDGETSN_A_ENTRY_GATES");
		return -EINVAL;
	}
	if (!tb[EDGETSN_A_ENTRY_INTERVAL]) {
		ETSN_ERR_ATTR(extack, nest, "entry lacks EDGETSN_A_ENTRY_INTERVAL");
		return -EINVAL;
	}
	e->op = tb[EDGETSN_A_ENTRY_OP] ? nla_get_u8(tb[EDGETSN_A_ENTRY_OP]) :
					 EDGETSN_GATE_OP_SET;
	if (e->op >= __EDGETSN_GATE_OP_MAX) {
		ETSN_ERR_ATTR(extack, tb[EDGETSN_A_ENTRY_OP],
			      "unknown gate operation: 0 set, 1 set-and-hold, 2 set-and-release");
		return -EINVAL;
	}
	e->gates = nla_get_u8(tb[EDGETSN_A_ENTRY_GATES]);
	e->interval = nla_get_u32(tb[EDGETSN_A_ENTRY_INTERVAL]);
	if (!e->interval) {
		ETSN_ERR_ATTR(extack, tb[EDGETSN_A_ENTRY_INTERVAL],
			      "entry interval must be at least 1 ns");
		return -EINVAL;
	}
	return 0;
}

/* A kvmalloc()ed schedule from EDGETSN_A_SCHED_ADMIN, or an ERR_PTR. */
static struct etsn_gcl *etsn_parse_sched(struct nlattr *nest, u32 *clockid,
					 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[EDGETSN_A_SCHED_MAX + 1];
	struct etsn_gcl *gcl;
	struct nlattr *a;
	int err, rem, n = 0;

	err = nla_parse_nested(tb, EDGETSN_A_SCHED_MAX, nest, NULL, extack);
	if (err)
		return ERR_PTR(err);
	*clockid = CLOCK_TAI;
	if (tb[EDGETSN_A_SCHED_CLOCKID]) {
		*clockid = nla_get_u32(tb[EDGETSN_A_SCHED_CLOCKID]);
		if (!etsn_clock_known(*clockid)) {
			ETSN_ERR_ATTR(extack, tb[EDGETSN_A_SCHED_CLOCKID],
				      "unknown clock: use CLOCK_TAI, CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME");
			return ERR_PTR(-EINVAL);
		}
	}
	nla_for_each_nested(a, nest, rem)
		n += nla_type(a) == EDGETSN_A_SCHED_ENTRY;
	if (!n) {
		ETSN_ERR_ATTR(extack, nest, "a schedule needs at least one EDGETSN_A_SCHED_ENTRY");
		return ERR_PTR(-EINVAL);
	}
	if (n > EDGETSN_MAX_ENTRIES) {
		ETSN_ERR_ATTR(extack, nest, "a schedule holds at most 1024 entries");
		return ERR_PTR(-EINVAL);
	}
	gcl = kvzalloc(struct_size(gcl, entries, n), GFP_KERNEL);
	if (!gcl)
		return ERR_PTR(-ENOMEM);
	n = 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != EDGETSN_A_SCHED_ENTRY)
			continue;
		err = etsn_parse_entry(a, &gcl->entries[n++], extack);
		if (err) {
			kvfree(gcl);
			return ERR_PTR(err);
		}
	}
	gcl->num_entries = n;
	if (tb[EDGETSN_A_SCHED_BASE_TIME])
		gcl->base_time = nla_get_s64(tb[EDGETSN_A_SCHED_BASE_TIME]);
	if (tb[EDGETSN_A_SCHED_CYCLE_TIME])
		gcl->cycle_time = nla_get_u64(tb[EDGETSN_A_SCHED_CYCLE_TIME]);
	if (tb[EDGETSN_A_SCHED_CYCLE_TIME_EXT])
		gcl->cycle_time_ext = nla_get_u64(tb[EDGETSN_A_SCHED_CYCLE_TIME_EXT]);
	return gcl;
}

int etsn_nl_sched_set(struct sk_buff *skb, struct genl_info *info)
{
	struct etsn_target t;
	struct etsn_gcl *gcl;
	u32 clockid;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, EDGETSN_A_SCHED_ADMIN)) {
		ETSN_ERR(info->extack, "EDGETSN_A_SCHED_ADMIN (the schedule) is required");
		return -EINVAL;
	}
	gcl = etsn_parse_sched(info->attrs[EDGETSN_A_SCHED_ADMIN], &clockid,
			       info->extack);
	if (IS_ERR(gcl))
		return PTR_ERR(gcl);
	rtnl_lock();
	err = etsn_genl_target(info, true, &t);
	if (err)
		kvfree(gcl);
	else
		err = etsn_sched_set(t.sch, gcl, clockid, info->extack);
	rtnl_unlock();
	return err;
}

static int etsn_put_gcl(struct sk_buff *msg, int type,
			const struct etsn_gcl *gcl, u32 clockid)
{
	struct nlattr *nest, *entry;
	u32 i;

	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_s64(msg, EDGETSN_A_SCHED_BASE_TIME, gcl->base_time,
			EDGETSN_A_SCHED_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_SCHED_CYCLE_TIME, gcl->cycle_time,
			      EDGETSN_A_SCHED_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_SCHED_CYCLE_TIME_EXT,
			      gcl->cycle_time_ext, EDGETSN_A_SCHED_PAD) ||
	    nla_put_u32(msg, EDGETSN_A_SCHED_CLOCKID, clockid))
		goto cancel;
	for (i = 0; i < gcl->num_entries; i++) {
		entry = nla_nest_start(msg, EDGETSN_A_SCHED_ENTRY);
		if (!entry ||
		    nla_put_u8(msg, EDGETSN_A_ENTRY_OP, gcl->entries[i].op) ||
		    nla_put_u8(msg, EDGETSN_A_ENTRY_GATES, gcl->entries[i].gates) ||
		    nla_put_u32(msg, EDGETSN_A_ENTRY_INTERVAL,
				gcl->entries[i].interval))
			goto cancel;
		nla_nest_end(msg, entry);
	}
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* Room for one schedule in a message. */
static size_t etsn_gcl_msg_size(const struct etsn_gcl *gcl)
{
	if (!gcl)
		return 0;
	return nla_total_size(0) + 3 * nla_total_size_64bit(8) +
	       nla_total_size(4) + gcl->num_entries *
	       (nla_total_size(0) + 2 * nla_total_size(1) + nla_total_size(4));
}

int etsn_put_status(struct sk_buff *msg, const struct etsn_sched_status *st)
{
	struct nlattr *nest = nla_nest_start(msg, EDGETSN_A_STATUS);

	if (!nest)
		return -EMSGSIZE;
	if ((st->config_pending &&
	     nla_put_flag(msg, EDGETSN_A_STATUS_CONFIG_PENDING)) ||
	    nla_put_s64(msg, EDGETSN_A_STATUS_CONFIG_CHANGE_TIME,
			st->config_change_time, EDGETSN_A_STATUS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR,
			      st->config_change_error, EDGETSN_A_STATUS_PAD) ||
	    nla_put_u32(msg, EDGETSN_A_STATUS_CURRENT_ENTRY, st->current_entry) ||
	    nla_put_s64(msg, EDGETSN_A_STATUS_CURRENT_TIME, st->now,
			EDGETSN_A_STATUS_PAD) ||
	    nla_put_u8(msg, EDGETSN_A_STATUS_GATES, st->gates) ||
	    nla_put_u32(msg, EDGETSN_A_STATUS_CLOCKID, st->clockid)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int etsn_put_sched_stats(struct sk_buff *msg,
			 const struct etsn_sched_status *st)
{
	struct nlattr *nest = nla_nest_start(msg, EDGETSN_A_SCHED_STATS);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, EDGETSN_A_SCHED_STATS_CYCLES, st->cycles,
			      EDGETSN_A_SCHED_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_SCHED_STATS_CONFIG_CHANGES,
			      st->config_changes, EDGETSN_A_SCHED_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_SCHED_STATS_TIMER_LATE,
			      st->timer_late, EDGETSN_A_SCHED_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_SCHED_STATS_TIMER_LATENESS_MAX,
			      st->timer_lateness_max, EDGETSN_A_SCHED_STATS_PAD) ||
	    nla_put_u64_64bit(msg, EDGETSN_A_SCHED_STATS_CLOCK_STEPS,
			      st->clock_steps, EDGETSN_A_SCHED_STATS_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int etsn_nl_sched_get(struct sk_buff *skb, struct genl_info *info)
{
	struct etsn_gcl *oper = NULL, *admin = NULL;
	struct etsn_sched_status st;
	struct sk_buff *msg = NULL;
	struct etsn_target t;
	void *hdr;
	int err;

	rtnl_lock();
	err = etsn_genl_target(info, true, &t);
	if (!err)
		err = etsn_sched_get(t.sch, &oper, &admin, &st);
	if (err)
		goto out;
	err = -ENOMEM;
	msg = genlmsg_new(NLMSG_GOODSIZE + etsn_gcl_msg_size(oper) +
			  etsn_gcl_msg_size(admin), GFP_KERNEL);
	if (!msg)
		goto out;
	err = -EMSGSIZE;
	hdr = etsn_genl_reply_start(msg, info, EDGETSN_CMD_SCHED_GET);
	if (!hdr || etsn_genl_put_dev(msg, t.dev) ||
	    (oper && etsn_put_gcl(msg, EDGETSN_A_SCHED_OPER, oper, st.clockid)) ||
	    (admin && etsn_put_gcl(msg, EDGETSN_A_SCHED_ADMIN, admin, st.clockid)) ||
	    etsn_put_status(msg, &st) || etsn_put_sched_stats(msg, &st))
		goto out;
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
out:
	rtnl_unlock();
	nlmsg_free(msg);
	kvfree(oper);
	kvfree(admin);
	return err;
}
