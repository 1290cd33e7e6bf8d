// SPDX-License-Identifier: GPL-2.0-or-later
/* The XDP firewall's pinned maps and their edits (fw_maps.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "bpfmap.h"
#include "bpfpin.h"
#include "fw_maps.h"

void etsn_fw_maps_say_open_error(const char *cmd, const char *dev, const char *name, int err)
{
	if (err == -ENOENT)
		fprintf(stderr, "etsnctl %s: %s has no XDP firewall maps (%s/%s/%s missing); run 'etsnctl xdp attach dev %s' first\n",
			cmd, dev, ETSN_BPFPIN_ROOT, dev, name, dev);
	else
		fprintf(stderr, "etsnctl %s: cannot open %s/%s/%s: %s\n", cmd, ETSN_BPFPIN_ROOT, dev,
			name, strerror(-err));
}

void etsn_fw_maps_close(struct etsn_fw_maps *m)
{
	etsn_bpfpin_close_set(m->fd, ETSN_FW_M_N);
}

int etsn_fw_maps_open(const char *cmd, const char *dev, struct etsn_fw_maps *m)
{
	const char *names[ETSN_FW_M_N] = {
		[ETSN_FW_CIDR4] = etsn_fw_map_name(ETSN_FW_CIDR4),
		[ETSN_FW_CIDR6] = etsn_fw_map_name(ETSN_FW_CIDR6),
		[ETSN_FW_PORT] = etsn_fw_map_name(ETSN_FW_PORT),
		[ETSN_FW_M_STATS] = ETSN_FW_MAP_STATS,
		[ETSN_FW_M_PROTO] = ETSN_FW_MAP_PROTO,
		[ETSN_FW_M_SYN_CFG] = ETSN_FW_MAP_SYN_CFG,
		[ETSN_FW_M_SYN_CNT] = ETSN_FW_MAP_SYN_COUNT,
		[ETSN_FW_M_CFG] = ETSN_FW_MAP_CONFIG,
		[ETSN_FW_M_RULE_CNT] = ETSN_FW_MAP_RULE_COUNT,
		[ETSN_FW_M_SYN_SRC] = ETSN_FW_MAP_SYN_SRC,
	};
	int failed = 0, err;

	err = etsn_bpfpin_open_set(dev, names, ETSN_FW_M_N, m->fd, &failed);
	if (err && cmd)
		etsn_fw_maps_say_open_error(cmd, dev, names[failed], err);
	return err;
}

int etsn_fw_counters_read(const struct etsn_fw_maps *m, struct etsn_fw_counters *c)
{
	uint32_t zero = 0;
	int err = 0;

	for (uint32_t i = 0; !err && i < ETSN_FW_REASONS; i++)
		err = etsn_percpu_sum_u64(m->fd[ETSN_FW_M_STATS], i, &c->reasons[i]);
	for (uint32_t i = 0; !err && i < ETSN_FW_PROTOS; i++)
		err = etsn_percpu_sum_u64(m->fd[ETSN_FW_M_PROTO], i, &c->protos[i]);
	for (uint32_t i = 0; !err && i < ETSN_FW_SYN_COUNTERS; i++)
		err = etsn_percpu_sum_u64(m->fd[ETSN_FW_M_SYN_CNT], i, &c->syn[i]);
	if (!err)
		err = bpf_map_lookup_elem(m->fd[ETSN_FW_M_SYN_CFG], &zero, &c->syn_cfg) ? -errno : 0;
	if (!err)
		err = bpf_map_lookup_elem(m->fd[ETSN_FW_M_CFG], &zero, &c->cfg) ? -errno : 0;
	return err;
}

int etsn_fw_for_each_rule(const struct etsn_fw_maps *m,
			  int (*fn)(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
				    uint32_t value, void *arg), void *arg)
{
	for (int k = 0; k < 3; k++) {
		struct etsn_fw_rule r;
		uint8_t key[sizeof(r)], next[sizeof(r)];
		void *prev = NULL;
		uint32_t value;
		int err;

		while ((err = bpf_map_get_next_key(m->fd[k], prev, next)) == 0) {
			memcpy(key, next, sizeof(key));
			prev = key;
			if (bpf_map_lookup_elem(m->fd[k], key, &value))
				continue;	/* unblocked meanwhile */
			etsn_fw_rule_from_key(k, key, &r);
			err = fn(m, &r, value, arg);
			if (err)
				return err;
		}
		if (err != -ENOENT)
			return err;
	}
	return 0;
}

