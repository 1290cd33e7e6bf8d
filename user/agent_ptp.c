// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's PTP supervision: when to ask ptp4l what, and what its answers
 * (or its silence) mean for the sync state machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "agent_ptp.h"
#include "lib/agent_log.h"
#include "lib/clock_check.h"
#include "lib/ptp_client.h"
#include "lib/ptp_mgmt.h"

/* Reconnect attempts back off from the poll interval up to this. */
#define BACKOFF_MAX_NS 4000000000ull
/* TIME_PROPERTIES_DATA_SET again every this many polls (the UTC offset
 * changes rarely: at a leap second or a grandmaster change).
 */
#define PROPS_EVERY 16
/* Clock check problems besides enum etsn_clock_problem's. */
#define CLOCKS_UNREADABLE (1u << 30)
#define CLOCKS_NO_PHC (1u << 29)
/* How long a confirmation of the watchdog (a last TIME_STATUS_NP) may take. */
#define CONFIRM_NS 50000000ull

struct etsn_agent_ptp_sup {
	struct etsn_agent_ptp cfg;
	struct ptp_sync_cfg sync_cfg;
	struct ptp_sync sync;
	struct ptp_client *client;
	int timerfd;
	etsn_agent_ptp_cb cb;
	void *ctx;

	bool up;		/* ptp4l answered since it was last found down */
	uint16_t up_seq;	/* first sequenceId sent to this ptp4l */
	uint64_t next_poll_ns;
	uint64_t status_sent_ns, status_prev_sent_ns;	/* TIME_STATUS_NP GETs */
	uint64_t confirm_until_ns;	/* a watchdog confirmation pending; 0: none */
	uint64_t backoff_ns;
	unsigned int polls;
	bool subscribed;	/* our SET was acknowledged */
	bool sub_set_pending;
	uint16_t sub_set_seq;
	uint64_t renew_ns;	/* when to renew the subscription */
	int phc_fd;		/* ptp.phc-interface's PHC; -1: none */
	char clocks_why[256];	/* the last clock check's problems, "" */
	unsigned int clocks_problems;	/* its kinds: etsn_clock_problem, CLOCKS_* */
	bool clocks_logged;	/* a verdict was logged */
	bool stamp_unusable;	/* the last Sync's ingress time was not usable */

	struct etsn_agent_sync_status st;
};

/* Log times are CLOCK_MONOTONIC, so that detection and reaction can be
 * measured from the log alone.
 */
#define T_FMT "%llu.%06llu"
#define T_ARG(ns) (unsigned long long)((ns) / 1000000000ull), \
		  (unsigned long long)((ns) % 1000000000ull / 1000)

static void on_transition(void *ctx, const struct ptp_sync_transition *t)
{
	struct etsn_agent_ptp_sup *s = ctx;

	s->st.reason = t->reason;
	s->st.since_ns = t->at_ns;
	etsn_log(t->to == PTP_SYNC_LOST ? ETSN_LOG_WARNING : ETSN_LOG_NOTICE,
		 "ptp: domain %u: sync %s -> %s (%s), offset %lld ns, t=" T_FMT,
		 s->cfg.domain, ptp_sync_state_name(t->from), ptp_sync_state_name(t->to),
		 ptp_sync_reason_name(t->reason), (long long)t->offset_ns, T_ARG(t->at_ns));
	s->st.state = t->to;
	if (s->cb)
		s->cb(s->ctx, t);
}

static void feed(struct etsn_agent_ptp_sup *s, const struct ptp_sync_input *in, uint64_t now)
{
	ptp_sync_step(&s->sync_cfg, &s->sync, in, now, on_transition, s);
	s->st.offset_ns = s->sync.last_offset_ns;
	s->st.have_gm = s->sync.have_gm;
	memcpy(s->st.gm_identity, s->sync.gm_identity, sizeof(s->st.gm_identity));
}

static void went_down(struct etsn_agent_ptp_sup *s, const char *why, uint64_t now)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_PTP4L_DOWN };

	if (s->up)
		etsn_log(ETSN_LOG_WARNING, "ptp: ptp4l at %s does not answer (%s); retrying",
			 s->cfg.uds_path, why);
	s->up = false;
	s->subscribed = false;
	s->sub_set_pending = false;
	s->st.ptp4l_up = false;
	s->st.port_state = 0;
	s->backoff_ns = s->sync_cfg.sample_interval_ns;
	s->next_poll_ns = now + s->backoff_ns;
	feed(s, &in, now);
}

