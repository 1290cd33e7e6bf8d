// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl class: the priority map, per-class queue limits, preemption and
 * max-SDU, and the link speed and per-frame overhead used for guard bands.
 */
#include <string.h>

#include "etsnctl.h"
#include "lib/class.h"
#include "lib/cli.h"

static const char usage[] =
	"usage: etsnctl class set dev DEV [map P0 ... P15]\n"
	"                     [tc N [limit PKTS] [bytes N] [preemptible|express]\n"
	"                           [max-sdu BYTES|auto]]...\n"
	"                     [speed MBPS|auto] [overhead BYTES]\n"
	"                     [mgmt-ptp on|off] [mgmt-prios P,...|none]\n"
	"                     [mgmt-protect MASK|none]\n"
	"       etsnctl class show dev DEV\n"
	"  map       class (0..7) of each skb->priority 0..15, all 16 of them\n"
	"  tc N      class 0..7; limit/bytes/preemptible/express/max-sdu apply to it\n"
	"  bytes 0   no byte limit; max-sdu auto: only the automatic limit\n"
	"  speed     Mb/s used for guard bands instead of the device's; auto: the device's\n"
	"  overhead  bytes added to each frame's length (preamble, SFD, FCS, IFG)\n"
	"  mgmt-ptp  PTP frames (0x88F7, UDP 319/320) bypass the gates (default on)\n"
	"  mgmt-prios  priorities whose frames bypass the gates too (default none)\n"
	"  mgmt-protect  classes whose windows those frames never enter nor overrun\n"
	"                (default 0x80)\n";

static int on_class(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_class_from_attrs(attrs, len, arg);
}

static int class_request(struct etsn_ctx *ctx, const char *dev, const struct etsn_class_cfg *set)
{
	struct etsn_class_cfg got;
	struct etsn_genl g;
	struct nl_msg *msg;
	int ret = ETSN_EXIT_FAIL;

	if (etsn_cli_open(&g, "class"))
		return ETSN_EXIT_FAIL;
	msg = etsn_genl_request_new(&g, set ? EDGETSN_CMD_CLASS_SET : EDGETSN_CMD_CLASS_GET, 0, 0);
	if (!msg) {
		fprintf(stderr, "etsnctl class: out of memory\n");
	} else if (etsn_genl_put_dev(&g, msg, dev) || (set && etsn_class_put(msg, set) < 0)) {
		nlmsg_free(msg);
		etsn_cli_fail(&g, "class");
	} else if (etsn_genl_transact(&g, msg, set ? NULL : on_class, &got)) {
		etsn_cli_fail(&g, "class");
	} else if (set) {
		ret = etsn_out_result_quiet(ctx->json, dev, "set") ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
	} else {
		struct etsn_out o;

		etsn_out_begin(&o, stdout, ctx->json);
		etsn_out_str(&o, "ifname", NULL, dev);	/* text: the settings alone */
		etsn_class_out(&o, &got);
		ret = etsn_out_end(&o) ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
	}
	etsn_genl_close(&g);
	return ret;
}

int cmd_class(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct etsn_class_cfg cfg;
	const char *dev;
	char err[256];
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	if (strcmp(argv[1], "set") != 0 && strcmp(argv[1], "show") != 0)
		return etsn_cli_usage_error("class", usage, "unknown subcommand '%s'", argv[1]);
	if (argc > 2 && etsn_cli_is_help(argv[2])) {
		fputs(usage, stdout);
		return ETSN_EXIT_OK;
	}
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("class", usage, "%s needs 'dev DEV' first", argv[1]);
	if (etsn_cli_check_dev("class", usage, dev))
		return ETSN_EXIT_USAGE;
	if (strcmp(argv[1], "show") == 0) {
		if (i != argc)
			return etsn_cli_usage_error("class", usage, "unexpected '%s'", argv[i]);
		return class_request(ctx, dev, NULL);
	}
	if (etsn_class_parse_words(&cfg, argc - i, argv + i, err, sizeof(err)))
		return etsn_cli_usage_error("class", usage, "%s", err);
	return class_request(ctx, dev, &cfg);
}
