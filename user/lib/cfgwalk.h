/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Typed reads from a YAML tree (ytree.h) for config sections: each helper
 * checks the node's type and range and, when it is wrong, records
 * "FILE:LINE:COL: reason" at the node and returns false, leaving *out as
 * it was, so a walk goes on and reports every error of a file.
 */
#ifndef EDGETSN_CFGWALK_H
#define EDGETSN_CFGWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "ytree.h"

/* How a plain field is read (keys without a handler). */
enum etsn_cfgw_type {
	ETSN_CFGW_UINT,		/* etsn_cfgw_u64 into a 1, 2, 4 or 8 byte field */
	ETSN_CFGW_BOOL,
	ETSN_CFGW_STRING,	/* a char[size], empty allowed */
	ETSN_CFGW_DURATION,	/* a uint64_t, ns */
	ETSN_CFGW_ENUM,		/* an int (or enum): the index in names */
	ETSN_CFGW_NODE,		/* a const struct etsn_ynode *: read later */
};

struct etsn_cfgw_key {
	const char *name;
	/* A handler (val: the key's value; obj: what the walk fills) ... */
	void (*fn)(struct etsn_diag *d, const struct etsn_ynode *val, void *obj);
	/* ... or a field of obj. */
	enum etsn_cfgw_type type;
	size_t off, size;
	uint64_t min, max;
	const char *const *names;
	size_t nnames;
};

#define ETSN_CFGW_FIELD(key, type_, st, member, lo, hi)					\
	{ .name = (key), .type = (type_), .off = offsetof(st, member),			\
	  .size = sizeof(((st *)0)->member), .min = (lo), .max = (hi) }
#define ETSN_CFGW_ENUM_FIELD(key, st, member, names_)					\
	{ .name = (key), .type = ETSN_CFGW_ENUM, .off = offsetof(st, member),		\
	  .size = sizeof(((st *)0)->member), .names = (names_),				\
	  .nnames = sizeof(names_) / sizeof((names_)[0]) }

#define ETSN_CFGW_NODE_FIELD(key, st, member)					\
	{ .name = (key), .type = ETSN_CFGW_NODE, .off = offsetof(st, member) }

/* Walks the mapping n: every key must be a scalar, appear once and be in
 * keys (else an error naming section and the known keys); each known key's
 * value goes to its handler or into its field. False if n is not a
 * mapping.
 */
bool etsn_cfgw_map(struct etsn_diag *d, const struct etsn_ynode *n, const char *section,
		   const struct etsn_cfgw_key *keys, size_t nkeys, void *obj);

/* "wrong type" for what (e.g. "ptp.domain") when n is not of kind. */
bool etsn_cfgw_expect(struct etsn_diag *d, const struct etsn_ynode *n,
		      enum etsn_ynode_kind kind, const char *what);

/* An unquoted decimal in [min, max]. */
bool etsn_cfgw_u64(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		   uint64_t min, uint64_t max, uint64_t *out);
bool etsn_cfgw_u32(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		   uint32_t min, uint32_t max, uint32_t *out);
/* true or false, unquoted. */
bool etsn_cfgw_bool(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		    bool *out);
/* A scalar of 1 to size - 1 bytes without a NUL (empty allowed when
 * allow_empty).
 */
bool etsn_cfgw_string(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		      char *buf, size_t size, bool allow_empty);
/* A duration as etsnctl reads it (250us, 1ms, 1.5s; bare numbers ns) in
 * [min, max] ns.
 */
bool etsn_cfgw_duration(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			uint64_t min, uint64_t max, uint64_t *out);
/* One of the n names; *out its index. */
bool etsn_cfgw_enum(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		    const char *const *names, size_t count, size_t *out);

/* The words an etsnctl parser takes, from a rule written as one string
 * ("port tcp 22"), a list of words, or a mapping (each key a word followed
 * by its value: a scalar, the words of a list, nothing for true; false
 * leaves the key out). *argv points into a buffer freed with
 * etsn_cfgw_words_free; false (error recorded) if the node holds anything
 * else.
 */
struct etsn_cfgw_words {
	int argc;
	char **argv;
	char *buf;
};
bool etsn_cfgw_words(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		     struct etsn_cfgw_words *w);
void etsn_cfgw_words_free(struct etsn_cfgw_words *w);

#endif
