// SPDX-License-Identifier: GPL-2.0-or-later
/* Prometheus text of edgetsnd's state (metrics_prom.h). */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "metrics_prom.h"

static void head(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Interface names are [^/ \t\n] (genl.h), so no label escaping is needed
 * but for the quote and backslash, which a device name may hold.
 */
static void label(FILE *out, const char *v)
{
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			fputc('\\', out);
		fputc(*v, out);
	}
}

static void agent_metrics(FILE *out, const struct etsn_agent_state *s)
{
	head(out, "edgetsnd_info", "gauge", "The agent's version.");
	fprintf(out, "edgetsnd_info{version=\"%s\"} 1\n", EDGETSN_VERSION);
	head(out, "edgetsnd_start_time_seconds", "gauge", "When the agent started (Unix time).");
	fprintf(out, "edgetsnd_start_time_seconds %" PRId64 "\n", s->started);
	head(out, "edgetsnd_applies_total", "counter", "Applies run (start, reload, retry).");
	fprintf(out, "edgetsnd_applies_total %" PRIu64 "\n", s->applies);
	head(out, "edgetsnd_apply_failures_total", "counter",
	     "Applies that failed and were rolled back.");
	fprintf(out, "edgetsnd_apply_failures_total %" PRIu64 "\n", s->failures);
	head(out, "edgetsnd_apply_changes_total", "counter",
	     "Kernel changes made by successful applies.");
	fprintf(out, "edgetsnd_apply_changes_total %" PRIu64 "\n", s->changes);
	head(out, "edgetsnd_config_in_force", "gauge",
	     "1 when the last apply put the configuration in force.");
	fprintf(out, "edgetsnd_config_in_force %d\n", s->result == ETSN_APPLY_OK);
	head(out, "edgetsnd_last_apply_timestamp_seconds", "gauge",
	     "When the last apply ran (Unix time), 0 before the first.");
	fprintf(out, "edgetsnd_last_apply_timestamp_seconds %" PRId64 "\n", s->applied_at);

	head(out, "edgetsnd_sync_state", "gauge", "The sync state: 1 for the current one.");
	fprintf(out, "edgetsnd_sync_state{state=\"unsupervised\"} %d\n", !s->sync.supervised);
	for (int i = PTP_SYNC_UNKNOWN; i <= PTP_SYNC_LOST; i++)
		fprintf(out, "edgetsnd_sync_state{state=\"%s\"} %d\n",
			ptp_sync_state_name((enum ptp_sync_state)i),
			s->sync.supervised && (int)s->sync.state == i);
	head(out, "edgetsnd_sync_transitions_total", "counter", "Sync state changes.");
	fprintf(out, "edgetsnd_sync_transitions_total %" PRIu64 "\n", s->sync.transitions);
	if (s->sync.has_offset) {
		head(out, "edgetsnd_sync_offset_seconds", "gauge", "The last master offset.");
		fprintf(out, "edgetsnd_sync_offset_seconds %.9f\n", (double)s->sync.offset_ns / 1e9);
	}

	head(out, "edgetsnd_failsafe_active", "gauge",
	     "1 while an interface runs its fail-safe schedule.");
	for (size_t i = 0; i < s->nifaces; i++) {
		fputs("edgetsnd_failsafe_active{interface=\"", out);
		label(out, s->ifaces[i].name);
		fprintf(out, "\"} %d\n", s->ifaces[i].failsafe_active);
	}
}

/* One family of per-class values: the name, its type and help, and where
 * the value is in struct etsn_class_counters.
 */
struct class_metric {
	const char *name, *type, *help;
	size_t off;
	bool u32;
};

#define CLS(n, t, h, f) { n, t, h, offsetof(struct etsn_class_counters, f), false }
#define CLS32(n, t, h, f) { n, t, h, offsetof(struct etsn_class_counters, f), true }

