// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <linux/edgetsn.h>

#include "event.h"
#include "fmt.h"
#include "genl.h"
#include "json.h"

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

	if (etsn_genl_parse_attrs(attrs, len, tb))
		return -EPROTO;
	etsn_dev_id_from_attrs(tb, &id);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "event%u", cmd);
		name = unknown;
	}
	if (json) {
		struct etsn_json j;

		etsn_json_init(&j, out);
		etsn_json_open_object(&j, NULL);
		etsn_json_string(&j, "event", name);
		etsn_json_u64(&j, "ifindex", id.ifindex);
		etsn_json_string(&j, "ifname", id.ifname);
		if ((a = tb[EDGETSN_A_EV_TIME]))
			etsn_json_s64(&j, "time", nla_get_s64(a));
		if ((a = tb[EDGETSN_A_EV_ERROR]))
			etsn_json_s64(&j, "error", nla_get_s32(a));
		if ((a = tb[EDGETSN_A_EV_LINK_SPEED]))
			etsn_json_u64(&j, "link_speed", nla_get_u32(a));
		etsn_json_close_object(&j);
		etsn_json_finish(&j);
	} else {
		fprintf(out, "%s dev %s ifindex %" PRIu32, name, id.ifname[0] ? id.ifname : "?",
			id.ifindex);
		if ((a = tb[EDGETSN_A_EV_TIME]))
			fprintf(out, " time %s", etsn_fmt_time(nla_get_s64(a), b, sizeof(b)));
		if ((a = tb[EDGETSN_A_EV_ERROR])) {
			int32_t e = nla_get_s32(a);

			fprintf(out, " error %" PRId32 " (%s)", e, strerror(e < 0 ? -e : e));
		}
		if ((a = tb[EDGETSN_A_EV_LINK_SPEED])) {
			if (nla_get_u32(a))
				fprintf(out, " speed %" PRIu32 " Mb/s", nla_get_u32(a));
			else
				fputs(" speed unknown", out);
		}
		fputc('\n', out);
	}
	fflush(out);
	return 0;
}
