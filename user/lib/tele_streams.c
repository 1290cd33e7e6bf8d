// SPDX-License-Identifier: GPL-2.0-or-later
/* The changed PSFP streams of a tick (tele_streams.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "psfp_show.h"
#include "tele_streams.h"

static uint32_t sum32(const struct etsn_psfp_counters *c)
{
	uint64_t s = 0;

	for (unsigned int i = 0; i < ETSN_PSFP_COUNTERS; i++)
		s += etsn_psfp_counter(c, i);
	return (uint32_t)s;
}

/* The memory, taken on the first changed stream of an interface. */
static bool alloc(struct etsn_tele_streams *t)
{
	if (t->high)
		return true;
	if (t->failed)
		return false;
	if (!t->seen)
		t->seen = calloc(ETSN_PSFP_MAX_STREAMS, sizeof(*t->seen));
	t->high = malloc(ETSN_TELE_STREAMS_PER_TICK * sizeof(*t->high));
	t->low = malloc(ETSN_TELE_STREAMS_PER_TICK * sizeof(*t->low));
	if (t->seen && t->high && t->low)
		return true;
	etsn_tele_streams_end(t);
	t->failed = true;
	return false;
}

void etsn_tele_streams_begin(struct etsn_tele_streams *t)
{
	t->nhigh = t->nlow = 0;
	t->failed = false;
}

void etsn_tele_streams_see(uint32_t id, const struct etsn_psfp_counters *c, void *arg)
{
	struct etsn_tele_streams *t = arg;
	struct etsn_tele_stream *to;

	/* Nothing seen yet is all zero: memory once a stream has counted. */
	if (id >= ETSN_PSFP_MAX_STREAMS || (t->seen ? t->seen[id] : 0) == sum32(c) || !alloc(t))
		return;
	/* Ids ascend: the low ones come first, and the first of each kind win. */
	if (id >= t->cursor && t->nhigh < ETSN_TELE_STREAMS_PER_TICK)
		to = &t->high[t->nhigh++];
	else if (id < t->cursor && t->nlow < ETSN_TELE_STREAMS_PER_TICK)
		to = &t->low[t->nlow++];
	else
		return;
	to->id = id;
	to->c = *c;
}

const struct etsn_tele_stream *etsn_tele_streams_take(struct etsn_tele_streams *t, size_t *n)
{
	size_t low = ETSN_TELE_STREAMS_PER_TICK - t->nhigh;

	*n = 0;
	if (!t->high)
		return NULL;
	if (low > t->nlow)
		low = t->nlow;
	/* The high picks first, then as many low ones as the bound leaves. */
	memcpy(&t->high[t->nhigh], t->low, low * sizeof(*t->low));
	*n = t->nhigh + low;
	for (size_t i = 0; i < *n; i++)
		t->seen[t->high[i].id] = sum32(&t->high[i].c);
	if (*n)
		t->cursor = t->high[*n - 1].id + 1;
	return t->high;
}

void etsn_tele_streams_end(struct etsn_tele_streams *t)
{
	free(t->high);
	free(t->low);
	t->high = t->low = NULL;
	t->nhigh = t->nlow = 0;
}

void etsn_tele_streams_free(struct etsn_tele_streams *t)
{
	etsn_tele_streams_end(t);
	free(t->seen);
	t->seen = NULL;
	t->cursor = 0;
}

void etsn_tele_streams_json(struct etsn_json *j, const char *ifname,
			    const struct etsn_tele_stream *s, size_t n)
{
	struct etsn_out o;

	etsn_out_into(&o, j);
	etsn_out_open(&o, ETSN_OUT_ITEM, NULL);
	etsn_out_str(&o, "ifname", NULL, ifname);
	etsn_out_open_array(&o, "streams", NULL);
	for (size_t i = 0; i < n; i++) {
		etsn_out_open(&o, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(&o, "id", NULL, s[i].id);
		etsn_psfp_out_counters(&o, &s[i].c);
		etsn_out_close(&o);
	}
	etsn_out_close_array(&o);
	etsn_out_close(&o);
}
