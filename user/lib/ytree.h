/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A YAML document (libyaml) as a tree of scalars, mappings and sequences,
 * each node with the line and column where it starts, so that whoever walks
 * it can say where a value is wrong. Anchors and aliases are refused (a
 * config has no use for them, and they let a small file expand without
 * bound), and so are tags and a second document.
 */
#ifndef EDGETSN_YTREE_H
#define EDGETSN_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum etsn_ynode_kind {
	ETSN_Y_SCALAR,
	ETSN_Y_MAP,
	ETSN_Y_SEQ,
};

struct etsn_ynode {
	enum etsn_ynode_kind kind;
	unsigned int line, col;		/* from 1 */
	/* Bytes [start, end) of the node in the buffer; a block collection
	 * ends with its last item (so not with comments after it).
	 */
	size_t start, end;
	char *text;			/* scalars: the value, NUL-terminated */
	size_t len;			/* scalars: its length (it may hold a NUL) */
	bool quoted;			/* scalars: written in quotes or as a block */
	/* Mappings: keys at even, values at odd indexes; sequences: items. */
	struct etsn_ynode **kids;
	size_t nkids;
};

/* The name of a kind for messages: "a scalar", "a mapping", "a list". */
const char *etsn_ynode_kind_name(enum etsn_ynode_kind kind);

/* Parses len bytes. Returns the root (NULL for an empty document, or on
 * errors, which go to d). A syntax error stops the parse: libyaml cannot
 * go on after one.
 */
struct etsn_ynode *etsn_ytree_parse(const char *buf, size_t len, struct etsn_diag *d);
void etsn_ytree_free(struct etsn_ynode *n);

/* Longest depth accepted: deeper is an error, not a stack overflow. */
#define ETSN_YTREE_MAX_DEPTH 32

#endif
