// SPDX-License-Identifier: GPL-2.0-or-later
/* Text and JSON of FRER streams from one set of calls (frer_show.h). */
#include <inttypes.h>
#include <stdio.h>

#include "frer_show.h"
#include "psfp_show.h"

/* A flag: JSON true/false, text its name when set. */
static void flag_out(struct etsn_out *o, const char *name, bool v)
{
	etsn_out_bool(o, name, NULL, v, "", "");
	if (v)
		etsn_out_text(o, " %s", name);
}

/* A VLAN ID to set, or none (0): then left out of both. */
static void vid_out(struct etsn_out *o, const char *name, uint16_t vid)
{
	if (vid)
		etsn_out_count(o, name, vid);
}

static void begin(struct etsn_out *o, const char *role, uint32_t id, uint32_t kind,
		  const struct etsn_psfp_mac_key *mac, const struct etsn_psfp_ip_key *ip)
{
	etsn_out_open(o, ETSN_OUT_ITEM, NULL);
	etsn_out_str(o, "role", "%s", role);
	etsn_out_u64(o, "id", " id %" PRIu64 " ", id);
	/* The stream key as PSFP shows it: an object, text "dst MAC [vlan V]"... */
	etsn_psfp_out_key(o, kind, mac, ip);
}

static void end(struct etsn_out *o)
{
	etsn_out_text(o, "\n");
	etsn_out_close(o);
}

void etsn_frer_show_talker(struct etsn_out *o, uint32_t id, const struct etsn_frer_talker *t,
			   const char *dev2)
{
	begin(o, "talker", id, t->key_kind, &t->mac, &t->ip);
	etsn_out_str(o, "dev2", " dev2 %s", dev2);
	vid_out(o, "vlan1", t->vid1);
	vid_out(o, "vlan2", t->vid2);
	etsn_out_count(o, "next_seq", t->seq & 0xffff);
	etsn_out_count(o, "sent", t->sent);
	etsn_out_count(o, "untagged", t->untagged);
	end(o);
}

void etsn_frer_show_listener(struct etsn_out *o, uint32_t id, const struct etsn_frer_rcvy *r)
{
	begin(o, "listener", id, r->key_kind, &r->mac, &r->ip);
	vid_out(o, "vlan2", r->vid2);
	etsn_out_str(o, "algorithm", " algorithm %s", etsn_frer_alg_name(r->alg));
	etsn_out_count(o, "history", r->history_len);
	etsn_out_count(o, "reset_ms", r->reset_ms);
	flag_out(o, "take_no_sequence", r->flags & ETSN_FRER_F_TAKE_NO_SEQ);
	flag_out(o, "individual", r->flags & ETSN_FRER_F_INDIVIDUAL);
	flag_out(o, "latent_detection", r->flags & ETSN_FRER_F_LATENT);
	if (r->flags & ETSN_FRER_F_LATENT) {
		etsn_out_count(o, "latent_difference", r->lat_difference);
		etsn_out_count(o, "latent_period_ms", r->lat_period_ms);
		etsn_out_count(o, "latent_reset_ms", r->lat_reset_ms);
		etsn_out_count(o, "latent_paths", r->lat_paths);
		flag_out(o, "latent_error", r->lat_error);
	}
	for (unsigned int i = 0; i < ETSN_FRER_COUNTERS; i++)
		etsn_out_count(o, etsn_frer_counter_name(i), etsn_frer_counter(&r->cnt, i));
	end(o);
}
