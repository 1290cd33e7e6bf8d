// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's Prometheus file (agent_metrics.h). */
#include <errno.h>
#include <stdlib.h>

#include "agent_metrics.h"
#include "lib/genl.h"
#include "lib/metrics_prom.h"
#include "lib/stats.h"
#include "lib/tele_policy.h"

static int on_stats(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs,
		    int len, void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_stats_from_attrs(attrs, len, arg);
}

int etsn_agent_metrics_write(const struct etsn_agent_config *c, const struct etsn_agent_state *s,
			     char *err, size_t errlen)
{
	struct etsn_stats *st = calloc(s->nifaces ? s->nifaces : 1, sizeof(*st));
	struct etsn_tele_policy *pol = calloc(s->nifaces ? s->nifaces : 1, sizeof(*pol));
	struct etsn_genl g;
	bool have_genl;
	int ret;

	if (!st || !pol) {
		free(st);
		free(pol);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* No module: the agent's own metrics still go out. */
	have_genl = !etsn_genl_open(&g);
	for (size_t i = 0; have_genl && i < s->nifaces; i++) {
		if (!c->ifaces[i].qdisc ||
		    etsn_genl_dev_get(&g, EDGETSN_CMD_STATS_GET, s->ifaces[i].name, on_stats, &st[i]))
			st[i].ifname[0] = '\0';
		else if (!st[i].ifname[0])
			snprintf(st[i].ifname, sizeof(st[i].ifname), "%s", s->ifaces[i].name);
	}
	if (have_genl)
		etsn_genl_close(&g);
	/* Maps there but unreadable: that interface's part is left out. */
	for (size_t i = 0; i < s->nifaces; i++)
		if (etsn_tele_policy_read(s->ifaces[i].name, &pol[i], NULL, NULL))
			pol[i].has_fw = pol[i].has_psfp = false;
	ret = etsn_prom_write(c->metrics.textfile, s, st, pol, err, errlen);
	free(pol);
	free(st);
	return ret;
}
