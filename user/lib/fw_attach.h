/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Attaching and detaching edgetsn's XDP firewall (bpf/etsn_xdp.bpf.c) on
 * a device, with its maps pinned in the device's pin directory: what
 * `etsnctl xdp attach|detach` and edgetsnd's apply do. Errors are said on
 * stderr as "etsnctl CMD: ..." and returned as a negative errno.
 */
#ifndef EDGETSN_FW_ATTACH_H
#define EDGETSN_FW_ATTACH_H

#include <stdint.h>

#include "xdp_state.h"

/* XDP_FLAGS_*_MODE of an XDP_ATTACHED_* mode (0 for none or multi). */
uint32_t etsn_xdp_mode_flags(uint8_t mode);

/* Loads the firewall and attaches it in mode flags (0: the driver's
 * choice, or the mode of the program found), replacing exactly the
 * program st found (the caller checked it is ours) or, with none found,
 * only if there still is none. Everything it created goes on failure.
 */
int etsn_fw_attach(const char *cmd, const char *dev, uint32_t flags,
		   const struct etsn_xdp_state *st);
/* Detaches exactly the program st found (the caller checked it is ours). */
int etsn_fw_detach(const char *cmd, const char *dev, const struct etsn_xdp_state *st);

#endif
