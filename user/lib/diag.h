/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnostics of a config file: every error as "FILE:LINE:COL: reason"
 * (line and column from 1), collected so that a check reports all of them
 * at once, in the order found.
 */
#ifndef EDGETSN_DIAG_H
#define EDGETSN_DIAG_H

#include <stddef.h>
#include <stdio.h>

/* More than this many errors is noise: the rest are counted, not kept. */
#define ETSN_DIAG_MAX 200

struct etsn_diag_msg {
	unsigned int line, col;
	char *text;		/* "FILE:LINE:COL: reason" */
};

struct etsn_diag {
	const char *file;	/* as the user named it; not owned */
	struct etsn_diag_msg *msgs;
	size_t count;		/* kept in msgs */
	size_t dropped;		/* beyond ETSN_DIAG_MAX, or lost to no memory */
};

void etsn_diag_init(struct etsn_diag *d, const char *file);
void etsn_diag_free(struct etsn_diag *d);
/* Records "FILE:LINE:COL: reason". */
void etsn_diag_add(struct etsn_diag *d, unsigned int line, unsigned int col,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
size_t etsn_diag_errors(const struct etsn_diag *d);
/* Puts the messages in file order: line, then column; the order found
 * within one place.
 */
void etsn_diag_sort(struct etsn_diag *d);
/* Sorted, every message one a line, then a note on the dropped ones. */
void etsn_diag_print(struct etsn_diag *d, FILE *out);

#endif
