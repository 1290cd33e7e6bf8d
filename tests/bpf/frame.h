/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Frames for the BPF corpus, built header by header: each header links
 * itself into the previous one's EtherType or next-header field, and
 * frame_end() fills in the IP length fields. hdr_end is where the parser
 * must have read to reach its verdict: the corpus cuts the frame at every
 * byte before it.
 */
#ifndef ETSN_TEST_FRAME_H
#define ETSN_TEST_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_MAX 2048

struct frame {
	uint8_t b[FRAME_MAX];
	size_t len;
	size_t hdr_end;		/* set by frame_mark() */
	size_t type_off;	/* where the next EtherType goes */
	size_t next_off;	/* where the next IP protocol number goes */
	size_t ip_off;		/* start of the IP header */
	int ip_ver;		/* 4 or 6, 0 before the IP header */
};

void frame_eth(struct frame *f, const uint8_t dst[6]);
void frame_vlan(struct frame *f, uint16_t tpid, uint16_t vid);
void frame_ethertype(struct frame *f, uint16_t type);
/* IPv4 with opt_words 32-bit words of options (NOPs), DSCP and the 16-bit
 * flags/offset field in host order.
 */
void frame_ipv4(struct frame *f, const char *src, const char *dst, int opt_words,
		uint8_t dscp, uint16_t frag);
void frame_ipv6(struct frame *f, const char *src, const char *dst, uint8_t dscp);
/* An extension header of len bytes (a multiple of 8, AH of 4). */
void frame_ext(struct frame *f, uint8_t type, size_t len);
void frame_frag6(struct frame *f, uint16_t offset_units, int more);
void frame_proto(struct frame *f, uint8_t proto);
void frame_tcp(struct frame *f, uint16_t sport, uint16_t dport, uint8_t flags);
void frame_udp(struct frame *f, uint16_t sport, uint16_t dport);
void frame_bytes(struct frame *f, size_t n);
void frame_mark(struct frame *f);
/* Fills in the IP length fields from the frame's length (Ethernet padding
 * up to min, not counted in them).
 */
void frame_end(struct frame *f, size_t min);

#endif
