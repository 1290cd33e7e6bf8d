/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The egress DSCP classifier (bpf/etsn_dscp_prio.bpf.c on clsact egress)
 * of a device: its pinned maps, load and attach, and the writes of its
 * DSCP -> priority entries, as etsnctl dscp makes them (one copy for
 * every caller). Functions return 0 or a negative errno and say why on
 * stderr as "etsnctl dscp: ...".
 */
#ifndef EDGETSN_DSCP_EDIT_H
#define EDGETSN_DSCP_EDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../../bpf/etsn_dscp_prio.h"
#include "tc_egress.h"

/* Where the DSCP classifier sits on clsact egress. */
extern const struct etsn_tc_filter etsn_dscp_filter;

enum { ETSN_DSCP_M_PRIO, ETSN_DSCP_M_HITS, ETSN_DSCP_M_N };

/* DEV's pinned maps into fd, loading the program (not attached) when
 * missing and create is set.
 */
int etsn_dscp_maps_open(const char *dev, bool create, int fd[ETSN_DSCP_M_N]);
/* Loads the classifier and attaches it in its place on ifindex's egress. */
int etsn_dscp_attach(const char *dev, int ifindex, uint32_t *prog_id);
/* Maps dscp to prio (its hit counter zeroed first) or, with del, clears
 * it; *old is the entry it replaced.
 */
int etsn_dscp_write(const int fd[ETSN_DSCP_M_N], uint32_t dscp, uint32_t prio, bool del,
		    struct etsn_dscp_prio *old);

/* Puts back the entry etsn_dscp_write replaced. */
int etsn_dscp_restore(const int fd[ETSN_DSCP_M_N], uint32_t dscp, const struct etsn_dscp_prio *old);

#endif
