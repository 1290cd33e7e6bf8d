/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every PSFP stream's counters of a device in one pass, for the agent's
 * telemetry: the stream ids listed once, the per-CPU counter array read in
 * batches (a few syscalls for 10,000 streams, not one per stream), the
 * sum over the streams, and each stream's counters to a callback.
 */
#ifndef EDGETSN_PSFP_TOTALS_H
#define EDGETSN_PSFP_TOTALS_H

#include "psfp_maps.h"

struct etsn_psfp_totals {
	uint32_t streams;			/* streams in the map */
	struct etsn_psfp_counters sum;		/* their counters added up */
};

/* Called for each stream, in ascending id order. */
typedef void (*etsn_psfp_stream_fn)(uint32_t id, const struct etsn_psfp_counters *c, void *arg);

/* 0 or a negative errno; fn may be NULL. */
int etsn_psfp_totals_read(const struct etsn_psfp_maps *m, struct etsn_psfp_totals *t,
			  etsn_psfp_stream_fn fn, void *arg);

#endif
