// SPDX-License-Identifier: GPL-2.0-or-later
/* Text and JSON of FRER streams from one set of field calls (frer_show.h). */
#include <inttypes.h>
#include <stdio.h>

#include "frer_show.h"

static void field_u64(struct etsn_json *j, const char *name, uint64_t v)
{
	if (j)
		etsn_json_u64(j, name, v);
	else
		printf(" %s %" PRIu64, name, v);
}

static void field_str(struct etsn_json *j, const char *name, const char *v)
{
	if (j)
		etsn_json_string(j, name, v);
	else
		printf(" %s %s", name, v);
}

static void field_flag(struct etsn_json *j, const char *name, bool v)
{
	if (j)
		etsn_json_bool(j, name, v);
	else if (v)
		printf(" %s", name);
}

/* A VLAN ID to set, or none: null in JSON, nothing in text. */
static void field_vid(struct etsn_json *j, const char *name, uint16_t vid)
{
	if (vid)
		field_u64(j, name, vid);
	else if (j)
		etsn_json_null(j, name);
}

static void begin(struct etsn_json *j, const char *role, uint32_t id, uint32_t kind,
		  const struct etsn_psfp_mac_key *mac, const struct etsn_psfp_ip_key *ip)
{
	char key[ETSN_PSFP_KEY_STRLEN];

	etsn_frer_format_key(kind, mac, ip, key, sizeof(key));
	if (j) {
		etsn_json_open_object(j, NULL);
		etsn_json_string(j, "role", role);
		etsn_json_u64(j, "id", id);
		etsn_json_string(j, "stream", key);
	} else {
		printf("%s id %" PRIu32 " %s", role, id, key);
	}
}

static void end(struct etsn_json *j)
{
	if (j)
		etsn_json_close_object(j);
	else
		printf("\n");
}

void etsn_frer_show_talker(struct etsn_json *j, uint32_t id, const struct etsn_frer_talker *t,
			   const char *dev2)
{
	begin(j, "talker", id, t->key_kind, &t->mac, &t->ip);
	field_str(j, "dev2", dev2);
	field_vid(j, "vlan1", t->vid1);
	field_vid(j, "vlan2", t->vid2);
	field_u64(j, "next_seq", t->seq & 0xffff);
	field_u64(j, "sent", t->sent);
	field_u64(j, "untagged", t->untagged);
	end(j);
}

void etsn_frer_show_listener(struct etsn_json *j, uint32_t id, const struct etsn_frer_rcvy *r)
{
	begin(j, "listener", id, r->key_kind, &r->mac, &r->ip);
	field_vid(j, "vlan2", r->vid2);
	field_str(j, "algorithm", etsn_frer_alg_name(r->alg));
	field_u64(j, "history", r->history_len);
	field_u64(j, "reset_ms", r->reset_ms);
	field_flag(j, "take_no_sequence", r->flags & ETSN_FRER_F_TAKE_NO_SEQ);
	field_flag(j, "individual", r->flags & ETSN_FRER_F_INDIVIDUAL);
	field_flag(j, "latent_detection", r->flags & ETSN_FRER_F_LATENT);
	if (r->flags & ETSN_FRER_F_LATENT) {
		field_u64(j, "latent_difference", r->lat_difference);
		field_u64(j, "latent_period_ms", r->lat_period_ms);
		field_u64(j, "latent_reset_ms", r->lat_reset_ms);
		field_u64(j, "latent_paths", r->lat_paths);
		field_flag(j, "latent_error", r->lat_error);
	}
	for (unsigned int i = 0; i < ETSN_FRER_COUNTERS; i++)
		field_u64(j, etsn_frer_counter_name(i), etsn_frer_counter(&r->cnt, i));
	end(j);
}
