// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's MQTT side in the daemon's loop (agent_mqtt_run.h). The
 * session is libmosquitto in external-loop mode (lib/agent_mqtt.c); this
 * file gives it the daemon's data: state from the desired configuration
 * and the last apply, counters through agent_tele.c, kernel events
 * through lib/event.c, commands through agent_apply/agent_reload.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "agent_mqtt_run.h"
#include "agent_tele.h"
#include "lib/agent_log.h"
#include "lib/agent_mqtt.h"
#include "lib/agent_persist.h"
#include "lib/event.h"
#include "lib/genl.h"
#include "lib/json.h"

#define REASON_MAX 512
#define WHY_SET_SCHEDULE "set-schedule"

enum { SLOT_SESSION, SLOT_EVENTS, SLOT_TELE };

struct agent_mqtt {
	struct agent *agent;
	const struct etsn_agent_config *cfg;	/* the daemon's, current */
	struct etsn_mqtt *session;		/* NULL: mqtt is off */
	bool restart;				/* new mqtt settings: a new session */
	struct etsn_genl events;
	bool events_open;
	int telefd;
	/* The last apply of the whole desired state. */
	bool applied;
	char apply_err[REASON_MAX];
	/* state/<ifname> published, so a removed interface's is cleared. */
	char published[ETSN_AGENT_MAX_IFACES][IF_NAMESIZE];
	size_t npublished;
	/* PSFP streams published on tele/<ifname>/streams. */
	struct agent_tele_ifaces tele;
};

/* A JSON document in memory, one line. */
struct doc {
	FILE *f;
	char *buf;
	size_t size;
	struct etsn_json j;
};

static int doc_open(struct doc *d)
{
	d->buf = NULL;
	d->size = 0;
	d->f = open_memstream(&d->buf, &d->size);
	if (!d->f)
		return -ENOMEM;
	etsn_json_init(&d->j, d->f);
	d->j.pretty = false;
	return 0;
}

/* The text (malloc'ed), or NULL. */
static char *doc_close(struct doc *d)
{
	bool ok = etsn_json_finish(&d->j);

	if (fclose(d->f) || !ok) {
		free(d->buf);
		return NULL;
	}
	if (d->size && d->buf[d->size - 1] == '\n')
		d->buf[d->size - 1] = '\0';
	return d->buf;
}

static void session_log(void *ctx, const char *msg)
{
	(void)ctx;
	etsn_log(ETSN_LOG_NOTICE, "%s", msg);
}

static void event(struct agent_mqtt *m, const char *kind, char *json)
{
	if (m->session && json && etsn_mqtt_event(m->session, kind, json))
		etsn_log(ETSN_LOG_DEBUG, "mqtt: evt/%s not kept (no memory)", kind);
	free(json);
}

/* ------------------------------------------------------------ state --- */

static const struct etsn_agent_iface *find_iface(const struct etsn_agent_config *c,
						 const char *name)
{
	for (size_t i = 0; i < c->nifaces; i++)
		if (strcmp(c->ifaces[i].name, name) == 0)
			return &c->ifaces[i];
	return NULL;
}

/* The domain's sync state. The offset is the one when the state was
 * published: state/ is not republished for a new offset alone.
 */
static void sync_json(struct etsn_json *j, const struct etsn_agent_sync_state *s)
{
	char gm[19];

	etsn_json_open_object(j, "sync");
	etsn_json_string(j, "state", etsn_agent_sync_name(s));
	if (s->supervised && s->has_offset)
		etsn_json_s64(j, "offset-ns", s->offset_ns);
	if (s->supervised && s->has_gm) {
		etsn_clock_identity_str(s->gm_identity, gm);
		etsn_json_string(j, "grandmaster", gm);
	}
	etsn_json_close_object(j);
}

/* The agent's state of interface name; NULL when it has none. */
static const struct etsn_agent_iface_state *iface_state_of(const struct etsn_agent_state *st,
							    const char *name)
{
	for (size_t i = 0; i < st->nifaces; i++)
		if (!strcmp(st->ifaces[i].name, name))
			return &st->ifaces[i];
	return NULL;
}

