/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which PSFP streams' own counters the agent publishes on
 * tele/<ifname>/streams: those that changed since they were last
 * published, at most ETSN_TELE_STREAMS_PER_TICK a tick, in messages of at
 * most ETSN_TELE_STREAMS_PER_MSG. A stream is "changed" when the sum of
 * its counters (mod 2^32: they only grow, or are zeroed) differs from the
 * one last published. The tick starts where the last one stopped, so with
 * more changed streams than the bound each is published within a few
 * ticks. Memory: 4 bytes per possible stream id and interface, and the
 * picks of the current tick.
 */
#ifndef EDGETSN_TELE_STREAMS_H
#define EDGETSN_TELE_STREAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "psfp.h"

#define ETSN_TELE_STREAMS_PER_TICK	1024
#define ETSN_TELE_STREAMS_PER_MSG	128

struct etsn_tele_stream {
	uint32_t id;
	struct etsn_psfp_counters c;
};

struct etsn_tele_streams {
	uint32_t *seen;		/* [ETSN_PSFP_MAX_STREAMS], sums last published */
	uint32_t cursor;	/* the first id the next tick looks at */
	/* This tick's picks: ids >= cursor (high) and below it (low). */
	struct etsn_tele_stream *high, *low;
	size_t nhigh, nlow;
	bool failed;		/* no memory this tick: nothing picked */
};

/* Before a read (a zeroed struct is a new one). */
void etsn_tele_streams_begin(struct etsn_tele_streams *t);
/* The etsn_psfp_stream_fn of the read (arg: t), ascending ids. */
void etsn_tele_streams_see(uint32_t id, const struct etsn_psfp_counters *c, void *arg);
/* After the read: the picks in publishing order (from the cursor on, then
 * from 0), *n of them; they count as published and the cursor moves past
 * the last one. Valid until etsn_tele_streams_end.
 */
const struct etsn_tele_stream *etsn_tele_streams_take(struct etsn_tele_streams *t, size_t *n);
/* Frees the picks; seen stays for the next tick. */
void etsn_tele_streams_end(struct etsn_tele_streams *t);
void etsn_tele_streams_free(struct etsn_tele_streams *t);

/* {"ifname":IF,"streams":[{"id","counters":{...}}...]} of s[0..n). */
void etsn_tele_streams_json(struct etsn_json *j, const char *ifname,
			    const struct etsn_tele_stream *s, size_t n);

#endif
