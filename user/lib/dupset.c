// SPDX-License-Identifier: GPL-2.0-or-later
/* Open addressing with linear probing, at most half the slots in use so
 * that a miss ends after a few probes. Items are never removed, so a free
 * slot ends every probe sequence.
 */
#include <stdlib.h>
#include <string.h>

#include "dupset.h"

static uint32_t fnv1a(uint32_t h, const void *bytes, size_t size)
{
	const unsigned char *p = bytes;

	for (size_t i = 0; i < size; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

uint32_t etsn_dupset_hash(const struct etsn_dupkey *k)
{
	uint32_t h = fnv1a(fnv1a(2166136261u, &k->kind, sizeof(k->kind)), k->bytes, k->size);

	/* FNV's low bits, which pick the slot, mix poorly on their own:
	 * murmur3's finaliser spreads the high ones into them.
	 */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

static bool same_key(const struct etsn_dupkey *a, const struct etsn_dupkey *b)
{
	return a->kind == b->kind && a->size == b->size && !memcmp(a->bytes, b->bytes, a->size);
}

/* Room for n items at a load of at most one half. */
static size_t slots_for(size_t n)
{
	size_t slots = 8;

	while (slots / 2 < n)
		slots *= 2;
	return slots;
}

bool etsn_dupset_init(struct etsn_dupset *s, size_t hint, etsn_dupset_key_fn *key,
		      const void *list)
{
	size_t slots = slots_for(hint);

	*s = (struct etsn_dupset){ .key = key, .list = list };
	s->slots = calloc(slots, sizeof(*s->slots));
	if (!s->slots)
		return false;
	s->mask = slots - 1;
	return true;
}

size_t etsn_dupset_find(const struct etsn_dupset *s, const struct etsn_dupkey *k)
{
	if (!s->slots)
		return ETSN_DUPSET_NONE;
	for (size_t at = etsn_dupset_hash(k) & s->mask; s->slots[at]; at = (at + 1) & s->mask) {
		struct etsn_dupkey o;

		s->key(s->list, s->slots[at] - 1, &o);
		if (same_key(k, &o))
			return s->slots[at] - 1;
	}
	return ETSN_DUPSET_NONE;
}

/* Item i into the first free slot of its probe sequence. */
static void place(uint32_t *slots, size_t mask, const struct etsn_dupset *s, size_t i)
{
	struct etsn_dupkey k;
	size_t at;

	s->key(s->list, i, &k);
	for (at = etsn_dupset_hash(&k) & mask; slots[at]; at = (at + 1) & mask)
		;
	slots[at] = (uint32_t)i + 1;
}

/* Twice the slots, each item placed again. */
static bool grow(struct etsn_dupset *s)
{
	size_t nslots = 2 * (s->mask + 1);
	uint32_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return false;
	for (size_t at = 0; at <= s->mask; at++)
		if (s->slots[at])
			place(slots, nslots - 1, s, s->slots[at] - 1);
	free(s->slots);
	s->slots = slots;
	s->mask = nslots - 1;
	return true;
}

bool etsn_dupset_add(struct etsn_dupset *s, size_t i)
{
	if (i >= UINT32_MAX || ((s->count + 1) * 2 > s->mask + 1 && !grow(s)))
		return false;
	place(s->slots, s->mask, s, i);
	s->count++;
	return true;
}

void etsn_dupset_free(struct etsn_dupset *s)
{
	free(s->slots);
	s->slots = NULL;
	s->mask = 0;
	s->count = 0;
}