/* A send that failed: ENOENT (no socket file) and ECONNREFUSED (nobody
 * reads it) mean no ptp4l; EBUSY and EAGAIN only that it is slow.
 */
static bool sent(struct etsn_agent_ptp_sup *s, int err, const char *what, uint64_t now)
{
	if (!err)
		return true;
	if (err == -EBUSY || err == -EAGAIN) {
		etsn_log(ETSN_LOG_DEBUG, "ptp: %s not sent: %s", what, strerror(-err));
		return false;
	}
	if (s->up) {
		char why[96];

		snprintf(why, sizeof(why), "%s: %s", what, strerror(-err));
		went_down(s, why, now);
	}
	return false;
}

static bool get(struct etsn_agent_ptp_sup *s, uint16_t id, uint64_t now)
{
	char name[16];
	uint16_t seq;

	return sent(s, ptp_client_get(s->client, id, now, &seq),
		    ptp_mgmt_id_name(id, name), now);
}

static void subscribe(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	uint16_t seq;

	if (sent(s, ptp_client_subscribe(s->client, (uint16_t)s->cfg.subscribe_duration_s, now,
					 &seq), "SUBSCRIBE_EVENTS_NP", now)) {
		s->sub_set_pending = true;
		s->sub_set_seq = seq;
	}
}

/* A new ptp4l process: what the old one said is forgotten; subscribe and
 * read its port state and time properties afresh.
 */
static void read_afresh(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_PTP4L_RESTART };

	s->subscribed = false;
	s->st.port_state = 0;
	feed(s, &in, now);
	subscribe(s, now);
	if (s->up)
		get(s, PTP_MID_PORT_DATA_SET, now);
	if (s->up)
		get(s, PTP_MID_TIME_PROPERTIES_DATA_SET, now);
}

/* ptp4l answered after being down (or at start). */
static void came_up(struct etsn_agent_ptp_sup *s, uint16_t seq, uint64_t now)
{
	etsn_log(ETSN_LOG_NOTICE, "ptp: ptp4l at %s answers (domain %u)", s->cfg.uds_path,
		 s->cfg.domain);
	s->up = true;
	s->up_seq = seq;
	s->st.ptp4l_up = true;
	s->polls = 0;
	read_afresh(s, now);
	s->next_poll_ns = now;
}

/* A restart between two polls shows as our subscription gone. */
static void restarted(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	etsn_log(ETSN_LOG_WARNING, "ptp: ptp4l restarted (our subscription is gone)");
	read_afresh(s, now);
}

static void port_state(struct etsn_agent_ptp_sup *s, const struct ptp_port_ds *ds, uint64_t now)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_PORT_STATE, .port_state = ds->state,
				     .port = ds->id.port };
	char a[16], b[16];

	/* The state machine keeps the supervised port's (ptp.port) alone. */
	feed(s, &in, now);
	if (ds->id.port != s->cfg.port)
		return;
	if (ds->state != s->st.port_state)
		etsn_log(ETSN_LOG_INFO, "ptp: port %u state %s -> %s", ds->id.port,
			 s->st.port_state ? ptp_port_state_name(s->st.port_state, a) : "unknown",
			 ptp_port_state_name(ds->state, b));
	s->st.port_state = ds->state;
}

/* ptp.clock-check: the kernel's TAI offset and the PHC against the
 * grandmaster's UTC offset, fed to the state machine (a mismatch keeps it
 * from locked). Needs the UTC offset: TIME_PROPERTIES_DATA_SET first.
 */
