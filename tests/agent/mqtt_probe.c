// SPDX-License-Identifier: GPL-2.0-or-later
/* A driver of the agent's MQTT session (user/lib/agent_mqtt.c) for
 * tests/agent/mqtt.sh and tools/bench-mqtt.sh: one poll() loop over the
 * session's socket and stdin, as edgetsnd's will be.
 *
 *   mqtt_probe CONFIG
 * stdin, one command a line:
 *   state IF JSON | clear IF | tele IF JSON | event KIND JSON
 *   pad KIND BYTES       event KIND with a payload {"pad":"xx...x"} of BYTES
 *   limit-as MIB | off   the probe's address space limited to MIB above
 *                        its size now (a large allocation fails for real),
 *                        or back to what it was
 *   hold | release       etsn_mqtt_hold, etsn_mqtt_release
 *   fail VERB REASON     the next VERB callback answers this error
 *   bench N              once connected, N tele/bench messages as fast as
 *                        the session takes them; prints the rate when all
 *                        are done
 *   quit
 * stdout: "connected", "disconnected", what each command callback was
 * given ("set-schedule IF at=... {schedule JSON}", "reload"), "log: ..."
 * lines and "ok"/"error" after each stdin command.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "lib/agent_mqtt.h"
#include "lib/json.h"

static struct etsn_mqtt *mqtt;
static struct etsn_agent_config *cfg;
/* The state JSON per interface, as the agent would have it. */
static char *states[ETSN_AGENT_MAX_IFACES];
static char fail_verb[32], fail_reason[256];

static void log_line(void *ctx, const char *msg)
{
	(void)ctx;
	printf("log: %s\n", msg);
	fflush(stdout);
}

static int iface_index(const char *ifname)
{
	for (size_t i = 0; i < cfg->nifaces; i++)
		if (strcmp(cfg->ifaces[i].name, ifname) == 0)
			return (int)i;
	return -1;
}

/* The error set with "fail VERB", once. */
static int failing(const char *verb, char *reason, size_t rlen)
{
	if (strcmp(fail_verb, verb))
		return 0;
	fail_verb[0] = '\0';
	snprintf(reason, rlen, "%s", fail_reason);
	return -1;
}

static int get_state(void *ctx, const char *ifname, char **json, char *reason, size_t rlen)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	(void)ctx;
	if (failing("get-state", reason, rlen))
		return -1;
	f = open_memstream(&buf, &size);
	if (!f)
		return -ENOMEM;
	fputc('{', f);
	for (size_t i = 0, n = 0; i < cfg->nifaces; i++) {
		if (!states[i] || (ifname[0] && strcmp(ifname, cfg->ifaces[i].name)))
			continue;
		fprintf(f, "%s\"%s\":%s", n++ ? "," : "", cfg->ifaces[i].name, states[i]);
	}
	fputc('}', f);
	fclose(f);
	*json = buf;
	return 0;
}

static int get_stats(void *ctx, const char *ifname, char **json, char *reason, size_t rlen)
{
	char buf[64];

	(void)ctx;
	if (failing("get-stats", reason, rlen))
		return -1;
	snprintf(buf, sizeof(buf), "{\"interface\":\"%s\",\"frames\":0}", ifname);
	*json = strdup(buf);
	return *json ? 0 : -ENOMEM;
}

static int set_schedule(void *ctx, const struct etsn_cmd *c, bool persist, char *reason,
			size_t rlen)
{
	struct etsn_json j;

	(void)ctx;
	printf("set-schedule %s persist=%d at=", c->ifname, persist);
	if (c->has_at)
		printf("%" PRId64 " ", c->at_ns);
	else
		printf("next-cycle ");
	etsn_json_init(&j, stdout);
	etsn_sched_json(&j, NULL, c->sched);
	etsn_json_finish(&j);
	fflush(stdout);
	return failing("set-schedule", reason, rlen);
}