/* What the fail-safe runs on ifc: active unless the primary. */
static void failsafe_json(struct etsn_json *j, const struct etsn_agent_iface_state *is,
			  const struct etsn_agent_iface *ifc)
{
	enum etsn_fs_mode mode = is ? is->fs_mode : ETSN_FS_PRIMARY;

	etsn_json_open_object(j, "fail-safe");
	etsn_json_string(j, "on-sync-loss", etsn_failsafe_names[ifc->failsafe]);
	etsn_json_bool(j, "active", mode != ETSN_FS_PRIMARY);
	etsn_json_string(j, "mode", etsn_fs_mode_name(mode));
	if (mode == ETSN_FS_FALLBACK)
		etsn_json_string(j, "fallback", ifc->fallbacks[ifc->failsafe_fallback].name);
	etsn_json_close_object(j);
}

/* One interface's desired state and whether the last apply put it in force. */
static void state_json(struct agent_mqtt *m, struct etsn_json *j, const char *key,
		       const struct etsn_agent_iface *ifc)
{
	const struct etsn_agent_iface_state *is = iface_state_of(agent_state(m->agent), ifc->name);

	etsn_json_open_object(j, key);
	etsn_json_string(j, "interface", ifc->name);
	etsn_json_bool(j, "in-force", m->applied);
	if (!m->applied)
		etsn_json_string(j, "error", m->apply_err[0] ? m->apply_err : "not applied yet");
	etsn_json_bool(j, "qdisc", ifc->qdisc);
	if (ifc->schedule)
		etsn_sched_json(j, "schedule", ifc->schedule);
	else
		etsn_json_null(j, "schedule");
	etsn_json_u64(j, "fallbacks", ifc->nfallbacks);
	/* The counts the status socket shows, here always present. */
	etsn_json_u64(j, "firewall-rules", is ? is->fw_rules : 0);
	etsn_json_u64(j, "psfp-streams", is ? is->psfp_streams : 0);
	etsn_json_u64(j, "classify-rules", is ? is->cls_rules : 0);
	etsn_json_u64(j, "dscp-codes", is ? is->dscp_codes : 0);
	etsn_json_u64(j, "frer-talkers", is ? is->frer_talkers : 0);
	etsn_json_u64(j, "frer-listeners", is ? is->frer_listeners : 0);
	failsafe_json(j, is, ifc);
	sync_json(j, &agent_state(m->agent)->sync);
	etsn_json_close_object(j);
}

static char *iface_state(struct agent_mqtt *m, const struct etsn_agent_iface *ifc)
{
	struct doc d;

	if (doc_open(&d))
		return NULL;
	state_json(m, &d.j, NULL, ifc);
	return doc_close(&d);
}

/* state/<ifname> for every interface (unchanged ones are not sent again);
 * cleared for those no longer configured.
 */
static void publish_states(struct agent_mqtt *m)
{
	const struct etsn_agent_config *c = m->cfg;
	size_t i, kept = 0;
	char *json;

	if (!m->session)
		return;
	for (i = 0; i < m->npublished; i++) {
		if (find_iface(c, m->published[i]))
			continue;
		etsn_mqtt_state(m->session, m->published[i], NULL);
		m->published[i][0] = '\0';
	}
	for (i = 0; i < m->npublished; i++)
		if (m->published[i][0])
			memmove(m->published[kept++], m->published[i], IF_NAMESIZE);
	m->npublished = kept;
	for (i = 0; i < c->nifaces; i++) {
		json = iface_state(m, &c->ifaces[i]);
		if (!json || etsn_mqtt_state(m->session, c->ifaces[i].name, json)) {
			etsn_log(ETSN_LOG_ERR, "mqtt: state/%s not kept (no memory)",
				 c->ifaces[i].name);
		} else {
			size_t k;

			for (k = 0; k < m->npublished; k++)
				if (!strcmp(m->published[k], c->ifaces[i].name))
					break;
			if (k == m->npublished)
				memcpy(m->published[m->npublished++], c->ifaces[i].name,
				       IF_NAMESIZE);
		}
		free(json);
	}
}

