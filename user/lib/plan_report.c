// SPDX-License-Identifier: GPL-2.0-or-later
/* A plan as a schedule file (readable back by `etsnctl sched set dev X
 * file`) with the per-stream report in comments, or as one JSON document.
 */
#include <inttypes.h>

#include "plan.h"

/* What was open before a window, in words. */
static void print_after(FILE *out, uint8_t after)
{
	if (after == ETSN_PLAN_AFTER_BE)
		fputs("best effort", out);
	else
		fprintf(out, "class %u", after);
}

void etsn_plan_print(FILE *out, const struct etsn_plan_input *in, const struct etsn_plan *p)
{
	fprintf(out, "# planned: link %" PRIu32 "Mb/s, overhead %" PRIu32 " bytes/frame, "
		"preemption %s, guard band after best effort %" PRIu64 "ns, best effort %" PRIu64 "ns "
		"(gates 0x%02x)\n", in->speed_mbps, in->overhead, in->preemption ? "on" : "off",
		p->guard_ns, p->be_ns, p->be_gates);
	fprintf(out, "cycle-time %" PRIu64 "ns\n", p->cycle);
	for (uint32_t i = 0; i < p->sched.num_entries; i++) {
		const struct etsn_sched_entry *e = &p->sched.entries[i];

		fprintf(out, "entry %s 0x%02x %" PRIu32 "ns\n", etsn_gate_op_name(e->op), e->gates,
			e->interval);
	}
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];
		const struct etsn_plan_result *r = &p->results[i];

		fprintf(out, "# stream %s class %u interval %" PRIu64 "ns windows %" PRIu64
			" wire %" PRIu64 "ns latency %" PRIu64 "ns", s->name, r->tclass, s->interval,
			p->cycle / s->interval, r->wire_ns, r->latency_ns);
		if (s->max_latency)
			fprintf(out, " (max-latency %" PRIu64 "ns)", s->max_latency);
		fputc('\n', out);
	}
	for (uint32_t i = 0; i < p->num_windows; i++) {
		const struct etsn_plan_window *w = &p->windows[i];

		fprintf(out, "# window %" PRIu64 "ns-%" PRIu64 "ns stream %s occurrence %" PRIu32
			" guard band %" PRIu64 "ns after ", w->start, w->end,
			in->streams[w->stream].name, w->occurrence + 1, w->guard_ns);
		print_after(out, w->after);
		fputc('\n', out);
	}
}

void etsn_plan_json(struct etsn_json *j, const struct etsn_plan_input *in,
		    const struct etsn_plan *p)
{
	etsn_json_open_object(j, NULL);
	etsn_json_u64(j, "link_speed_mbps", in->speed_mbps);
	etsn_json_u64(j, "overhead_bytes", in->overhead);
	etsn_json_bool(j, "preemption", in->preemption);
	etsn_json_u64(j, "guard_band_after_best_effort_ns", p->guard_ns);
	etsn_json_u64(j, "best_effort_ns", p->be_ns);
	etsn_json_u64(j, "best_effort_gates", p->be_gates);
	etsn_sched_json(j, "schedule", &p->sched);
	etsn_json_open_array(j, "streams");
	for (uint32_t i = 0; i < in->num_streams; i++) {
		const struct etsn_plan_stream *s = &in->streams[i];
		const struct etsn_plan_result *r = &p->results[i];

		etsn_json_open_object(j, NULL);
		etsn_json_string(j, "name", s->name);
		etsn_json_u64(j, "class", r->tclass);
		etsn_json_u64(j, "interval_ns", s->interval);
		etsn_json_u64(j, "windows", p->cycle / s->interval);
		etsn_json_u64(j, "wire_ns", r->wire_ns);
		etsn_json_u64(j, "latency_ns", r->latency_ns);
		if (s->max_latency)	/* absent: no bound asked for */
			etsn_json_u64(j, "max_latency_ns", s->max_latency);
		etsn_json_close_object(j);
	}
	etsn_json_close_array(j);
	etsn_json_open_array(j, "windows");
	for (uint32_t i = 0; i < p->num_windows; i++) {
		const struct etsn_plan_window *w = &p->windows[i];

		etsn_json_open_object(j, NULL);
		etsn_json_string(j, "stream", in->streams[w->stream].name);
		etsn_json_u64(j, "occurrence", w->occurrence + 1);
		etsn_json_u64(j, "start_ns", w->start);
		etsn_json_u64(j, "end_ns", w->end);
		etsn_json_u64(j, "guard_band_ns", w->guard_ns);
		if (w->after != ETSN_PLAN_AFTER_BE)	/* absent: after best effort */
			etsn_json_u64(j, "after_class", w->after);
		etsn_json_close_object(j);
	}
	etsn_json_close_array(j);
	etsn_json_close_object(j);
}
