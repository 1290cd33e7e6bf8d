// SPDX-License-Identifier: GPL-2.0-or-later
/* The XDP firewall's attach and detach (fw_attach.h), as etsnctl xdp and
 * edgetsnd run them.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/if_link.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsn_xdp.skel.h"

#include "bpfpin.h"
#include "fw_attach.h"

uint32_t etsn_xdp_mode_flags(uint8_t mode)
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

/* A device runs XDP in one mode at a time, so a mode change is detach, then
 * attach: the old program (exactly that one) goes, the new one comes in the
 * new mode, and if it cannot (a driver without native XDP), the old one is
 * put back, so a failed switch never leaves the device without a firewall.
 */
static int switch_mode(const char *cmd, const char *dev, const struct etsn_xdp_state *st,
		       int old_fd, int new_fd, uint32_t flags)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = old_fd);
	uint32_t old_flags = etsn_xdp_mode_flags(st->mode);
	int err, rerr;

	err = bpf_xdp_detach(st->ifindex, old_flags | XDP_FLAGS_REPLACE, &ao);
	if (err) {
		fprintf(stderr, "etsnctl %s: cannot detach the %s program from %s: %s\n", cmd,
			etsn_xdp_mode_name(st->mode), dev,
			err == -EEXIST ? "another XDP program was attached meanwhile" : strerror(-err));
		return err;
	}
	err = bpf_xdp_attach(st->ifindex, new_fd, flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (!err)
		return 0;
	rerr = bpf_xdp_attach(st->ifindex, old_fd, old_flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
	if (rerr)
		fprintf(stderr, "etsnctl %s: cannot attach to %s in %s mode: %s; and the %s program could not be put back (%s): %s has no XDP firewall now\n", cmd,
			dev, flags == XDP_FLAGS_DRV_MODE ? "native" : "generic", strerror(-err),
			etsn_xdp_mode_name(st->mode), strerror(-rerr), dev);
	else
		fprintf(stderr, "etsnctl %s: cannot attach to %s in %s mode: %s; the %s program runs on, unchanged\n", cmd,
			dev, flags == XDP_FLAGS_DRV_MODE ? "native" : "generic", strerror(-err),
			etsn_xdp_mode_name(st->mode));
	return err;
}

/* Loads the skeleton with its maps pinned in (or taken from) DEV's pin
 * directory and attaches it; everything it created goes again on failure.
 */
int etsn_fw_attach(const char *cmd, const char *dev, uint32_t flags,
		   const struct etsn_xdp_state *st)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_xdp_bpf *skel;
	int old_fd = -1, new_fd;
	char dir[256];
	bool created;
	int err;

	err = etsn_bpfpin_pin_root(cmd, dev, dir, sizeof(dir), &created);
	if (err)
		return err;
	oo.pin_root_path = dir;
	skel = etsn_xdp_bpf__open_opts(&oo);
	err = skel ? etsn_xdp_bpf__load(skel) : -errno;
	if (err) {
		fprintf(stderr, "etsnctl %s: cannot load the firewall: %s%s\n", cmd, strerror(-err),
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
			fprintf(stderr, "etsnctl %s: XDP program %" PRIu32 " on %s went away: %s\n", cmd,
				st->prog_id, dev, strerror(-err));
			goto undo;
		}
	}
	new_fd = bpf_program__fd(skel->progs.etsn_xdp_fw);
	if (st->prog_id && flags && etsn_xdp_mode_flags(st->mode) != flags) {
		err = switch_mode(cmd, dev, st, old_fd, new_fd, flags);
		if (err)
			goto undo;
	} else {
		LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = old_fd);

		if (st->prog_id && !flags)
			flags = etsn_xdp_mode_flags(st->mode);
		flags |= st->prog_id ? XDP_FLAGS_REPLACE : XDP_FLAGS_UPDATE_IF_NOEXIST;
		err = bpf_xdp_attach(st->ifindex, new_fd, flags, st->prog_id ? &ao : NULL);
		if (err) {
			fprintf(stderr, "etsnctl %s: cannot attach to %s: %s\n", cmd, dev,
				err == -EEXIST ? "another XDP program was attached meanwhile; nothing changed"
					       : strerror(-err));
			goto undo;
		}
	}
	if (old_fd >= 0)
		close(old_fd);
	etsn_xdp_bpf__destroy(skel);
	return 0;
undo:
	if (old_fd >= 0)
		close(old_fd);
	if (skel && created)
		bpf_object__unpin_maps(skel->obj, NULL);
	etsn_xdp_bpf__destroy(skel);
	if (created)
		etsn_bpfpin_remove_dir(dev);
	return err;
}

int etsn_fw_detach(const char *cmd, const char *dev, const struct etsn_xdp_state *st)
{
	int err, fd;

	/* Exactly the program found to be ours goes, not one attached since. */
	fd = bpf_prog_get_fd_by_id(st->prog_id);
	if (fd < 0) {
		err = -errno;
	} else {
		LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = fd);

		err = bpf_xdp_detach(st->ifindex, etsn_xdp_mode_flags(st->mode) | XDP_FLAGS_REPLACE,
				     &ao);
		close(fd);
	}
	if (err)
		fprintf(stderr, "etsnctl %s: cannot detach from %s: %s\n", cmd, dev,
			err == -EEXIST ? "another XDP program was attached meanwhile; left alone"
				       : strerror(-err));
	return err;
}
