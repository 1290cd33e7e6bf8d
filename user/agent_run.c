// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's main loop: one poll() over a signalfd (SIGHUP reload,
 * SIGTERM/SIGINT stop), a timerfd that retries an apply that failed, the
 * systemd watchdog's and the metrics' timerfds, the MQTT side's descriptors
 * (agent_mqtt_run.c), the status socket (agent_status.c) and the PTP
 * supervision's (agent_ptp.h), whose sync changes drive the fail-safe
 * (lib/agent_failsafe.h) through the same apply.
 */
#include <errno.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "agent_metrics.h"
#include "agent_mqtt_run.h"
#include "agent_ptp.h"
#include "agent_run.h"
#include "agent_status.h"
#include "lib/agent_apply.h"
#include "lib/agent_config.h"
#include "lib/agent_failsafe.h"
#include "lib/agent_log.h"
#include "lib/agent_notify.h"
#include "lib/diag.h"

/* A failed apply is tried again after RETRY_MIN_S (the module may load
 * later), then after twice as long each time, up to RETRY_MAX_S.
 */
#define RETRY_MIN_S 5
#define RETRY_MAX_S 300

struct agent {
	const char *file;
	struct etsn_agent_config *cfg;
	/* Replaced by a reload, freed after the loop's turn: a reload from an
	 * MQTT command runs while etsn_cmd_run() still holds the old one.
	 */
	struct etsn_agent_config *retired;
	int sigfd, timerfd, wdfd, metricsfd;
	bool metrics_failing;		/* logged once, until it works again */
	uint32_t retry_s;		/* the next retry's delay */
	struct etsn_agent_state state;
	struct etsn_status_srv status;
	struct agent_mqtt *mqtt;
	struct etsn_agent_ptp_sup *ptp;	/* NULL: not supervised */
	struct etsn_failsafe *fs;	/* what each interface runs now */
	/* A sync change's fail-safe decisions, logged after its apply. */
	bool fs_held;
	struct fs_change {
		char ifname[IF_NAMESIZE];
		enum etsn_fs_mode from, to;
	} fs_changes[ETSN_AGENT_MAX_IFACES];
	size_t nfs_changes;
};

/* The file, checked; every error logged as FILE:LINE:COL: reason. */
static struct etsn_agent_config *load(const char *file)
{
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_config *c;
	struct etsn_diag d;

	etsn_diag_init(&d, file);
	c = etsn_agent_config_load(&opts, &d);
	if (!c) {
		etsn_diag_sort(&d);
		for (size_t i = 0; i < d.count; i++)
			etsn_log(ETSN_LOG_ERR, "%s", d.msgs[i].text);
		if (d.dropped)
			etsn_log(ETSN_LOG_ERR, "%s: %zu more errors", file, d.dropped);
	}
	etsn_diag_free(&d);
	return c;
}

static void retry_later(struct agent *a, uint32_t s)
{
	struct itimerspec its = { .it_value.tv_sec = s };

	timerfd_settime(a->timerfd, 0, &its, NULL);
	a->state.retry_in_s = s;
}

/* Failures of the surroundings, which may pass: edgetsn.ko not loaded yet
 * (the family is not found), a device not there yet, memory, a busy
 * socket. Anything else is the kernel refusing this request (a clock change
 * under a running schedule, a value the device cannot do): the same apply
 * would be refused again, so only a reload (a changed file) tries again.
 */
static bool retry_may_help(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENODEV:
	case -ENOMEM:
	case -ENOBUFS:
	case -EAGAIN:
	case -EINTR:
	case -ETIMEDOUT:
		return true;
	}
	return false;
}

struct etsn_agent_config *agent_config(struct agent *a)
{
	return a->cfg;
}

const char *agent_config_file(struct agent *a)
{
	return a->file;
}

int agent_apply(struct agent *a, const struct etsn_agent_config *c, const char *why,
		char *err, size_t errlen)
{
	size_t changes;
	int ret = etsn_agent_apply(c, &changes, err, errlen);

	etsn_agent_state_applied(&a->state, why, ret, retry_may_help(ret), changes, err);
	if (!ret)
		etsn_log(ETSN_LOG_INFO, "apply (%s): %zu change%s, configuration in force",
			 why, changes, changes == 1 ? "" : "s");
	agent_mqtt_applied(a->mqtt, why, ret, changes, err);
	/* A parse and an apply free megabytes (YAML tree, undo record,
	 * libbpf objects) that malloc would keep: give them back.
	 */
	malloc_trim(0);
	return ret;
}

static enum ptp_sync_state sync_state(const struct agent *a)
{
	struct etsn_agent_sync_status st;

