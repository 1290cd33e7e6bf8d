// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's main loop: one poll() over a signalfd (SIGHUP reload,
 * SIGTERM/SIGINT stop), a timerfd that retries an apply that failed, the
 * systemd watchdog's and the metrics' timerfds, the MQTT side's descriptors
 * (agent_mqtt_run.c) and the status socket (agent_status.c).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "agent_metrics.h"
#include "agent_mqtt_run.h"
#include "agent_run.h"
#include "agent_status.h"
#include "lib/agent_apply.h"
#include "lib/agent_config.h"
#include "lib/agent_log.h"
#include "lib/diag.h"

/* A failed apply is tried again after RETRY_MIN_S (the module may load
 * later), then after twice as long each time, up to RETRY_MAX_S.
 */
#define RETRY_MIN_S 5
#define RETRY_MAX_S 300

struct agent {
	const char *file;
	struct etsn_agent_config *cfg;
	int sigfd, timerfd, wdfd, metricsfd;
	bool metrics_failing;		/* logged once, until it works again */
	uint32_t retry_s;		/* the next retry's delay */
	struct etsn_agent_state state;
	struct etsn_status_srv status;
	struct agent_mqtt *mqtt;
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

/* What the file asks for that this version does not run yet. */
static void log_not_run(const struct etsn_agent_config *c)
{
	if (c->ptp.enabled)
		etsn_log(ETSN_LOG_WARNING, "ptp: supervision is not run by this version");
	for (size_t i = 0; i < c->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];

		if (ifc->has_firewall || ifc->has_psfp || ifc->has_classify)
			etsn_log(ETSN_LOG_WARNING,
				 "%s: firewall, psfp and classify are not applied by this version",
				 ifc->name);
	}
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
	return ret;
}

/* The whole desired state; a failure that may pass is retried later. */
static int apply(struct agent *a, const char *why, char *err, size_t errlen)
{
	int ret;

	if (strcmp(why, "retry"))
		a->retry_s = RETRY_MIN_S;	/* a new file or a start: from the shortest */
	ret = agent_apply(a, a->cfg, why, err, errlen);
	if (ret && retry_may_help(ret)) {
		etsn_log(ETSN_LOG_ERR, "apply (%s) failed, its changes rolled back: %s; retrying in %u s",
			 why, err, a->retry_s);
		retry_later(a, a->retry_s);
		a->retry_s = a->retry_s * 2 > RETRY_MAX_S ? RETRY_MAX_S : a->retry_s * 2;
		sd_notifyf(0, "STATUS=apply (%s) failed: %s; retrying in %u s", why, err,
			   a->state.retry_in_s);
		return ret;
	}
	retry_later(a, 0);
	if (ret) {
		etsn_log(ETSN_LOG_ERR, "apply (%s) refused, its changes rolled back: %s; not retried until a reload (SIGHUP)",
			 why, err);
		sd_notifyf(0, "STATUS=apply (%s) refused: %s", why, err);
		return ret;
	}
	sd_notifyf(0, "STATUS=configuration in force (%zu interface%s)", a->cfg->nifaces,
		   a->cfg->nifaces == 1 ? "" : "s");
	return 0;
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

int agent_reload(struct agent *a, char *err, size_t errlen)
{
	struct etsn_agent_config *c = load(a->file);
	int ret;

	if (!c) {
		etsn_log(ETSN_LOG_ERR, "reload: %s is not valid, the running configuration stays",
			 a->file);
		sd_notifyf(0, "STATUS=reload: %s is not valid, the running configuration stays",
			   a->file);
		snprintf(err, errlen, "%s is not valid, the running configuration stays (see the log)",
			 a->file);
		agent_mqtt_failed(a->mqtt, "reload", err);
		return -EINVAL;
	}
	agent_mqtt_reconfigure(a->mqtt, c);
	etsn_agent_config_free(a->cfg);
	a->cfg = c;
	etsn_agent_state_set_config(&a->state, a->file, c);
	etsn_log_set_level(c->logging.level);
	log_not_run(c);
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
		sd_notify(0, "RELOADING=1");
		agent_reload(a, err, sizeof(err));
		sd_notify(0, "READY=1");
		return true;
	}
	sd_notify(0, "STOPPING=1");
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
	if (sd_watchdog_enabled(0, &usec) <= 0)
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
	FD_STATUS = FD_MQTT + AGENT_MQTT_NFDS,
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
			sd_notify(0, "WATCHDOG=1");
		if ((fds[FD_METRICS].revents & POLLIN) &&
		    read(a->metricsfd, &ticks, sizeof(ticks)) == sizeof(ticks))
			write_metrics(a);
		agent_mqtt_poll_done(a->mqtt, &fds[FD_MQTT]);
		etsn_status_serve(&a->status, &fds[FD_STATUS], n - FD_STATUS, &a->state);
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
	log_not_run(a.cfg);
	a.mqtt = agent_mqtt_new(&a, a.cfg);
	if (!a.mqtt)
		goto out;
	apply(&a, "start", err, sizeof(err));
	metrics_timer(&a);
	write_metrics(&a);
	/* Ready once the first apply was tried: its result is in STATUS=. */
	sd_notify(0, "READY=1");
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
	etsn_agent_config_free(a.cfg);
	return ret;
}
