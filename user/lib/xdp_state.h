/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What XDP program a device runs, and whether it is edgetsn's firewall:
 * `xdp` attaches by it, `stream add` refuses to chain PSFP without it.
 */
#ifndef EDGETSN_XDP_STATE_H
#define EDGETSN_XDP_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/bpf.h>

struct etsn_xdp_state {
	unsigned int ifindex;
	uint8_t mode;		/* XDP_ATTACHED_* */
	uint32_t prog_id;	/* 0: nothing attached */
	char prog_name[BPF_OBJ_NAME_LEN];
};

/* Fills *st; on failure says why as "etsnctl CMD: ..." and returns a
 * negative errno (-ENODEV: no such device).
 */
int etsn_xdp_query(const char *cmd, const char *dev, struct etsn_xdp_state *st);
/* The program attached is edgetsn's firewall (by its name). */
bool etsn_xdp_is_fw(const struct etsn_xdp_state *st);
/* "native", "generic", "offload", "multi" or "none". */
const char *etsn_xdp_mode_name(uint8_t mode);

#endif
