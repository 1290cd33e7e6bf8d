// SPDX-License-Identifier: GPL-2.0-or-later
/* One device's counters in one struct: the STATS_GET dump named by dev,
 * whose messages (all about that device) are merged.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "stats_read.h"

static int on_part(const struct nlmsghdr *nlh, uint8_t cmd, struct nlattr *attrs, int len,
		   void *arg)
{
	(void)nlh;
	(void)cmd;
	return etsn_stats_merge_attrs(attrs, len, arg);
}

int etsn_stats_read(struct etsn_genl *g, const char *dev, struct etsn_stats *st)
{
	memset(st, 0, sizeof(*st));
	return etsn_genl_dev_request(g, EDGETSN_CMD_STATS_GET, true, dev, on_part, st);
}