static const struct class_metric class_metrics[] = {
	CLS("edgetsn_class_enqueued_packets_total", "counter", "Packets queued per class.",
	    enq_packets),
	CLS("edgetsn_class_enqueued_bytes_total", "counter", "Bytes queued per class.", enq_bytes),
	CLS("edgetsn_class_sent_packets_total", "counter", "Packets sent per class.", sent_packets),
	CLS("edgetsn_class_sent_bytes_total", "counter", "Bytes sent per class.", sent_bytes),
	CLS("edgetsn_class_drops_queue_full_total", "counter", "Drops: the class queue was full.",
	    drop_queue_full),
	CLS("edgetsn_class_drops_oversize_total", "counter", "Drops: larger than the max-SDU.",
	    drop_oversize),
	CLS("edgetsn_class_drops_gate_never_opens_total", "counter",
	    "Drops: the class gate never opens long enough.", drop_gate_never_opens),
	CLS("edgetsn_class_guard_deferrals_total", "counter",
	    "Frames held back by a guard band.", guard_deferrals),
	CLS32("edgetsn_class_backlog_packets", "gauge", "Packets queued now.", backlog_packets),
};

static uint64_t class_value(const struct etsn_class_counters *c, const struct class_metric *m)
{
	const char *p = (const char *)c + m->off;
	uint64_t v64;
	uint32_t v32;

	if (m->u32) {
		memcpy(&v32, p, sizeof(v32));
		return v32;
	}
	memcpy(&v64, p, sizeof(v64));
	return v64;
}

static void qdisc_metrics(FILE *out, const struct etsn_agent_state *s, const struct etsn_stats *st)
{
	for (size_t m = 0; m < sizeof(class_metrics) / sizeof(class_metrics[0]); m++) {
		const struct class_metric *cm = &class_metrics[m];

		head(out, cm->name, cm->type, cm->help);
		for (size_t i = 0; i < s->nifaces; i++) {
			if (!st[i].ifname[0])
				continue;
			for (int tc = 0; tc < EDGETSN_NUM_TC; tc++) {
				if (!st[i].cls[tc].present)
					continue;
				fprintf(out, "%s{interface=\"", cm->name);
				label(out, s->ifaces[i].name);
				fprintf(out, "\",tc=\"%d\"} %" PRIu64 "\n", tc,
					class_value(&st[i].cls[tc], cm));
			}
		}
	}
	head(out, "edgetsn_schedule_cycles_total", "counter", "Gate cycles run.");
	for (size_t i = 0; i < s->nifaces; i++) {
		if (!st[i].ifname[0] || !st[i].has_sched)
			continue;
		fputs("edgetsn_schedule_cycles_total{interface=\"", out);
		label(out, s->ifaces[i].name);
		fprintf(out, "\"} %" PRIu64 "\n", st[i].sched.cycles);
	}
	head(out, "edgetsn_schedule_config_changes_total", "counter",
	     "Schedules that took over (admin to operational).");
	for (size_t i = 0; i < s->nifaces; i++) {
		if (!st[i].ifname[0] || !st[i].has_sched)
			continue;
		fputs("edgetsn_schedule_config_changes_total{interface=\"", out);
		label(out, s->ifaces[i].name);
		fprintf(out, "\"} %" PRIu64 "\n", st[i].sched.config_changes);
	}
}

/* One labelled family of the firewall and PSFP aggregates: values
 * value(p, 0..n-1) named name(i) in label lname, for each interface with
 * that part (fw or psfp).
 */
struct policy_family {
	const char *name, *help, *lname;
	bool fw;
	unsigned int first, n;
	const char *(*label)(unsigned int i);
	uint64_t (*value)(const struct etsn_tele_policy *p, unsigned int i);
};

static const char *psfp_verdict(unsigned int g)
{
	return g == ETSN_PSFP_UNKNOWN_PASSED || g == ETSN_PSFP_UNPARSED_PASSED ? "passed"
									       : "dropped";
}

static uint64_t fw_reason(const struct etsn_tele_policy *p, unsigned int i)
{
	return p->fw.reasons[i];
}

static uint64_t fw_syn(const struct etsn_tele_policy *p, unsigned int i)
{
	return p->fw.syn[i];
}

static uint64_t fw_proto(const struct etsn_tele_policy *p, unsigned int i)
{
	return p->fw.protos[i];
}

static uint64_t psfp_sum(const struct etsn_tele_policy *p, unsigned int i)
{
	return etsn_psfp_counter(&p->psfp.sum, i);
}

