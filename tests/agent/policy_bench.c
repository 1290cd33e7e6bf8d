// SPDX-License-Identifier: GPL-2.0-or-later
/* Times edgetsnd's policy apply (user/lib/policy_apply.c) of a config
 * file on this host: the first apply, then the same config again (which
 * must write nothing). Run by tools/bench-agent-policy.sh in a namespace
 * of its own; prints one line per apply and the peak RSS, and exits 1
 * when an apply fails or the second one changes anything. With TICKS, it
 * then times that many telemetry ticks over what was applied: the work of
 * one tick of the agent's tele timer (agent_tele.c for every interface,
 * the changed-streams pick) without the MQTT send, and the JSON of a full
 * tick of tele/<ifname>/streams (1024 changed streams).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include <stdlib.h>

#include "agent_tele.h"
#include "lib/agent_config.h"
#include "lib/policy_apply.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run(const struct etsn_agent_config *c, const char *what, size_t *changes)
{
	struct etsn_policy_undo u = { 0 };
	char err[256] = "";
	double t0 = now_ms();
	int ret;

	*changes = 0;
	ret = etsn_policy_apply(c, &u, changes, err, sizeof(err));
	if (ret)
		etsn_policy_apply_undo(&u);
	etsn_policy_apply_free(&u);
	if (ret)
		fprintf(stderr, "%s: %s\n", what, err);
	else
		printf("%s: %zu changes in %.1f ms\n", what, *changes, now_ms() - t0);
	return ret;
}

/* The text of one JSON document, its length (the text is dropped). */
static size_t doc_len(void (*fill)(struct etsn_json *j, const void *arg), const void *arg)
{
	struct etsn_json j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return 0;
	etsn_json_init(&j, f);
	j.pretty = false;
	fill(&j, arg);
	etsn_json_finish(&j);
	fclose(f);
	free(buf);
	return len;
}

static const struct etsn_agent_iface *tele_ifc;
static struct etsn_genl *tele_genl;
static struct etsn_tele_streams *tele_st;

static void fill_tele(struct etsn_json *j, const void *arg)
{
	char reason[256];

	(void)arg;
	if (agent_tele_json(tele_genl, j, tele_ifc, etsn_tele_streams_see, tele_st, reason,
			    sizeof(reason)))
		fprintf(stderr, "tele: %s\n", reason);
}

static void fill_streams(struct etsn_json *j, const void *arg)
{
	etsn_tele_streams_json(j, "bp0", arg, ETSN_TELE_STREAMS_PER_MSG);
}

/* TICKS ticks over c's interfaces; then the stream messages of a full tick. */
static void tele_ticks(const struct etsn_agent_config *c, int ticks)
{
	struct etsn_tele_streams *st = calloc(c->nifaces, sizeof(*st));
	struct etsn_tele_stream *full = calloc(ETSN_TELE_STREAMS_PER_TICK, sizeof(*full));
	double t0, ms, min = 1e9, max = 0, sum = 0;
	size_t bytes = 0, n;
	struct etsn_genl g;

	if (!st || !full)
		return;
	etsn_genl_open(&g);	/* no module on the host: the qdisc part is skipped */
	tele_genl = &g;
	for (int t = 0; t < ticks; t++) {
		t0 = now_ms();
		bytes = 0;
		for (size_t i = 0; i < c->nifaces; i++) {
			tele_ifc = &c->ifaces[i];
			tele_st = &st[i];
			etsn_tele_streams_begin(tele_st);
			bytes += doc_len(fill_tele, NULL);
			etsn_tele_streams_take(tele_st, &n);
			etsn_tele_streams_end(tele_st);
		}
		ms = now_ms() - t0;
		min = ms < min ? ms : min;
		max = ms > max ? ms : max;
		sum += ms;
	}
	printf("tele tick: %zu interfaces, %d ticks: min %.2f ms, mean %.2f ms, max %.2f ms; tele/<ifname> %zu bytes in all\n",
	       c->nifaces, ticks, min, sum / ticks, max, bytes);
	for (int i = 0; i < ETSN_TELE_STREAMS_PER_TICK; i++) {
		full[i].id = 10000 + i;
		full[i].c.passed = 123456789;
		full[i].c.yellow = 1234;
	}
	t0 = now_ms();
	bytes = 0;
	for (int m = 0; m < ETSN_TELE_STREAMS_PER_TICK / ETSN_TELE_STREAMS_PER_MSG; m++)
		bytes += doc_len(fill_streams, &full[m * ETSN_TELE_STREAMS_PER_MSG]);
	printf("tele/<ifname>/streams, a full tick: %d messages, %zu bytes (%zu each), %.2f ms\n",
	       ETSN_TELE_STREAMS_PER_TICK / ETSN_TELE_STREAMS_PER_MSG, bytes,
	       bytes / (ETSN_TELE_STREAMS_PER_TICK / ETSN_TELE_STREAMS_PER_MSG), now_ms() - t0);
	if (g.sk)
		etsn_genl_close(&g);
	for (size_t i = 0; i < c->nifaces; i++)
		etsn_tele_streams_free(&st[i]);
	free(st);
	free(full);
}

int main(int argc, char **argv)
{
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_config *c;
	struct etsn_diag d;
	size_t first, second;
	double t0;
	int ret;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s CONFIG [TICKS]\n", argv[0]);
		return 2;
	}
	etsn_diag_init(&d, argv[1]);
	t0 = now_ms();
	c = etsn_agent_config_load(&opts, &d);
	for (size_t i = 0; !c && i < d.count; i++)
		fprintf(stderr, "%s\n", d.msgs[i].text);
	etsn_diag_free(&d);
	if (!c)
		return 2;
	printf("parse: %.1f ms\n", now_ms() - t0);
	ret = run(c, "apply", &first) || run(c, "re-apply", &second);
	if (!ret) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		printf("peak RSS: %ld KiB (config held, after both applies)\n", ru.ru_maxrss);
		if (argc == 3 && atoi(argv[2]) > 0)
			tele_ticks(c, atoi(argv[2]));
	}
	etsn_agent_config_free(c);
	return ret || second ? 1 : 0;
}
