// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's state and its one print path for text and JSON (agent_state.h). */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "agent_state.h"
#include "fmt.h"

const char *etsn_apply_result_name(enum etsn_apply_result r)
{
	static const char *const names[] = {
		[ETSN_APPLY_NONE] = "none",
		[ETSN_APPLY_OK] = "in-force",
		[ETSN_APPLY_FAILED] = "failed",
		[ETSN_APPLY_REFUSED] = "refused",
	};

	return (unsigned int)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

const char *etsn_agent_sync_name(const struct etsn_agent_sync_state *s)
{
	return s->supervised ? ptp_sync_state_name(s->state) : "unsupervised";
}

void etsn_clock_identity_str(const uint8_t id[8], char out[19])
{
	snprintf(out, 19, "%02x%02x%02x.%02x%02x.%02x%02x%02x", id[0], id[1], id[2], id[3],
		 id[4], id[5], id[6], id[7]);
}

void etsn_agent_state_set_config(struct etsn_agent_state *s, const char *file,
				 const struct etsn_agent_config *c)
{
	snprintf(s->config, sizeof(s->config), "%s", file);
	s->on_stop = c->on_stop;
	s->nifaces = c->nifaces;
	for (size_t i = 0; i < c->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];
		struct etsn_agent_iface_state *is = &s->ifaces[i];

		memset(is, 0, sizeof(*is));
		snprintf(is->name, sizeof(is->name), "%s", ifc->name);
		is->qdisc = ifc->qdisc;
		is->schedule = ifc->schedule != NULL;
		if (ifc->schedule) {
			const struct etsn_sched *sc = ifc->schedule;
			uint64_t sum = 0;

			for (uint32_t e = 0; e < sc->num_entries; e++)
				sum += sc->entries[e].interval;
			is->cycle_time_ns = sc->has_cycle_time ? sc->cycle_time : sum;
			is->entries = sc->num_entries;
		}
		is->failsafe = ifc->failsafe;
		is->firewall = ifc->has_firewall;
		is->fw_rules = ifc->nfw_rules;
		is->psfp = ifc->has_psfp;
		is->psfp_streams = ifc->nstreams;
		is->classify = ifc->has_classify;
		is->cls_rules = ifc->ncls_rules;
		is->dscp = ifc->has_dscp;
		is->dscp_codes = ifc->dscp ? (uint32_t)__builtin_popcountll(ifc->dscp->set) : 0;
		is->frer = ifc->has_frer;
		is->frer_talkers = ifc->nfrer_talkers;
		is->frer_listeners = ifc->nfrer_listeners;
		if (ifc->failsafe == ETSN_FAILSAFE_FALLBACK)
			snprintf(is->fallback, sizeof(is->fallback), "%s",
				 ifc->fallbacks[ifc->failsafe_fallback].name);
	}
}

void etsn_agent_state_applied(struct etsn_agent_state *s, const char *why, int err,
			      bool retryable, size_t changes, const char *msg)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(s->reason, sizeof(s->reason), "%s", why);
	s->applied_at = ts.tv_sec;
	s->applies++;
	if (err) {
		s->failures++;
		s->result = retryable ? ETSN_APPLY_FAILED : ETSN_APPLY_REFUSED;
		snprintf(s->error, sizeof(s->error), "%s", msg);
		return;
	}
	s->result = ETSN_APPLY_OK;
	s->error[0] = '\0';
	s->changes += changes;
	s->retry_in_s = 0;
}

/* The fields of one object, as JSON members or as "name value" words. */
struct out {
	struct etsn_json *j;
	FILE *f;
};

static void field_str(struct out *o, const char *name, const char *v)
{
	if (o->j)
		etsn_json_string(o->j, name, v);
	else
		fprintf(o->f, " %s %s", name, v);
}

static void field_u64(struct out *o, const char *name, uint64_t v)
{
	if (o->j)
		etsn_json_u64(o->j, name, v);
	else
		fprintf(o->f, " %s %" PRIu64, name, v);
}

static void field_bool(struct out *o, const char *name, bool v)
{
	if (o->j)
		etsn_json_bool(o->j, name, v);
	else
		fprintf(o->f, " %s %s", name, v ? "yes" : "no");
}

