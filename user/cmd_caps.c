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
#include "lib/out.h"

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

/* A speed of 0 is unknown (or no override): text says so, JSON leaves it out. */
static void speed_out(struct etsn_out *o, const struct caps *c, int attr, const char *key,
		      const char *what, const char *zero)
{
	if (!c->has[attr])
		return;
	etsn_out_text(o, "  %-15s ", what);
	if (c->v[attr])
		etsn_out_u64(o, key, "%" PRIu64 " Mb/s\n", c->v[attr]);
	else
		etsn_out_text(o, "%s\n", zero);
}

static bool caps_out(struct etsn_ctx *ctx, const struct caps *c)
{
	struct etsn_out o;

	etsn_out_begin(&o, stdout, ctx->json);
	etsn_out_dev(&o, c->id.ifindex, c->id.ifname);
	speed_out(&o, c, EDGETSN_A_DEV_SPEED_REPORTED, "speed_reported_mbps", "speed reported",
		  "unknown");
	speed_out(&o, c, EDGETSN_A_DEV_SPEED_OVERRIDE, "speed_override_mbps", "speed override",
		  "none");
	speed_out(&o, c, EDGETSN_A_DEV_SPEED, "speed_mbps", "speed in use",
		  "unknown (no guard band)");
	if (c->has[EDGETSN_A_DEV_MM_STATE])
		etsn_out_str(&o, "mm_state", "  mac-merge       %s\n",
			     mm_name(c->v[EDGETSN_A_DEV_MM_STATE]));
	/* The minimum fragment matters only while preemption is active. */
	if (c->has[EDGETSN_A_DEV_MM_MIN_FRAG] &&
	    c->v[EDGETSN_A_DEV_MM_STATE] == EDGETSN_MM_ACTIVE)
		etsn_out_u64(&o, "mm_min_frag_bytes", "  min-fragment    %" PRIu64 " bytes\n",
			     c->v[EDGETSN_A_DEV_MM_MIN_FRAG]);
	return etsn_out_end(&o);
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
		ret = caps_out(ctx, &c) ? ETSN_EXIT_OK : ETSN_EXIT_FAIL;
	}
	etsn_genl_close(&g);
	return ret;
}
