// SPDX-License-Identifier: GPL-2.0-or-later
/* Text and JSON of a PSFP stream's meter and counters (psfp_show.h). */
#include <inttypes.h>
#include <stdio.h>

#include "psfp_show.h"

void etsn_psfp_print_meter(const struct etsn_psfp_stream *s)
{
	char cir[ETSN_PSFP_RATE_STRLEN], eir[ETSN_PSFP_RATE_STRLEN];

	if (!(s->flags & ETSN_PSFP_F_METER))
		return;
	etsn_psfp_format_rate(s->cir, cir, sizeof(cir));
	etsn_psfp_format_rate(s->eir, eir, sizeof(eir));
	printf(" cir %s cbs %" PRIu64 " eir %s ebs %" PRIu64 "%s", cir, (uint64_t)s->cbs, eir,
	       (uint64_t)s->ebs, s->flags & ETSN_PSFP_F_DROP_YELLOW ? " drop-yellow" : "");
}

void etsn_psfp_print_counters(const struct etsn_psfp_counters *c)
{
	printf(" ");
	for (unsigned int i = 0; i < ETSN_PSFP_COUNTERS; i++)
		printf(" %s %" PRIu64, etsn_psfp_counter_name(i), etsn_psfp_counter(c, i));
	printf("\n");
}

void etsn_psfp_json_meter(struct etsn_json *j, const struct etsn_psfp_stream *s, bool tokens)
{
	if (!(s->flags & ETSN_PSFP_F_METER)) {
		etsn_json_null(j, "meter");
		return;
	}
	etsn_json_open_object(j, "meter");
	etsn_json_u64(j, "cir_bytes_per_s", s->cir);
	etsn_json_u64(j, "cbs", s->cbs);
	etsn_json_u64(j, "eir_bytes_per_s", s->eir);
	etsn_json_u64(j, "ebs", s->ebs);
	etsn_json_bool(j, "drop_yellow", s->flags & ETSN_PSFP_F_DROP_YELLOW);
	if (tokens) {
		etsn_json_u64(j, "committed_tokens", s->ctokens / ETSN_PSFP_NS_PER_SEC);
		etsn_json_u64(j, "excess_tokens", s->etokens / ETSN_PSFP_NS_PER_SEC);
	}
	etsn_json_u64(j, "last_ns", s->last_ns);
	etsn_json_close_object(j);
}

void etsn_psfp_json_counters(struct etsn_json *j, const struct etsn_psfp_counters *c)
{
	etsn_json_open_object(j, "counters");
	for (unsigned int i = 0; i < ETSN_PSFP_COUNTERS; i++)
		etsn_json_u64(j, etsn_psfp_counter_name(i), etsn_psfp_counter(c, i));
	etsn_json_close_object(j);
}
