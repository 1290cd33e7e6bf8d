// SPDX-License-Identifier: GPL-2.0-or-later
/* An interface's `streams:`: the lines of an `etsnctl sched plan` spec,
 * one list item each (a string, a list of words or a mapping), planned
 * into the interface's schedule by the same library (plan.h).
 */
#include <stdlib.h>

#include "agent_config_priv.h"
#include "plan.h"

struct etsn_sched *etsn_agent_cfg_plan(struct etsn_diag *d, const struct etsn_ynode *n,
				       const char *what)
{
	size_t before = etsn_diag_errors(d);
	struct etsn_sched *s = NULL;
	struct etsn_plan_input in;
	struct etsn_plan p;
	char item[96], err[512];

	if (!etsn_cfgw_expect(d, n, ETSN_Y_SEQ, what))
		return NULL;
	etsn_plan_input_init(&in);
	for (size_t i = 0; i < n->nkids; i++) {
		struct etsn_cfgw_words w;

		snprintf(item, sizeof(item), "%s[%zu]", what, i);
		if (!etsn_cfgw_words(d, n->kids[i], item, &w))
			continue;
		if (w.argc && etsn_plan_parse_words(&in, w.argc, w.argv, err, sizeof(err)))
			etsn_diag_add(d, n->kids[i]->line, n->kids[i]->col, "%s: %s", item, err);
		etsn_cfgw_words_free(&w);
	}
	if (etsn_diag_errors(d) != before)
		goto out;
	if (etsn_plan_make(&in, &p, err, sizeof(err))) {
		etsn_diag_add(d, n->line, n->col, "%s: %s", what, err);
		goto out;
	}
	s = malloc(sizeof(*s));
	if (s)
		*s = p.sched;
	else
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
	etsn_plan_free(&p);
out:
	free(in.streams);
	return s;
}
