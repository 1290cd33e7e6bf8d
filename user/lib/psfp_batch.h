/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `etsnctl stream add dev DEV batch FILE`: one stream a line, the words of
 * "stream add" after "dev DEV", '#' comments. Read whole before anything
 * is added, so that a bad line adds nothing. Here, not in cmd_stream.c, so
 * that the fuzzer (tests/fuzz/fuzz_batch.c) reaches it without BPF.
 */
#ifndef EDGETSN_PSFP_BATCH_H
#define EDGETSN_PSFP_BATCH_H

#include <stddef.h>
#include <stdio.h>

#include "psfp.h"

#define ETSN_PSFP_BATCH_MAX_WORDS	40

struct etsn_psfp_batch {
	struct etsn_psfp_rule *r;
	char (*where)[64];	/* "FILE:LINE: " of r[i], or "" */
	size_t n;
	int policy;		/* ETSN_PSFP_UNKNOWN_*, or -1: unchanged */
};

/* Reads f (named name in messages) into *b. 0; -EINVAL with
 * "NAME:LINE: reason" (or "NAME holds no stream") in err; -ENOMEM; -EIO.
 * On error *b holds nothing to free.
 */
int etsn_psfp_batch_read(FILE *f, const char *name, struct etsn_psfp_batch *b,
			 char *err, size_t errlen);
void etsn_psfp_batch_free(struct etsn_psfp_batch *b);

#endif
