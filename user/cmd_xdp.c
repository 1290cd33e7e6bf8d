// SPDX-License-Identifier: GPL-2.0-or-later
/* etsnctl xdp: attach, detach and inspect edgetsn's ingress XDP firewall
 * (bpf/etsn_xdp.bpf.c) on a device. Its maps are pinned under
 * /sys/fs/bpf/edgetsn/<ifname>/ and reused on the next attach, so rules
 * and counters outlive detach; `etsnctl fw` edits and reads them.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "etsnctl.h"
#include "../bpf/etsn_xdp.h"

#include "lib/bpfpin.h"
#include "lib/cli.h"
#include "lib/fw_attach.h"
#include "lib/out.h"
#include "lib/xdp_state.h"

static const char usage[] =
	"usage: etsnctl xdp attach dev DEV [mode native|generic]\n"
	"       etsnctl xdp detach dev DEV\n"
	"       etsnctl [-j] xdp status dev DEV\n"
	"  attach loads edgetsn's XDP firewall on DEV's ingress (mode: the driver's\n"
	"  native hook or the generic one; default: native where the driver has it),\n"
	"  with its maps pinned in " ETSN_BPFPIN_ROOT "/DEV/ (kept on detach, reused on\n"
	"  attach: rules and counters survive); rules: etsnctl fw\n";

static int query(const char *dev, struct etsn_xdp_state *st)
{
	return etsn_xdp_query("xdp", dev, st);
}

static int do_attach(bool json, const char *dev, int argc, char **argv, int i)
{
	struct etsn_xdp_state st, now;
	struct etsn_out o;
	char dir[256];
	uint32_t flags = 0;

	if (i < argc && strcmp(argv[i], "mode") == 0) {
		if (i + 1 >= argc)
			return etsn_cli_usage_error("xdp", usage, "'mode' needs native or generic");
		if (strcmp(argv[i + 1], "native") == 0)
			flags = XDP_FLAGS_DRV_MODE;
		else if (strcmp(argv[i + 1], "generic") == 0)
			flags = XDP_FLAGS_SKB_MODE;
		else
			return etsn_cli_usage_error("xdp", usage, "mode is native or generic, not '%s'",
						    argv[i + 1]);
		i += 2;
	}
	if (i != argc)
		return etsn_cli_usage_error("xdp", usage, "unexpected '%s'", argv[i]);
	/* Usage is judged before anything touches the system. */
	if (etsn_bpfpin_check_fs()) {
		fprintf(stderr, "etsnctl xdp: no bpf filesystem at %s (mount -t bpf bpf %s)\n",
			ETSN_BPFFS, ETSN_BPFFS);
		return ETSN_EXIT_FAIL;
	}
	if (query(dev, &st))
		return ETSN_EXIT_FAIL;
	if (st.prog_id && !etsn_xdp_is_fw(&st)) {
		fprintf(stderr, "etsnctl xdp: %s already runs XDP program %" PRIu32 " (%s), not edgetsn's; detach it first\n",
			dev, st.prog_id, st.prog_name[0] ? st.prog_name : "unnamed");
		return ETSN_EXIT_FAIL;
	}
	if (etsn_fw_attach("xdp", dev, flags, &st) || query(dev, &now))
		return ETSN_EXIT_FAIL;
	etsn_bpfpin_dir(dev, dir, sizeof(dir));
	etsn_out_result(&o, json, dev, "attached");
	etsn_out_str(&o, "mode", " XDP firewall attached (%s)", etsn_xdp_mode_name(now.mode));
	etsn_out_u64(&o, "prog_id", ", program %" PRIu64, now.prog_id);
	etsn_out_str(&o, "pins", ", maps in %s\n", dir);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

