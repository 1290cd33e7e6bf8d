// SPDX-License-Identifier: GPL-2.0-or-later
/* FRER stream words to map values (frer.h). The stream's key is parsed by
 * the PSFP parser, so both commands name streams the same way.
 */
#include <errno.h>
#include <string.h>

#include "frer.h"
#include "genl.h"
#include "parse.h"
#include "psfp.h"

#define MAX_WORDS	32

static const char *const counter_names[ETSN_FRER_COUNTERS] = {
	"passed", "discarded", "out_of_order", "rogue", "lost", "tagless", "resets",
	"latent_errors", "latent_resets",
};

const char *etsn_frer_counter_name(unsigned int i)
{
	return i < ETSN_FRER_COUNTERS ? counter_names[i] : "?";
}

uint64_t etsn_frer_counter(const struct etsn_frer_counters *c, unsigned int i)
{
	const uint64_t v[ETSN_FRER_COUNTERS] = {
		c->passed, c->discarded, c->out_of_order, c->rogue, c->lost, c->tagless, c->resets,
		c->latent_errors, c->latent_resets,
	};

	return i < ETSN_FRER_COUNTERS ? v[i] : 0;
}

const char *etsn_frer_alg_name(uint32_t alg)
{
	return alg == ETSN_FRER_ALG_MATCH ? "match" : "vector";
}

int etsn_frer_parse_id(const char *s, uint32_t *id, const char **why)
{
	uint64_t v;

	if (!s || etsn_parse_u64(s, &v) || v >= ETSN_FRER_MAX_STREAMS) {
		*why = "a FRER stream id is 0.." ETSN_FRER_MAX_ID_TEXT;
		return -EINVAL;
	}
	*id = (uint32_t)v;
	return 0;
}

static int parse_vid(const char *s, uint16_t *vid, const char **why)
{
	uint64_t v;

	if (!s || etsn_parse_u64(s, &v) || v < 1 || v > 4094) {
		*why = "a VLAN ID is 1..4094";
		return -EINVAL;
	}
	*vid = (uint16_t)v;
	return 0;
}

static int parse_dev(const char *s, char *dev, const char **why)
{
	if (!s || !etsn_genl_dev_name_valid(s)) {
		*why = "not a device name";
		return -EINVAL;
	}
	strcpy(dev, s);
	return 0;
}

