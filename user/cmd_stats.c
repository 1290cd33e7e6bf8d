// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl stats: counters of one etsn qdisc, or of every one in the
 * network namespace. Both are dumps (the device named filters it): a dump
 * splits a qdisc's counters across messages, so a 1024-entry schedule's
 * reach us; consecutive messages about one device are merged.
 */
#include <stdlib.h>
#include <string.h>

#include "etsnctl.h"
#include "lib/cli.h"
#include "lib/stats.h"

static const char usage[] =
	"usage: etsnctl stats [dev DEV]\n"
	"  per class: enqueued/sent frames and bytes, drops by reason, guard-band\n"
	"  deferrals, sojourn max/avg and histogram, backlog; per entry of the\n"
	"  operational schedule; per schedule. Without dev: every etsn qdisc.\n";

struct printer {
	struct etsn_out o;
	struct etsn_stats *st;
	bool pending;		/* @st holds a device not printed yet */
	unsigned count;
};

static void flush(struct printer *p)
{
	if (!p->pending)
		return;
	if (p->count)
		etsn_out_text(&p->o, "\n");
	etsn_out_open(&p->o, ETSN_OUT_ITEM, NULL);
	etsn_stats_out(&p->o, p->st);
	etsn_out_close(&p->o);
	p->pending = false;
	p->count++;
}

static int on_stats(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	struct printer *p = arg;
	uint32_t ifindex;
	int err;

	(void)nlh;
	(void)cmd;
	err = etsn_stats_msg_ifindex(attrs, len, &ifindex);
	if (err)
		return err;
	if (p->pending && ifindex != p->st->ifindex)
		flush(p);
	if (!p->pending) {
		memset(p->st, 0, sizeof(*p->st));
		p->pending = true;
	}
	return etsn_stats_merge_attrs(attrs, len, p->st);
}

int cmd_stats(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct printer p = { 0 };
	const char *dev = NULL;
	struct etsn_genl g;
	struct nl_msg *msg;
	int ret = ETSN_EXIT_FAIL, i = 1;

	if (argc > 1 && etsn_cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return ETSN_EXIT_OK;
	}
	if (argc > 1 && !etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("stats", usage, "unexpected '%s'", argv[1]);
	if (i != argc)
		return etsn_cli_usage_error("stats", usage, "unexpected '%s'", argv[i]);
	if (dev && etsn_cli_check_dev("stats", usage, dev))
		return ETSN_EXIT_USAGE;
	p.st = malloc(sizeof(*p.st));
	if (!p.st) {
		fprintf(stderr, "etsnctl stats: out of memory\n");
		return ETSN_EXIT_FAIL;
	}
	if (etsn_cli_open(&g, "stats")) {
		free(p.st);
		return ETSN_EXIT_FAIL;
	}
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_STATS_GET, 1, 0);
	/* One device: one object; all of them: an array, empty when none. */
	etsn_out_begin_value(&p.o, stdout, ctx->json);
	if (!dev)
		etsn_out_open_array(&p.o, ETSN_OUT_ITEM, NULL);
	if (!msg) {
		fprintf(stderr, "etsnctl stats: out of memory\n");
	} else if (dev && etsn_genl_put_dev(&g, msg, dev)) {
		nlmsg_free(msg);
		etsn_cli_fail(&g, "stats");
	} else if (etsn_genl_transact(&g, msg, on_stats, &p)) {
		etsn_cli_fail(&g, "stats");
	} else {
		flush(&p);
		ret = ETSN_EXIT_OK;
	}
	if (!dev)
		etsn_out_close_array(&p.o);
	if ((!dev || p.count) && !etsn_out_end(&p.o))
		ret = ETSN_EXIT_FAIL;
	etsn_genl_close(&g);
	free(p.st);
	return ret;
}
