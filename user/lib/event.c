// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <linux/edgetsn.h>

#include "event.h"
#include "fmt.h"
#include "genl.h"
#include "out.h"

const char *etsn_event_name(uint8_t cmd)
{
	switch (cmd) {
	case EDGETSN_CMD_EV_SCHED_OPER: return "sched_oper";
	case EDGETSN_CMD_EV_CONFIG_ERROR: return "config_error";
	case EDGETSN_CMD_EV_LINK_SPEED: return "link_speed";
	case EDGETSN_CMD_EV_QDISC_NEW: return "qdisc_new";
	case EDGETSN_CMD_EV_QDISC_DEL: return "qdisc_del";
	case EDGETSN_CMD_EV_CLOCK_STEP: return "clock_step";
	default: return NULL;
	}
}

int etsn_event_print(FILE *out, bool json, uint8_t cmd, struct nlattr *attrs, int len)
{
	struct nlattr *tb[EDGETSN_A_MAX + 1], *a;
	struct etsn_dev_id id;
	const char *name = etsn_event_name(cmd);
	char unknown[16], b[48];
	struct etsn_out o;

	if (etsn_genl_parse_attrs(attrs, len, tb))
		return -EPROTO;
	etsn_dev_id_from_attrs(tb, &id);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "event%u", cmd);
		name = unknown;
	}
	etsn_out_begin(&o, out, json);
	etsn_out_str(&o, "event", "%s", name);
	etsn_out_text(&o, " dev %s", id.ifname[0] ? id.ifname : "?");
	etsn_out_u64(&o, "ifindex", " ifindex %" PRIu64, id.ifindex);
	etsn_out_str(&o, "ifname", NULL, id.ifname);
	if ((a = tb[EDGETSN_A_EV_TIME])) {
		etsn_out_s64(&o, "time_ns", NULL, nla_get_s64(a));
		etsn_out_text(&o, " time %s", etsn_fmt_time(nla_get_s64(a), b, sizeof(b)));
	}
	if ((a = tb[EDGETSN_A_EV_ERROR])) {
		int32_t e = nla_get_s32(a);

		etsn_out_s64(&o, "error", " error %" PRId64, e);
		etsn_out_text(&o, " (%s)", strerror(e < 0 ? -e : e));
	}
	/* A speed of 0 is unknown: JSON leaves it out. */
	if ((a = tb[EDGETSN_A_EV_LINK_SPEED])) {
		if (nla_get_u32(a))
			etsn_out_u64(&o, "link_speed_mbps", " speed %" PRIu64 " Mb/s",
				     nla_get_u32(a));
		else
			etsn_out_text(&o, " speed unknown");
	}
	etsn_out_text(&o, "\n");
	etsn_out_end(&o);
	fflush(out);
	return 0;
}
