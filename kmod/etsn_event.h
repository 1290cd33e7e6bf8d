/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events of etsn qdiscs and the sink they leave through. The qdisc side
 * fills a struct etsn_event and hands it here; whoever registered the sink
 * (the generic-netlink family, at its registration) delivers it. The qdisc
 * knows nothing of netlink, and with no sink an event is simply dropped.
 */
#ifndef _ETSN_EVENT_H
#define _ETSN_EVENT_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct net_device;

/**
 * struct etsn_event - one event of a qdisc
 * @cmd: EDGETSN_CMD_EV_*
 * @time: EDGETSN_A_EV_TIME (SCHED_OPER, CLOCK_STEP)
 * @error: EDGETSN_A_EV_ERROR (CONFIG_ERROR)
 * @link_speed: EDGETSN_A_EV_LINK_SPEED (LINK_SPEED)
 */
struct etsn_event {
	u8 cmd;
	s64 time;
	s32 error;
	u32 link_speed;
};

/*
 * Delivers @ev about @dev. Called under rcu_read_lock() (it must not
 * sleep), in process context, with or without RTNL held (it must not take
 * RTNL).
 */
typedef void (*etsn_event_sink_t)(struct net_device *dev,
				  const struct etsn_event *ev);

void etsn_event_sink_set(etsn_event_sink_t sink);
void etsn_event_sink_clear(void);
void etsn_event_send(struct net_device *dev, const struct etsn_event *ev);

#define ETSN_EV_RING	8

/**
 * struct etsn_event_ring - events raised where they cannot be sent (a
 * timer, a spinlock held), sent later from a work item
 * @lock: guards the ring
 * @work: sends what the ring holds
 * @dev: the device the events are about
 * @ev: the ring
 * @head: oldest event
 * @count: events held
 */
struct etsn_event_ring {
	spinlock_t lock;
	struct work_struct work;
	struct net_device *dev;
	struct etsn_event ev[ETSN_EV_RING];
	u32 head;
	u32 count;
};

void etsn_event_ring_init(struct etsn_event_ring *r, struct net_device *dev);
void etsn_event_ring_queue(struct etsn_event_ring *r,
			   const struct etsn_event *ev);
void etsn_event_ring_flush(struct etsn_event_ring *r);

#endif /* _ETSN_EVENT_H */
