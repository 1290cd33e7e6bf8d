// SPDX-License-Identifier: GPL-2.0-or-later
/* cmocka: the hash set of the config parser's duplicate checks
 * (user/lib/dupset.c) — every item found by its key and nothing else,
 * keys that share a first slot (at the end of the table, so the probe
 * wraps), growth past its first size, and the number of keys a lookup
 * reads (what makes the checks linear rather than quadratic).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/dupset.h"

struct item {
	uint32_t kind;
	size_t size;
	unsigned char bytes[16];
};

/* Keys read by the set, to count a lookup's work. */
static size_t keys_read;

static void item_key(const void *list, size_t i, struct etsn_dupkey *k)
{
	const struct item *it = &((const struct item *)list)[i];

	keys_read++;
	*k = (struct etsn_dupkey){ .kind = it->kind, .bytes = it->bytes, .size = it->size };
}

static struct etsn_dupkey key_of(const struct item *it)
{
	return (struct etsn_dupkey){ .kind = it->kind, .bytes = it->bytes, .size = it->size };
}

/* Item i: an id (kind 0, 4 bytes) or an IPv4 5-tuple like the streams of
 * tools/gen-agent-psfp.sh (kind 2, 16 bytes that differ in 3 of them).
 */
static struct item make_item(uint32_t kind, uint32_t n)
{
	struct item it = { .kind = kind };

	if (kind == 0) {
		it.size = sizeof(n);
		memcpy(it.bytes, &n, sizeof(n));
		return it;
	}
	it.size = 16;
	it.bytes[0] = 10;
	it.bytes[1] = (unsigned char)(n >> 16);
	it.bytes[2] = (unsigned char)(n >> 8);
	it.bytes[3] = (unsigned char)n;
	memcpy(it.bytes + 4, "\x0a\xff\x00\x01\x11\x13\x88\x17\x70", 9);
	return it;
}

static void finds_each_item_and_no_other(void **state)
{
	enum { N = 1000 };
	struct item *items = calloc(2 * N, sizeof(*items));
	struct etsn_dupset s;
	struct etsn_dupkey k;
	struct item other;

	(void)state;
	assert_non_null(items);
	for (uint32_t i = 0; i < N; i++) {
		items[i] = make_item(0, i);
		items[N + i] = make_item(2, i);
	}
	/* No room foreseen: the set grows as items come. */
	assert_true(etsn_dupset_init(&s, 0, item_key, items));
	for (size_t i = 0; i < 2 * N; i++) {
		k = key_of(&items[i]);
		assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
		assert_true(etsn_dupset_add(&s, i));
	}
	assert_int_equal(2 * N, s.count);
	assert_true(s.count * 2 <= s.mask + 1);
	for (size_t i = 0; i < 2 * N; i++) {
		k = key_of(&items[i]);
		assert_int_equal(i, etsn_dupset_find(&s, &k));
	}
	/* Ids not added; the same bytes of another kind; the first 4 bytes
	 * of a 5-tuple (another size).
	 */
	for (uint32_t i = N; i < 2 * N; i++) {
		other = make_item(0, i);
		k = key_of(&other);
		assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
	}
	other = make_item(0, 7);
	other.kind = 1;
	k = key_of(&other);
	assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
	other = make_item(2, 7);
	other.size = 4;
	k = key_of(&other);
	assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
	/* An index the slots cannot hold is refused. */
	assert_false(etsn_dupset_add(&s, UINT32_MAX));
	etsn_dupset_free(&s);
	assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
	free(items);
}

/* Four ids whose hash picks the last of 8 slots: each one placed after
 * the others, wrapping to the first slots, and each found there.
 */
static void colliding_keys_wrap_around(void **state)
{
	struct item items[5];
	struct etsn_dupset s;
	struct etsn_dupkey k;
	size_t found = 0;

	(void)state;
	for (uint32_t id = 0; found < 5; id++) {
		items[found] = make_item(0, id);
		k = key_of(&items[found]);
		if ((etsn_dupset_hash(&k) & 7) == 7)
			found++;
	}
	assert_true(etsn_dupset_init(&s, 4, item_key, items));
	assert_int_equal(7, s.mask);
	for (size_t i = 0; i < 4; i++)
		assert_true(etsn_dupset_add(&s, i));
	assert_int_equal(7, s.mask);
	assert_int_equal(1, s.slots[7]);
	for (size_t i = 1; i < 4; i++)
		assert_int_equal(i + 1, s.slots[i - 1]);
	for (size_t i = 0; i < 4; i++) {
		k = key_of(&items[i]);
		assert_int_equal(i, etsn_dupset_find(&s, &k));
	}
	/* The fifth shares the run but is not in the set: the probe reads
	 * the four, then stops at the free slot 3.
	 */
	k = key_of(&items[4]);
	keys_read = 0;
	assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
	assert_int_equal(4, keys_read);
	etsn_dupset_free(&s);
}

/* 16,384 ids and 16,384 5-tuples, each looked up before it is added and
 * once after: the keys read stay a small multiple of the lookups (a scan
 * of the earlier items would read about 134 million for each kind).
 */
static void a_lookup_reads_few_keys(void **state)
{
	enum { N = 16384 };
	struct item *items = calloc(N, sizeof(*items));
	struct etsn_dupset s;
	struct etsn_dupkey k;

	(void)state;
	assert_non_null(items);
	for (uint32_t kind = 0; kind <= 2; kind += 2) {
		for (uint32_t i = 0; i < N; i++)
			items[i] = make_item(kind, i);
		assert_true(etsn_dupset_init(&s, N, item_key, items));
		keys_read = 0;
		for (size_t i = 0; i < N; i++) {
			k = key_of(&items[i]);
			assert_int_equal(ETSN_DUPSET_NONE, etsn_dupset_find(&s, &k));
			assert_true(etsn_dupset_add(&s, i));
		}
		for (size_t i = 0; i < N; i++) {
			k = key_of(&items[i]);
			assert_int_equal(i, etsn_dupset_find(&s, &k));
		}
		/* 3 lookups an item (2 finds, 1 add), at most 2 keys each on
		 * average.
		 */
		print_message("kind %u: %zu keys read for %d lookups\n", kind, keys_read, 3 * N);
		assert_true(keys_read <= 2 * 3 * N);
		etsn_dupset_free(&s);
	}
	free(items);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_each_item_and_no_other),
		cmocka_unit_test(colliding_keys_wrap_around),
		cmocka_unit_test(a_lookup_reads_few_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