void agent_mqtt_applied(struct agent_mqtt *m, const char *why, int err, size_t changes,
			const char *reason)
{
	struct doc d;

	if (!m)
		return;
	/* A set-schedule is one interface's part, rolled back when it fails:
	 * only an apply of the whole desired state says whether it is in force.
	 */
	bool again = err && !m->applied && !strcmp(m->apply_err, reason);

	if (strcmp(why, WHY_SET_SCHEDULE)) {
		m->applied = !err;
		snprintf(m->apply_err, sizeof(m->apply_err), "%s", err ? reason : "");
	}
	/* A retry failing as the last apply did is no news. */
	if (!m->session || (again && !strcmp(why, "retry")))
		return;
	if (!doc_open(&d)) {
		etsn_json_open_object(&d.j, NULL);
		etsn_json_string(&d.j, "apply", why);
		if (err) {
			etsn_json_string(&d.j, "status", "error");
			etsn_json_string(&d.j, "reason", reason);
		} else {
			etsn_json_string(&d.j, "status", "ok");
			etsn_json_u64(&d.j, "changes", changes);
		}
		etsn_json_close_object(&d.j);
		event(m, err ? "error" : "apply", doc_close(&d));
	}
	publish_states(m);
}

void agent_mqtt_state_changed(struct agent_mqtt *m)
{
	if (m)
		publish_states(m);
}

void agent_mqtt_hold(struct agent_mqtt *m)
{
	if (m && m->session)
		etsn_mqtt_hold(m->session);
}

void agent_mqtt_release(struct agent_mqtt *m)
{
	if (m && m->session)
		etsn_mqtt_release(m->session);
}

void agent_mqtt_sync(struct agent_mqtt *m, const struct ptp_sync_transition *t)
{
	const struct etsn_agent_sync_state *s;
	char gm[19];
	struct doc d;

	if (!m || !m->session || doc_open(&d))
		return;
	s = &agent_state(m->agent)->sync;
	etsn_json_open_object(&d.j, NULL);
	etsn_json_string(&d.j, "from", ptp_sync_state_name(t->from));
	etsn_json_string(&d.j, "to", ptp_sync_state_name(t->to));
	etsn_json_string(&d.j, "reason", ptp_sync_reason_name(t->reason));
	etsn_json_s64(&d.j, "offset-ns", t->offset_ns);
	if (s->has_gm) {
		etsn_clock_identity_str(s->gm_identity, gm);
		etsn_json_string(&d.j, "grandmaster", gm);
	}
	etsn_json_close_object(&d.j);
	event(m, "sync", doc_close(&d));
}

void agent_mqtt_failsafe(struct agent_mqtt *m, const char *ifname, enum etsn_fs_mode from,
			 enum etsn_fs_mode to, enum ptp_sync_state sync)
{
	const struct etsn_agent_iface *ifc;
	struct doc d;

	if (!m || !m->session || doc_open(&d))
		return;
	ifc = find_iface(m->cfg, ifname);
	etsn_json_open_object(&d.j, NULL);
	etsn_json_string(&d.j, "interface", ifname);
	etsn_json_string(&d.j, "from", etsn_fs_mode_name(from));
	etsn_json_string(&d.j, "to", etsn_fs_mode_name(to));
	if (to == ETSN_FS_FALLBACK && ifc)
		etsn_json_string(&d.j, "fallback", ifc->fallbacks[ifc->failsafe_fallback].name);
	etsn_json_string(&d.j, "sync", ptp_sync_state_name(sync));
	etsn_json_close_object(&d.j);
	event(m, "failsafe", doc_close(&d));
}

void agent_mqtt_failed(struct agent_mqtt *m, const char *what, const char *reason)
{
	struct doc d;

	if (!m || !m->session || doc_open(&d))
		return;
	etsn_json_open_object(&d.j, NULL);
	etsn_json_string(&d.j, "what", what);
	etsn_json_string(&d.j, "status", "error");
	etsn_json_string(&d.j, "reason", reason);
	etsn_json_close_object(&d.j);
	event(m, "error", doc_close(&d));
}

/* ------------------------------------------------------------ stats --- */

