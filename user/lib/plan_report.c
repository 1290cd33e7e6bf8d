// SPDX-License-Identifier: GPL-2.0-or-later
/* A plan as a schedule file (readable back by `etsnctl sched set dev X
 * file`) with the per-stream report in comments, or as one JSON document:
 * both from the same calls (out.h).
 */
#include <inttypes.h>

#include "out.h"
#include "plan.h"

/* The schedule as a file's lines; JSON as etsn_sched_out writes it (a
 * plan sets the cycle time and the entries only).
 */
static void plan_sched_out(struct etsn_out *o, const struct etsn_sched *s)
{
	etsn_out_open(o, "schedule", NULL);
	etsn_out_u64(o, "cycle_time_ns", "cycle-time %" PRIu64 "ns\n", s->cycle_time);
	etsn_out_open_array(o, "entries", NULL);
	for (uint32_t i = 0; i < s->num_entries; i++) {
		const struct etsn_sched_entry *e = &s->entries[i];

		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(o, "index", NULL, i);
		etsn_out_str(o, "op", "entry %s", etsn_gate_op_name(e->op));
		etsn_out_u64(o, "gates", " 0x%02" PRIx64, e->gates);
		etsn_out_u64(o, "interval_ns", " %" PRIu64 "ns\n", e->interval);
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
	etsn_out_close(o);
}

/* The plan through the one print path: print and json below. */
static void plan_out(struct etsn_out *o, const struct etsn_plan_input *in,
		     const struct etsn_plan *p)
{
	etsn_out_u64(o, "link_speed_mbps", "# planned: link %" PRIu64 "Mb/s", in->speed_mbps);
	etsn_out_u64(o, "overhead_bytes", ", overhead %" PRIu64 " bytes/frame", in->overhead);
	etsn_out_bool(o, "preemption", ", preemption %s", in->preemption, "on", "off");
	etsn_out_u64(o, "guard_band_after_best_effort_ns",
		     ", guard band after best effort %" PRIu64 "ns", p->guard_ns);
	etsn_out_u64(o, "best_effort_ns", ", best effort %" PRIu64 "ns", p->be_ns);
	etsn_out_u64(o, "best_effort_gates", " (gates 0x%02" PRIx64 ")\n", p->be_gates);
	plan_sched_out(o, &p->sched);
	etsn_out_open_array(o, "streams", NULL);
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];
		const struct etsn_plan_result *r = &p->results[i];

		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_str(o, "name", "# stream %s", s->name);
		etsn_out_u64(o, "class", " class %" PRIu64, r->tclass);
		etsn_out_u64(o, "interval_ns", " interval %" PRIu64 "ns", s->interval);
		etsn_out_u64(o, "windows", " windows %" PRIu64, p->cycle / s->interval);
		etsn_out_u64(o, "wire_ns", " wire %" PRIu64 "ns", r->wire_ns);
		etsn_out_u64(o, "latency_ns", " latency %" PRIu64 "ns", r->latency_ns);
		if (s->max_latency)	/* absent: no bound asked for */
			etsn_out_u64(o, "max_latency_ns", " (max-latency %" PRIu64 "ns)",
				     s->max_latency);
		etsn_out_text(o, "\n");
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
	etsn_out_open_array(o, "windows", NULL);
	for (uint32_t i = 0; i < p->num_windows; i++) {
		const struct etsn_plan_window *w = &p->windows[i];

		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_text(o, "# window %" PRIu64 "ns-%" PRIu64 "ns", w->start, w->end);
		etsn_out_str(o, "stream", " stream %s", in->streams[w->stream].name);
		etsn_out_u64(o, "occurrence", " occurrence %" PRIu64, w->occurrence + 1);
		etsn_out_u64(o, "start_ns", NULL, w->start);
		etsn_out_u64(o, "end_ns", NULL, w->end);
		etsn_out_u64(o, "guard_band_ns", " guard band %" PRIu64 "ns after ", w->guard_ns);
		if (w->after != ETSN_PLAN_AFTER_BE)	/* absent: after best effort */
			etsn_out_u64(o, "after_class", "class %" PRIu64, w->after);
		else
			etsn_out_text(o, "best effort");
		etsn_out_text(o, "\n");
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
}

void etsn_plan_print(FILE *out, const struct etsn_plan_input *in, const struct etsn_plan *p)
{
	struct etsn_out o;

	etsn_out_begin(&o, out, false);
	plan_out(&o, in, p);
	etsn_out_end(&o);
}

void etsn_plan_json(struct etsn_json *j, const struct etsn_plan_input *in,
		    const struct etsn_plan *p)
{
	struct etsn_out o;

	etsn_out_into(&o, j);
	etsn_out_open(&o, ETSN_OUT_ITEM, NULL);
	plan_out(&o, in, p);
	etsn_out_close(&o);
}