	if (!a->ptp)
		return PTP_SYNC_UNKNOWN;
	etsn_agent_ptp_status(a->ptp, &st);
	return st.state;
}

/* The sync and fail-safe fields of the state the status socket shows. */
static void state_sync(struct agent *a)
{
	struct etsn_agent_sync_status st;

	a->state.sync.supervised = a->ptp != NULL;
	if (a->ptp) {
		etsn_agent_ptp_status(a->ptp, &st);
		a->state.sync.state = st.state;
		a->state.sync.has_offset = st.ptp4l_up;
		a->state.sync.offset_ns = st.offset_ns;
		a->state.sync.has_gm = st.have_gm;
		memcpy(a->state.sync.gm_identity, st.gm_identity, sizeof(st.gm_identity));
	}
	for (size_t i = 0; i < a->state.nifaces && i < a->cfg->nifaces; i++) {
		enum etsn_fs_mode m = ETSN_FS_PRIMARY;

		etsn_failsafe_mode(a->fs, a->cfg->ifaces[i].name, &m);
		a->state.ifaces[i].failsafe_active = m != ETSN_FS_PRIMARY;
		a->state.ifaces[i].fs_mode = m;
	}
}

bool agent_primary_runs(struct agent *a, const char *ifname)
{
	return etsn_failsafe_primary_runs(a->fs, ifname);
}

const struct etsn_agent_state *agent_state(struct agent *a)
{
	state_sync(a);
	return &a->state;
}

static void log_fs_change(const char *ifname, enum etsn_fs_mode from, enum etsn_fs_mode to)
{
	etsn_log(to == ETSN_FS_PRIMARY ? ETSN_LOG_NOTICE : ETSN_LOG_WARNING,
		 "fail-safe: %s: %s -> %s", ifname, etsn_fs_mode_name(from),
		 etsn_fs_mode_name(to));
}

static void on_fs_change(void *ctx, const char *ifname, enum etsn_fs_mode from,
			 enum etsn_fs_mode to)
{
	struct agent *a = ctx;
	struct fs_change *c;

	if (a->fs_held && a->nfs_changes < ETSN_AGENT_MAX_IFACES) {
		c = &a->fs_changes[a->nfs_changes++];
		snprintf(c->ifname, sizeof(c->ifname), "%s", ifname);
		c->from = from;
		c->to = to;
	} else {
		log_fs_change(ifname, from, to);
	}
	agent_mqtt_failsafe(a->mqtt, ifname, from, to, sync_state(a));
}

/* A sync change's reports (MQTT events and state, the decisions' log
 * lines) wait while its fail-safe is installed: under load they took tens
 * of ms of the 100 ms budget (docs/benchmarks.md).
 */
static void reports_hold(struct agent *a)
{
	agent_mqtt_hold(a->mqtt);
	a->fs_held = true;
}

/* Publishes and logs what was held, in the order it came. */
static void reports_release(struct agent *a)
{
	agent_mqtt_release(a->mqtt);
	a->fs_held = false;
	for (size_t i = 0; i < a->nfs_changes; i++)
		log_fs_change(a->fs_changes[i].ifname, a->fs_changes[i].from, a->fs_changes[i].to);
	a->nfs_changes = 0;
}

/* Decides every interface's schedule for the sync state; true if any changed. */
static bool failsafe_update(struct agent *a)
{
	bool changed = etsn_failsafe_update(a->fs, a->cfg, sync_state(a), on_fs_change, a) != 0;

	state_sync(a);
	return changed;
}

/* The whole desired state, as the fail-safe wants it; a failure that may
 * pass is retried later.
 */
static int apply_now(struct agent *a, const char *why, char *err, size_t errlen)
{
	int ret;

	if (strcmp(why, "retry"))
		a->retry_s = RETRY_MIN_S;	/* a new file or a start: from the shortest */
	failsafe_update(a);
	ret = agent_apply(a, &a->fs->eff, why, err, errlen);
	if (ret && retry_may_help(ret)) {
		etsn_log(ETSN_LOG_ERR, "apply (%s) failed, its changes rolled back: %s; retrying in %u s",
			 why, err, a->retry_s);
		retry_later(a, a->retry_s);
		a->retry_s = a->retry_s * 2 > RETRY_MAX_S ? RETRY_MAX_S : a->retry_s * 2;
		etsn_agent_notify("STATUS=apply (%s) failed: %s; retrying in %u s", why, err,
				  a->state.retry_in_s);
		return ret;
	}
	retry_later(a, 0);
	if (ret) {
		etsn_log(ETSN_LOG_ERR, "apply (%s) refused, its changes rolled back: %s; not retried until a reload (SIGHUP)",
			 why, err);
		etsn_agent_notify("STATUS=apply (%s) refused: %s", why, err);
		return ret;
	}
	etsn_agent_notify("STATUS=configuration in force (%zu interface%s)", a->cfg->nifaces,
			  a->cfg->nifaces == 1 ? "" : "s");
	return 0;
}