/* The edgetsn family for a round of counters. One that fails to open (no
 * module) still goes to agent_tele_json: the firewall and PSFP parts are
 * read all the same.
 */
static void open_genl(struct etsn_genl *g)
{
	if (etsn_genl_open(g))
		etsn_log(ETSN_LOG_DEBUG, "mqtt: telemetry: %s", etsn_genl_strerror(g));
}

static void close_genl(struct etsn_genl *g)
{
	if (g->sk)
		etsn_genl_close(g);
}

/* tele/<ifname>/streams: the streams picked this tick, in messages of at
 * most ETSN_TELE_STREAMS_PER_MSG.
 */
static void publish_streams(struct agent_mqtt *m, const char *ifname,
			    struct etsn_tele_streams *st)
{
	char leaf[IF_NAMESIZE + sizeof("/streams")];
	const struct etsn_tele_stream *s;
	size_t n, k;
	struct doc d;
	char *json;

	s = etsn_tele_streams_take(st, &n);
	snprintf(leaf, sizeof(leaf), "%s/streams", ifname);
	for (size_t i = 0; i < n; i += k) {
		k = n - i < ETSN_TELE_STREAMS_PER_MSG ? n - i : ETSN_TELE_STREAMS_PER_MSG;
		if (doc_open(&d))
			return;
		etsn_tele_streams_json(&d.j, ifname, &s[i], k);
		json = doc_close(&d);
		if (json)
			etsn_mqtt_tele(m->session, leaf, json);
		free(json);
	}
}

static void telemetry(struct agent_mqtt *m)
{
	char reason[REASON_MAX];
	struct etsn_tele_streams *st;
	struct etsn_genl g;
	struct doc d;
	char *json;

	if (!etsn_mqtt_connected(m->session) || !m->cfg->nifaces)
		return;
	open_genl(&g);
	for (size_t i = 0; i < m->cfg->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &m->cfg->ifaces[i];

		st = agent_tele_streams(&m->tele, m->cfg, ifc->name);
		if (doc_open(&d))
			continue;
		if (st)
			etsn_tele_streams_begin(st);
		if (agent_tele_json(&g, &d.j, ifc, st ? etsn_tele_streams_see : NULL, st, reason,
				    sizeof(reason))) {
			etsn_log(ETSN_LOG_DEBUG, "mqtt: telemetry: %s", reason);
			free(doc_close(&d));
		} else {
			json = doc_close(&d);
			if (json)
				etsn_mqtt_tele(m->session, ifc->name, json);
			free(json);
			if (st)
				publish_streams(m, ifc->name, st);
		}
		if (st)
			etsn_tele_streams_end(st);
	}
	close_genl(&g);
}

/* --------------------------------------------------------- commands --- */

static int cmd_get_state(void *ctx, const char *ifname, char **json, char *reason, size_t rlen)
{
	struct agent_mqtt *m = ctx;
	struct doc d;

	if (doc_open(&d)) {
		snprintf(reason, rlen, "out of memory");
		return -ENOMEM;
	}
	etsn_json_open_object(&d.j, NULL);
	for (size_t i = 0; i < m->cfg->nifaces; i++)
		if (!ifname[0] || !strcmp(ifname, m->cfg->ifaces[i].name))
			state_json(m, &d.j, m->cfg->ifaces[i].name, &m->cfg->ifaces[i]);
	etsn_json_close_object(&d.j);
	*json = doc_close(&d);
	return 0;
}

/* One interface: its counters object, an error if none can be read.
 * All: an array of one object per interface, with
 * {"ifname":..,"error":..} for one whose counters cannot be read.
 */
