// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's fail-safe decision (docs/agent.md, "Fail-safe"). */
#include <string.h>
#include <time.h>

#include "agent_failsafe.h"
#include "agent_reconcile.h"

/* Only an interface with a schedule of its own has anything to fall back from. */
static bool guarded(const struct etsn_agent_iface *ifc, bool supervised)
{
	return supervised && ifc->qdisc && ifc->schedule;
}

enum etsn_fs_mode etsn_fs_initial(const struct etsn_agent_iface *ifc, bool supervised)
{
	return guarded(ifc, supervised) && ifc->refuse_unsynced ? ETSN_FS_WITHHELD :
								   ETSN_FS_PRIMARY;
}

/* The fail-safe mode of ifc's configuration while out of sync. */
static enum etsn_fs_mode unsynced_mode(const struct etsn_agent_iface *ifc,
				       enum etsn_fs_mode cur)
{
	switch (ifc->failsafe) {
	case ETSN_FAILSAFE_FALLBACK:
		return ETSN_FS_FALLBACK;
	case ETSN_FAILSAFE_ALL_OPEN:
		return ETSN_FS_ALL_OPEN;
	case ETSN_FAILSAFE_KEEP:
		break;
	}
	/* A primary not installed yet stays withheld; else leave it. */
	return cur == ETSN_FS_WITHHELD ? cur : ETSN_FS_KEPT;
}

enum etsn_fs_mode etsn_fs_decide(const struct etsn_agent_iface *ifc, bool supervised,
				 enum ptp_sync_state sync, enum etsn_fs_mode cur)
{
	if (!guarded(ifc, supervised))
		return ETSN_FS_PRIMARY;
	if (sync == PTP_SYNC_LOCKED)
		return ETSN_FS_PRIMARY;
	if (sync == PTP_SYNC_LOST)
		return unsynced_mode(ifc, cur);
	/* unknown, locking, degraded: a fail-safe in force stays until
	 * locked (as the config now says, after a reload).
	 */
	if (cur == ETSN_FS_FALLBACK || cur == ETSN_FS_ALL_OPEN || cur == ETSN_FS_KEPT)
		return unsynced_mode(ifc, cur);
	/* No base time is computed on this clock until it is locked. */
	return ifc->refuse_unsynced ? ETSN_FS_WITHHELD : ETSN_FS_PRIMARY;
}

void etsn_fs_all_open(const struct etsn_sched *primary, struct etsn_sched *out)
{
	uint64_t cycle = etsn_rc_sched_cycle(primary);
	memset(out, 0, sizeof(*out));
	out->has_clockid = true;
	out->clockid = primary->has_clockid ? primary->clockid : CLOCK_TAI;
	out->has_base_time = primary->has_base_time;
	out->base_time = primary->base_time;
	out->num_entries = 1;
	out->entries[0].op = EDGETSN_GATE_OP_SET;
	out->entries[0].gates = 0xff;
	/* One entry per cycle; a cycle beyond an entry's range runs as 1 s. */
	out->entries[0].interval = cycle && cycle <= UINT32_MAX ? (uint32_t)cycle : 1000000000u;
}

const struct etsn_sched *etsn_fs_schedule(const struct etsn_agent_iface *ifc,
					  const struct etsn_fs_iface *st)
{
	switch (st->mode) {
	case ETSN_FS_PRIMARY:
		return ifc->schedule;
	case ETSN_FS_FALLBACK:
		return ifc->fallbacks[ifc->failsafe_fallback].sched;
	case ETSN_FS_ALL_OPEN:
		return &st->all_open;
	case ETSN_FS_KEPT:
	case ETSN_FS_WITHHELD:
		break;
	}
	return NULL;
}

static void bind_iface(struct etsn_fs_iface *st, const struct etsn_agent_iface *ifc,
		       bool supervised)
{
	memset(st, 0, sizeof(*st));
	memcpy(st->name, ifc->name, sizeof(st->name));
	st->mode = etsn_fs_initial(ifc, supervised);
}

static void rebuild(struct etsn_failsafe *fs, const struct etsn_agent_config *c)
{
	fs->eff = *c;
	for (size_t i = 0; i < c->nifaces; i++) {
		struct etsn_fs_iface *st = &fs->ifaces[i];
		const struct etsn_agent_iface *ifc = &c->ifaces[i];

		if (st->mode == ETSN_FS_ALL_OPEN)
			etsn_fs_all_open(ifc->schedule, &st->all_open);
		fs->eff.ifaces[i].schedule = (struct etsn_sched *)etsn_fs_schedule(ifc, st);
	}
}

void etsn_failsafe_init(struct etsn_failsafe *fs, const struct etsn_agent_config *c)
{
	fs->nifaces = c->nifaces;
	for (size_t i = 0; i < c->nifaces; i++)
		bind_iface(&fs->ifaces[i], &c->ifaces[i], c->ptp.enabled);
	rebuild(fs, c);
}

void etsn_failsafe_rebind(struct etsn_failsafe *fs, const struct etsn_agent_config *c)
{
	struct {
		char name[IF_NAMESIZE];
		enum etsn_fs_mode mode;
	} old[ETSN_AGENT_MAX_IFACES];
	size_t nold = fs->nifaces;

	for (size_t j = 0; j < nold; j++) {
		memcpy(old[j].name, fs->ifaces[j].name, sizeof(old[j].name));
		old[j].mode = fs->ifaces[j].mode;
	}
	etsn_failsafe_init(fs, c);
	for (size_t i = 0; i < c->nifaces; i++) {
		for (size_t j = 0; j < nold; j++) {
			if (!strcmp(old[j].name, c->ifaces[i].name)) {
				fs->ifaces[i].mode = old[j].mode;
				break;
			}
		}
	}
	rebuild(fs, c);
}

size_t etsn_failsafe_update(struct etsn_failsafe *fs, const struct etsn_agent_config *c,
			    enum ptp_sync_state sync, etsn_fs_cb cb, void *ctx)
{
	size_t changed = 0;

	for (size_t i = 0; i < c->nifaces; i++) {
		struct etsn_fs_iface *st = &fs->ifaces[i];
		enum etsn_fs_mode to = etsn_fs_decide(&c->ifaces[i], c->ptp.enabled, sync,
						      st->mode);

		if (to == st->mode)
			continue;
		if (cb)
			cb(ctx, st->name, st->mode, to);
		st->mode = to;
		changed++;
	}
	rebuild(fs, c);
	return changed;
}

bool etsn_failsafe_mode(const struct etsn_failsafe *fs, const char *ifname,
			enum etsn_fs_mode *mode)
{
	for (size_t i = 0; i < fs->nifaces; i++) {
		if (!strcmp(fs->ifaces[i].name, ifname)) {
			*mode = fs->ifaces[i].mode;
			return true;
		}
	}
	return false;
}

bool etsn_failsafe_primary_runs(const struct etsn_failsafe *fs, const char *ifname)
{
	enum etsn_fs_mode mode = ETSN_FS_PRIMARY;

	etsn_failsafe_mode(fs, ifname, &mode);
	return mode == ETSN_FS_PRIMARY;
}

const char *etsn_fs_mode_name(enum etsn_fs_mode mode)
{
	static const char *const names[] = {
		[ETSN_FS_PRIMARY] = "primary", [ETSN_FS_FALLBACK] = "fallback",
		[ETSN_FS_ALL_OPEN] = "all-open", [ETSN_FS_KEPT] = "kept",
		[ETSN_FS_WITHHELD] = "withheld",
	};

	return (unsigned int)mode < sizeof(names) / sizeof(names[0]) ? names[mode] : "?";
}