static int do_detach(bool json, const char *dev, int argc, int i)
{
	struct etsn_xdp_state st;
	struct etsn_out o;
	char dir[256];

	if (i != argc)
		return etsn_cli_usage_error("xdp", usage, "detach takes only 'dev DEV'");
	if (query(dev, &st))
		return ETSN_EXIT_FAIL;
	if (!st.prog_id) {
		fprintf(stderr, "etsnctl xdp: %s has no XDP program attached\n", dev);
		return ETSN_EXIT_FAIL;
	}
	if (!etsn_xdp_is_fw(&st)) {
		fprintf(stderr, "etsnctl xdp: XDP program %" PRIu32 " (%s) on %s is not edgetsn's; left alone\n",
			st.prog_id, st.prog_name[0] ? st.prog_name : "unnamed", dev);
		return ETSN_EXIT_FAIL;
	}
	if (etsn_fw_detach("xdp", dev, &st))
		return ETSN_EXIT_FAIL;
	etsn_bpfpin_dir(dev, dir, sizeof(dir));
	etsn_out_result(&o, json, dev, "detached");
	etsn_out_u64(&o, "prog_id", NULL, st.prog_id);
	etsn_out_str(&o, "pins", " XDP firewall detached; rules and counters kept in %s\n", dir);
	etsn_out_end(&o);
	return ETSN_EXIT_OK;
}

static int do_status(struct etsn_ctx *ctx, const char *dev, int argc, int i)
{
	struct etsn_xdp_state st;
	struct etsn_out o;
	struct stat sb;
	char dir[256];
	bool pinned;

	if (i != argc)
		return etsn_cli_usage_error("xdp", usage, "status takes only 'dev DEV'");
	if (query(dev, &st))
		return ETSN_EXIT_FAIL;
	pinned = etsn_bpfpin_dir(dev, dir, sizeof(dir)) == 0 && stat(dir, &sb) == 0;
	etsn_out_begin(&o, stdout, ctx->json);
	etsn_out_str(&o, "ifname", "dev %s", dev);
	etsn_out_u64(&o, "ifindex", " (ifindex %" PRIu64 ")\n  xdp      ", st.ifindex);
	etsn_out_bool(&o, "attached", st.prog_id ? NULL : "%s\n", st.prog_id, "", "none");
	if (st.prog_id) {
		etsn_out_str(&o, "mode", "%s", etsn_xdp_mode_name(st.mode));
		etsn_out_u64(&o, "prog_id", " program %" PRIu64, st.prog_id);
		etsn_out_str(&o, "prog_name", " (%s)", st.prog_name[0] ? st.prog_name : "unnamed");
	}
	etsn_out_bool(&o, "edgetsn", st.prog_id ? "%s\n" : NULL, st.prog_id && etsn_xdp_is_fw(&st), "",
		      ", not edgetsn's");
	if (pinned)
		etsn_out_str(&o, "pins", "  pins     %s\n", dir);
	else
		etsn_out_text(&o, "  pins     none\n");
	if (!etsn_out_end(&o))
		return ETSN_EXIT_FAIL;
	return ETSN_EXIT_OK;
}

int cmd_xdp(struct etsn_ctx *ctx, int argc, char **argv)
{
	const char *dev, *verb;
	char dir[256];
	int i = 2;

	if (argc < 2 || etsn_cli_is_help(argv[1])) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? ETSN_EXIT_USAGE : ETSN_EXIT_OK;
	}
	verb = argv[1];
	if (strcmp(verb, "attach") && strcmp(verb, "detach") && strcmp(verb, "status"))
		return etsn_cli_usage_error("xdp", usage, "unknown subcommand '%s'", verb);
	if (!etsn_cli_take_dev(argc, argv, &i, &dev))
		return etsn_cli_usage_error("xdp", usage, "needs 'dev DEV'");
	if (etsn_cli_check_dev("xdp", usage, dev))
		return ETSN_EXIT_USAGE;
	if (etsn_bpfpin_dir(dev, dir, sizeof(dir)))
		return etsn_cli_usage_error("xdp", usage, "'%s' is not a device name", dev);
	if (strcmp(verb, "attach") == 0)
		return do_attach(ctx->json, dev, argc, argv, i);
	if (strcmp(verb, "detach") == 0)
		return do_detach(ctx->json, dev, argc, i);
	return do_status(ctx, dev, argc, i);
}
