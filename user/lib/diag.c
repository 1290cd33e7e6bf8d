// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void etsn_diag_init(struct etsn_diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

void etsn_diag_free(struct etsn_diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->msgs[i].text);
	free(d->msgs);
	d->msgs = NULL;
	d->count = 0;
	d->dropped = 0;
}

void etsn_diag_add(struct etsn_diag *d, unsigned int line, unsigned int col,
		   const char *fmt, ...)
{
	struct etsn_diag_msg *grown;
	char reason[512], *msg;
	va_list ap;
	int n;

	if (d->count >= ETSN_DIAG_MAX) {
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	n = snprintf(NULL, 0, "%s:%u:%u: %s", d->file, line, col, reason);
	msg = malloc((size_t)n + 1);
	grown = realloc(d->msgs, (d->count + 1) * sizeof(*d->msgs));
	if (!msg || !grown) {
		free(msg);
		if (grown)
			d->msgs = grown;
		d->dropped++;
		return;
	}
	d->msgs = grown;
	snprintf(msg, (size_t)n + 1, "%s:%u:%u: %s", d->file, line, col, reason);
	/* Values from the file are quoted in reasons: one message, one line. */
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	d->msgs[d->count].line = line;
	d->msgs[d->count].col = col;
	d->msgs[d->count++].text = msg;
}

size_t etsn_diag_errors(const struct etsn_diag *d)
{
	return d->count + d->dropped;
}

static bool before(const struct etsn_diag_msg *a, const struct etsn_diag_msg *b)
{
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

/* Sections are checked in dependency order, not file order. Insertion
 * sort: stable, and ETSN_DIAG_MAX is small.
 */
void etsn_diag_sort(struct etsn_diag *d)
{
	for (size_t i = 1; i < d->count; i++) {
		struct etsn_diag_msg m = d->msgs[i];
		size_t j = i;

		for (; j > 0 && before(&m, &d->msgs[j - 1]); j--)
			d->msgs[j] = d->msgs[j - 1];
		d->msgs[j] = m;
	}
}

void etsn_diag_print(struct etsn_diag *d, FILE *out)
{
	etsn_diag_sort(d);
	for (size_t i = 0; i < d->count; i++)
		fprintf(out, "%s\n", d->msgs[i].text);
	if (d->dropped)
		fprintf(out, "%s: %zu more errors not shown\n", d->file, d->dropped);
}
