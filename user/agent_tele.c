// SPDX-License-Identifier: GPL-2.0-or-later
/* One interface's telemetry object (agent_tele.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_tele.h"
#include "lib/agent_log.h"
#include "lib/out.h"
#include "lib/stats_read.h"
#include "lib/tele_policy.h"

struct tele_parts {
	struct etsn_stats stats;
	struct etsn_tele_policy pol;
};

/* The qdisc's counters: 0, or a negative errno with the reason. */
static int read_qdisc(struct etsn_genl *g, const struct etsn_agent_iface *ifc,
		      struct etsn_stats *st, char *reason, size_t rlen)
{
	int err;

	if (!ifc->qdisc) {
		snprintf(reason, rlen, "%s: no etsn qdisc in the configuration", ifc->name);
		return -ENOENT;
	}
	/* Not open: the reason is the open's ("... is edgetsn.ko loaded?"). */
	err = g->sk ? etsn_stats_read(g, ifc->name, st) : g->error.err;
	if (err && g->sk)
		snprintf(reason, rlen, "%s: %s", ifc->name, etsn_genl_strerror(g));
	else if (err)
		snprintf(reason, rlen, "%s", etsn_genl_strerror(g));
	return err;
}

int agent_tele_json(struct etsn_genl *g, struct etsn_json *j, const struct etsn_agent_iface *ifc,
		    etsn_psfp_stream_fn fn, void *arg, char *reason, size_t rlen)
{
	struct tele_parts *p = malloc(sizeof(*p));
	struct etsn_out o;
	int qerr, perr;

	if (!p) {
		snprintf(reason, rlen, "out of memory");
		return -ENOMEM;
	}
	qerr = read_qdisc(g, ifc, &p->stats, reason, rlen);
	perr = etsn_tele_policy_read(ifc->name, &p->pol, fn, arg);
	if (qerr && !p->pol.has_fw && !p->pol.has_psfp) {
		/* The qdisc's reason when one is configured, else the maps'. */
		if (!ifc->qdisc)
			snprintf(reason, rlen, "%s: %s", ifc->name,
				 perr ? strerror(-perr)
				 : "no etsn qdisc configured, no firewall or PSFP maps pinned");
		free(p);
		return ifc->qdisc || !perr ? qerr : perr;
	}
	if (perr)	/* what could be read goes out; the rest is said here */
		etsn_log(ETSN_LOG_DEBUG, "%s: firewall or PSFP maps: %s", ifc->name,
			 strerror(-perr));
	etsn_out_into(&o, j);
	etsn_out_open(&o, ETSN_OUT_ITEM, NULL);
	if (qerr)
		etsn_out_str(&o, "ifname", NULL, ifc->name);
	else
		etsn_stats_out(&o, &p->stats);
	etsn_tele_policy_out(&o, &p->pol);
	etsn_out_close(&o);
	free(p);
	return 0;
}

static bool configured(const struct etsn_agent_config *c, const char *name)
{
	for (size_t i = 0; i < c->nifaces; i++)
		if (!strcmp(c->ifaces[i].name, name))
			return true;
	return false;
}

struct etsn_tele_streams *agent_tele_streams(struct agent_tele_ifaces *t,
					     const struct etsn_agent_config *c, const char *name)
{
	size_t i, kept = 0;

	for (i = 0; i < t->n; i++) {
		if (!configured(c, t->i[i].name)) {
			etsn_tele_streams_free(&t->i[i].st);
			continue;
		}
		if (kept != i)
			t->i[kept] = t->i[i];
		kept++;
	}
	t->n = kept;
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->i[i].name, name))
			return &t->i[i].st;
	if (t->n == ETSN_AGENT_MAX_IFACES)
		return NULL;
	memset(&t->i[t->n], 0, sizeof(t->i[t->n]));
	snprintf(t->i[t->n].name, sizeof(t->i[t->n].name), "%s", name);
	return &t->i[t->n++].st;
}

void agent_tele_ifaces_free(struct agent_tele_ifaces *t)
{
	for (size_t i = 0; i < t->n; i++)
		etsn_tele_streams_free(&t->i[i].st);
	t->n = 0;
}
