// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfpin.h"
#include "out.h"
#include "tc_egress.h"

int etsn_tc_ifindex(const struct etsn_tc_filter *f, const char *dev)
{
	int ifindex = (int)if_nametoindex(dev);

	if (!ifindex)
		fprintf(stderr, "etsnctl %s: no device '%s'\n", f->cmd, dev);
	return ifindex;
}

uint32_t etsn_tc_egress_prog(const struct etsn_tc_filter *f, int ifindex, bool *ours)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, q, .handle = f->handle, .priority = f->priority);
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	libbpf_print_fn_t print;
	int err, fd;

	*ours = false;
	/* No filter (or no clsact yet) is an answer, not an error to print. */
	print = libbpf_set_print(NULL);
	err = bpf_tc_query(&hook, &q);
	libbpf_set_print(print);
	if (err || !q.prog_id)
		return 0;
	fd = bpf_prog_get_fd_by_id(q.prog_id);
	if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
		*ours = strncmp(info.name, f->prog_name, sizeof(info.name) - 1) == 0;
	if (fd >= 0)
		close(fd);
	return q.prog_id;
}

int etsn_tc_egress_check(const struct etsn_tc_filter *f, const char *dev, int ifindex)
{
	bool ours;
	uint32_t prog = etsn_tc_egress_prog(f, ifindex, &ours);

	if (!prog || ours)
		return 0;
	fprintf(stderr, "etsnctl %s: filter %#x prio %#x on %s egress is program %" PRIu32 ", not edgetsn's %s; left alone\n",
		f->cmd, f->handle, f->priority, dev, prog, f->what);
	return -EBUSY;
}

int etsn_tc_egress_attach(const struct etsn_tc_filter *f, const char *dev, int ifindex,
			  int prog_fd, uint32_t *prog_id)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, o, .handle = f->handle, .priority = f->priority,
			    .flags = BPF_TC_F_REPLACE, .prog_fd = prog_fd);
	libbpf_print_fn_t print;
	int err;

	/* An existing clsact is fine; libbpf would report it as an error. */
	print = libbpf_set_print(NULL);
	err = bpf_tc_hook_create(&hook);
	libbpf_set_print(print);
	if (err == -EEXIST)
		err = 0;
	if (!err)
		err = bpf_tc_attach(&hook, &o);
	if (err)
		fprintf(stderr, "etsnctl %s: cannot attach to %s egress: %s\n", f->cmd, dev,
			strerror(-err));
	*prog_id = o.prog_id;
	return err;
}

int etsn_tc_egress_detach(const struct etsn_tc_filter *f, const char *dev, int ifindex,
			  uint32_t *prog_id)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, o, .handle = f->handle, .priority = f->priority);
	bool ours;
	int err;

	*prog_id = etsn_tc_egress_prog(f, ifindex, &ours);
	if (!*prog_id) {
		fprintf(stderr, "etsnctl %s: %s has no %s attached\n", f->cmd, dev, f->what);
		return -ENOENT;
	}
	if (!ours) {
		fprintf(stderr, "etsnctl %s: program %" PRIu32 " on %s egress is not edgetsn's %s; left alone\n",
			f->cmd, *prog_id, dev, f->what);
		return -EBUSY;
	}
	err = bpf_tc_detach(&hook, &o);
	if (err)
		fprintf(stderr, "etsnctl %s: cannot detach from %s: %s\n", f->cmd, dev,
			strerror(-err));
	return err;
}

int etsn_tc_egress_install(const struct etsn_tc_filter *f, const char *dev, int ifindex,
			   struct bpf_object *obj, int prog_fd, bool created, uint32_t *prog_id)
{
	int err = etsn_tc_egress_attach(f, dev, ifindex, prog_fd, prog_id);

	if (err && created) {
		bpf_object__unpin_maps(obj, NULL);
		etsn_bpfpin_remove_dir(dev);
	}
	return err;
}

void etsn_tc_egress_result(const struct etsn_tc_filter *f, bool json, const char *dev,
			   bool attached, uint32_t prog_id)
{
	struct etsn_out o;
	char dir[256];

	etsn_bpfpin_dir(dev, dir, sizeof(dir));
	etsn_out_result(&o, json, dev, attached ? "attached" : "detached");
	etsn_out_text(&o, " %s %s", f->what, attached ? "attached on egress" : "detached");
	etsn_out_u64(&o, "prog_id", attached ? ", program %" PRIu64 : NULL, prog_id);
	etsn_out_str(&o, "pins", attached ? ", maps in %s\n" : "; its maps kept in %s\n", dir);
	etsn_out_end(&o);
}