static void check_clocks(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_CLOCKS };
	struct etsn_clock_readings r;
	struct etsn_clock_verdict v;
	char why[sizeof(s->clocks_why)];
	unsigned int problems;
	int err;

	if (!s->cfg.clock_check || !s->st.have_utc_offset)
		return;
	err = etsn_clock_read(s->phc_fd, &r);
	if (err) {
		snprintf(why, sizeof(why), "the clocks cannot be read: %s", strerror(-err));
		problems = CLOCKS_UNREADABLE;
	} else if (s->cfg.phc_interface[0] && s->phc_fd < 0) {
		snprintf(why, sizeof(why), "%s: no PHC to check", s->cfg.phc_interface);
		problems = CLOCKS_NO_PHC;
	} else {
		etsn_clock_judge(&r, s->st.utc_offset_s, s->cfg.clock_tolerance_ns, &v);
		etsn_clock_verdict_str(&v, &r, s->st.utc_offset_s, why, sizeof(why));
		problems = v.problems;
	}
	/* A PHC off TAI by a drifting amount has new numbers at every poll:
	 * a warning when the kind of problem changes, the numbers at debug.
	 */
	if (!s->clocks_logged || problems != s->clocks_problems) {
		if (why[0])
			etsn_log(ETSN_LOG_WARNING, "ptp: clock check: %s", why);
		else
			etsn_log(ETSN_LOG_NOTICE, "ptp: clock check: kernel TAI offset %d s%s agree with the UTC offset",
				 r.kernel_tai_s, r.has_phc ? " and the PHC" : "");
	} else if (strcmp(why, s->clocks_why)) {
		etsn_log(ETSN_LOG_DEBUG, "ptp: clock check: %s", why);
	}
	s->clocks_logged = true;
	s->clocks_problems = problems;
	snprintf(s->clocks_why, sizeof(s->clocks_why), "%s", why);
	s->st.clocks_checked = true;
	s->st.clocks_ok = !why[0];
	in.clocks_ok = !why[0];
	feed(s, &in, now);
}

/* ptp.phc-interface's PHC (ETHTOOL_GET_TS_INFO), opened once. */
static void open_phc(struct etsn_agent_ptp_sup *s)
{
	char path[32];
	int err, idx;

	s->phc_fd = -1;
	if (!s->cfg.clock_check || !s->cfg.phc_interface[0])
		return;
	err = etsn_phc_index(s->cfg.phc_interface, &idx);
	if (!err) {
		snprintf(path, sizeof(path), "/dev/ptp%d", idx);
		s->phc_fd = open(path, O_RDONLY | O_CLOEXEC);
		err = s->phc_fd < 0 ? -errno : 0;
	}
	if (err)
		etsn_log(ETSN_LOG_ERR, "ptp: phc-interface %s: %s", s->cfg.phc_interface,
			 err == -ENODEV ? "it has no PHC" : strerror(-err));
	else
		etsn_log(ETSN_LOG_INFO, "ptp: checking the PHC of %s (%s)", s->cfg.phc_interface, path);
}

static void time_props(struct etsn_agent_ptp_sup *s, const struct ptp_time_props *tp)
{
	bool valid = tp->flags & PTP_TP_UTC_OFF_VALID;

	if (!s->st.have_utc_offset || s->st.utc_offset_s != tp->current_utc_offset ||
	    s->st.utc_offset_valid != valid)
		etsn_log(ETSN_LOG_INFO, "ptp: UTC offset %d s (%s), PTP timescale %s",
			 tp->current_utc_offset, valid ? "valid" : "not valid",
			 tp->flags & PTP_TP_PTP_TIMESCALE ? "yes" : "no");
	s->st.have_utc_offset = true;
	s->st.utc_offset_valid = valid;
	s->st.utc_offset_s = tp->current_utc_offset;
}

/* How long ago a new Sync arrived, from its ingress time: ptp4l stamps it
 * on CLOCK_REALTIME (software timestamps) or on the PHC, which phc2sys
 * keeps at CLOCK_REALTIME + the UTC offset (PTP timescale). 0 (unknown:
 * the watchdog runs from now) unless one of them puts it after the
 * previous TIME_STATUS_NP GET, which still saw the Sync before.
 */
