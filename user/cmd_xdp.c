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

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsnctl.h"
#include "etsn_xdp.skel.h"
#include "../bpf/etsn_xdp.h"

#include "lib/bpfpin.h"
#include "lib/cli.h"
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

static uint32_t mode_flags(uint8_t mode)
{
	switch (mode) {
	case XDP_ATTACHED_DRV:
		return XDP_FLAGS_DRV_MODE;
	case XDP_ATTACHED_SKB:
		return XDP_FLAGS_SKB_MODE;
	case XDP_ATTACHED_HW:
		return XDP_FLAGS_HW_MODE;
	default:
		return 0;
	}
}

static int query(const char *dev, struct etsn_xdp_state *st)
{
	return etsn_xdp_query("xdp", dev, st);
}

/* A device runs XDP in one mode at a time, so a mode change is detach, then
 * attach: the old program (exactly that one) goes, the new one comes in the
 * new mode, and if it cannot (a driver without native XDP), the old one is
 * put back, so a failed switch never leaves the device without a firewall.
 */
static int switch_mode(const char *dev, const struct etsn_xdp_state *st, int old_fd, int new_fd,
		       uint32_t flags)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = old_fd);
	uint32_t old_flags = mode_flags(st->mode);
	int err, rerr;

	err = bpf_xdp_detach(st->ifindex, old_flags | XDP_FLAGS_REPLACE, &ao);
	if (err) {
		fprintf(stderr, "etsnctl xdp: cannot detach the %s program from %s: %s\n",
			etsn_xdp_mode_name(st->mode), dev,
			err == -EEXIST ? "another XDP program was attached meanwhile" : strerror(-err));
		return err;
	}
	err = bpf_xdp_attach(st->ifindex, new_fd, flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (!err)
		return 0;
	rerr = bpf_xdp_attach(st->ifindex, old_fd, old_flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (rerr)
		fprintf(stderr, "etsnctl xdp: cannot attach to %s in %s mode: %s; and the %s program could not be put back (%s): %s has no XDP firewall now\n",
			dev, flags == XDP_FLAGS_DRV_MODE ? "native" : "generic", strerror(-err),
			etsn_xdp_mode_name(st->mode), strerror(-rerr), dev);
	else
		fprintf(stderr, "etsnctl xdp: cannot attach to %s in %s mode: %s; the %s program runs on, unchanged\n",
			dev, flags == XDP_FLAGS_DRV_MODE ? "native" : "generic", strerror(-err),
			etsn_xdp_mode_name(st->mode));
	return err;
}

/* Loads the skeleton with its maps pinned in (or taken from) DEV's pin
 * directory and attaches it; everything it created goes again on failure.
 */
static int attach(const char *dev, uint32_t flags, const struct etsn_xdp_state *st)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_xdp_bpf *skel;
	int old_fd = -1, new_fd;
	char dir[256];
	bool created;
	int err;

	err = etsn_bpfpin_dir(dev, dir, sizeof(dir));
	if (!err)
		err = etsn_bpfpin_make_dir(dev, &created);
	if (err) {
		fprintf(stderr, "etsnctl xdp: cannot create %s/%s: %s\n", ETSN_BPFPIN_ROOT, dev,
			strerror(-err));
		return ETSN_EXIT_FAIL;
	}
	oo.pin_root_path = dir;
	skel = etsn_xdp_bpf__open_opts(&oo);
	err = skel ? etsn_xdp_bpf__load(skel) : -errno;
	if (err) {
		fprintf(stderr, "etsnctl xdp: cannot load the firewall: %s%s\n", strerror(-err),
			err == -EINVAL ? " (pins in " ETSN_BPFPIN_ROOT " from another version?)" : "");
		goto undo;
	}
	/* The program we found (ours: the caller checked) is the one we
	 * replace, or, with none found, we attach only if there still is none:
	 * a program someone attached in between is never replaced.
	 */
	if (st->prog_id) {
		old_fd = bpf_prog_get_fd_by_id(st->prog_id);
		if (old_fd < 0) {
			err = -errno;
			fprintf(stderr, "etsnctl xdp: XDP program %" PRIu32 " on %s went away: %s\n",
				st->prog_id, dev, strerror(-err));
			goto undo;
		}
	}
	new_fd = bpf_program__fd(skel->progs.etsn_xdp_fw);
	if (st->prog_id && flags && mode_flags(st->mode) != flags) {
		err = switch_mode(dev, st, old_fd, new_fd, flags);
		if (err)
			goto undo;
	} else {
		LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = old_fd);

		if (st->prog_id && !flags)
			flags = mode_flags(st->mode);
		flags |= st->prog_id ? XDP_FLAGS_REPLACE : XDP_FLAGS_UPDATE_IF_NOEXIST;
		err = bpf_xdp_attach(st->ifindex, new_fd, flags, st->prog_id ? &ao : NULL);
		if (err) {
			fprintf(stderr, "etsnctl xdp: cannot attach to %s: %s\n", dev,
				err == -EEXIST ? "another XDP program was attached meanwhile; nothing changed"
					       : strerror(-err));
			goto undo;
		}
	}
	if (old_fd >= 0)
		close(old_fd);
	etsn_xdp_bpf__destroy(skel);
	return ETSN_EXIT_OK;
undo:
	if (old_fd >= 0)
		close(old_fd);
	if (skel && created)
		bpf_object__unpin_maps(skel->obj, NULL);
	etsn_xdp_bpf__destroy(skel);
	if (created)
		etsn_bpfpin_remove_dir(dev);
	return ETSN_EXIT_FAIL;
}

static int do_attach(bool json, const char *dev, int argc, char **argv, int i)
{
	struct etsn_xdp_state st, now;
	struct etsn_out o;
	char dir[256];
	uint32_t flags = 0;
	int ret;

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
	ret = attach(dev, flags, &st);
	if (ret || query(dev, &now))
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
	int err, fd;

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
	/* Exactly the program found to be ours goes, not one attached since. */
	fd = bpf_prog_get_fd_by_id(st.prog_id);
	if (fd < 0) {
		err = -errno;
	} else {
		LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = fd);

		err = bpf_xdp_detach(st.ifindex, mode_flags(st.mode) | XDP_FLAGS_REPLACE, &ao);
		close(fd);
	}
	if (err) {
		fprintf(stderr, "etsnctl xdp: cannot detach from %s: %s\n", dev,
			err == -EEXIST ? "another XDP program was attached meanwhile; left alone"
				       : strerror(-err));
		return ETSN_EXIT_FAIL;
	}
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
