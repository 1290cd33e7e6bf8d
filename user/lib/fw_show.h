/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How the XDP firewall's counters are printed, text and JSON in one call
 * (out.h): by `etsnctl fw show` and in the agent's tele/<ifname>, so both
 * carry the same keys (docs/json.md).
 */
#ifndef EDGETSN_FW_SHOW_H
#define EDGETSN_FW_SHOW_H

#include "fw_maps.h"
#include "out.h"

/* "counters": {passed, dropped_*, ...} (drops by reason, SYN limit) and
 * "protocols": {non_ip, tcp, ...} (frames seen); text two tables.
 */
void etsn_fw_out_counters(struct etsn_out *o, const struct etsn_fw_counters *c);

#endif
