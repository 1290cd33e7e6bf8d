// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading a stream batch; see psfp_batch.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "psfp_batch.h"
#include "words.h"

void etsn_psfp_batch_free(struct etsn_psfp_batch *b)
{
	free(b->r);
	free(b->where);
	b->r = NULL;
	b->where = NULL;
	b->n = 0;
}

/* One non-blank line's words into b->r[b->n]: NULL or why not. */
static const char *take_line(struct etsn_psfp_batch *b, int n, char **words)
{
	struct etsn_psfp_rule *r = &b->r[b->n];
	const char *why = NULL;

	if (n < 0)
		return "more than 40 words";
	if (b->n == ETSN_PSFP_MAX_STREAMS)
		return "more streams than there are ids (0.." ETSN_PSFP_MAX_ID_TEXT ")";
	if (etsn_psfp_parse_add(n, words, r, &why))
		return why;
	if (r->policy >= 0 && b->policy >= 0 && r->policy != b->policy)
		return "unknown-policy differs from an earlier line's";
	return NULL;
}

int etsn_psfp_batch_read(FILE *f, const char *name, struct etsn_psfp_batch *b,
			 char *err, size_t errlen)
{
	char *line = NULL, *words[ETSN_PSFP_BATCH_MAX_WORDS];
	size_t cap = 0, lineno = 0;
	const char *why;
	int n, ret = 0;

	memset(b, 0, sizeof(*b));
	b->policy = -1;
	b->r = calloc(ETSN_PSFP_MAX_STREAMS, sizeof(*b->r));
	b->where = calloc(ETSN_PSFP_MAX_STREAMS, sizeof(*b->where));
	if (!b->r || !b->where) {
		snprintf(err, errlen, "out of memory");
		ret = -ENOMEM;
	}
	while (!ret && getline(&line, &cap, f) >= 0) {
		lineno++;
		n = etsn_split_line(line, words, ETSN_PSFP_BATCH_MAX_WORDS);
		if (n == 0)
			continue;
		why = take_line(b, n, words);
		if (why) {
			snprintf(err, errlen, "%s:%zu: %s", name, lineno, why);
			ret = -EINVAL;
			break;
		}
		if (b->r[b->n].policy >= 0)
			b->policy = b->r[b->n].policy;
		snprintf(b->where[b->n], sizeof(b->where[0]), "%.40s:%zu: ", name, lineno);
		b->n++;
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "cannot read %s: %s", name, strerror(errno));
		ret = -EIO;
	}
	if (!ret && !b->n) {
		snprintf(err, errlen, "%s holds no stream", name);
		ret = -EINVAL;
	}
	free(line);
	if (ret)
		etsn_psfp_batch_free(b);
	return ret;
}
