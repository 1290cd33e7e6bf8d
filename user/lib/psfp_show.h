/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How etsnctl prints a stream's key, meter, gate and counters: one call
 * per object for text and JSON (out.h), shared by `stream`, `meter` and
 * `classify`, so every command shows the same object the same way.
 */
#ifndef EDGETSN_PSFP_SHOW_H
#define EDGETSN_PSFP_SHOW_H

#include "out.h"
#include "psfp.h"

/* "key": {"dst_mac","vlan"} or {"src_ip","dst_ip","proto","sport","dport",
 * "dscp"}; text "dst MAC[ vlan V]" or "ip SRC DST proto P sport S dport D
 * [dscp N]". vlan 0 and DSCP any are absent.
 */
void etsn_psfp_out_key(struct etsn_out *o, uint32_t kind, const struct etsn_psfp_mac_key *mac,
		       const struct etsn_psfp_ip_key *ip);
/* "meter": {...}, absent without one; text " cir R cbs N eir R ebs N
 * [drop-yellow]", and the bucket levels when tokens_text.
 */
void etsn_psfp_out_meter(struct etsn_out *o, const struct etsn_psfp_meter *s, bool tokens_text);
/* "gate": {"base_ns","cycle_ns","entries":[{"state","interval_ns"}]};
 * text "  gate base N cycle N open N ... (ns)" and a newline.
 */
void etsn_psfp_out_gate(struct etsn_out *o, const struct etsn_psfp_gate *g);
/* "unknown" and "unparsed": {"policy","passed","dropped"} each, the
 * verdicts on frames no stream claimed (g: the map etsn_psfp_glob summed);
 * text one line each.
 */
void etsn_psfp_out_policies(struct etsn_out *o, const struct etsn_psfp_config *cfg,
			    const uint64_t g[ETSN_PSFP_GLOBALS]);
/* "counters": {...}; text "  passed N yellow N ..." and a newline. */
void etsn_psfp_out_counters(struct etsn_out *o, const struct etsn_psfp_counters *c);

#endif
