// SPDX-License-Identifier: GPL-2.0-or-later
/* An interface's 802.1CB FRER streams: frer.talkers and frer.listeners,
 * each item the words of `etsnctl frer talker|listener add` (without
 * "dev DEV": the interface is the key above), read by the same parsers
 * (user/lib/frer.c). Ids and identities are unique per role, and the
 * second path is another device.
 */
#include <string.h>

#include "agent_config_priv.h"

/* The same id, or the same frames, twice in one role. */
static bool conflict(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		     uint32_t id, uint32_t kind, const struct etsn_psfp_mac_key *mac,
		     const struct etsn_psfp_ip_key *ip, uint32_t oid, uint32_t okind,
		     const struct etsn_psfp_mac_key *omac, const struct etsn_psfp_ip_key *oip)
{
	size_t ks, os;
	const void *key = etsn_frer_key(kind, mac, ip, &ks);
	const void *okey = etsn_frer_key(okind, omac, oip, &os);

	if (id == oid) {
		etsn_diag_add(d, n->line, n->col, "%s: stream id %u given twice", what, id);
		return true;
	}
	if (kind == okind && ks == os && !memcmp(key, okey, ks)) {
		etsn_diag_add(d, n->line, n->col, "%s: the same frames as stream id %u", what, oid);
		return true;
	}
	return false;
}

static void talker(struct etsn_diag *d, struct etsn_agent_iface *ifc,
		   const struct etsn_ynode *n, const char *what)
{
	struct etsn_frer_talker_rule t;
	struct etsn_cfgw_words w;
	const char *why = NULL;

	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_frer_parse_talker(w.argc, w.argv, &t, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	if (!strcmp(t.dev2, ifc->name)) {
		etsn_diag_add(d, n->line, n->col, "%s: dev2 is %s itself", what, ifc->name);
		goto out;
	}
	for (size_t i = 0; i < ifc->nfrer_talkers; i++) {
		const struct etsn_frer_talker *o = &ifc->frer_talkers[i].t;

		if (conflict(d, n, what, t.id, t.t.key_kind, &t.t.mac, &t.t.ip,
			     ifc->frer_talkers[i].id, o->key_kind, &o->mac, &o->ip))
			goto out;
	}
	ifc->frer_talkers[ifc->nfrer_talkers++] = t;
out:
	etsn_cfgw_words_free(&w);
}

static void listener(struct etsn_diag *d, struct etsn_agent_iface *ifc,
		     const struct etsn_ynode *n, const char *what)
{
	struct etsn_frer_listener_rule l;
	struct etsn_cfgw_words w;
	const char *why = NULL;

	if (!etsn_cfgw_words(d, n, what, &w))
		return;
	if (etsn_frer_parse_listener(w.argc, w.argv, &l, &why)) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, why);
		goto out;
	}
	if (!strcmp(l.member, ifc->name)) {
		etsn_diag_add(d, n->line, n->col, "%s: the member is %s itself", what, ifc->name);
		goto out;
	}
	for (size_t i = 0; i < ifc->nfrer_listeners; i++) {
		const struct etsn_frer_rcvy *o = &ifc->frer_listeners[i].r;

		if (conflict(d, n, what, l.id, l.r.key_kind, &l.r.mac, &l.r.ip,
			     ifc->frer_listeners[i].id, o->key_kind, &o->mac, &o->ip))
			goto out;
	}
	ifc->frer_listeners[ifc->nfrer_listeners++] = l;
out:
	etsn_cfgw_words_free(&w);
}

static void on_talkers(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->frer_talkers };
	const size_t sizes[] = { sizeof(*ifc->frer_talkers) };

	etsn_agent_cfg_each_rule(d, n, ifc, "frer.talkers", talker, arrs, sizes, 1);
}

static void on_listeners(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	void *arrs[] = { &ifc->frer_listeners };
	const size_t sizes[] = { sizeof(*ifc->frer_listeners) };

	etsn_agent_cfg_each_rule(d, n, ifc, "frer.listeners", listener, arrs, sizes, 1);
}

static const struct etsn_cfgw_key frer_keys[] = {
	{ .name = "talkers", .fn = on_talkers },
	{ .name = "listeners", .fn = on_listeners },
};

void etsn_agent_cfg_frer(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct etsn_agent_iface *ifc = obj;
	char what[64];

	snprintf(what, sizeof(what), "%s.frer", ifc->name);
	ifc->has_frer = etsn_cfgw_map(d, n, what, frer_keys, 2, ifc);
}
