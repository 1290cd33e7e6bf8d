/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The agent's events kept while the MQTT broker is away: a bounded FIFO
 * of (kind, payload). When it is full the oldest event gives way to the
 * new one and is counted, so a long outage costs memory in proportion to
 * the configured bound (mqtt.queue-max) and the loss is reported.
 */
#ifndef EDGETSN_AGENT_EVQ_H
#define EDGETSN_AGENT_EVQ_H

#include <stddef.h>
#include <stdint.h>

struct etsn_evq_item {
	char *kind;
	char *payload;
};

struct etsn_evq {
	struct etsn_evq_item *items;	/* a ring of max slots */
	size_t max, head, count;
	uint64_t dropped;		/* given way since the last take_dropped */
};

/* max 0: nothing is kept, every event is counted as dropped. */
int etsn_evq_init(struct etsn_evq *q, size_t max);
void etsn_evq_free(struct etsn_evq *q);
/* Copies kind and payload in. 0, or -ENOMEM (the event counts as dropped). */
int etsn_evq_push(struct etsn_evq *q, const char *kind, const char *payload);
/* The oldest event, or NULL; it stays until etsn_evq_pop. */
const struct etsn_evq_item *etsn_evq_peek(const struct etsn_evq *q);
void etsn_evq_pop(struct etsn_evq *q);
/* The drop count, reset to 0. */
uint64_t etsn_evq_take_dropped(struct etsn_evq *q);

#endif