static int collect_slot(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
			uint32_t value, void *arg)
{
	struct etsn_fw_slots *sl = arg;

	(void)m;
	(void)r;
	if (sl->n == ETSN_FW_MAX_RULES)
		return -ENOSPC;
	sl->used[sl->n++] = value;
	return 0;
}

int etsn_fw_slots_read(const struct etsn_fw_maps *m, struct etsn_fw_slots *sl)
{
	sl->n = 0;
	return etsn_fw_for_each_rule(m, collect_slot, sl);
}

/* Zeroes counter slot value - 1 on every CPU. */
static int zero_slot(const struct etsn_fw_maps *m, uint32_t value)
{
	uint32_t key = value - 1;

	return etsn_percpu_zero(m->fd[ETSN_FW_M_RULE_CNT], &key, sizeof(uint64_t));
}

/*
 * A new rule takes a drop counter slot no other rule holds, zeroed before
 * the rule exists, so its count starts at 0 even where an old rule's
 * count was.
 */
int etsn_fw_block_slot(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
		       struct etsn_fw_slots *sl, uint32_t *value)
{
	size_t size;
	const void *key = etsn_fw_rule_key(r, &size);
	int err;

	if (bpf_map_lookup_elem(m->fd[r->kind], key, value) == 0)
		return -EEXIST;
	*value = sl->n < ETSN_FW_MAX_RULES ? etsn_fw_pick_slot(sl->used, sl->n) : 0;
	err = *value ? zero_slot(m, *value) : -ENOSPC;
	if (!err)
		err = bpf_map_update_elem(m->fd[r->kind], key, value, BPF_NOEXIST) ? -errno : 0;
	if (!err)
		sl->used[sl->n++] = *value;
	return err;
}

int etsn_fw_block(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r, uint32_t *value)
{
	struct etsn_fw_slots *sl = calloc(1, sizeof(*sl));
	int err = sl ? etsn_fw_slots_read(m, sl) : -ENOMEM;

	if (!err)
		err = etsn_fw_block_slot(m, r, sl, value);
	free(sl);
	return err;
}

int etsn_fw_block_value(const struct etsn_fw_maps *m, const struct etsn_fw_rule *r,
			uint32_t value)
{
	size_t size;
	const void *key = etsn_fw_rule_key(r, &size);

	return bpf_map_update_elem(m->fd[r->kind], key, &value, BPF_NOEXIST) ? -errno : 0;
}

void etsn_fw_say_edit_error(const char *cmd, const char *dev, const struct etsn_fw_rule *r,
			    int err)
{
	char text[ETSN_FW_RULE_STRLEN];

	etsn_fw_format_rule(r, text, sizeof(text));
	if (err == -EEXIST)
		fprintf(stderr, "etsnctl %s: %s is already blocked on %s\n", cmd, text, dev);
	else if (err == -ENOENT)
		fprintf(stderr, "etsnctl %s: %s is not blocked on %s\n", cmd, text, dev);
	else if (err == -ENOSPC || err == -E2BIG)
		fprintf(stderr, "etsnctl %s: %s: no room for more rules of this kind on %s\n", cmd,
			text, dev);
	else
		fprintf(stderr, "etsnctl %s: %s on %s: %s\n", cmd, text, dev, strerror(-err));
}

int etsn_fw_synlimit_write(int cfg_fd, int src_fd, const struct etsn_fw_syn_config *cfg)
{
	struct etsn_fw_syn_key key;
	uint32_t zero = 0;
	int n = 0;

	if (bpf_map_update_elem(cfg_fd, &zero, cfg, BPF_ANY))
		return -errno;
	/* SYNs may add sources meanwhile: bounded, a few may stay. */
	while (n++ < 2 * ETSN_FW_SYN_SOURCES && bpf_map_get_next_key(src_fd, NULL, &key) == 0)
		bpf_map_delete_elem(src_fd, &key);
	return 0;
}

int etsn_fw_policy_write(int cfg_fd, const struct etsn_fw_policy *p, struct etsn_fw_config *cfg)
{
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(cfg_fd, &zero, cfg))
		return -errno;
	etsn_fw_apply_policy(p, cfg);
	return bpf_map_update_elem(cfg_fd, &zero, cfg, BPF_ANY) ? -errno : 0;
}
