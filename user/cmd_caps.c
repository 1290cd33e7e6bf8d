// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl caps: what a device offers for TSN, whatever its qdisc: link
 * speed (reported, overridden, in use) and MAC merge (802.3br) state.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "etsnctl.h"
#include <linux/edgetsn.h>

#include "lib/cli.h"
#include "lib/json.h"

static const char usage[] =
	"usage: etsnctl caps dev DEV\n"
	"  link speed reported by the device, the etsn qdisc's override and the\n"
	"  speed used for guard bands; MAC merge (frame preemption) state and the\n"
	"  minimum fragment size when preemption is active\n";

static const char *const mm_states[__EDGETSN_MM_MAX] = {
	[EDGETSN_MM_UNSUPPORTED] = "unsupported-by-kernel",
	[EDGETSN_MM_NO_DEVICE_SUPPORT] = "unsupported-by-device",
	[EDGETSN_MM_DISABLED] = "disabled",
	[EDGETSN_MM_VERIFYING] = "verifying",
	[EDGETSN_MM_VERIFY_FAILED] = "verify-failed",
	[EDGETSN_MM_ACTIVE] = "active",
};

struct caps {
	struct etsn_dev_id id;
	bool has_dev;
	bool has[EDGETSN_A_DEV_MAX + 1];
	uint32_t v[EDGETSN_A_DEV_MAX + 1];
};

static struct nla_policy dev_policy[EDGETSN_A_DEV_MAX + 1] = {
	[EDGETSN_A_DEV_SPEED_REPORTED] = { .type = NLA_U32 },
	[EDGETSN_A_DEV_SPEED_OVERRIDE] = { .type = NLA_U32 },
	[EDGETSN_A_DEV_SPEED] = { .type = NLA_U32 },
	[EDGETSN_A_DEV_MM_STATE] = { .type = NLA_U32 },
	[EDGETSN_A_DEV_MM_MIN_FRAG] = { .type = NLA_U32 },
};

static int on_caps(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		   int len, void *arg)
{
	struct nlattr *tb[EDGETSN_A_MAX + 1], *dev[EDGETSN_A_DEV_MAX + 1];
	struct caps *c = arg;

	(void)nlh;
	(void)cmd;
	if (etsn_genl_parse_attrs(attrs, len, tb))
		return -EPROTO;
	etsn_dev_id_from_attrs(tb, &c->id);
	if (!tb[EDGETSN_A_DEV])
		return 0;
	if (nla_parse_nested(dev, EDGETSN_A_DEV_MAX, tb[EDGETSN_A_DEV], dev_policy) < 0)
		return -EPROTO;
	c->has_dev = true;
	for (int i = 1; i <= EDGETSN_A_DEV_MAX; i++) {
		c->has[i] = dev[i];
		c->v[i] = dev[i] ? nla_get_u32(dev[i]) : 0;
	}
	return 0;
}

static const char *mm_name(uint32_t s)
{
	return s < __EDGETSN_MM_MAX ? mm_states[s] : "unknown";
}

static void print_speed(const char *what, const struct caps *c, int attr, const char *zero)
{
	if (!c->has[attr])
		return;
	if (c->v[attr])
		printf("  %-15s %" PRIu32 " Mb/s\n", what, c->v[attr]);
	else
		printf("  %-15s %s\n", what, zero);
}

static void print_caps(struct etsn_ctx *ctx, const struct caps *c)
{
	if (ctx->json) {
		struct etsn_json j;

		etsn_json_init(&j, stdout);
		etsn_json_open_object(&j, NULL);
		etsn_json_u64(&j, "ifindex", c->id.ifindex);
		etsn_json_string(&j, "ifname", c->id.ifname);
		if (c->has[EDGETSN_A_DEV_SPEED_REPORTED])
			etsn_json_u64(&j, "speed_reported", c->v[EDGETSN_A_DEV_SPEED_REPORTED]);
		if (c->has[EDGETSN_A_DEV_SPEED_OVERRIDE])
			etsn_json_u64(&j, "speed_override", c->v[EDGETSN_A_DEV_SPEED_OVERRIDE]);
		if (c->has[EDGETSN_A_DEV_SPEED])
			etsn_json_u64(&j, "speed", c->v[EDGETSN_A_DEV_SPEED]);
		if (c->has[EDGETSN_A_DEV_MM_STATE])
			etsn_json_string(&j, "mm_state", mm_name(c->v[EDGETSN_A_DEV_MM_STATE]));
		if (c->has[EDGETSN_A_DEV_MM_MIN_FRAG])
			etsn_json_u64(&j, "mm_min_frag", c->v[EDGETSN_A_DEV_MM_MIN_FRAG]);
		etsn_json_close_object(&j);
		etsn_json_finish(&j);
		return;
	}
	printf("dev %s (ifindex %" PRIu32 ")\n", c->id.ifname[0] ? c->id.ifname : "?",
	       c->id.ifindex);
	print_speed("speed reported", c, EDGETSN_A_DEV_SPEED_REPORTED, "unknown");
	print_speed("speed override", c, EDGETSN_A_DEV_SPEED_OVERRIDE, "none");
	print_speed("speed in use", c, EDGETSN_A_DEV_SPEED, "unknown (no guard band)");
	if (c->has[EDGETSN_A_DEV_MM_STATE])
		printf("  %-15s %s\n", "mac-merge", mm_name(c->v[EDGETSN_A_DEV_MM_STATE]));
	if (c->has[EDGETSN_A_DEV_MM_MIN_FRAG] &&
	    c->v[EDGETSN_A_DEV_MM_STATE] == EDGETSN_MM_ACTIVE)
		printf("  %-15s %" PRIu32 " bytes\n", "min-fragment",
		       c->v[EDGETSN_A_DEV_MM_MIN_FRAG]);
}

int cmd_caps(struct etsn_ctx *ctx, int argc, char **argv)
{
	struct caps c = { 0 };
	const char *dev;
	struct etsn_genl g;
	struct nl_msg *msg;
	int ret = ETSN_EXIT_FAIL, i = 1;

	if (argc > 1 && etsn_cli_is_help(argv[1])) {
		fputs(usage, stdout);
		return ETSN_EXIT_OK;
	}
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("caps", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("caps", usage, dev))
		return ETSN_EXIT_USAGE;
	if (i != argc)
		return etsn_cli_usage_error("caps", usage, "unexpected '%s'", argv[i]);
	if (etsn_cli_open(&g, "caps"))
		return ETSN_EXIT_FAIL;
	msg = etsn_genl_request_new(&g, EDGETSN_CMD_CAPS_GET, 0, 0);
	if (!msg) {
		fprintf(stderr, "etsnctl caps: out of memory\n");
	} else if (etsn_genl_put_dev(&g, msg, dev)) {
		nlmsg_free(msg);
		etsn_cli_fail(&g, "caps");
	} else if (etsn_genl_transact(&g, msg, on_caps, &c)) {
		etsn_cli_fail(&g, "caps");
	} else if (!c.has_dev) {
		fprintf(stderr, "etsnctl caps: the kernel's reply has no device facts\n");
	} else {
		print_caps(ctx, &c);
		ret = ETSN_EXIT_OK;
	}
	etsn_genl_close(&g);
	return ret;
}
