// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's DSCP classifier part of a policy apply (policy_apply.h): the
 * map of an interface's dscp section against the pinned one, written
 * through the calls etsnctl dscp makes (dscp_edit.c); entries already
 * right are left alone (their hit counters too), so the map ends up
 * holding exactly the section's entries. The program is attached once
 * the map is complete.
 */
#include <errno.h>
#include <string.h>

#include <bpf/bpf.h>

#include "agent_log.h"
#include "bpfpin.h"
#include "dscp_edit.h"
#include "policy_step.h"

static bool wanted(const struct etsn_dscp_map *map, uint32_t d)
{
	return map->set & 1ull << d;
}

static int write_map(const struct etsn_agent_iface *ifc, const int fd[ETSN_DSCP_M_N],
		     struct etsn_policy_undo *u, size_t *done)
{
	int ret = 0;

	for (uint32_t d = 0; d < ETSN_DSCP_COUNT && !ret; d++) {
		bool want = wanted(ifc->dscp, d);
		struct etsn_policy_step *s;
		struct etsn_dscp_prio now;

		ret = bpf_map_lookup_elem(fd[ETSN_DSCP_M_PRIO], &d, &now);
		if (ret || (!want && !now.valid) ||
		    (want && now.valid && now.priority == ifc->dscp->prio[d]))
			continue;
		s = etsn_policy_record(u, ETSN_POL_DSCP_SET, ifc->name);
		if (!s)
			return -ENOMEM;
		s->id = d;
		ret = etsn_dscp_write(fd, d, ifc->dscp->prio[d], !want, &s->dscp);
		if (ret)
			u->n--;
		else
			(*done)++;
	}
	return ret;
}

static const struct etsn_policy_egress dscp_egress = {
	.filter = &etsn_dscp_filter,
	.attached = ETSN_POL_DSCP_ATTACHED,
	.attach = etsn_dscp_attach,
	.what = "DSCP classifier",
};

int etsn_policy_apply_dscp(const struct etsn_agent_iface *ifc, struct etsn_policy_undo *u,
			   size_t *changes, char *err, size_t errlen)
{
	int fd[ETSN_DSCP_M_N], ifindex, ret;
	size_t done = 0;

	ifindex = etsn_tc_ifindex(&etsn_dscp_filter, ifc->name);
	if (!ifindex) {
		snprintf(err, errlen, "%s: DSCP classifier: no such interface", ifc->name);
		return -ENODEV;
	}
	ret = etsn_dscp_maps_open(ifc->name, true, fd);
	if (ret) {
		snprintf(err, errlen, "%s: DSCP classifier: cannot load it or open its maps: %s",
			 ifc->name, strerror(-ret));
		return ret;
	}
	ret = write_map(ifc, fd, u, &done);
	etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
	return etsn_policy_egress_finish(&dscp_egress, ifc, ifindex, u, ret, done, changes,
					 err, errlen);
}

int etsn_policy_undo_dscp(const struct etsn_policy_step *s)
{
	int fd[ETSN_DSCP_M_N], ifindex, ret;
	uint32_t prog;

	if (s->op == ETSN_POL_DSCP_ATTACHED) {
		ifindex = etsn_tc_ifindex(&etsn_dscp_filter, s->dev);
		return ifindex ? etsn_tc_egress_detach(&etsn_dscp_filter, s->dev, ifindex, &prog) :
				 -ENODEV;
	}
	ret = etsn_dscp_maps_open(s->dev, false, fd);
	if (ret)
		return ret;
	ret = etsn_dscp_restore(fd, s->id, &s->dscp);
	etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
	return ret;
}

int etsn_policy_revert_dscp(const struct etsn_agent_iface *ifc, size_t *removed)
{
	int fd[ETSN_DSCP_M_N], ifindex, ret = 0, first = 0;
	struct etsn_dscp_prio now, old;
	uint32_t prog;
	bool ours;

	if (etsn_dscp_maps_open(ifc->name, false, fd) == 0) {
		for (uint32_t d = 0; d < ETSN_DSCP_COUNT; d++) {
			if (!wanted(ifc->dscp, d) ||
			    bpf_map_lookup_elem(fd[ETSN_DSCP_M_PRIO], &d, &now) || !now.valid ||
			    now.priority != ifc->dscp->prio[d])
				continue;
			ret = etsn_dscp_write(fd, d, 0, true, &old);
			if (!ret)
				(*removed)++;
			else if (!first)
				first = ret;
		}
		etsn_bpfpin_close_set(fd, ETSN_DSCP_M_N);
	}
	ifindex = etsn_tc_ifindex(&etsn_dscp_filter, ifc->name);
	if (ifindex && etsn_tc_egress_prog(&etsn_dscp_filter, ifindex, &ours) && ours) {
		ret = etsn_tc_egress_detach(&etsn_dscp_filter, ifc->name, ifindex, &prog);
		if (!ret)
			(*removed)++;
	}
	return first ? first : ret;
}