static uint64_t psfp_glob(const struct etsn_tele_policy *p, unsigned int i)
{
	return p->psfp_glob[i];
}

static const struct policy_family policy_families[] = {
	{ "edgetsn_firewall_frames_total",
	  "XDP firewall frames by verdict and reason (etsnctl fw show counters).", "reason",
	  true, 0, ETSN_FW_REASONS, etsn_fw_reason_name, fw_reason },
	{ "edgetsn_firewall_syn_total", "XDP firewall SYN limit: SYNs seen, sources added.",
	  "counter", true, 0, ETSN_FW_SYN_COUNTERS, etsn_fw_syn_counter_name, fw_syn },
	{ "edgetsn_firewall_protocol_frames_total", "Frames the XDP firewall saw, by protocol.",
	  "protocol", true, 0, ETSN_FW_PROTOS, etsn_fw_proto_name, fw_proto },
	{ "edgetsn_psfp_stream_frames_total",
	  "PSFP frames of all streams together, by counter (stream show counters).", "counter",
	  false, 0, ETSN_PSFP_COUNTERS, etsn_psfp_counter_name, psfp_sum },
	{ "edgetsn_psfp_unknown_frames_total", "PSFP frames of no stream, by verdict.", "verdict",
	  false, ETSN_PSFP_UNKNOWN_PASSED, 2, psfp_verdict, psfp_glob },
	{ "edgetsn_psfp_unparsed_frames_total",
	  "PSFP frames whose headers could not be read, by verdict.", "verdict",
	  false, ETSN_PSFP_UNPARSED_PASSED, 2, psfp_verdict, psfp_glob },
};

static void policy_family(FILE *out, const struct etsn_agent_state *s,
			  const struct etsn_tele_policy *pol, const struct policy_family *f)
{
	head(out, f->name, "counter", f->help);
	for (size_t i = 0; i < s->nifaces; i++) {
		if (f->fw ? !pol[i].has_fw : !pol[i].has_psfp)
			continue;
		for (unsigned int k = f->first; k < f->first + f->n; k++) {
			fprintf(out, "%s{interface=\"", f->name);
			label(out, s->ifaces[i].name);
			fprintf(out, "\",%s=\"%s\"} %" PRIu64 "\n", f->lname, f->label(k),
				f->value(&pol[i], k));
		}
	}
}

static void policy_metrics(FILE *out, const struct etsn_agent_state *s,
			   const struct etsn_tele_policy *pol)
{
	head(out, "edgetsn_psfp_streams", "gauge", "PSFP streams configured.");
	for (size_t i = 0; i < s->nifaces; i++) {
		if (!pol[i].has_psfp)
			continue;
		fputs("edgetsn_psfp_streams{interface=\"", out);
		label(out, s->ifaces[i].name);
		fprintf(out, "\"} %" PRIu32 "\n", pol[i].psfp.streams);
	}
	for (size_t f = 0; f < sizeof(policy_families) / sizeof(policy_families[0]); f++)
		policy_family(out, s, pol, &policy_families[f]);
}

void etsn_prom_print(FILE *out, const struct etsn_agent_state *s, const struct etsn_stats *st,
		     const struct etsn_tele_policy *pol)
{
	agent_metrics(out, s);
	if (st)
		qdisc_metrics(out, s, st);
	if (pol)
		policy_metrics(out, s, pol);
}

int etsn_prom_write(const char *path, const struct etsn_agent_state *s,
		    const struct etsn_stats *st, const struct etsn_tele_policy *pol, char *err,
		    size_t errlen)
{
	char tmp[ETSN_AGENT_PATH_MAX + 8];
	FILE *f;
	int ret, bad;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return ret;
	}
	etsn_prom_print(f, s, st, pol);
	/* A full disk shows at fflush/fclose: never rename half a file. */
	errno = 0;
	bad = fflush(f) != 0;
	bad |= ferror(f) != 0;
	bad |= fclose(f) != 0;
	if (bad) {
		ret = errno ? -errno : -EIO;
		snprintf(err, errlen, "%s: %s", tmp, strerror(-ret));
		unlink(tmp);
		return ret;
	}
	if (rename(tmp, path)) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return ret;
	}
	return 0;
}