/* apply_now(), its fail-safe changes reported once it is done (a reload
 * or a start may change them as a sync change does).
 */
static int apply(struct agent *a, const char *why, char *err, size_t errlen)
{
	bool held = a->fs_held;
	int ret;

	if (!held)
		reports_hold(a);
	ret = apply_now(a, why, err, errlen);
	if (!held)
		reports_release(a);
	return ret;
}

static void write_metrics(struct agent *a)
{
	char err[512];

	if (!a->cfg->metrics.enabled)
		return;
	if (etsn_agent_metrics_write(a->cfg, &a->state, err, sizeof(err))) {
		if (!a->metrics_failing)
			etsn_log(ETSN_LOG_WARNING, "metrics: %s", err);
		a->metrics_failing = true;
		return;
	}
	if (a->metrics_failing)
		etsn_log(ETSN_LOG_INFO, "metrics: %s written again", a->cfg->metrics.textfile);
	a->metrics_failing = false;
}

/* The metrics timer at the config's interval, or stopped. */
static void metrics_timer(struct agent *a)
{
	const struct etsn_agent_metrics *m = &a->cfg->metrics;
	struct itimerspec its = { 0 };

	if (m->enabled) {
		its.it_value.tv_sec = (time_t)(m->interval_ns / 1000000000);
		its.it_value.tv_nsec = (long)(m->interval_ns % 1000000000);
		its.it_interval = its.it_value;
	}
	timerfd_settime(a->metricsfd, 0, &its, NULL);
}

/* ns as "ms.us" for the log. */
#define MS_FMT "%llu.%03llu"
#define MS_ARG(ns) (unsigned long long)((ns) / 1000000), (unsigned long long)((ns) / 1000 % 1000)

/* A sync change: the fail-safe installed (or lifted) at once, reported after. */
static void on_sync(void *ctx, const struct ptp_sync_transition *t)
{
	struct agent *a = ctx;
	char err[512];
	uint64_t start, done, reported;
	int ret;

	a->state.sync.transitions++;
	reports_hold(a);
	agent_mqtt_sync(a->mqtt, t);
	if (!failsafe_update(a)) {
		agent_mqtt_state_changed(a->mqtt);
		reports_release(a);
		return;
	}
	start = etsn_agent_now_ns();
	ret = apply(a, "fail-safe", err, sizeof(err));
	done = etsn_agent_now_ns();
	reports_release(a);
	reported = etsn_agent_now_ns();
	if (ret)
		return;
	/* The apply's start too: what came before it (the decision) is part of the time. */
	etsn_log(ETSN_LOG_NOTICE, "fail-safe: applied " MS_FMT " ms after the sync change to %s (the apply from " MS_FMT " ms)",
		 MS_ARG(done - t->at_ns), ptp_sync_state_name(t->to), MS_ARG(start - t->at_ns));
	etsn_log(ETSN_LOG_DEBUG, "fail-safe: from the sync change, its events and state published and the decisions logged at " MS_FMT " ms",
		 MS_ARG(reported - t->at_ns));
}

/* Supervision as c->ptp says: kept, (re)opened or stopped. */
static void ptp_follow(struct agent *a, const struct etsn_agent_config *c)
{
	if (a->ptp && c->ptp.enabled && etsn_agent_ptp_same(a->ptp, &c->ptp))
		return;
	etsn_agent_ptp_close(a->ptp);
	a->ptp = c->ptp.enabled ? etsn_agent_ptp_open(&c->ptp, on_sync, a) : NULL;
}

int agent_reload(struct agent *a, char *err, size_t errlen)
{
	struct etsn_agent_config *c = load(a->file);
	int ret;

	if (!c) {
		etsn_log(ETSN_LOG_ERR, "reload: %s is not valid, the running configuration stays",
			 a->file);
		etsn_agent_notify("STATUS=reload: %s is not valid, the running configuration stays",
				  a->file);
		snprintf(err, errlen, "%s is not valid, the running configuration stays (see the log)",
			 a->file);
		agent_mqtt_failed(a->mqtt, "reload", err);
		return -EINVAL;
	}
	agent_mqtt_reconfigure(a->mqtt, c);
	etsn_agent_config_retire(&a->retired, a->cfg);
	a->cfg = c;
	etsn_agent_state_set_config(&a->state, a->file, c);
	etsn_log_set_level(c->logging.level);
	ptp_follow(a, c);
	etsn_failsafe_rebind(a->fs, c);
	ret = apply(a, "reload", err, errlen);
	metrics_timer(a);
	write_metrics(a);
	return ret;
}

