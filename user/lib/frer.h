/* SPDX-License-Identifier: GPL-2.0-or-later */
/* 802.1CB FRER streams as etsnctl reads them, turned into the exact
 * values of bpf/etsn_frer.h's maps. The stream is named as a PSFP stream
 * is (psfp.h: id N dst MAC [vlan V] | ip ...); the FRER words are
 *
 *   talker:   dev2 DEV [vlan1 V] [vlan2 V]
 *   listener: [member DEV] [history N] [reset-ms MS]
 *             [algorithm vector|match] [take-no-sequence] [individual] [vlan2 V]
 *             [latent-difference N] [latent-period MS] [latent-reset MS]
 *             [latent-paths N]   (any latent-* word turns detection on)
 *
 * Parsers return 0 or -EINVAL and, on error, point *why at a reason
 * (static text) and leave their output untouched.
 */
#ifndef EDGETSN_FRER_H
#define EDGETSN_FRER_H

#include <net/if.h>
#include <stdint.h>

#include "../../bpf/etsn_frer.h"
#include "psfp.h"

#define ETSN_FRER_MAX_ID_TEXT		"1023"
#define ETSN_FRER_HISTORY_DEFAULT	32
#define ETSN_FRER_RESET_MS_DEFAULT	2000
#define ETSN_FRER_RESET_MS_MAX		3600000	/* an hour */
/* 802.1CB 10.4.1.12's defaults of the latent error detection. */
#define ETSN_FRER_LAT_PERIOD_DEFAULT	2000
#define ETSN_FRER_LAT_RESET_DEFAULT	30000
#define ETSN_FRER_PATHS_MAX		16

struct etsn_frer_talker_rule {
	uint32_t id;
	char dev2[IF_NAMESIZE];
	struct etsn_frer_talker t;	/* ifindex2 is the caller's to fill */
};

struct etsn_frer_listener_rule {
	uint32_t id;
	char member[IF_NAMESIZE];	/* "" when there is none */
	struct etsn_frer_rcvy r;	/* ready to write: take_any set */
};

int etsn_frer_parse_talker(int argc, char **argv, struct etsn_frer_talker_rule *out,
			   const char **why);
int etsn_frer_parse_listener(int argc, char **argv, struct etsn_frer_listener_rule *out,
			     const char **why);
/* Stream id 0..ETSN_FRER_MAX_STREAMS-1. */
int etsn_frer_parse_id(const char *s, uint32_t *id, const char **why);

/* Name of the map that holds the key (talker or listener side), the key
 * and its size; key_kind and the keys as in struct etsn_psfp_stream.
 */
const char *etsn_frer_key_map(uint32_t key_kind, int talker);
const void *etsn_frer_key(uint32_t key_kind, const struct etsn_psfp_mac_key *mac,
			  const struct etsn_psfp_ip_key *ip, size_t *size);
/* A listener's second key (its MAC key with vid2), or NULL without vid2. */
const struct etsn_psfp_mac_key *etsn_frer_key2(const struct etsn_frer_rcvy *r,
					       struct etsn_psfp_mac_key *buf);
/* "dst 02:00:5e:00:53:01 vlan 5" or "ip ...", as etsn_psfp_format_key(). */
void etsn_frer_format_key(uint32_t key_kind, const struct etsn_psfp_mac_key *mac,
			  const struct etsn_psfp_ip_key *ip, char *buf, size_t len);

/* The listener's counters: names (text and JSON) and values. */
#define ETSN_FRER_COUNTERS	9
const char *etsn_frer_counter_name(unsigned int i);
uint64_t etsn_frer_counter(const struct etsn_frer_counters *c, unsigned int i);
const char *etsn_frer_alg_name(uint32_t alg);

#endif
