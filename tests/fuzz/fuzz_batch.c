// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: `etsnctl stream add dev DEV batch FILE` lines on arbitrary
 * bytes (lib/psfp_batch.c, lib/psfp.c). A batch is read whole or refused
 * with "FILE:LINE: reason"; every accepted stream formats its key, and
 * the key it names reads back as the same key.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "lib/psfp_batch.h"
#include "lib/words.h"

/* "dst MAC [vlan V]" / "ip ..." back through the parser: the same key. */
static void check_key(const struct etsn_psfp_stream *s)
{
	char text[ETSN_PSFP_KEY_STRLEN + 16] = "id 0 ", *words[16];
	struct etsn_psfp_rule back;
	const char *why = NULL;
	const void *k1, *k2;
	size_t n1, n2;
	int n;

	etsn_psfp_format_key(s, text + 5, sizeof(text) - 5);
	n = etsn_split_line(text, words, 16);
	if (n < 0 || etsn_psfp_parse_add(n, words, &back, &why))
		abort();	/* printed a key the parser refuses */
	k1 = etsn_psfp_key(s, &n1);
	k2 = etsn_psfp_key(&back.stream, &n2);
	if (n1 != n2 || memcmp(k1, k2, n1))
		abort();	/* printed a different key */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct etsn_psfp_batch b;
	FILE *f = fuzz_open(data, size);
	char err[512] = "";
	int ret;

	if (!f)
		return 0;
	ret = etsn_psfp_batch_read(f, "fuzz.batch", &b, err, sizeof(err));
	fclose(f);
	if (ret) {
		if ((ret != -EINVAL && ret != -ENOMEM) || strncmp(err, "fuzz.batch", 10) != 0)
			abort();	/* refused without naming the file */
		if (b.r || b.n)
			abort();	/* left something behind */
		return 0;
	}
	if (!b.n)
		abort();
	for (size_t i = 0; i < b.n; i++) {
		char rate[ETSN_PSFP_RATE_STRLEN];

		check_key(&b.r[i].stream);
		etsn_psfp_format_rate(b.r[i].meter.cir, rate, sizeof(rate));
	}
	etsn_psfp_batch_free(&b);
	return 0;
}
