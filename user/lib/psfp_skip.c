// SPDX-License-Identifier: GPL-2.0-or-later
/* PSFP's etsn_psfp_config.skip: which lookups frames may leave out
 * because their maps are empty (bpf/etsn_psfp.h).
 */
#include <errno.h>
#include <stdbool.h>

#include <bpf/bpf.h>

#include "psfp_maps.h"

/* Sets etsn_psfp_config.skip, keeping the rest of the config. */
static int write_skip(const struct etsn_psfp_maps *m, uint32_t skip)
{
	struct etsn_psfp_config cfg = { 0 };
	uint32_t key = 0;

	if (bpf_map_lookup_elem(m->fd[ETSN_PSFP_M_CONFIG], &key, &cfg))
		return -errno;
	if (cfg.skip == skip)
		return 0;
	cfg.skip = skip;
	return bpf_map_update_elem(m->fd[ETSN_PSFP_M_CONFIG], &key, &cfg, BPF_ANY) ? -errno : 0;
}

int etsn_psfp_maps_skip_none(const struct etsn_psfp_maps *m)
{
	return write_skip(m, 0);
}

static bool map_empty(int fd, void *key)
{
	return bpf_map_get_next_key(fd, NULL, key) && errno == ENOENT;
}

/* Whether an IP key names a DSCP (a scan; at most ETSN_PSFP_MAX_STREAMS keys). */
static bool any_dscp_key(int fd)
{
	struct etsn_psfp_ip_key k, next;
	const void *prev = NULL;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		if (next.dscp != ETSN_PSFP_DSCP_ANY)
			return true;
		k = next;
		prev = &k;
	}
	return false;
}

int etsn_psfp_maps_skip_sync(const struct etsn_psfp_maps *m)
{
	struct etsn_psfp_mac_key mk;
	uint32_t skip = 0, id;

	if (map_empty(m->fd[ETSN_PSFP_M_MAC], &mk))
		skip |= ETSN_PSFP_SKIP_MAC;
	if (!any_dscp_key(m->fd[ETSN_PSFP_M_IP]))
		skip |= ETSN_PSFP_SKIP_DSCP;
	if (map_empty(m->fd[ETSN_PSFP_M_GATE], &id))
		skip |= ETSN_PSFP_SKIP_GATE;
	return write_skip(m, skip);
}
