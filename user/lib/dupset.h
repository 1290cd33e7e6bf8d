/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A set of the items of a caller's list, found by their key in O(1) on
 * average: open addressing with linear probing, a slot holding an item's
 * index. The set keeps no key of its own; it asks the caller for item i's
 * key, so it costs 4 bytes a slot (2 to 4 slots an item). For the
 * config parser's duplicate checks: "is there an earlier item with this
 * id, with these frames?" over lists of thousands.
 */
#ifndef EDGETSN_DUPSET_H
#define EDGETSN_DUPSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An item's key: keys of two kinds never match, keys of one kind match
 * when their bytes do (as memcmp compares them).
 */
struct etsn_dupkey {
	uint32_t kind;
	const void *bytes;
	size_t size;
};

/* Fills k with the key of item i of list; bytes stay valid while the
 * item does.
 */
typedef void etsn_dupset_key_fn(const void *list, size_t i, struct etsn_dupkey *k);

struct etsn_dupset {
	uint32_t *slots;	/* item index + 1; 0 is a free slot */
	size_t mask;		/* number of slots - 1 (a power of two - 1) */
	size_t count;		/* items in the set */
	etsn_dupset_key_fn *key;
	const void *list;
};

/* No item found. */
#define ETSN_DUPSET_NONE SIZE_MAX

/* An empty set of list's items, with room for hint of them before it
 * grows. False when out of memory.
 */
bool etsn_dupset_init(struct etsn_dupset *s, size_t hint, etsn_dupset_key_fn *key,
		      const void *list);
/* Index of the item in the set whose key matches k, or ETSN_DUPSET_NONE
 * (also for a set zeroed or freed).
 */
size_t etsn_dupset_find(const struct etsn_dupset *s, const struct etsn_dupkey *k);
/* Adds item i (index below UINT32_MAX), whose key is not in the set yet.
 * False when out of memory (the set is as it was).
 */
bool etsn_dupset_add(struct etsn_dupset *s, size_t i);
void etsn_dupset_free(struct etsn_dupset *s);
/* The hash the set places k by (its low bits pick the first slot). */
uint32_t etsn_dupset_hash(const struct etsn_dupkey *k);

#endif
