// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agent_evq.h"

int etsn_evq_init(struct etsn_evq *q, size_t max)
{
	memset(q, 0, sizeof(*q));
	q->max = max;
	if (!max)
		return 0;
	q->items = calloc(max, sizeof(*q->items));
	return q->items ? 0 : -ENOMEM;
}

void etsn_evq_free(struct etsn_evq *q)
{
	while (q->count)
		etsn_evq_pop(q);
	free(q->items);
	q->items = NULL;
}

int etsn_evq_push(struct etsn_evq *q, const char *kind, const char *payload)
{
	struct etsn_evq_item it = { strdup(kind), strdup(payload) };

	if (!q->max || !it.kind || !it.payload) {
		free(it.kind);
		free(it.payload);
		q->dropped++;
		return q->max ? -ENOMEM : 0;
	}
	if (q->count == q->max) {
		etsn_evq_pop(q);
		q->dropped++;
	}
	q->items[(q->head + q->count) % q->max] = it;
	q->count++;
	return 0;
}

const struct etsn_evq_item *etsn_evq_peek(const struct etsn_evq *q)
{
	return q->count ? &q->items[q->head] : NULL;
}

void etsn_evq_pop(struct etsn_evq *q)
{
	if (!q->count)
		return;
	free(q->items[q->head].kind);
	free(q->items[q->head].payload);
	q->head = (q->head + 1) % q->max;
	q->count--;
}

uint64_t etsn_evq_take_dropped(struct etsn_evq *q)
{
	uint64_t n = q->dropped;

	q->dropped = 0;
	return n;
}
