// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl: command-line control of edgetsn. Each command is a function
 * taking its own arguments; the global options (-j, -p, -n) come first.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "etsnctl.h"
#include "lib/cli.h"
#include "lib/json.h"
#include "lib/netns.h"

#ifndef EDGETSN_VERSION
#error "EDGETSN_VERSION comes from dkms.conf via the Makefile"
#endif

struct command {
	const char *name;
	int (*run)(struct etsn_ctx *ctx, int argc, char **argv);
	const char *usage;
};

/* The loaded module's version, or "" when edgetsn.ko is not loaded. */
static void module_version(char *buf, size_t len)
{
	FILE *f = fopen("/sys/module/edgetsn/version", "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static int cmd_version(struct etsn_ctx *ctx, int argc, char **argv)
{
	char kver[64];

	if (argc > 1 && etsn_cli_is_help(argv[1])) {
		printf("usage: etsnctl [-j] version\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "etsnctl version: takes no arguments\n");
		return 2;
	}
	module_version(kver, sizeof(kver));
	if (ctx->json) {
		struct etsn_json j;

		etsn_json_init(&j, stdout);
		etsn_json_open_object(&j, NULL);
		etsn_json_string(&j, "etsnctl", EDGETSN_VERSION);
		if (kver[0])	/* absent when not loaded (docs/json.md) */
			etsn_json_string(&j, "module", kver);
		etsn_json_close_object(&j);
		return etsn_json_finish(&j) ? 0 : 1;
	}
	printf("etsnctl %s\n", EDGETSN_VERSION);
	printf("module  %s\n", kver[0] ? kver : "(edgetsn.ko not loaded)");
	return 0;
}

static int cmd_help(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_sched(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_class(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_stats(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_caps(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_monitor(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_xdp(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_fw(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_stream(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_classify(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_meter(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_dscp(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_frer(struct etsn_ctx *ctx, int argc, char **argv);
int cmd_agent(struct etsn_ctx *ctx, int argc, char **argv);

static const struct command commands[] = {
	{ "version", cmd_version, "version            versions of etsnctl and of the loaded module" },
	{ "sched", cmd_sched, "sched set|show     gate schedule of an etsn qdisc (802.1Qbv)" },
	{ "class", cmd_class, "class set|show     priority map, per-class limits, preemption, link speed" },
	{ "stats", cmd_stats, "stats [dev DEV]    counters per class, entry and schedule" },
	{ "caps", cmd_caps, "caps dev DEV       link speed and MAC merge state of a device" },
	{ "monitor", cmd_monitor, "monitor            print edgetsn events until interrupted" },
	{ "xdp", cmd_xdp, "xdp attach|status  ingress XDP firewall of a device (attach, detach, status)" },
	{ "fw", cmd_fw, "fw block|show      XDP firewall rules (source CIDR, port) and counters" },
	{ "stream", cmd_stream, "stream add|show    802.1Qci streams: filter, meter, counters (XDP)" },
	{ "classify", cmd_classify, "classify add|show  egress classifier: stream -> skb priority (TC)" },
	{ "dscp", cmd_dscp, "dscp set|show      egress DSCP classifier: DSCP -> skb priority (TC)" },
	{ "meter", cmd_meter, "meter set|show     re-configure a PSFP stream's meter in place" },
	{ "frer", cmd_frer, "frer talker|show   802.1CB FRER: replication, elimination (TC, XDP)" },
	{ "agent", cmd_agent, "agent status       the running edgetsnd's state (its status socket)" },
	{ "help", cmd_help, "help [COMMAND]     this text, or a command's usage" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: etsnctl [-j|-p] [-n NETNS] COMMAND [ARGS]\n\n"
		"  -j, --json         JSON output, one document per command\n"
		"  -p, --pretty       JSON output, indented\n"
		"  -n, --netns NETNS  run in network namespace NETNS (as ip -n)\n\n"
		"commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s\n", commands[i].usage);
}

/* "help CMD" is "CMD help": each command owns its usage text. */
static int cmd_help(struct etsn_ctx *ctx, int argc, char **argv)
{
	char *sub[] = { NULL, "help", NULL };

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(argv[1], commands[c].name) == 0 && commands[c].run != cmd_help) {
			sub[0] = argv[1];
			return commands[c].run(ctx, 2, sub);
		}
	}
	fprintf(stderr, "etsnctl help: unknown command '%s'\n", argv[1]);
	return 2;
}

int main(int argc, char **argv)
{
	struct etsn_ctx ctx = { 0 };
	const char *netns = NULL;
	char err[512];
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-j") == 0 || strcmp(argv[i], "--json") == 0) {
			ctx.json = true;
		} else if (strcmp(argv[i], "-p") == 0 || strcmp(argv[i], "--pretty") == 0) {
			ctx.json = true;
			etsn_json_set_pretty(true);
		} else if (strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--netns") == 0) {
			if (i + 1 == argc || !etsn_netns_name_ok(argv[i + 1])) {
				fprintf(stderr, "etsnctl: %s needs a network namespace name\n", argv[i]);
				return 2;
			}
			netns = argv[++i];
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
			return cmd_version(&ctx, 1, argv);
		} else {
			fprintf(stderr, "etsnctl: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(argv[i], commands[c].name) != 0)
			continue;
		if (netns && etsn_netns_enter(netns, err, sizeof(err)) < 0) {
			fprintf(stderr, "etsnctl: %s\n", err);
			return 1;
		}
		return commands[c].run(&ctx, argc - i, argv + i);
	}
	fprintf(stderr, "etsnctl: unknown command '%s' (see etsnctl help)\n", argv[i]);
	return 2;
}
