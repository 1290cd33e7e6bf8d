// SPDX-License-Identifier: GPL-2.0-or-later
#include "shapes.h"

const uint8_t mac_host[6] = { 0x02, 0, 0, 0, 0, 0x02 };
const uint8_t mac_stream[6] = { 0x02, 0, 0, 0, 0, 0x33 };

void shape_l2(struct frame *f, const uint8_t dst[6], int ntags, uint16_t tpid,
	      const uint16_t *vids)
{
	frame_eth(f, dst);
	for (int i = 0; i < ntags; i++) {
		uint16_t t = tpid ? tpid : (i == 0 && ntags > 1 ? ETH_8021AD : ETH_8021Q);

		frame_vlan(f, t, vids ? vids[i] : 100 * (i + 1));
	}
}

static void one(struct frame *f, int kind, int i)
{
	static const int mixed[] = { EXT_HOP, EXT_DST, EXT_ROUTING, EXT_FRAG,
				     EXT_AH, EXT_MH, EXT_HIP, EXT_SHIM6 };

	if (kind == EXT_MIXED)
		kind = mixed[i % 8];
	switch (kind) {
	case EXT_FRAG:
		frame_frag6(f, 0, 0);
		break;
	case EXT_AH:
		frame_ext(f, EXT_AH, 24);	/* hdrlen 4: 40 bytes if read in 8s */
		break;
	default:
		frame_ext(f, kind, i % 2 ? 16 : 8);
		break;
	}
}

void shape_chain(struct frame *f, int kind, int from, int to)
{
	for (int i = from; i < to; i++)
		one(f, kind, i);
}

const char *shape_kind_name(int kind)
{
	switch (kind) {
	case EXT_HOP: return "hop-by-hop";
	case EXT_ROUTING: return "routing";
	case EXT_FRAG: return "atomic-fragment";
	case EXT_AH: return "ah";
	case EXT_DST: return "dstopts";
	case EXT_MH: return "mobility";
	case EXT_HIP: return "hip";
	case EXT_SHIM6: return "shim6";
	default: return "mixed";
	}
}

void shape_tcp4(struct frame *f, const uint8_t dst[6], int ntags, uint16_t tpid,
		const char *src, const char *dstip, int opt_words, uint16_t frag,
		uint8_t dscp, uint16_t dport)
{
	shape_l2(f, dst, ntags, tpid, NULL);
	frame_ipv4(f, src, dstip, opt_words, dscp, frag);
	frame_tcp(f, 1000, dport, 0x02);
	frame_mark(f);
	if (ntags > SHAPE_MAX_TAGS)
		f->hdr_end = 14 + 4 * SHAPE_MAX_TAGS;
	frame_end(f, 60);
}

void shape_tcp6(struct frame *f, const uint8_t dst[6], int ntags, const char *src,
		const char *dstip, int kind, int depth, uint8_t dscp, uint16_t dport)
{
	size_t reach = 0;

	shape_l2(f, dst, ntags, 0, NULL);
	frame_ipv6(f, src, dstip, dscp);
	if (depth > SHAPE_MAX_EXT) {
		shape_chain(f, kind, 0, SHAPE_MAX_EXT);
		reach = f->len;
		shape_chain(f, kind, SHAPE_MAX_EXT, depth);
	} else {
		shape_chain(f, kind, 0, depth);
	}
	frame_tcp(f, 1000, dport, 0x02);
	frame_mark(f);
	if (ntags > SHAPE_MAX_TAGS)
		f->hdr_end = 14 + 4 * SHAPE_MAX_TAGS;
	else if (reach)
		f->hdr_end = reach;
	frame_end(f, 60);
}
