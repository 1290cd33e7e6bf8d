/* SPDX-License-Identifier: GPL-2.0-or-later */
/* edgetsnd's fail-safe: which schedule each interface should run, given the
 * sync state of the PTP domain (docs/agent.md, "Fail-safe"). Pure: the
 * decision and the effective config it yields are computed here; the agent
 * hands that config to the one apply/reconcile path (agent_apply.h), so a
 * fallback is installed exactly as a primary schedule is.
 */
#ifndef EDGETSN_AGENT_FAILSAFE_H
#define EDGETSN_AGENT_FAILSAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent_config.h"
#include "ptp_sync.h"

enum etsn_fs_mode {
	ETSN_FS_PRIMARY,	/* the configured schedule */
	ETSN_FS_FALLBACK,	/* the named fallback schedule */
	ETSN_FS_ALL_OPEN,	/* one entry, every gate open */
	ETSN_FS_KEPT,		/* sync lost with keep: the schedule is left alone */
	ETSN_FS_WITHHELD,	/* refuse-unsynchronised: primary waits for locked */
};

/* One interface's fail-safe state. */
struct etsn_fs_iface {
	char name[IF_NAMESIZE];
	enum etsn_fs_mode mode;
	struct etsn_sched all_open;	/* built from the primary for ALL_OPEN */
};

struct etsn_failsafe {
	struct etsn_fs_iface ifaces[ETSN_AGENT_MAX_IFACES];
	size_t nifaces;
	/* The config with each interface's schedule as its mode says; its
	 * pointers point into the source config and into ifaces.
	 */
	struct etsn_agent_config eff;
};

/* Called for each interface whose mode changes. */
typedef void (*etsn_fs_cb)(void *ctx, const char *ifname, enum etsn_fs_mode from,
			   enum etsn_fs_mode to);

/* The mode an interface moves to from cur. supervised: PTP supervision
 * runs (otherwise the primary always). Leaving a fail-safe mode takes
 * locked; degraded or locking keep the current mode.
 */
enum etsn_fs_mode etsn_fs_decide(const struct etsn_agent_iface *ifc, bool supervised,
				 enum ptp_sync_state sync, enum etsn_fs_mode cur);

/* The mode an interface starts in (no sync state judged yet). */
enum etsn_fs_mode etsn_fs_initial(const struct etsn_agent_iface *ifc, bool supervised);

/* One entry, all eight gates open, for the primary's cycle and clock. */
void etsn_fs_all_open(const struct etsn_sched *primary, struct etsn_sched *out);

/* The schedule an interface wants in mode m (NULL: leave the kernel's). */
const struct etsn_sched *etsn_fs_schedule(const struct etsn_agent_iface *ifc,
					  const struct etsn_fs_iface *st);

/* Starts every interface of c in its initial mode. */
void etsn_failsafe_init(struct etsn_failsafe *fs, const struct etsn_agent_config *c);

/* After a reload: interfaces kept by name keep their mode, new ones start
 * in their initial mode. Then as etsn_failsafe_update.
 */
void etsn_failsafe_rebind(struct etsn_failsafe *fs, const struct etsn_agent_config *c);

/* Decides every interface of c for sync and rebuilds fs->eff. Returns the
 * number of interfaces whose mode changed (each reported to cb if set).
 */
size_t etsn_failsafe_update(struct etsn_failsafe *fs, const struct etsn_agent_config *c,
			    enum ptp_sync_state sync, etsn_fs_cb cb, void *ctx);

/* The mode of ifname, false if the config has no such interface. */
bool etsn_failsafe_mode(const struct etsn_failsafe *fs, const char *ifname,
			enum etsn_fs_mode *mode);

/* Whether a new primary schedule for ifname (MQTT set-schedule) is to be
 * installed now: only while the primary runs (an interface the fail-safe
 * does not know runs its primary). In any other mode the new schedule
 * only replaces the config's primary: the fallback (or the kept or
 * withheld schedule) stays in force, and the recovery to locked installs
 * the new primary at a cycle boundary, as it would the old one.
 */
bool etsn_failsafe_primary_runs(const struct etsn_failsafe *fs, const char *ifname);

const char *etsn_fs_mode_name(enum etsn_fs_mode mode);

#endif
