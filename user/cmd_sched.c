// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl sched: install an admin gate schedule; show the operational and
 * admin schedules, the 802.1Qbv status and the schedule counters; plan a
 * schedule from stream requirements (lib/plan.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "etsnctl.h"
#include "lib/cli.h"
#include "lib/plan.h"
#include "lib/sched.h"
#include "lib/stats.h"

static const char usage[] =
	"usage: etsnctl sched set dev DEV [base-time T|+OFFSET] [cycle-time DUR]\n"
	"                     [extension DUR] [clock tai|realtime|monotonic|boottime]\n"
	"                     entry S|H|R MASK DUR [entry ...]\n"
	"       etsnctl sched set dev DEV file PATH\n"
	"       etsnctl sched show dev DEV\n"
	"       etsnctl sched plan SPEC [--apply dev DEV]\n"
	"  S|H|R  set gates / set and hold / set and release preemptible traffic\n"
	"  MASK   gates open, bit N = class N: hex 0x.. or decimal, 0..0xff\n"
	"  DUR    <n>[.<frac>][ns|us|ms|s], bare numbers are ns\n"
	"  T      seconds[.fraction] on the clock; +OFFSET: that long from now\n"
	"  PATH   the same words, one entry per line, '#' starts a comment\n"
	"  SPEC   link-speed, streams in 802.1Qcc TSpec terms (docs/synthesis.md)\n";

/* Sends s as dev's admin schedule; frees s. An exit code. */
static int sched_install(struct etsn_ctx *ctx, const char *dev, struct etsn_sched *s)
{
	struct etsn_genl g;
	struct nl_msg *msg;
	int ret;

	if (etsn_cli_open(&g, "sched")) {
		free(s);
		return ETSN_EXIT_FAIL;
	}
	ret = ETSN_EXIT_FAIL;
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_SCHED_SET, 0, etsn_sched_msg_size(s));
	if (!msg) {
		fprintf(stderr, "etsnctl sched: out of memory\n");
	} else if (etsn_genl_put_dev(&g, msg, dev) ||
		   etsn_sched_put(msg, EDGETSN_A_SCHED_ADMIN, s) < 0) {
		nlmsg_free(msg);
		if (!g.error.err)
			fprintf(stderr, "etsnctl sched: request too large\n");
		else
			etsn_cli_fail(&g, "sched");
	} else if (etsn_genl_transact(&g, msg, NULL, NULL)) {
		etsn_cli_fail(&g, "sched");
	} else {
		ret = etsn_out_result_quiet(ctx->json, dev, "set") ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
	}
	etsn_genl_close(&g);
	free(s);
	return ret;
}

static int sched_set(struct etsn_ctx *ctx, const char *dev, int argc, char **argv)
{
	struct etsn_sched *s = malloc(sizeof(*s));
	char err[512];
	int ret;

	if (!s) {
		fprintf(stderr, "etsnctl sched: out of memory\n");
		return ETSN_EXIT_FAIL;
	}
	if (argc >= 1 && strcmp(argv[0], "file") == 0) {
		if (argc != 2) {
			free(s);
			return etsn_cli_usage_error("sched", usage, "'file' takes one PATH and "
						    "nothing after it");
		}
		ret = etsn_sched_parse_file(s, argv[1], NULL, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "etsnctl sched: %s\n", err);
			free(s);
			/* A bad schedule is bad usage; an unreadable file a failure. */
			return ret == -EINVAL ? ETSN_EXIT_USAGE : ETSN_EXIT_FAIL;
		}
	} else if (etsn_sched_parse_words(s, argc, argv, NULL, err, sizeof(err))) {
		free(s);
		return etsn_cli_usage_error("sched", usage, "%s", err);
	}
	return sched_install(ctx, dev, s);
}