static int parse_range(const char *s, uint64_t lo, uint64_t hi, uint32_t *out, const char *what,
		       const char **why)
{
	uint64_t v;

	if (!s || etsn_parse_u64(s, &v) || v < lo || v > hi) {
		*why = what;
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

/* The stream's id and key from the words the caller did not take. */
static int parse_stream(int n, char **words, uint32_t *id, struct etsn_psfp_stream *s,
			const char **why)
{
	struct etsn_psfp_rule r;

	if (etsn_psfp_parse_add(n, words, &r, why))
		return -EINVAL;
	if (r.meter.flags || r.stream.max_sdu || r.policy != -1) {
		*why = "max-sdu, meters and policies belong to 'etsnctl stream'";
		return -EINVAL;
	}
	if (r.id >= ETSN_FRER_MAX_STREAMS) {
		*why = "a FRER stream id is 0.." ETSN_FRER_MAX_ID_TEXT;
		return -EINVAL;
	}
	*id = r.id;
	*s = r.stream;
	return 0;
}

int etsn_frer_parse_talker(int argc, char **argv, struct etsn_frer_talker_rule *out,
			   const char **why)
{
	struct etsn_frer_talker_rule t = { 0 };
	struct etsn_psfp_stream s;
	char *key[MAX_WORDS];
	int n = 0;

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int err = 0;

		if (!strcmp(w, "dev2"))
			err = parse_dev(v, t.dev2, why);
		else if (!strcmp(w, "vlan1"))
			err = parse_vid(v, &t.t.vid1, why);
		else if (!strcmp(w, "vlan2"))
			err = parse_vid(v, &t.t.vid2, why);
		else if (n < MAX_WORDS) {
			key[n++] = argv[i];
			continue;
		} else {
			*why = "too many words";
			return -EINVAL;
		}
		if (err)
			return err;
		i++;
	}
	if (!t.dev2[0]) {
		*why = "a talker needs 'dev2 DEV', the device of the second path";
		return -EINVAL;
	}
	if (parse_stream(n, key, &t.id, &s, why))
		return -EINVAL;
	t.t.key_kind = s.key_kind;
	t.t.mac = s.mac;
	t.t.ip = s.ip;
	*out = t;
	return 0;
}

int etsn_frer_parse_listener(int argc, char **argv, struct etsn_frer_listener_rule *out,
			     const char **why)
{
	struct etsn_frer_listener_rule l = { 0 };
	struct etsn_psfp_stream s;
	char *key[MAX_WORDS];
	int n = 0;

	l.r.history_len = ETSN_FRER_HISTORY_DEFAULT;
	l.r.reset_ms = ETSN_FRER_RESET_MS_DEFAULT;
	l.r.alg = ETSN_FRER_ALG_VECTOR;
	l.r.take_any = 1;
	l.r.lat_period_ms = ETSN_FRER_LAT_PERIOD_DEFAULT;
	l.r.lat_reset_ms = ETSN_FRER_LAT_RESET_DEFAULT;
	l.r.lat_paths = 2;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int err = 0;

		if (!strcmp(w, "take-no-sequence") || !strcmp(w, "individual")) {
			l.r.flags |= w[0] == 't' ? ETSN_FRER_F_TAKE_NO_SEQ : ETSN_FRER_F_INDIVIDUAL;
			continue;
		}
		if (!strncmp(w, "latent-", 7))
			l.r.flags |= ETSN_FRER_F_LATENT;
		if (!strcmp(w, "latent-difference")) {
			err = parse_range(v, 0, INT32_MAX, &l.r.lat_difference,
					  "latent-difference is 0..2147483647 frames", why);
		} else if (!strcmp(w, "latent-period")) {
			err = parse_range(v, 1, ETSN_FRER_RESET_MS_MAX, &l.r.lat_period_ms,
					  "latent-period is 1..3600000 ms", why);
		} else if (!strcmp(w, "latent-reset")) {
			err = parse_range(v, 1, ETSN_FRER_RESET_MS_MAX, &l.r.lat_reset_ms,
					  "latent-reset is 1..3600000 ms", why);
		} else if (!strcmp(w, "latent-paths")) {
			err = parse_range(v, 2, ETSN_FRER_PATHS_MAX, &l.r.lat_paths,
					  "latent-paths is 2..16", why);
		} else if (!strcmp(w, "vlan2")) {
			uint16_t vid;

			err = parse_vid(v, &vid, why);
			l.r.vid2 = vid;
		} else if (!strcmp(w, "member")) {
			err = parse_dev(v, l.member, why);
		} else if (!strcmp(w, "history")) {
			err = parse_range(v, 2, ETSN_FRER_HISTORY_MAX, &l.r.history_len,
					  "history is 2..64 sequence numbers", why);
		} else if (!strcmp(w, "reset-ms")) {
			err = parse_range(v, 1, ETSN_FRER_RESET_MS_MAX, &l.r.reset_ms,
					  "reset-ms is 1..3600000", why);
		} else if (!strcmp(w, "algorithm")) {
			if (v && !strcmp(v, "vector")) {
				l.r.alg = ETSN_FRER_ALG_VECTOR;
			} else if (v && !strcmp(v, "match")) {
				l.r.alg = ETSN_FRER_ALG_MATCH;
			} else {
				*why = "algorithm is vector or match";
				err = -EINVAL;
			}
		} else if (n < MAX_WORDS) {
			key[n++] = argv[i];
			continue;
		} else {
			*why = "too many words";
			return -EINVAL;
		}
		if (err)
			return err;
		i++;
	}
	if ((l.r.flags & ETSN_FRER_F_INDIVIDUAL) && (l.r.flags & ETSN_FRER_F_LATENT)) {
		*why = "an individual recovery function has no latent error detection";
		return -EINVAL;
	}
	if (parse_stream(n, key, &l.id, &s, why))
		return -EINVAL;
	if (l.r.vid2 && (s.key_kind != ETSN_PSFP_KEY_MAC || s.mac.vid == l.r.vid2)) {
		*why = "vlan2 is a second VLAN ID of a 'dst MAC vlan V' stream";
		return -EINVAL;
	}
	l.r.key_kind = s.key_kind;
	l.r.mac = s.mac;
	l.r.ip = s.ip;
	*out = l;
	return 0;
}

const char *etsn_frer_key_map(uint32_t key_kind, int talker)
{
	if (key_kind == ETSN_PSFP_KEY_MAC)
		return talker ? ETSN_FRER_MAP_TMAC : ETSN_FRER_MAP_LMAC;
	return talker ? ETSN_FRER_MAP_TIP : ETSN_FRER_MAP_LIP;
}

const void *etsn_frer_key(uint32_t key_kind, const struct etsn_psfp_mac_key *mac,
			  const struct etsn_psfp_ip_key *ip, size_t *size)
{
	if (key_kind == ETSN_PSFP_KEY_MAC) {
		*size = sizeof(*mac);
		return mac;
	}
	*size = sizeof(*ip);
	return ip;
}

const struct etsn_psfp_mac_key *etsn_frer_key2(const struct etsn_frer_rcvy *r,
					       struct etsn_psfp_mac_key *buf)
{
	if (!r->vid2 || r->key_kind != ETSN_PSFP_KEY_MAC)
		return NULL;
	*buf = r->mac;
	buf->vid = r->vid2;
	return buf;
}

void etsn_frer_format_key(uint32_t key_kind, const struct etsn_psfp_mac_key *mac,
			  const struct etsn_psfp_ip_key *ip, char *buf, size_t len)
{
	struct etsn_psfp_stream s = { .key_kind = key_kind, .mac = *mac, .ip = *ip };

	etsn_psfp_format_key(&s, buf, len);
}
