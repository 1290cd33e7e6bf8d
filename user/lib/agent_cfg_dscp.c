// SPDX-License-Identifier: GPL-2.0-or-later
/* An interface's dscp section: the egress DSCP classifier's map, each
 * DSCP and priority read as etsnctl dscp set reads them (dscp.c).
 */
#include <stdlib.h>
#include <string.h>

#include "agent_config_priv.h"

struct dscp_walk {
	struct etsn_agent_iface *ifc;
	char what[64];		/* "IFACE.dscp.map" */
};

/* A scalar's text, NULL (error recorded) for anything else. */
static const char *scalar(struct etsn_diag *d, const struct etsn_ynode *n, const char *what)
{
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SCALAR, what))
		return NULL;
	if (strlen(n->text) != n->len) {
		etsn_diag_add(d, n->line, n->col, "%s: holds a NUL character", what);
		return NULL;
	}
	return n->text;
}

static void entry(struct etsn_diag *d, struct dscp_walk *w, const struct etsn_ynode *k,
		  const struct etsn_ynode *v)
{
	struct etsn_dscp_map *map = w->ifc->dscp;
	const char *why = NULL, *text;
	uint32_t code, prio;
	char what[80];

	text = scalar(d, k, w->what);
	if (!text)
		return;
	if (etsn_dscp_parse_code(text, &code, &why)) {
		etsn_diag_add(d, k->line, k->col, "%s: %s, not '%s'", w->what, why, text);
		return;
	}
	if (map->set & 1ull << code) {
		etsn_diag_add(d, k->line, k->col, "%s: DSCP %u given twice", w->what, code);
		return;
	}
	snprintf(what, sizeof(what), "%s.%u", w->what, code);
	text = scalar(d, v, what);
	if (!text)
		return;
	if (etsn_dscp_parse_prio(text, &prio, &why)) {
		etsn_diag_add(d, v->line, v->col, "%s: %s, not '%s'", what, why, text);
		return;
	}
	map->set |= 1ull << code;
	map->prio[code] = prio;
}

/* "map": DSCP: PRIO for each DSCP mapped; the others are not. */
static void on_map(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct dscp_walk *w = obj;

	snprintf(w->what, sizeof(w->what), "%s.dscp.map", w->ifc->name);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_MAP, w->what))
		return;
	for (size_t i = 0; i + 1 < n->nkids; i += 2)
		entry(d, w, n->kids[i], n->kids[i + 1]);
}

static const struct etsn_cfgw_key dscp_keys[] = {
	{ .name = "map", .fn = on_map },
};

void etsn_agent_cfg_dscp(struct etsn_diag *d, const struct etsn_ynode *n,
			 struct etsn_agent_iface *ifc)
{
	struct dscp_walk w = { .ifc = ifc };
	char what[64];

	snprintf(what, sizeof(what), "%s.dscp", ifc->name);
	ifc->dscp = calloc(1, sizeof(*ifc->dscp));
	if (!ifc->dscp) {
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
		return;
	}
	ifc->has_dscp = etsn_cfgw_map(d, n, what, dscp_keys, 1, &w);
}
