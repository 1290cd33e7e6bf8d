// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../bpf/etsn_xdp.h"
#include "xdp_state.h"

const char *etsn_xdp_mode_name(uint8_t mode)
{
	switch (mode) {
	case XDP_ATTACHED_DRV:
		return "native";
	case XDP_ATTACHED_SKB:
		return "generic";
	case XDP_ATTACHED_HW:
		return "offload";
	case XDP_ATTACHED_MULTI:
		return "multi";
	default:
		return "none";
	}
}

int etsn_xdp_query(const char *cmd, const char *dev, struct etsn_xdp_state *st)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	int err, fd;

	memset(st, 0, sizeof(*st));
	st->ifindex = if_nametoindex(dev);
	if (!st->ifindex) {
		fprintf(stderr, "etsnctl %s: no device '%s'\n", cmd, dev);
		return -ENODEV;
	}
	err = bpf_xdp_query(st->ifindex, 0, &q);
	if (err) {
		fprintf(stderr, "etsnctl %s: cannot query XDP on %s: %s\n", cmd, dev, strerror(-err));
		return err;
	}
	st->mode = q.attach_mode;
	st->prog_id = q.drv_prog_id ? q.drv_prog_id : q.skb_prog_id ? q.skb_prog_id : q.prog_id;
	if (!st->prog_id)
		return 0;
	fd = bpf_prog_get_fd_by_id(st->prog_id);
	if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
		snprintf(st->prog_name, sizeof(st->prog_name), "%s", info.name);
	if (fd >= 0)
		close(fd);
	return 0;
}

bool etsn_xdp_is_fw(const struct etsn_xdp_state *st)
{
	return st->prog_id && strcmp(st->prog_name, ETSN_FW_PROG_NAME) == 0;
}