/* A duration: plain ns in JSON, "250us" in text. */
static void field_ns(struct out *o, const char *name, uint64_t ns)
{
	char buf[32];

	if (o->j)
		etsn_json_u64(o->j, name, ns);
	else
		fprintf(o->f, " %s %s", name, etsn_fmt_duration(ns, buf, sizeof(buf)));
}

/* An object: a member named key in JSON, a line starting "key:" in text. */
static void begin(struct out *o, const char *key, const char *label)
{
	if (o->j)
		etsn_json_open_object(o->j, key);
	else
		fprintf(o->f, "%s:", label);
}

static void end(struct out *o)
{
	if (o->j)
		etsn_json_close_object(o->j);
	else
		fputc('\n', o->f);
}

static void show_iface(struct out *o, const struct etsn_agent_iface_state *is)
{
	begin(o, NULL, is->name);
	if (o->j)
		etsn_json_string(o->j, "name", is->name);
	field_bool(o, "qdisc", is->qdisc);
	field_bool(o, "schedule", is->schedule);
	if (is->schedule) {
		field_u64(o, "entries", is->entries);
		field_ns(o, "cycle-time", is->cycle_time_ns);
	}
	field_str(o, "failsafe", etsn_failsafe_names[is->failsafe]);
	if (is->failsafe == ETSN_FAILSAFE_FALLBACK)
		field_str(o, "fallback", is->fallback);
	field_bool(o, "failsafe-active", is->failsafe_active);
	if (is->firewall)
		field_u64(o, "firewall-rules", is->fw_rules);
	if (is->psfp)
		field_u64(o, "psfp-streams", is->psfp_streams);
	if (is->classify)
		field_u64(o, "classify-rules", is->cls_rules);
	if (is->dscp)
		field_u64(o, "dscp-codes", is->dscp_codes);
	if (is->frer) {
		field_u64(o, "frer-talkers", is->frer_talkers);
		field_u64(o, "frer-listeners", is->frer_listeners);
	}
	end(o);
}

void etsn_agent_state_show(struct etsn_json *j, FILE *out, const struct etsn_agent_state *s,
			   int64_t now)
{
	struct out o = { .j = j, .f = out };

	begin(&o, NULL, "agent");
	field_str(&o, "version", EDGETSN_VERSION);
	field_u64(&o, "pid", (uint64_t)getpid());
	field_str(&o, "config", s->config);
	field_u64(&o, "uptime-s", (uint64_t)(now > s->started ? now - s->started : 0));
	field_str(&o, "on-stop", etsn_on_stop_names[s->on_stop]);
	if (!j)
		fputc('\n', out);

	begin(&o, "apply", "apply");
	field_str(&o, "result", etsn_apply_result_name(s->result));
	if (s->result != ETSN_APPLY_NONE) {
		field_str(&o, "reason", s->reason);
		field_u64(&o, "at", (uint64_t)s->applied_at);
	}
	field_u64(&o, "applies", s->applies);
	field_u64(&o, "failures", s->failures);
	field_u64(&o, "changes", s->changes);
	if (s->retry_in_s)
		field_u64(&o, "retry-in-s", s->retry_in_s);
	if (s->error[0]) {
		if (j)
			etsn_json_string(j, "error", s->error);
		else
			fprintf(out, "\n  error: %s", s->error);
	}
	end(&o);

	begin(&o, "sync", "sync");
	field_str(&o, "state", etsn_agent_sync_name(&s->sync));
	if (s->sync.has_offset) {
		if (j)
			etsn_json_s64(j, "offset-ns", s->sync.offset_ns);
		else
			fprintf(out, " offset-ns %" PRId64, s->sync.offset_ns);
	}
	field_u64(&o, "transitions", s->sync.transitions);
	end(&o);

	if (j)
		etsn_json_open_array(j, "interfaces");
	for (size_t i = 0; i < s->nifaces; i++)
		show_iface(&o, &s->ifaces[i]);
	if (j) {
		etsn_json_close_array(j);
		etsn_json_close_object(j);
	}
}