/* on-stop: revert, on the way out. */
static void revert(struct agent *a)
{
	size_t removed;
	char err[512];

	if (etsn_agent_revert(a->cfg, &removed, err, sizeof(err)))
		etsn_log(ETSN_LOG_ERR, "on-stop revert: %s", err);
	else
		etsn_log(ETSN_LOG_INFO, "on-stop revert: %zu etsn qdisc%s deleted", removed,
			 removed == 1 ? "" : "s");
}

/* false when the agent is to stop. */
static bool on_signal(struct agent *a)
{
	struct signalfd_siginfo si;

	if (read(a->sigfd, &si, sizeof(si)) != sizeof(si))
		return true;
	if (si.ssi_signo == SIGHUP) {
		char err[512];

		etsn_log(ETSN_LOG_INFO, "SIGHUP: reloading %s", a->file);
		etsn_agent_notify("RELOADING=1");
		agent_reload(a, err, sizeof(err));
		etsn_agent_notify("READY=1");
		return true;
	}
	etsn_agent_notify("STOPPING=1");
	if (a->cfg->on_stop == ETSN_ON_STOP_KEEP) {
		etsn_log(ETSN_LOG_INFO, "%s: stopping; the configuration stays in force",
			 strsignal((int)si.ssi_signo));
		return false;
	}
	etsn_log(ETSN_LOG_INFO, "%s: stopping; on-stop: revert", strsignal((int)si.ssi_signo));
	revert(a);
	return false;
}

/* WATCHDOG=1 at half the interval systemd set (WatchdogSec=). */
static int watchdog_start(struct agent *a)
{
	struct itimerspec its;
	uint64_t usec;

	a->wdfd = -1;
	if (etsn_agent_watchdog_usec(&usec) <= 0)
		return 0;
	a->wdfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (a->wdfd < 0)
		return -1;
	usec /= 2;
	its.it_value.tv_sec = (time_t)(usec / 1000000);
	its.it_value.tv_nsec = (long)(usec % 1000000) * 1000;
	if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
		its.it_value.tv_nsec = 1000;
	its.it_interval = its.it_value;
	return timerfd_settime(a->wdfd, 0, &its, NULL);
}

enum {
	FD_SIG, FD_RETRY, FD_WATCHDOG, FD_METRICS, FD_MQTT,
	FD_PTP = FD_MQTT + AGENT_MQTT_NFDS,
	FD_STATUS = FD_PTP + ETSN_AGENT_PTP_NFDS,
	NFDS = FD_STATUS + 1 + ETSN_STATUS_MAX_CLIENTS
};

/* The shorter of two poll() timeouts (ms, -1: none). */
static int sooner(int a, int b)
{
	if (a < 0)
		return b;
	return b < 0 || a < b ? a : b;
}