static uint64_t sample_age(struct etsn_agent_ptp_sup *s, int64_t ingress_ns, uint64_t now)
{
	uint64_t window, age;
	struct timespec rt;
	int64_t rt_ns;

	if (!s->status_prev_sent_ns || !ingress_ns || clock_gettime(CLOCK_REALTIME, &rt))
		return 0;
	window = now - s->status_prev_sent_ns;
	rt_ns = (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec;
	age = ptp_sync_sample_age(rt_ns, ingress_ns, window);
	if (!age && s->st.have_utc_offset)
		age = ptp_sync_sample_age(rt_ns + (int64_t)s->st.utc_offset_s * 1000000000,
					  ingress_ns, window);
	/* A watchdog that runs from the reply is up to a poll late: say when
	 * a new Sync's stamp is not usable (a clock stepped by ptp4l moves it
	 * out of the window). A repeated one ages, and is not counted anyway.
	 */
	if (s->sync.have_ingress && ingress_ns == s->sync.last_ingress_ns)
		return age;
	if (!age != s->stamp_unusable)
		etsn_log(ETSN_LOG_INFO, age ? "ptp: the Sync's ingress time is usable again" :
			 "ptp: the Sync's ingress time is not usable (CLOCK_REALTIME - ingress %lld ns, poll window %llu ns): the watchdog runs from the reply",
			 (long long)(rt_ns - ingress_ns), (unsigned long long)window);
	s->stamp_unusable = !age;
	return age;
}

static void reply(struct etsn_agent_ptp_sup *s, const struct ptp_client_event *ev, uint64_t now)
{
	const struct ptp_mgmt_msg *m = ev->msg;
	struct ptp_sync_input in = { .kind = PTP_SYNC_IN_TIME_STATUS };

	if (!s->up)
		came_up(s, ev->seq, now);
	switch (m->id) {
	case PTP_MID_PORT_DATA_SET:
		port_state(s, &m->u.port_ds, now);
		break;
	case PTP_MID_TIME_STATUS_NP:
		in.master_offset_ns = m->u.time_status.master_offset_ns;
		in.ingress_time_ns = m->u.time_status.ingress_time_ns;
		in.sample_age_ns = sample_age(s, in.ingress_time_ns, now);
		in.gm_present = m->u.time_status.gm_present != 0;
		memcpy(in.gm_identity, m->u.time_status.gm_identity, sizeof(in.gm_identity));
		if (s->sync.have_gm && in.gm_present &&
		    memcmp(s->sync.gm_identity, in.gm_identity, sizeof(in.gm_identity)))
			get(s, PTP_MID_TIME_PROPERTIES_DATA_SET, now);
		feed(s, &in, now);
		break;
	case PTP_MID_TIME_PROPERTIES_DATA_SET:
		time_props(s, &m->u.time_props);
		break;
	case PTP_MID_SUBSCRIBE_EVENTS_NP:
		if (s->sub_set_pending && ev->seq == s->sub_set_seq) {
			s->sub_set_pending = false;
			s->subscribed = true;
			s->renew_ns = now + (uint64_t)s->cfg.subscribe_duration_s * 500000000ull;
			etsn_log(ETSN_LOG_DEBUG, "ptp: subscribed to port state events for %u s",
				 s->cfg.subscribe_duration_s);
		} else if (s->subscribed && !m->u.subscription.duration_s) {
			restarted(s, now);
		}
		break;
	}
}

static void on_client(void *ctx, const struct ptp_client_event *ev)
{
	struct etsn_agent_ptp_sup *s = ctx;
	uint64_t now = etsn_agent_now_ns();
	char name[16], err[16];

	switch (ev->kind) {
	case PTP_CLIENT_REPLY:
		reply(s, ev, now);
		break;
	case PTP_CLIENT_NOTIFY:
		if (s->up)
			port_state(s, &ev->msg->u.port_ds, now);
		break;
	case PTP_CLIENT_ERROR_STATUS:
		etsn_log(ETSN_LOG_WARNING, "ptp: ptp4l refused %s: %s%s%s",
			 ptp_mgmt_id_name(ev->id, name),
			 ptp_mgmt_error_name(ev->msg->error, err),
			 ev->msg->error_text[0] ? ": " : "", ev->msg->error_text);
		break;
	case PTP_CLIENT_TIMEOUT:
		/* A request to a ptp4l that died before this one came up is no news. */
		if (s->up && (int16_t)(ev->seq - s->up_seq) >= 0) {
			char why[64];

			snprintf(why, sizeof(why), "%s timed out", ptp_mgmt_id_name(ev->id, name));
			went_down(s, why, now);
		}
		break;
	case PTP_CLIENT_MALFORMED:
		etsn_log(ETSN_LOG_WARNING, "ptp: a datagram refused: %s", ev->why);
		break;
	case PTP_CLIENT_STRAY:
		etsn_log(ETSN_LOG_DEBUG, "ptp: a stray %s reply (sequence %u)",
			 ptp_mgmt_id_name(ev->id, name), ev->seq);
		break;
	}
}

static bool open_client(struct etsn_agent_ptp_sup *s)
{
	struct ptp_client_cfg cc = {
		.server_path = s->cfg.uds_path,
		.domain = s->cfg.domain,
		.transport_specific = s->cfg.transport_specific,
	};
	const char *why;
	int err;

	err = ptp_client_open(&s->client, &cc, on_client, s, &why);
	if (err) {
		etsn_log(ETSN_LOG_ERR, "ptp: cannot open a client of %s: %s: %s; retrying",
			 s->cfg.uds_path, why, strerror(-err));
		return false;
	}
	return true;
}

/* GET TIME_STATUS_NP, its send time kept for sample_age(). */
static bool get_time_status(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	s->status_prev_sent_ns = s->status_sent_ns;
	s->status_sent_ns = now;
	return get(s, PTP_MID_TIME_STATUS_NP, now);
}

/* One poll round: TIME_STATUS_NP, the subscription checked or renewed; or,
 * with ptp4l down, one PORT_DATA_SET to find it back.
 */
static void poll_round(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	struct ptp_sync_input down = { .kind = PTP_SYNC_IN_PTP4L_DOWN };
	uint16_t seq;
	int err;

	if (!s->client && !open_client(s)) {
		s->next_poll_ns = now + BACKOFF_MAX_NS;
		return;
	}
	if (!s->up) {
		err = ptp_client_get(s->client, PTP_MID_PORT_DATA_SET, now, &seq);
		if (err) {
			etsn_log(ETSN_LOG_DEBUG, "ptp: ptp4l not reachable: %s", strerror(-err));
			/* Not there at all (e.g. at start): lost now, not at the watchdog. */
			feed(s, &down, now);
		}
		s->next_poll_ns = now + s->backoff_ns;
		s->backoff_ns = s->backoff_ns * 2 > BACKOFF_MAX_NS ? BACKOFF_MAX_NS :
								   s->backoff_ns * 2;
		return;
	}
	s->next_poll_ns = now + s->sync_cfg.sample_interval_ns;
	s->polls++;
	if (!get_time_status(s, now))
		return;
	if (!s->subscribed && !s->sub_set_pending)
		subscribe(s, now);
	else if (s->subscribed && now >= s->renew_ns)
		subscribe(s, now);
	else if (s->subscribed)
		get(s, PTP_MID_SUBSCRIBE_EVENTS_NP, now);
	if (s->up && s->polls % PROPS_EVERY == 0)
		get(s, PTP_MID_TIME_PROPERTIES_DATA_SET, now);
	check_clocks(s, now);
}

/* The watchdog's deadline passed: true while one more TIME_STATUS_NP is
 * asked (at most CONFIRM_NS) before the tick may say lost. A ptp4l (or an
 * agent) that was only slow may have a Sync from before the deadline that
 * the last poll did not show yet; a stopped master has none.
 */
static bool confirming(struct etsn_agent_ptp_sup *s, uint64_t now)
{
	if (!s->up || s->sync.state == PTP_SYNC_LOST ||
	    now <= ptp_sync_deadline(&s->sync_cfg, &s->sync)) {
		s->confirm_until_ns = 0;
		return false;
	}
	if (s->confirm_until_ns)
		return now < s->confirm_until_ns;
	if (!get_time_status(s, now))
		return false;
	s->confirm_until_ns = now + CONFIRM_NS;
	return true;
}

static void arm(struct etsn_agent_ptp_sup *s)
{
	uint64_t at = ptp_sync_next_wake(&s->sync_cfg, &s->sync, s->next_poll_ns,
					 s->client ? ptp_client_next_deadline(s->client) : UINT64_MAX,
					 s->confirm_until_ns);
	struct itimerspec its = { 0 };

	its.it_value.tv_sec = (time_t)(at / 1000000000ull);
	its.it_value.tv_nsec = (long)(at % 1000000000ull);
	timerfd_settime(s->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

struct etsn_agent_ptp_sup *etsn_agent_ptp_open(const struct etsn_agent_ptp *cfg,
					       etsn_agent_ptp_cb cb, void *ctx)
{
	struct etsn_agent_ptp_sup *s = calloc(1, sizeof(*s));
	uint64_t now = etsn_agent_now_ns();
	const char *why;

	if (!s) {
		etsn_log(ETSN_LOG_ERR, "ptp: out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->cb = cb;
	s->ctx = ctx;
	ptp_sync_cfg_default(&s->sync_cfg);
	s->sync_cfg.lock_threshold_ns = (int64_t)cfg->locked_threshold_ns;
	s->sync_cfg.degraded_threshold_ns = (int64_t)cfg->degraded_threshold_ns;
	s->sync_cfg.lock_samples = cfg->hysteresis;
	s->sync_cfg.degrade_samples = cfg->hysteresis;
	s->sync_cfg.sample_interval_ns = cfg->poll_interval_ns;
	s->sync_cfg.watchdog_intervals = cfg->watchdog_intervals;
	s->sync_cfg.port = cfg->port;
	if (ptp_sync_cfg_check(&s->sync_cfg, &why)) {
		etsn_log(ETSN_LOG_ERR, "ptp: %s", why);
		free(s);
		return NULL;
	}
	ptp_sync_init(&s->sync, now);
	s->st.domain = cfg->domain;
	s->st.state = PTP_SYNC_UNKNOWN;
	s->st.reason = PTP_SYNC_R_SAMPLE;
	s->st.since_ns = now;
	s->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (s->timerfd < 0) {
		etsn_log(ETSN_LOG_ERR, "ptp: timerfd: %s", strerror(errno));
		free(s);
		return NULL;
	}
	s->backoff_ns = s->sync_cfg.sample_interval_ns;
	s->next_poll_ns = now;
	open_phc(s);
	etsn_log(ETSN_LOG_INFO, "ptp: supervising ptp4l at %s, domain %u, port %u, poll %llu ms",
		 cfg->uds_path, cfg->domain, cfg->port,
		 (unsigned long long)(cfg->poll_interval_ns / 1000000));
	open_client(s);
	arm(s);
	return s;
}

void etsn_agent_ptp_close(struct etsn_agent_ptp_sup *s)
{
	if (!s)
		return;
	ptp_client_close(s->client);
	close(s->timerfd);
	if (s->phc_fd >= 0)
		close(s->phc_fd);
	free(s);
}

bool etsn_agent_ptp_same(const struct etsn_agent_ptp_sup *s, const struct etsn_agent_ptp *cfg)
{
	const struct etsn_agent_ptp *a = &s->cfg;

	/* Field by field: padding is not part of the settings. */
	return a->enabled == cfg->enabled && !strcmp(a->uds_path, cfg->uds_path) &&
	       a->domain == cfg->domain && a->transport_specific == cfg->transport_specific &&
	       a->port == cfg->port &&
	       a->locked_threshold_ns == cfg->locked_threshold_ns &&
	       a->degraded_threshold_ns == cfg->degraded_threshold_ns &&
	       a->hysteresis == cfg->hysteresis && a->poll_interval_ns == cfg->poll_interval_ns &&
	       a->watchdog_intervals == cfg->watchdog_intervals &&
	       a->subscribe_duration_s == cfg->subscribe_duration_s &&
	       a->clock_check == cfg->clock_check &&
	       !strcmp(a->phc_interface, cfg->phc_interface) &&
	       a->clock_tolerance_ns == cfg->clock_tolerance_ns;
}

void etsn_agent_ptp_pollfds(const struct etsn_agent_ptp_sup *s, struct pollfd *fds)
{
	fds[0] = (struct pollfd){ .fd = s->client ? ptp_client_fd(s->client) : -1,
				  .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = s->timerfd, .events = POLLIN };
}

void etsn_agent_ptp_handle(struct etsn_agent_ptp_sup *s, const struct pollfd *fds)
{
	struct ptp_sync_input tick = { .kind = PTP_SYNC_IN_TICK };
	uint64_t ticks, now;
	int err;

	if (s->client && (fds[0].revents & POLLIN)) {
		err = ptp_client_process(s->client);
		if (err)
			etsn_log(ETSN_LOG_ERR, "ptp: recv: %s", strerror(-err));
	}
	if (fds[1].revents & POLLIN) {
		if (read(s->timerfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
			etsn_log(ETSN_LOG_ERR, "ptp: timer: %s", strerror(errno));
	}
	now = etsn_agent_now_ns();
	if (s->client)
		ptp_client_expire(s->client, now);
	if (!confirming(s, now))
		feed(s, &tick, now);
	if (now >= s->next_poll_ns)
		poll_round(s, now);
	arm(s);
}

void etsn_agent_ptp_status(const struct etsn_agent_ptp_sup *s,
			   struct etsn_agent_sync_status *out)
{
	*out = s->st;
}
