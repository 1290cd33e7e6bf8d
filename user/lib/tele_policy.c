// SPDX-License-Identifier: GPL-2.0-or-later
/* Firewall and PSFP counters of a device for the agent (tele_policy.h). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <bpf/bpf.h>

#include "fw_show.h"
#include "psfp_show.h"
#include "tele_policy.h"

static int read_fw(const char *dev, struct etsn_tele_policy *p)
{
	struct etsn_fw_maps m;
	int err = etsn_fw_maps_open(NULL, dev, &m);

	if (err)
		return err == -ENOENT ? 0 : err;
	err = etsn_fw_counters_read(&m, &p->fw);
	p->has_fw = !err;
	etsn_fw_maps_close(&m);
	return err;
}

static int read_psfp(const char *dev, struct etsn_tele_policy *p, etsn_psfp_stream_fn fn,
		     void *arg)
{
	struct etsn_psfp_maps m;
	uint32_t zero = 0;
	int err = etsn_psfp_maps_open(NULL, dev, &m);

	if (err)
		return err == -ENOENT ? 0 : err;
	err = bpf_map_lookup_elem(m.fd[ETSN_PSFP_M_CONFIG], &zero, &p->psfp_cfg) ? -errno : 0;
	if (!err)
		err = etsn_psfp_maps_read_globals(&m, p->psfp_glob);
	if (!err)
		err = etsn_psfp_totals_read(&m, &p->psfp, fn, arg);
	p->has_psfp = !err;
	etsn_psfp_maps_close(&m);
	return err;
}

int etsn_tele_policy_read(const char *dev, struct etsn_tele_policy *p, etsn_psfp_stream_fn fn,
			  void *arg)
{
	int err;

	memset(p, 0, sizeof(*p));
	err = read_fw(dev, p);
	if (!err)
		err = read_psfp(dev, p, fn, arg);
	return err;
}

void etsn_tele_policy_out(struct etsn_out *o, const struct etsn_tele_policy *p)
{
	if (p->has_fw) {
		etsn_out_open(o, "firewall", "firewall:\n");
		etsn_fw_out_counters(o, &p->fw);
		etsn_out_close(o);
	}
	if (p->has_psfp) {
		etsn_out_open(o, "psfp", "psfp:");
		etsn_out_u64(o, "streams", " %" PRIu64 " streams\n", p->psfp.streams);
		etsn_psfp_out_policies(o, &p->psfp_cfg, p->psfp_glob);
		etsn_out_text(o, "all streams:");
		etsn_psfp_out_counters(o, &p->psfp.sum);
		etsn_out_close(o);
	}
}