static int loop(struct agent *a)
{
	struct pollfd fds[NFDS];
	char err[512];
	uint64_t ticks;
	int timeout;
	size_t n;

	for (;;) {
		fds[FD_SIG] = (struct pollfd){ .fd = a->sigfd, .events = POLLIN };
		fds[FD_RETRY] = (struct pollfd){ .fd = a->timerfd, .events = POLLIN };
		fds[FD_WATCHDOG] = (struct pollfd){ .fd = a->wdfd, .events = POLLIN };
		fds[FD_METRICS] = (struct pollfd){ .fd = a->metricsfd, .events = POLLIN };
		timeout = agent_mqtt_poll_prepare(a->mqtt, &fds[FD_MQTT]);
		/* The supervision may change with a reload: asked each time. */
		for (size_t i = FD_PTP; i < FD_STATUS; i++)
			fds[i] = (struct pollfd){ .fd = -1 };
		if (a->ptp)
			etsn_agent_ptp_pollfds(a->ptp, &fds[FD_PTP]);
		n = FD_STATUS + etsn_status_pollfds(&a->status, &fds[FD_STATUS]);
		timeout = sooner(timeout, etsn_status_timeout_ms(&a->status));
		if (poll(fds, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			etsn_log(ETSN_LOG_ERR, "poll: %s", strerror(errno));
			return 1;
		}
		if ((fds[FD_SIG].revents & POLLIN) && !on_signal(a))
			return 0;
		if ((fds[FD_RETRY].revents & POLLIN) &&
		    read(a->timerfd, &ticks, sizeof(ticks)) == sizeof(ticks))
			apply(a, "retry", err, sizeof(err));
		if ((fds[FD_WATCHDOG].revents & POLLIN) &&
		    read(a->wdfd, &ticks, sizeof(ticks)) == sizeof(ticks))
			etsn_agent_notify("WATCHDOG=1");
		if ((fds[FD_METRICS].revents & POLLIN) &&
		    read(a->metricsfd, &ticks, sizeof(ticks)) == sizeof(ticks))
			write_metrics(a);
		if (a->ptp && (fds[FD_PTP].revents || fds[FD_PTP + 1].revents))
			etsn_agent_ptp_handle(a->ptp, &fds[FD_PTP]);
		agent_mqtt_poll_done(a->mqtt, &fds[FD_MQTT]);
		etsn_status_serve(&a->status, &fds[FD_STATUS], n - FD_STATUS, &a->state);
		etsn_agent_config_free_retired(&a->retired);
	}
}

int etsn_agent_run(const struct etsn_agent_opts *o)
{
	struct agent a = {
		.file = o->file, .sigfd = -1, .timerfd = -1, .wdfd = -1, .metricsfd = -1,
	};
	struct timespec now;
	char err[512];
	sigset_t set;
	int ret = 1;

	a.status.fd = -1;
	/* A fixed mmap threshold (and trim threshold, which glibc moves with
	 * it): glibc raises it when a large mmapped block is freed (the
	 * config file's bytes after a parse), after which a reload's stream,
	 * meter and gate arrays (calloc'd, mostly never written) would come
	 * from the heap; mmapped they cost only what is written and go back
	 * whole on free.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	mallopt(M_TRIM_THRESHOLD, 128 * 1024);
	/* With transparent huge pages "always", the first write into those
	 * arrays maps a whole 2 MiB page: measured 2048 kB AnonHugePages of
	 * the agent's 9.4 MiB with 10,000 streams. It wants small, not fast.
	 */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Blocked before anything else, so no signal is lost or kills us early. */
	if (sigprocmask(SIG_BLOCK, &set, NULL)) {
		etsn_log(ETSN_LOG_ERR, "sigprocmask: %s", strerror(errno));
		return 1;
	}
	a.cfg = load(a.file);
	if (!a.cfg) {
		etsn_log(ETSN_LOG_ERR, "%s is not valid: not started", a.file);
		return 1;
	}
	etsn_log_set_level(a.cfg->logging.level);
	clock_gettime(CLOCK_REALTIME, &now);
	a.state.started = now.tv_sec;
	etsn_agent_state_set_config(&a.state, a.file, a.cfg);
	a.fs = calloc(1, sizeof(*a.fs));
	if (!a.fs) {
		etsn_log(ETSN_LOG_ERR, "out of memory");
		goto out;
	}
	etsn_failsafe_init(a.fs, a.cfg);
	a.sigfd = signalfd(-1, &set, SFD_CLOEXEC);
	a.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	a.metricsfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (a.sigfd < 0 || a.timerfd < 0 || a.metricsfd < 0 || watchdog_start(&a)) {
		etsn_log(ETSN_LOG_ERR, "signalfd/timerfd: %s", strerror(errno));
		goto out;
	}
	if (etsn_status_open(&a.status, o->status_socket, err, sizeof(err))) {
		etsn_log(ETSN_LOG_ERR, "%s: not started", err);
		goto out;
	}
	etsn_log(ETSN_LOG_INFO, "edgetsnd %s started with %s, status on %s", EDGETSN_VERSION,
		 a.file, o->status_socket);
	a.mqtt = agent_mqtt_new(&a, a.cfg);
	if (!a.mqtt)
		goto out;
	ptp_follow(&a, a.cfg);
	apply(&a, "start", err, sizeof(err));
	metrics_timer(&a);
	write_metrics(&a);
	/* Ready once the first apply was tried: its result is in STATUS=. */
	etsn_agent_notify("READY=1");
	ret = loop(&a);
out:
	agent_mqtt_free(a.mqtt);
	etsn_status_close(&a.status);
	if (a.sigfd >= 0)
		close(a.sigfd);
	if (a.timerfd >= 0)
		close(a.timerfd);
	if (a.wdfd >= 0)
		close(a.wdfd);
	if (a.metricsfd >= 0)
		close(a.metricsfd);
	etsn_agent_ptp_close(a.ptp);
	free(a.fs);
	etsn_agent_config_free_retired(&a.retired);
	etsn_agent_config_free(a.cfg);
	return ret;
}
