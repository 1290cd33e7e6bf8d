// SPDX-License-Identifier: GPL-2.0-or-later
/* The egress DSCP classifier's load, attach and map writes (dscp_edit.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "etsn_dscp_prio.skel.h"

#include "bpfmap.h"
#include "bpfpin.h"
#include "dscp_edit.h"

/* A handle and priority of its own, so it replaces only itself. */
const struct etsn_tc_filter etsn_dscp_filter = {
	.cmd = "dscp", .what = "DSCP classifier", .prog_name = ETSN_DSCP_PROG_NAME,
	.handle = 0xd5c, .priority = 0xd5c,
};

static const char *const map_names[ETSN_DSCP_M_N] = { ETSN_DSCP_MAP_PRIO, ETSN_DSCP_MAP_HITS };

/* Loads the classifier with its maps pinned in (or taken from) DEV's pin
 * directory; *created says whether the directory is new.
 */
static struct etsn_dscp_prio_bpf *load(const char *dev, bool *created)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	struct etsn_dscp_prio_bpf *skel;
	char dir[256];
	int err;

	*created = false;
	if (etsn_bpfpin_pin_root("dscp", dev, dir, sizeof(dir), created))
		return NULL;
	oo.pin_root_path = dir;
	skel = etsn_dscp_prio_bpf__open_opts(&oo);
	err = skel ? etsn_dscp_prio_bpf__load(skel) : -errno;
	if (!err)
		return skel;
	fprintf(stderr, "etsnctl dscp: cannot load the DSCP classifier: %s\n", strerror(-err));
	etsn_dscp_prio_bpf__destroy(skel);
	if (*created)
		etsn_bpfpin_remove_dir(dev);
	return NULL;
}

int etsn_dscp_maps_open(const char *dev, bool create, int fd[ETSN_DSCP_M_N])
{
	struct etsn_dscp_prio_bpf *skel;
	bool created;
	int err = etsn_bpfpin_open_set(dev, map_names, ETSN_DSCP_M_N, fd, NULL);

	if (err == -ENOENT && create) {
		skel = load(dev, &created);
		if (!skel)
			return -EINVAL;
		etsn_dscp_prio_bpf__destroy(skel);
		err = etsn_bpfpin_open_set(dev, map_names, ETSN_DSCP_M_N, fd, NULL);
	}
	if (err == -ENOENT)
		fprintf(stderr, "etsnctl dscp: %s has no DSCP map in %s/%s; attach or set first\n",
			dev, ETSN_BPFPIN_ROOT, dev);
	else if (err)
		fprintf(stderr, "etsnctl dscp: cannot open the DSCP maps in %s/%s: %s\n",
			ETSN_BPFPIN_ROOT, dev, strerror(-err));
	return err;
}

int etsn_dscp_attach(const char *dev, int ifindex, uint32_t *prog_id)
{
	struct etsn_dscp_prio_bpf *skel;
	bool created;
	int err;

	err = etsn_tc_egress_check(&etsn_dscp_filter, dev, ifindex);
	if (err)
		return err;
	skel = load(dev, &created);
	if (!skel)
		return -EINVAL;
	err = etsn_tc_egress_install(&etsn_dscp_filter, dev, ifindex, skel->obj,
				     bpf_program__fd(skel->progs.etsn_dscp_classify), created,
				     prog_id);
	etsn_dscp_prio_bpf__destroy(skel);
	return err;
}

int etsn_dscp_write(const int fd[ETSN_DSCP_M_N], uint32_t dscp, uint32_t prio, bool del,
		    struct etsn_dscp_prio *old)
{
	struct etsn_dscp_prio v = { .priority = prio, .valid = !del };
	int err;

	err = bpf_map_lookup_elem(fd[ETSN_DSCP_M_PRIO], &dscp, old);
	if (!err && !del)
		err = etsn_percpu_zero(fd[ETSN_DSCP_M_HITS], &dscp, sizeof(uint64_t));
	if (!err)
		err = bpf_map_update_elem(fd[ETSN_DSCP_M_PRIO], &dscp, &v, BPF_ANY);
	return err;
}

int etsn_dscp_restore(const int fd[ETSN_DSCP_M_N], uint32_t dscp, const struct etsn_dscp_prio *old)
{
	return bpf_map_update_elem(fd[ETSN_DSCP_M_PRIO], &dscp, old, BPF_ANY);
}
