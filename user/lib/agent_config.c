// SPDX-License-Identifier: GPL-2.0-or-later
/* edgetsnd's config file: read, walked section by section (agent_cfg_*.c)
 * into struct etsn_agent_config, checks that need the whole file or the
 * host, and the free.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net/if.h>

#include "agent_config_priv.h"
#include "ytree.h"

static const struct etsn_cfgw_key top_keys[] = {
	{ .name = "ptp", .fn = etsn_agent_cfg_ptp },
	{ .name = "mqtt", .fn = etsn_agent_cfg_mqtt },
	{ .name = "metrics", .fn = etsn_agent_cfg_metrics },
	{ .name = "logging", .fn = etsn_agent_cfg_logging },
	{ .name = "on-stop", .fn = etsn_agent_cfg_on_stop },
	{ .name = "interfaces", .fn = etsn_agent_cfg_interfaces },
};

/* Every interface exists on this host (names only a live kernel knows). */
static void check_host(struct etsn_diag *d, const struct etsn_agent_config *c)
{
	for (size_t i = 0; i < c->nifaces; i++) {
		const struct etsn_agent_iface *ifc = &c->ifaces[i];

		if (!if_nametoindex(ifc->name))
			etsn_diag_add(d, ifc->pos.line, ifc->pos.col,
				      "interfaces: no interface '%s' on this host (%s)", ifc->name,
				      strerror(errno));
	}
}

struct etsn_agent_config *etsn_agent_config_parse(const char *buf, size_t len,
						  const struct etsn_agent_check_opts *opts,
						  struct etsn_diag *d)
{
	size_t before = etsn_diag_errors(d);
	struct etsn_agent_config *c;
	struct etsn_ynode *root;

	root = etsn_ytree_parse(buf, len, d);
	if (etsn_diag_errors(d) > before)
		return NULL;
	c = malloc(sizeof(*c));
	if (!c) {
		etsn_diag_add(d, 1, 1, "out of memory");
		etsn_ytree_free(root);
		return NULL;
	}
	etsn_agent_config_defaults(c);
	/* An empty file (or a lone "---") is the defaults, no interface. */
	if (root && !(root->kind == ETSN_Y_SCALAR && !root->len && !root->quoted))
		etsn_cfgw_map(d, root, "top level", top_keys,
			      sizeof(top_keys) / sizeof(top_keys[0]), c);
	etsn_ytree_free(root);
	if (opts && opts->host)
		check_host(d, c);
	if (etsn_diag_errors(d) > before) {
		etsn_agent_config_free(c);
		return NULL;
	}
	return c;
}

char *etsn_agent_config_read(struct etsn_diag *d, size_t *len)
{
	FILE *f = fopen(d->file, "r");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f) {
		etsn_diag_add(d, 1, 1, "cannot open: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;

		if (*len == cap) {
			char *b;

			if (cap >= ETSN_AGENT_CONFIG_MAX_BYTES) {
				etsn_diag_add(d, 1, 1, "larger than %u bytes",
					      ETSN_AGENT_CONFIG_MAX_BYTES);
				goto fail;
			}
			cap = cap ? cap * 2 : 8192;
			b = realloc(buf, cap + 1);
			if (!b) {
				etsn_diag_add(d, 1, 1, "out of memory");
				goto fail;
			}
			buf = b;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		etsn_diag_add(d, 1, 1, "cannot read: %s", strerror(errno));
		goto fail;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	if (!buf)
		etsn_diag_add(d, 1, 1, "out of memory");
	else
		buf[*len] = '\0';
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

struct etsn_agent_config *etsn_agent_config_load(const struct etsn_agent_check_opts *opts,
						 struct etsn_diag *d)
{
	struct etsn_agent_config *c;
	size_t len;
	char *buf = etsn_agent_config_read(d, &len);

	if (!buf)
		return NULL;
	c = etsn_agent_config_parse(buf, len, opts, d);
	free(buf);
	return c;
}

void etsn_agent_config_free(struct etsn_agent_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nifaces; i++) {
		struct etsn_agent_iface *ifc = &c->ifaces[i];

		free(ifc->schedule);
		for (size_t j = 0; j < ifc->nfallbacks; j++)
			free(ifc->fallbacks[j].sched);
		free(ifc->fw_rules);
		free(ifc->streams);
		free(ifc->meters);
		free(ifc->gates);
		free(ifc->cls_rules);
		free(ifc->dscp);
		free(ifc->frer_talkers);
		free(ifc->frer_listeners);
	}
	free(c);
}

void etsn_agent_config_retire(struct etsn_agent_config **retired,
			      struct etsn_agent_config *c)
{
	if (!c)
		return;
	c->retired_next = *retired;
	*retired = c;
}

void etsn_agent_config_free_retired(struct etsn_agent_config **retired)
{
	while (*retired) {
		struct etsn_agent_config *c = *retired;

		*retired = c->retired_next;
		etsn_agent_config_free(c);
	}
}

void etsn_agent_stream_rule(const struct etsn_agent_iface *ifc, size_t j,
			    struct etsn_psfp_rule *r)
{
	const struct etsn_agent_stream *s = &ifc->streams[j];

	*r = (struct etsn_psfp_rule){ .id = s->id, .stream = s->stream, .policy = s->policy };
	if (s->has_meter)
		r->meter = ifc->meters[j];
}
