/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The frame shapes of the corpus, shared by every object's cases: VLAN
 * stacks, IPv4 with options and fragments, IPv6 extension chains.
 */
#ifndef ETSN_TEST_SHAPES_H
#define ETSN_TEST_SHAPES_H

#include "frame.h"

#define ETH_8021Q	0x8100
#define ETH_8021AD	0x88a8

/* IPv6 next-header values of the extension headers the parser walks. */
#define EXT_HOP		0
#define EXT_ROUTING	43
#define EXT_FRAG	44	/* atomic fragment: offset 0, M = 0 */
#define EXT_AH		51
#define EXT_DST		60
#define EXT_MH		135
#define EXT_HIP		139
#define EXT_SHIM6	140
#define EXT_MIXED	256	/* a different kind at each depth */

extern const uint8_t mac_host[6];
extern const uint8_t mac_stream[6];

/* Ethernet to dst with ntags tags (outer first: 802.1ad when stacked),
 * VIDs vids[0..ntags-1] or 100, 200, ... when vids is NULL.
 */
void shape_l2(struct frame *f, const uint8_t dst[6], int ntags, uint16_t tpid,
	      const uint16_t *vids);
/* Headers from..to-1 of an IPv6 extension chain of one kind (or
 * EXT_MIXED): sizes and kinds depend on the position.
 */
void shape_chain(struct frame *f, int kind, int from, int to);
const char *shape_kind_name(int kind);

/* The documented depths (docs/bpf.md): tags and IPv6 extension headers. */
#define SHAPE_MAX_TAGS	4
#define SHAPE_MAX_EXT	8

/* A TCP SYN to dport (sport 1000) over IPv4 or IPv6, padded to 60 bytes;
 * hdr_end is where the parser's reach ends: the TCP header's end, or
 * for a stack too deep the last tag or extension header it reads.
 */
void shape_tcp4(struct frame *f, const uint8_t dst[6], int ntags, uint16_t tpid,
		const char *src, const char *dstip, int opt_words, uint16_t frag,
		uint8_t dscp, uint16_t dport);
void shape_tcp6(struct frame *f, const uint8_t dst[6], int ntags, const char *src,
		const char *dstip, int kind, int depth, uint8_t dscp, uint16_t dport);

#endif