static int cmd_get_stats(void *ctx, const char *ifname, char **json, char *reason, size_t rlen)
{
	struct agent_mqtt *m = ctx;
	const struct etsn_agent_iface *ifc;
	char why[REASON_MAX];
	struct etsn_genl g;
	struct doc d;
	int err = 0;

	if (doc_open(&d)) {
		snprintf(reason, rlen, "out of memory");
		return -ENOMEM;
	}
	open_genl(&g);
	if (ifname[0]) {
		ifc = find_iface(m->cfg, ifname);
		if (ifc) {
			err = agent_tele_json(&g, &d.j, ifc, NULL, NULL, reason, rlen);
		} else {
			snprintf(reason, rlen, "interface: '%s' is not in the configuration", ifname);
			err = -ENODEV;
		}
	} else {
		etsn_json_open_array(&d.j, NULL);
		for (size_t i = 0; i < m->cfg->nifaces; i++) {
			ifc = &m->cfg->ifaces[i];
			if (!agent_tele_json(&g, &d.j, ifc, NULL, NULL, why, sizeof(why)))
				continue;
			etsn_json_open_object(&d.j, NULL);
			etsn_json_string(&d.j, "ifname", ifc->name);
			etsn_json_string(&d.j, "error", why);
			etsn_json_close_object(&d.j);
		}
		etsn_json_close_array(&d.j);
	}
	*json = doc_close(&d);
	if (err) {
		free(*json);
		*json = NULL;
	}
	close_genl(&g);
	return err;
}

/* During a fail-safe (agent_primary_runs false) it only becomes the
 * desired primary: the fallback stays until the recovery installs it.
 * Otherwise through the apply path, for c->ifname alone: installed at c->at_ns or
 * the next cycle boundary of the running schedule (reconcile's rule);
 * then the desired state in memory, so a retry does not undo it. With
 * persist, the file is rewritten first into a temporary file (checked),
 * renamed over the original only once the apply worked.
 */
static int cmd_set_schedule(void *ctx, const struct etsn_cmd *c, bool persist, char *reason,
			    size_t rlen)
{
	struct agent_mqtt *m = ctx;
	struct etsn_agent_config *cfg = agent_config(m->agent), *one;
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_iface *ifc = NULL;
	struct etsn_persist p = { .tmp = "" };
	struct etsn_sched *s, *inst;
	int err;

	for (size_t i = 0; i < cfg->nifaces; i++)
		if (!strcmp(cfg->ifaces[i].name, c->ifname))
			ifc = &cfg->ifaces[i];
	if (!ifc) {
		snprintf(reason, rlen, "interface: '%s' is not in the configuration", c->ifname);
		return -ENODEV;
	}
	if (!ifc->qdisc) {
		snprintf(reason, rlen, "%s: the configuration has no etsn qdisc there (qdisc: none)",
			 ifc->name);
		return -EINVAL;
	}
	s = malloc(sizeof(*s));
	inst = malloc(sizeof(*inst));
	one = malloc(sizeof(*one));
	if (!s || !inst || !one) {
		err = -ENOMEM;
		snprintf(reason, rlen, "out of memory");
		goto out;
	}
	/* Installed at the command's time; desired with the file's phase. */
	*inst = *c->sched;
	inst->has_base_time = c->has_at;
	inst->base_time = c->has_at ? c->at_ns : 0;
	*s = *c->sched;
	s->has_base_time = ifc->schedule && ifc->schedule->has_base_time;
	s->base_time = s->has_base_time ? ifc->schedule->base_time : 0;
	if (persist) {
		err = etsn_persist_prepare(&p, agent_config_file(m->agent), ifc->name, s, &opts,
					   reason, rlen);
		if (err)
			goto out;
	}
	if (!agent_primary_runs(m->agent, ifc->name)) {
		snprintf(reason, rlen,
			 "%s: fail-safe in force: the new schedule is the desired primary; installed at a cycle boundary once sync is locked%s",
			 ifc->name, c->has_at ? " (its at is not used)" : "");
		etsn_log(ETSN_LOG_NOTICE, "mqtt: set-schedule: %s", reason);
		err = 0;
		goto out;
	}
	memcpy(one, cfg, offsetof(struct etsn_agent_config, ifaces));
	one->nifaces = 1;
	one->ifaces[0] = *ifc;
	one->ifaces[0].schedule = inst;
	one->ifaces[0].schedule_at = c->has_at;
	err = agent_apply(m->agent, one, WHY_SET_SCHEDULE, reason, rlen);
out:
	free(one);
	free(inst);
	if (err) {
		etsn_persist_abort(&p);
		free(s);
		return err;
	}
	free(ifc->schedule);
	ifc->schedule = s;
	publish_states(m);
	if (persist) {
		char why[REASON_MAX];

		err = etsn_persist_commit(&p, why, sizeof(why));
		if (err) {
			snprintf(reason, rlen, "installed, but the file is not updated: %s", why);
			etsn_log(ETSN_LOG_ERR, "set-schedule %s: %s", ifc->name, reason);
			return err;
		}
		etsn_log(ETSN_LOG_INFO, "set-schedule %s: written to %s", ifc->name, p.path);
	}
	return 0;
}

