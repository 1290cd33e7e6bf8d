/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Map layout of bpf/etsn_dscp_prio.bpf.c (egress DSCP -> skb->priority),
 * shared with etsnctl (user/cmd_dscp.c) and the host corpus. Maps are
 * pinned by name (under /sys/fs/bpf/edgetsn/<ifname>/ when etsnctl loads
 * the program): append to these structures, never reorder.
 */
#ifndef ETSN_DSCP_PRIO_H
#define ETSN_DSCP_PRIO_H

#include <linux/types.h>

/* As the kernel keeps the program's name: 15 characters. */
#define ETSN_DSCP_PROG_NAME	"etsn_dscp_classify"
#define ETSN_DSCP_MAP_PRIO	"etsn_dscp_prio"
#define ETSN_DSCP_MAP_HITS	"etsn_dscp_hits"

/* Keys of both maps are the DSCP, 0..ETSN_DSCP_COUNT-1. */
#define ETSN_DSCP_COUNT		64

/**
 * struct etsn_dscp_prio - what frames of one DSCP get
 * @priority: the skb->priority set (an etsn qdisc maps 0..15 to classes;
 *	a classful qdisc may read it as a class id, major:minor)
 * @valid: 0: the DSCP is not mapped and its frames keep their priority
 */
struct etsn_dscp_prio {
	__u32 priority;
	__u32 valid;
};

#endif /* ETSN_DSCP_PRIO_H */
