// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "parse.h"
#include "psfp.h"

int etsn_cls_parse_id(const char *s, uint32_t *id, const char **why)
{
	uint64_t v;

	if (etsn_parse_u64(s, &v) || v >= ETSN_CLS_MAX_STREAMS) {
		*why = "classify id is a number 0..255";
		return -EINVAL;
	}
	*id = (uint32_t)v;
	return 0;
}

static int parse_prio(const char *s, uint32_t *prio, const char **why)
{
	uint64_t v;

	if (etsn_parse_u64(s, &v) || v > ETSN_CLS_MAX_PRIO) {
		*why = "prio is the skb priority 0..15 (etsnctl class set maps it to a class)";
		return -EINVAL;
	}
	*prio = (uint32_t)v;
	return 0;
}

/* Index of the word w in argv (a word, not the value of "id"), -1 if
 * absent, -2 if given twice.
 */
static int find_word(int argc, char **argv, const char *w)
{
	int at = -1;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], w))
			continue;
		if (at >= 0)
			return -2;
		at = i;
	}
	return at;
}

/* The stream spec is PSFP's: its parser reads every word but "prio P";
 * the PSFP-only words it also knows (filter, meter, policy) are refused.
 */
int etsn_cls_parse_add(int argc, char **argv, struct etsn_cls_rule *r, const char **why)
{
	char *rest[64];
	struct etsn_psfp_rule pr;
	struct etsn_cls_rule out = { 0 };
	int p, id, n = 0;

	p = find_word(argc, argv, "prio");
	id = find_word(argc, argv, "id");
	if (p == -2 || id == -2) {
		*why = p == -2 ? "'prio' given twice" : "'id' given twice";
		return -EINVAL;
	}
	if (p < 0 || p + 1 >= argc) {
		*why = "needs 'prio P' (0..15)";
		return -EINVAL;
	}
	if (id < 0 || id + 1 >= argc) {
		*why = "needs 'id N'";
		return -EINVAL;
	}
	if (argc > (int)(sizeof(rest) / sizeof(rest[0])) + 2) {
		*why = "too many words";
		return -EINVAL;
	}
	if (parse_prio(argv[p + 1], &out.stream.priority, why) ||
	    etsn_cls_parse_id(argv[id + 1], &out.id, why))
		return -EINVAL;
	for (int i = 0; i < argc; i++)
		if (i != p && i != p + 1)
			rest[n++] = argv[i];
	if (etsn_psfp_parse_add(n, rest, &pr, why))
		return -EINVAL;
	if (pr.stream.max_sdu || pr.meter.flags || pr.policy >= 0) {
		*why = "max-sdu, meters and unknown-policy belong to 'etsnctl stream', not classify";
		return -EINVAL;
	}
	out.stream.key_kind = pr.stream.key_kind;
	out.stream.mac = pr.stream.mac;
	out.stream.ip = pr.stream.ip;
	*r = out;
	return 0;
}

const char *etsn_cls_key_map(const struct etsn_cls_stream *s)
{
	return s->key_kind == ETSN_PSFP_KEY_MAC ? ETSN_CLS_MAP_MAC : ETSN_CLS_MAP_IP;
}

const void *etsn_cls_key(const struct etsn_cls_stream *s, size_t *size)
{
	if (s->key_kind == ETSN_PSFP_KEY_MAC) {
		*size = sizeof(s->mac);
		return &s->mac;
	}
	*size = sizeof(s->ip);
	return &s->ip;
}

void etsn_cls_format_key(const struct etsn_cls_stream *s, char *buf, size_t len)
{
	struct etsn_psfp_stream ps = { .key_kind = s->key_kind, .mac = s->mac, .ip = s->ip };

	etsn_psfp_format_key(&ps, buf, len);
}

void etsn_cls_sum(const struct etsn_cls_counters *percpu, int ncpu, struct etsn_cls_counters *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (int c = 0; c < ncpu; c++) {
		sum->packets += percpu[c].packets;
		sum->bytes += percpu[c].bytes;
	}
}