static int cmd_reload(void *ctx, char *reason, size_t rlen)
{
	struct agent_mqtt *m = ctx;

	etsn_log(ETSN_LOG_INFO, "mqtt: reload command");
	return agent_reload(m->agent, reason, rlen);
}

/* ----------------------------------------------------- kernel events --- */

static int on_kernel_event(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
			   int len, void *arg)
{
	struct agent_mqtt *m = arg;
	const char *name = etsn_event_name(cmd);
	char kind[16];
	struct doc d;

	(void)nlh;
	if (!name) {
		snprintf(kind, sizeof(kind), "event%u", cmd);
		name = kind;
	}
	if (doc_open(&d))
		return 0;
	/* The same JSON as etsnctl -j monitor prints. */
	if (etsn_event_print(d.f, true, cmd, attrs, len)) {
		fclose(d.f);
		free(d.buf);
		etsn_log(ETSN_LOG_WARNING, "kernel event %u: malformed, not forwarded", cmd);
		return 0;
	}
	fclose(d.f);
	if (d.size && d.buf[d.size - 1] == '\n')
		d.buf[d.size - 1] = '\0';
	event(m, name, d.buf);
	return 0;
}

/* The module may load after the agent starts: tried again on every
 * telemetry tick until it works.
 */
static void open_events(struct agent_mqtt *m)
{
	if (m->events_open || !m->session)
		return;
	if (etsn_genl_open(&m->events))
		return;
	if (etsn_genl_subscribe_events(&m->events)) {
		etsn_log(ETSN_LOG_WARNING, "kernel events: %s", etsn_genl_strerror(&m->events));
		etsn_genl_close(&m->events);
		return;
	}
	m->events_open = true;
	etsn_log(ETSN_LOG_INFO, "kernel events: subscribed to the edgetsn family");
}

static void close_events(struct agent_mqtt *m)
{
	if (m->events_open)
		etsn_genl_close(&m->events);
	m->events_open = false;
}

static void read_kernel_events(struct agent_mqtt *m)
{
	int err = etsn_genl_read_events(&m->events, on_kernel_event, m);
	char *json;
	struct doc d;

	if (!err)
		return;
	if (err != -ENOBUFS) {
		etsn_log(ETSN_LOG_WARNING, "kernel events: %s; subscribing again",
			 etsn_genl_strerror(&m->events));
		close_events(m);
		return;
	}
	etsn_log(ETSN_LOG_WARNING, "kernel events: %s", etsn_genl_strerror(&m->events));
	if (doc_open(&d))
		return;
	etsn_json_open_object(&d.j, NULL);
	etsn_json_string(&d.j, "source", "kernel-events");
	etsn_json_string(&d.j, "reason", "events were lost (socket buffer overrun)");
	etsn_json_close_object(&d.j);
	json = doc_close(&d);
	event(m, "error", json);
}

/* ---------------------------------------------------------- session --- */

static void tele_timer(struct agent_mqtt *m)
{
	uint64_t ns = m->session ? m->cfg->mqtt.telemetry_interval_ns : 0;
	struct itimerspec its = {
		.it_value = { .tv_sec = (time_t)(ns / 1000000000u),
			      .tv_nsec = (long)(ns % 1000000000u) },
	};

	its.it_interval = its.it_value;
	timerfd_settime(m->telefd, 0, &its, NULL);
}