/* plan SPEC [--apply dev DEV]: prints the plan, or installs it. */
static int sched_plan(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct etsn_plan_input in;
	struct etsn_plan *p;
	const char *dev = NULL;
	char err[512];
	int i = 2, ret;

	if (argc < 3)
		return etsn_cli_usage_error("sched", usage, "plan needs a SPEC file");
	if (argc > 3) {
		i = 4;
		if (strcmp(argv[3], "--apply") || !etsn_cli_take_dev(argc, argv, &i, &dev))
			return etsn_cli_usage_error("sched", usage, "plan takes SPEC, then only "
						    "'--apply dev DEV'");
		if (i != argc)
			return etsn_cli_usage_error("sched", usage, "unexpected '%s'", argv[i]);
		if (etsn_cli_check_dev("sched", usage, dev))
			return ETSN_EXIT_USAGE;
	}
	ret = etsn_plan_parse_file(&in, argv[2], err, sizeof(err));
	if (ret) {
		fprintf(stderr, "etsnctl sched: %s\n", err);
		return ret == -EINVAL ? ETSN_EXIT_USAGE : ETSN_EXIT_FAIL;
	}
	p = malloc(sizeof(*p));
	ret = p ? etsn_plan_make(&in, p, err, sizeof(err)) : -ENOMEM;
	if (ret) {
		fprintf(stderr, "etsnctl sched: %s: %s\n", argv[2], p ? err : "out of memory");
		free(p);
		free(in.streams);
		return ret == -EINVAL ? ETSN_EXIT_USAGE : ETSN_EXIT_FAIL;
	}
	if (dev) {
		struct etsn_sched *s = malloc(sizeof(*s));

		ret = ETSN_EXIT_FAIL;
		if (s) {
			*s = p->sched;
			ret = sched_install(ctx, dev, s);
		} else {
			fprintf(stderr, "etsnctl sched: out of memory\n");
		}
	} else if (ctx->json) {
		struct etsn_json j;

		etsn_json_init(&j, stdout);
		etsn_plan_json(&j, &in, p);
		ret = etsn_json_finish(&j) ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
	} else {
		etsn_plan_print(stdout, &in, p);
		ret = ETSN_EXIT_OK;
	}
	etsn_plan_free(p);
	free(p);
	free(in.streams);
	return ret;
}

static int on_sched(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_sched_reply_from_attrs(attrs, len, arg);
}

static int on_stats(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_stats_from_attrs(attrs, len, arg);
}

static int sched_show(struct etsn_ctx *ctx, const char *dev)
{
	struct etsn_sched_reply *r = malloc(sizeof(*r));
	struct etsn_stats *st = malloc(sizeof(*st));
	struct etsn_genl g;
	int ret = ETSN_EXIT_FAIL;

	if (!r || !st) {
		fprintf(stderr, "etsnctl sched: out of memory\n");
		goto out;
	}
	if (etsn_cli_open(&g, "sched"))
		goto out;
	if (etsn_genl_dev_get(&g, EDGETSN_CMD_SCHED_GET, dev, on_sched, r) ||
	    etsn_genl_dev_get(&g, EDGETSN_CMD_STATS_GET, dev, on_stats, st)) {
		etsn_cli_fail(&g, "sched");
	} else {
		struct etsn_out o;

		etsn_out_begin(&o, stdout, ctx->json);
		etsn_sched_reply_out(&o, r, st->has_sched ? &st->sched : NULL);
		ret = etsn_out_end(&o) ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
	}
	etsn_genl_close(&g);
out:
	free(r);
	free(st);
	return ret;
}

int cmd_sched(struct etsn_ctx *ctx, int argc, char **argv)
{
	const char *dev;
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	if (strcmp(argv[1], "plan") == 0 && !(argc > 2 && etsn_cli_is_help(argv[2])))
		return sched_plan(ctx, argc, argv);
	if (strcmp(argv[1], "set") != 0 && strcmp(argv[1], "show") != 0 &&
	    strcmp(argv[1], "plan") != 0)
		return etsn_cli_usage_error("sched", usage, "unknown subcommand '%s'", argv[1]);
	if (argc > 2 && etsn_cli_is_help(argv[2])) {
		fputs(usage, stdout);
		return ETSN_EXIT_OK;
	}
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("sched", usage, "%s needs 'dev DEV' first", argv[1]);
	if (etsn_cli_check_dev("sched", usage, dev))
		return ETSN_EXIT_USAGE;
	if (strcmp(argv[1], "show") == 0) {
		if (i != argc)
			return etsn_cli_usage_error("sched", usage, "unexpected '%s'", argv[i]);
		return sched_show(ctx, dev);
	}
	if (i == argc)
		return etsn_cli_usage_error("sched", usage, "set needs entries or 'file PATH'");
	return sched_set(ctx, dev, argc - i, argv + i);
}
