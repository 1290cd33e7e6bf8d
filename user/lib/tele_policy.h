/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The policy plane's counters of a device as the agent publishes them
 * (tele/<ifname>, the Prometheus file): the XDP firewall's drops by reason
 * and frames by protocol, and PSFP's aggregates (streams, the verdicts on
 * frames of no stream, the per-stream counters added up). Read from the
 * pinned maps with the functions etsnctl fw show / stream show use;
 * printed with their print functions, so the keys are docs/json.md's.
 */
#ifndef EDGETSN_TELE_POLICY_H
#define EDGETSN_TELE_POLICY_H

#include <stdbool.h>

#include "fw_maps.h"
#include "out.h"
#include "psfp_totals.h"

struct etsn_tele_policy {
	bool has_fw;				/* the firewall's maps are pinned */
	bool has_psfp;				/* PSFP's maps are pinned */
	struct etsn_fw_counters fw;
	struct etsn_psfp_config psfp_cfg;
	uint64_t psfp_glob[ETSN_PSFP_GLOBALS];
	struct etsn_psfp_totals psfp;
};

/* What dev has: a part whose maps are not pinned is left out (has_*
 * false), not an error. fn gets each stream's counters (may be NULL).
 * 0 or a negative errno (maps there but unreadable).
 */
int etsn_tele_policy_read(const char *dev, struct etsn_tele_policy *p, etsn_psfp_stream_fn fn,
			  void *arg);

/* Members of the current object: "firewall": {"counters", "protocols"}
 * and "psfp": {"streams", "unknown", "unparsed", "counters"}, each only
 * when present.
 */
void etsn_tele_policy_out(struct etsn_out *o, const struct etsn_tele_policy *p);

#endif