static int start_session(struct agent_mqtt *m)
{
	const struct etsn_cmd_ops ops = {
		.get_state = cmd_get_state,
		.get_stats = cmd_get_stats,
		.set_schedule = cmd_set_schedule,
		.reload = cmd_reload,
		.ctx = m,
	};
	char err[REASON_MAX];

	if (!m->cfg->mqtt.enabled)
		return 0;
	m->session = etsn_mqtt_new(m->cfg, &ops, session_log, m, err, sizeof(err));
	if (!m->session) {
		etsn_log(ETSN_LOG_ERR, "%s", err);
		return -1;
	}
	m->npublished = 0;
	etsn_log(ETSN_LOG_INFO, "mqtt: topics under %s, broker %s:%u",
		 etsn_mqtt_root(m->session), m->cfg->mqtt.host, m->cfg->mqtt.port);
	open_events(m);
	tele_timer(m);
	publish_states(m);
	return 0;
}

static void stop_session(struct agent_mqtt *m)
{
	close_events(m);
	etsn_mqtt_free(m->session);
	m->session = NULL;
	tele_timer(m);
}

struct agent_mqtt *agent_mqtt_new(struct agent *a, const struct etsn_agent_config *cfg)
{
	struct agent_mqtt *m = calloc(1, sizeof(*m));

	if (!m) {
		etsn_log(ETSN_LOG_ERR, "mqtt: out of memory");
		return NULL;
	}
	m->agent = a;
	m->cfg = cfg;
	m->telefd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (m->telefd < 0) {
		etsn_log(ETSN_LOG_ERR, "mqtt: timerfd: %s", strerror(errno));
		free(m);
		return NULL;
	}
	if (start_session(m)) {
		agent_mqtt_free(m);
		return NULL;
	}
	return m;
}

void agent_mqtt_free(struct agent_mqtt *m)
{
	if (!m)
		return;
	stop_session(m);
	close(m->telefd);
	agent_tele_ifaces_free(&m->tele);
	free(m);
}

void agent_mqtt_reconfigure(struct agent_mqtt *m, const struct etsn_agent_config *cfg)
{
	bool same = !memcmp(&m->cfg->mqtt, &cfg->mqtt, sizeof(cfg->mqtt));

	m->cfg = cfg;
	if (m->session)
		etsn_mqtt_set_config(m->session, cfg);
	/* The session may be in its own callback (a reload command): it is
	 * replaced once that is over.
	 */
	if (!same)
		m->restart = true;
}

int agent_mqtt_poll_prepare(struct agent_mqtt *m, struct pollfd *fds)
{
	fds[SLOT_SESSION] = (struct pollfd){ .fd = -1 };
	fds[SLOT_EVENTS] = (struct pollfd){ .fd = -1 };
	fds[SLOT_TELE] = (struct pollfd){ .fd = -1 };
	if (!m || !m->session)
		return -1;
	/* A reconnect gives a new socket: asked afresh every time. */
	fds[SLOT_SESSION].fd = etsn_mqtt_fd(m->session);
	fds[SLOT_SESSION].events = etsn_mqtt_poll_events(m->session);
	if (m->events_open)
		fds[SLOT_EVENTS] = (struct pollfd){ .fd = etsn_genl_fd(&m->events),
						    .events = POLLIN };
	fds[SLOT_TELE] = (struct pollfd){ .fd = m->telefd, .events = POLLIN };
	return etsn_mqtt_timeout_ms(m->session);
}

void agent_mqtt_poll_done(struct agent_mqtt *m, const struct pollfd *fds)
{
	uint64_t ticks;

	if (!m)
		return;
	if (m->session) {
		if (fds[SLOT_EVENTS].revents)
			read_kernel_events(m);
		if ((fds[SLOT_TELE].revents & POLLIN) &&
		    read(m->telefd, &ticks, sizeof(ticks)) == sizeof(ticks)) {
			open_events(m);
			telemetry(m);
		}
		etsn_mqtt_dispatch(m->session, fds[SLOT_SESSION].fd >= 0 ?
					       fds[SLOT_SESSION].revents : 0);
	}
	if (m->restart) {
		m->restart = false;
		etsn_log(ETSN_LOG_INFO, "mqtt: settings changed; a new session");
		stop_session(m);
		if (start_session(m))
			etsn_log(ETSN_LOG_ERR, "mqtt: off until the next reload");
	}
}
