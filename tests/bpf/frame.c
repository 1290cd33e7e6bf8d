// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <assert.h>
#include <string.h>

#include "frame.h"

static uint8_t *put(struct frame *f, size_t n)
{
	uint8_t *p;

	assert(f->len + n <= FRAME_MAX);
	p = f->b + f->len;
	memset(p, 0, n);
	f->len += n;
	return p;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

void frame_eth(struct frame *f, const uint8_t dst[6])
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t *p;

	memset(f, 0, sizeof(*f));
	p = put(f, 14);
	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	f->type_off = 12;
}

void frame_ethertype(struct frame *f, uint16_t type)
{
	put16(f->b + f->type_off, type);
}

void frame_vlan(struct frame *f, uint16_t tpid, uint16_t vid)
{
	size_t at = f->len;

	frame_ethertype(f, tpid);
	put16(put(f, 4), vid);
	f->type_off = at + 2;
}

void frame_ipv4(struct frame *f, const char *src, const char *dst, int opt_words,
		uint8_t dscp, uint16_t frag)
{
	uint8_t *p;

	frame_ethertype(f, 0x0800);
	f->ip_off = f->len;
	f->ip_ver = 4;
	p = put(f, 20 + 4 * opt_words);
	p[0] = 0x40 | (5 + opt_words);
	p[1] = dscp << 2;
	put16(p + 6, frag);
	p[8] = 64;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
	memset(p + 20, 1, 4 * opt_words);	/* IPOPT_NOOP */
	f->next_off = f->ip_off + 9;
}

void frame_ipv6(struct frame *f, const char *src, const char *dst, uint8_t dscp)
{
	uint8_t *p;

	frame_ethertype(f, 0x86dd);
	f->ip_off = f->len;
	f->ip_ver = 6;
	p = put(f, 40);
	p[0] = 0x60 | (dscp >> 2);
	p[1] = (dscp & 3) << 6;
	p[7] = 64;
	inet_pton(AF_INET6, src, p + 8);
	inet_pton(AF_INET6, dst, p + 24);
	f->next_off = f->ip_off + 6;
}

void frame_proto(struct frame *f, uint8_t proto)
{
	f->b[f->next_off] = proto;
}

void frame_ext(struct frame *f, uint8_t type, size_t len)
{
	size_t at = f->len;
	uint8_t *p;

	frame_proto(f, type);
	p = put(f, len);
	/* AH (51) counts 32-bit words minus 2, the others 8 octets minus 1. */
	p[1] = type == 51 ? len / 4 - 2 : len / 8 - 1;
	if (len >= 8 && type != 51)
		p[2] = 1;	/* PadN over the rest: a valid option area */
	if (len >= 8 && type != 51)
		p[3] = len - 4;
	f->next_off = at;
}

void frame_frag6(struct frame *f, uint16_t offset_units, int more)
{
	size_t at = f->len;
	uint8_t *p;

	frame_proto(f, 44);
	p = put(f, 8);
	put16(p + 2, (offset_units << 3) | (more ? 1 : 0));
	p[7] = 0x2a;
	f->next_off = at;
}

void frame_tcp(struct frame *f, uint16_t sport, uint16_t dport, uint8_t flags)
{
	uint8_t *p;

	frame_proto(f, 6);
	p = put(f, 20);
	put16(p, sport);
	put16(p + 2, dport);
	p[12] = 5 << 4;
	p[13] = flags;
	put16(p + 14, 65535);
}

void frame_udp(struct frame *f, uint16_t sport, uint16_t dport)
{
	uint8_t *p;

	frame_proto(f, 17);
	p = put(f, 8);
	put16(p, sport);
	put16(p + 2, dport);
}

void frame_bytes(struct frame *f, size_t n)
{
	memset(put(f, n), 0xa5, n);
}

void frame_mark(struct frame *f)
{
	f->hdr_end = f->len;
}

void frame_end(struct frame *f, size_t min)
{
	size_t ip_len = f->len - f->ip_off;

	if (f->ip_ver == 4)
		put16(f->b + f->ip_off + 2, ip_len);
	else if (f->ip_ver == 6)
		put16(f->b + f->ip_off + 4, ip_len - 40);
	if (f->len < min)
		put(f, min - f->len);
}
