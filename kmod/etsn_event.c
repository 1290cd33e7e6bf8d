// SPDX-License-Identifier: GPL-2.0
/*
 * The event sink of etsn qdiscs: one callback, RCU-protected, that the
 * generic-netlink family sets when it registers and clears before it
 * unregisters; and the per-qdisc ring that carries events raised in the
 * gate timer to process context.
 */
#include <linux/kernel.h>
#include <linux/rcupdate.h>

#include "etsn_event.h"

static etsn_event_sink_t __rcu etsn_sink;

/**
 * etsn_event_sink_set() - route events to @sink
 * @sink: the deliverer; one at a time
 */
void etsn_event_sink_set(etsn_event_sink_t sink)
{
	rcu_assign_pointer(etsn_sink, sink);
}

/**
 * etsn_event_sink_clear() - stop routing events
 *
 * Returns once no call of the old sink runs any more, so that its owner
 * may go away.
 */
void etsn_event_sink_clear(void)
{
	RCU_INIT_POINTER(etsn_sink, NULL);
	synchronize_rcu();
}

/**
 * etsn_event_send() - hand an event to the sink now
 * @dev: the device the event is about
 * @ev: the event
 *
 * Process context. Best effort: without a sink the event is dropped.
 */
void etsn_event_send(struct net_device *dev, const struct etsn_event *ev)
{
	etsn_event_sink_t sink;

	rcu_read_lock();
	sink = rcu_dereference(etsn_sink);
	if (sink)
		sink(dev, ev);
	rcu_read_unlock();
}

static void etsn_event_ring_work(struct work_struct *work)
{
	struct etsn_event_ring *r = container_of(work, struct etsn_event_ring, work);
	struct etsn_event ev;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&r->lock, flags);
		if (!r->count) {
			spin_unlock_irqrestore(&r->lock, flags);
			return;
		}
		ev = r->ev[r->head];
		r->head = (r->head + 1) % ETSN_EV_RING;
		r->count--;
		spin_unlock_irqrestore(&r->lock, flags);
		etsn_event_send(r->dev, &ev);
	}
}

void etsn_event_ring_init(struct etsn_event_ring *r, struct net_device *dev)
{
	spin_lock_init(&r->lock);
	INIT_WORK(&r->work, etsn_event_ring_work);
	r->dev = dev;
	r->head = 0;
	r->count = 0;
}

/**
 * etsn_event_ring_queue() - send @ev later, from process context
 * @r: the qdisc's ring
 * @ev: the event
 *
 * Any context. A full ring drops the event: a storm of clock steps, whose
 * counters still tell.
 */
void etsn_event_ring_queue(struct etsn_event_ring *r,
			   const struct etsn_event *ev)
{
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	if (r->count < ETSN_EV_RING) {
		r->ev[(r->head + r->count) % ETSN_EV_RING] = *ev;
		r->count++;
		schedule_work(&r->work);
	}
	spin_unlock_irqrestore(&r->lock, flags);
}

/* Sends what is queued; the caller has stopped whatever queues more. */
void etsn_event_ring_flush(struct etsn_event_ring *r)
{
	flush_work(&r->work);
}