static int reload(void *ctx, char *reason, size_t rlen)
{
	(void)ctx;
	printf("reload\n");
	fflush(stdout);
	return failing("reload", reason, rlen);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void drive(int timeout_ms)
{
	struct pollfd p = { .fd = etsn_mqtt_fd(mqtt), .events = etsn_mqtt_poll_events(mqtt) };
	int t = etsn_mqtt_timeout_ms(mqtt);

	if (timeout_ms >= 0 && (t < 0 || t > timeout_ms))
		t = timeout_ms;
	if (poll(&p, p.fd >= 0 ? 1 : 0, t) < 0)
		p.revents = 0;
	etsn_mqtt_dispatch(mqtt, p.revents);
}

/* n tele messages, at most 1000 not yet done at any time. */
static int bench(unsigned long n)
{
	uint64_t start = now_ns(), base = etsn_mqtt_published(mqtt), t;
	char payload[64];

	for (int i = 0; i < 100 && !etsn_mqtt_connected(mqtt); i++)
		drive(100);
	start = now_ns();
	for (unsigned long i = 0; i < n; i++) {
		snprintf(payload, sizeof(payload), "{\"class\":[0,0,0,0,0,0,0,0],\"seq\":%lu}", i);
		while (etsn_mqtt_published(mqtt) - base + 1000 < i)
			drive(1000);
		if (etsn_mqtt_tele(mqtt, "bench", payload))
			return -1;
	}
	while (etsn_mqtt_published(mqtt) - base < n && etsn_mqtt_connected(mqtt))
		drive(1000);
	t = now_ns() - start;
	printf("bench: %lu messages, QoS %u, %.3f s, %.0f msg/s\n", n, cfg->mqtt.qos, t / 1e9,
	       n / (t / 1e9));
	return 0;
}

/* An event of exactly bytes bytes of JSON. */
static int pad_event(const char *kind, unsigned long bytes)
{
	const char head[] = "{\"pad\":\"", tail[] = "\"}";
	size_t fixed = sizeof(head) - 1 + sizeof(tail) - 1;
	char *json;
	int ret;

	if (bytes < fixed)
		return -EINVAL;
	json = malloc(bytes + 1);
	if (!json)
		return -ENOMEM;
	memset(json, 'x', bytes);
	memcpy(json, head, sizeof(head) - 1);
	memcpy(json + bytes - (sizeof(tail) - 1), tail, sizeof(tail));
	ret = etsn_mqtt_event(mqtt, kind, json);
	free(json);
	return ret;
}

/* RLIMIT_AS at the current size (/proc/self/statm) plus mib, or "off". */
static int limit_as(const char *arg)
{
	static struct rlimit before;
	static bool limited;
	unsigned long pages;
	struct rlimit r;
	FILE *f;

	if (strcmp(arg, "off") == 0) {
		if (!limited)
			return -EINVAL;
		limited = false;
		return setrlimit(RLIMIT_AS, &before) ? -errno : 0;
	}
	f = fopen("/proc/self/statm", "r");
	if (!f)
		return -errno;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	if (!pages || (!limited && getrlimit(RLIMIT_AS, &before)))
		return -EINVAL;
	r = before;
	r.rlim_cur = pages * (rlim_t)sysconf(_SC_PAGESIZE) + strtoul(arg, NULL, 10) * 1024 * 1024;
	if (setrlimit(RLIMIT_AS, &r))
		return -errno;
	limited = true;
	return 0;
}

/* One stdin line; false on quit or end of input. */
static bool command(char *line)
{
	char *verb = strtok(line, " \n"), *a = strtok(NULL, " \n"), *b = strtok(NULL, "\n");
	int ret = -EINVAL, i;

	if (!verb || strcmp(verb, "quit") == 0)
		return false;
	if (strcmp(verb, "state") == 0 && a && b && (i = iface_index(a)) >= 0) {
		free(states[i]);
		states[i] = strdup(b);
		ret = etsn_mqtt_state(mqtt, a, b);
	} else if (strcmp(verb, "clear") == 0 && a && (i = iface_index(a)) >= 0) {
		free(states[i]);
		states[i] = NULL;
		ret = etsn_mqtt_state(mqtt, a, NULL);
	} else if (strcmp(verb, "tele") == 0 && a && b) {
		ret = etsn_mqtt_tele(mqtt, a, b);
	} else if (strcmp(verb, "event") == 0 && a && b) {
		ret = etsn_mqtt_event(mqtt, a, b);
	} else if (strcmp(verb, "pad") == 0 && a && b) {
		ret = pad_event(a, strtoul(b, NULL, 10));
	} else if (strcmp(verb, "limit-as") == 0 && a) {
		ret = limit_as(a);
	} else if (strcmp(verb, "hold") == 0) {
		etsn_mqtt_hold(mqtt);
		ret = 0;
	} else if (strcmp(verb, "release") == 0) {
		etsn_mqtt_release(mqtt);
		ret = 0;
	} else if (strcmp(verb, "fail") == 0 && a && b) {
		snprintf(fail_verb, sizeof(fail_verb), "%s", a);
		snprintf(fail_reason, sizeof(fail_reason), "%s", b);
		ret = 0;
	} else if (strcmp(verb, "bench") == 0 && a) {
		ret = bench(strtoul(a, NULL, 10));
	}
	printf("%s %s\n", ret ? "error" : "ok", verb);
	fflush(stdout);
	return true;
}

int main(int argc, char **argv)
{
	struct etsn_cmd_ops ops = {
		.get_state = get_state, .get_stats = get_stats,
		.set_schedule = set_schedule, .reload = reload,
	};
	struct etsn_agent_check_opts opts = { .host = false };
	bool was_up = false, more = true;
	char line[4096], err[256];
	size_t have = 0;
	struct etsn_diag d;

	if (argc != 2) {
		fprintf(stderr, "usage: mqtt_probe CONFIG\n");
		return 2;
	}
	etsn_diag_init(&d, argv[1]);
	cfg = etsn_agent_config_load(&opts, &d);
	etsn_diag_print(&d, stderr);
	etsn_diag_free(&d);
	if (!cfg)
		return 2;
	mqtt = etsn_mqtt_new(cfg, &ops, log_line, NULL, err, sizeof(err));
	if (!mqtt) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("root %s\n", etsn_mqtt_root(mqtt));
	fflush(stdout);
	while (more) {
		struct pollfd p[2] = {
			{ .fd = etsn_mqtt_fd(mqtt), .events = etsn_mqtt_poll_events(mqtt) },
			{ .fd = STDIN_FILENO, .events = POLLIN },
		};
		int t = etsn_mqtt_timeout_ms(mqtt);

		if (poll(p, 2, t) < 0 && errno != EINTR)
			break;
		etsn_mqtt_dispatch(mqtt, p[0].fd >= 0 ? p[0].revents : 0);
		if (etsn_mqtt_connected(mqtt) != was_up) {
			was_up = !was_up;
			printf("%s\n", was_up ? "connected" : "disconnected");
			fflush(stdout);
		}
		if (!(p[1].revents & (POLLIN | POLLHUP)))
			continue;
		ssize_t n = read(STDIN_FILENO, line + have, sizeof(line) - 1 - have);

		if (n <= 0)
			break;
		have += (size_t)n;
		line[have] = '\0';
		for (char *nl; more && (nl = strchr(line, '\n'));) {
			*nl = '\0';
			more = command(line);
			have -= (size_t)(nl + 1 - line);
			memmove(line, nl + 1, have + 1);
		}
		if (have == sizeof(line) - 1)
			have = 0;	/* a line too long: dropped */
	}
	etsn_mqtt_free(mqtt);
	for (size_t i = 0; i < ETSN_AGENT_MAX_IFACES; i++)
		free(states[i]);
	etsn_agent_config_free(cfg);
	return 0;
}
