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

/* "NAME{interface="IF",LABEL="WHAT"} V". */
static void labelled(FILE *out, const char *name, const char *ifname, const char *lname,
		     const char *what, uint64_t v)
{
	fprintf(out, "%s{interface=\"", name);
	label(out, ifname);
	fprintf(out, "\",%s=\"%s\"} %" PRIu64 "\n", lname, what, v);
}

static void fw_metrics(FILE *out, const struct etsn_agent_state *s,
		       const struct etsn_tele_policy *pol)
{
	head(out, "edgetsn_firewall_frames_total", "counter",
	     "XDP firewall frames by verdict and reason (etsnctl fw show counters).");
	for (size_t i = 0; i < s->nifaces; i++) {
		for (unsigned int r = 0; pol[i].has_fw && r < ETSN_FW_REASONS; r++)
			labelled(out, "edgetsn_firewall_frames_total", s->ifaces[i].name, "reason",
				 etsn_fw_reason_name(r), pol[i].fw.reasons[r]);
	}
	head(out, "edgetsn_firewall_syn_total", "counter",
	     "XDP firewall SYN limit: SYNs seen, sources added.");
	for (size_t i = 0; i < s->nifaces; i++) {
		for (unsigned int c = 0; pol[i].has_fw && c < ETSN_FW_SYN_COUNTERS; c++)
			labelled(out, "edgetsn_firewall_syn_total", s->ifaces[i].name, "counter",
				 etsn_fw_syn_counter_name(c), pol[i].fw.syn[c]);
	}
	head(out, "edgetsn_firewall_protocol_frames_total", "counter",
	     "Frames the XDP firewall saw, by protocol.");
	for (size_t i = 0; i < s->nifaces; i++) {
		for (unsigned int p = 0; pol[i].has_fw && p < ETSN_FW_PROTOS; p++)
			labelled(out, "edgetsn_firewall_protocol_frames_total", s->ifaces[i].name,
				 "protocol", etsn_fw_proto_name(p), pol[i].fw.protos[p]);
	}
}

static void psfp_metrics(FILE *out, const struct etsn_agent_state *s,
			 const struct etsn_tele_policy *pol)
{
	static const char *const verdicts[ETSN_PSFP_GLOBALS] = {
		[ETSN_PSFP_UNKNOWN_PASSED] = "passed", [ETSN_PSFP_UNKNOWN_DROPPED] = "dropped",
		[ETSN_PSFP_UNPARSED_PASSED] = "passed", [ETSN_PSFP_UNPARSED_DROPPED] = "dropped",
	};

	head(out, "edgetsn_psfp_streams", "gauge", "PSFP streams configured.");
	for (size_t i = 0; i < s->nifaces; i++) {
		if (!pol[i].has_psfp)
			continue;
		fputs("edgetsn_psfp_streams{interface=\"", out);
		label(out, s->ifaces[i].name);
		fprintf(out, "\"} %" PRIu32 "\n", pol[i].psfp.streams);
	}
	head(out, "edgetsn_psfp_stream_frames_total", "counter",
	     "PSFP frames of all streams together, by counter (stream show counters).");
	for (size_t i = 0; i < s->nifaces; i++) {
		for (unsigned int c = 0; pol[i].has_psfp && c < ETSN_PSFP_COUNTERS; c++)
			labelled(out, "edgetsn_psfp_stream_frames_total", s->ifaces[i].name,
				 "counter", etsn_psfp_counter_name(c),
				 etsn_psfp_counter(&pol[i].psfp.sum, c));
	}
	head(out, "edgetsn_psfp_unknown_frames_total", "counter",
	     "PSFP frames of no stream, by verdict.");
	for (size_t i = 0; i < s->nifaces; i++) {
		for (int g = ETSN_PSFP_UNKNOWN_PASSED; pol[i].has_psfp && g <= ETSN_PSFP_UNKNOWN_DROPPED; g++)
			labelled(out, "edgetsn_psfp_unknown_frames_total", s->ifaces[i].name,
				 "verdict", verdicts[g], pol[i].psfp_glob[g]);
	}
	head(out, "edgetsn_psfp_unparsed_frames_total", "counter",
	     "PSFP frames whose headers could not be read, by verdict.");
	for (size_t i = 0; i < s->nifaces; i++) {
		for (int g = ETSN_PSFP_UNPARSED_PASSED; pol[i].has_psfp && g <= ETSN_PSFP_UNPARSED_DROPPED; g++)
			labelled(out, "edgetsn_psfp_unparsed_frames_total", s->ifaces[i].name,
				 "verdict", verdicts[g], pol[i].psfp_glob[g]);
	}
}

void etsn_prom_print(FILE *out, const struct etsn_agent_state *s, const struct etsn_stats *st,
		     const struct etsn_tele_policy *pol)
{
	agent_metrics(out, s);
	if (st)
		qdisc_metrics(out, s, st);
	if (pol) {
		fw_metrics(out, s, pol);
		psfp_metrics(out, s, pol);
	}
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
