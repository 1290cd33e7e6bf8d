/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The words of etsnctl dscp, read for etsnctl and edgetsnd's dscp
 * section alike, and the DSCP -> priority map a config asks for.
 */
#ifndef EDGETSN_DSCP_H
#define EDGETSN_DSCP_H

#include <stdint.h>

#include "../../bpf/etsn_dscp_prio.h"

/* The entries of a DSCP map: bit d of set says DSCP d is mapped to prio[d]. */
struct etsn_dscp_map {
	uint32_t prio[ETSN_DSCP_COUNT];
	uint64_t set;
};

/* A DSCP, 0..63 (base 10 or 0x). */
int etsn_dscp_parse_code(const char *s, uint32_t *dscp, const char **why);
/* A priority, 0..4294967295, or MAJOR:MINOR in hex (a class id). */
int etsn_dscp_parse_prio(const char *s, uint32_t *prio, const char **why);

#endif
