// SPDX-License-Identifier: GPL-2.0-or-later
/* A list of rules read into an interface, and the repeats in it: a rule
 * whose id, or whose frames, an earlier rule of the list already has.
 * Each rule is looked up in two hash sets (user/lib/dupset.c) instead of
 * compared with every earlier rule: a list may hold 16,384 PSFP streams,
 * and the agent reads the file again on every SIGHUP.
 */
#include <stdlib.h>
#include <string.h>

#include "agent_config_priv.h"

/* Room for one item per list entry, allocated once (a list may hold
 * thousands of streams); the section's key appears once, so these start
 * NULL.
 */
static bool reserve(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		    size_t size, void *arr_ptr)
{
	void **arr = arr_ptr;

	*arr = calloc(n->nkids ? n->nkids : 1, size);
	if (!*arr)
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
	return *arr != NULL;
}

void etsn_agent_cfg_each_rule(struct etsn_diag *d, const struct etsn_ynode *n,
			      struct etsn_agent_iface *ifc, const struct etsn_agent_rule_kind *kind,
			      void *arrs[], const size_t sizes[], size_t narrs)
{
	struct etsn_agent_rules rs = { .ifc = ifc, .kind = kind };
	char what[64];

	snprintf(what, sizeof(what), "%s.%s", ifc->name, kind->section);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SEQ, what))
		return;
	for (size_t i = 0; i < narrs; i++)
		if (!reserve(d, n, what, sizes[i], arrs[i]))
			return;
	if (!etsn_dupset_init(&rs.frames, n->nkids, kind->frames, ifc) ||
	    (kind->id && !etsn_dupset_init(&rs.ids, n->nkids, kind->id, ifc))) {
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
		goto out;
	}
	for (size_t i = 0; i < n->nkids; i++) {
		snprintf(what, sizeof(what), "%s.%s[%zu]", ifc->name, kind->section, i);
		kind->fn(d, &rs, n->kids[i], what);
	}
out:
	etsn_dupset_free(&rs.ids);
	etsn_dupset_free(&rs.frames);
}

void etsn_agent_id_key(const uint32_t *id, struct etsn_dupkey *k)
{
	*k = (struct etsn_dupkey){ .bytes = id, .size = sizeof(*id) };
}

void etsn_agent_frames_key(uint32_t kind, const struct etsn_psfp_mac_key *mac,
			   const struct etsn_psfp_ip_key *ip, struct etsn_dupkey *k)
{
	/* The choice of etsn_psfp_key, etsn_cls_key and etsn_frer_key. */
	if (kind == ETSN_PSFP_KEY_MAC)
		*k = (struct etsn_dupkey){ .kind = kind, .bytes = mac, .size = sizeof(*mac) };
	else
		*k = (struct etsn_dupkey){ .kind = kind, .bytes = ip, .size = sizeof(*ip) };
}

/* Rule i's id (an id key's bytes are the rule's uint32_t). */
static uint32_t id_of(const struct etsn_agent_rules *rs, size_t i)
{
	struct etsn_dupkey k;
	uint32_t id;

	rs->kind->id(rs->ifc, i, &k);
	memcpy(&id, k.bytes, sizeof(id));
	return id;
}

bool etsn_agent_cfg_keep(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			 struct etsn_agent_rules *rs, size_t i)
{
	if (etsn_dupset_add(&rs->frames, i) && (!rs->kind->id || etsn_dupset_add(&rs->ids, i)))
		return true;
	etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
	return false;
}

bool etsn_agent_cfg_unique(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			   struct etsn_agent_rules *rs, size_t i)
{
	struct etsn_dupkey idk, frames;
	size_t same_id, same_frames;

	rs->kind->id(rs->ifc, i, &idk);
	rs->kind->frames(rs->ifc, i, &frames);
	same_id = etsn_dupset_find(&rs->ids, &idk);
	same_frames = etsn_dupset_find(&rs->frames, &frames);
	/* The earlier of the two is the one a walk down the list meets
	 * first (the same rule: its id first).
	 */
	if (same_id != ETSN_DUPSET_NONE && same_id <= same_frames) {
		etsn_diag_add(d, n->line, n->col, "%s: %s id %u given twice", what, rs->kind->noun,
			      id_of(rs, i));
		return false;
	}
	if (same_frames != ETSN_DUPSET_NONE) {
		etsn_diag_add(d, n->line, n->col, "%s: the same frames as %s id %u", what,
			      rs->kind->noun, id_of(rs, same_frames));
		return false;
	}
	return etsn_agent_cfg_keep(d, n, what, rs, i);
}
