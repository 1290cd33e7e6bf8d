// SPDX-License-Identifier: GPL-2.0-or-later
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cfgwalk.h"
#include "parse.h"

bool etsn_cfgw_expect(struct etsn_diag *d, const struct etsn_ynode *n,
		      enum etsn_ynode_kind kind, const char *what)
{
	if (n->kind == kind)
		return true;
	etsn_diag_add(d, n->line, n->col, "%s: wrong type: expected %s, found %s", what,
		      etsn_ynode_kind_name(kind), etsn_ynode_kind_name(n->kind));
	return false;
}

/* "a, b, c" of the known keys, for the unknown-key message. */
static void key_list(const struct etsn_cfgw_key *keys, size_t nkeys, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nkeys && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", keys[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void read_field(struct etsn_diag *d, const struct etsn_ynode *v, const char *section,
		       const struct etsn_cfgw_key *k, void *obj)
{
	char *field = (char *)obj + k->off;
	char what[128];
	uint64_t u;
	size_t idx;

	snprintf(what, sizeof(what), "%s.%s", section, k->name);
	switch (k->type) {
	case ETSN_CFGW_UINT:
		if (!etsn_cfgw_u64(d, v, what, k->min, k->max, &u))
			return;
		if (k->size == 1)
			*(uint8_t *)field = (uint8_t)u;
		else if (k->size == 2)
			*(uint16_t *)field = (uint16_t)u;
		else if (k->size == 4)
			*(uint32_t *)field = (uint32_t)u;
		else
			*(uint64_t *)field = u;
		return;
	case ETSN_CFGW_BOOL:
		etsn_cfgw_bool(d, v, what, (bool *)field);
		return;
	case ETSN_CFGW_STRING:
		etsn_cfgw_string(d, v, what, field, k->size, true);
		return;
	case ETSN_CFGW_DURATION:
		etsn_cfgw_duration(d, v, what, k->min, k->max, (uint64_t *)field);
		return;
	case ETSN_CFGW_ENUM:
		if (etsn_cfgw_enum(d, v, what, k->names, k->nnames, &idx))
			*(int *)field = (int)idx;
		return;
	case ETSN_CFGW_NODE:
		*(const struct etsn_ynode **)field = v;
		return;
	}
}

bool etsn_cfgw_map(struct etsn_diag *d, const struct etsn_ynode *n, const char *section,
		   const struct etsn_cfgw_key *keys, size_t nkeys, void *obj)
{
	/* Known keys met so far: one pass however long the mapping. */
	uint64_t seen = 0;

	assert(nkeys <= 64);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_MAP, section))
		return false;
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct etsn_ynode *k = n->kids[i], *v = n->kids[i + 1];
		const struct etsn_cfgw_key *found = NULL;
		uint64_t bit;

		if (k->kind != ETSN_Y_SCALAR) {
			etsn_diag_add(d, k->line, k->col, "%s: a key must be a scalar, not %s",
				      section, etsn_ynode_kind_name(k->kind));
			continue;
		}
		for (size_t j = 0; j < nkeys && !found; j++)
			if (strcmp(keys[j].name, k->text) == 0)
				found = &keys[j];
		if (!found) {
			char known[512];

			key_list(keys, nkeys, known, sizeof(known));
			etsn_diag_add(d, k->line, k->col, "%s: unknown key '%s' (known: %s)",
				      section, k->text, known);
			continue;
		}
		bit = (uint64_t)1 << (found - keys);
		if (seen & bit) {
			etsn_diag_add(d, k->line, k->col, "%s: duplicate key '%s'", section,
				      k->text);
			continue;
		}
		seen |= bit;
		if (found->fn)
			found->fn(d, v, obj);
		else
			read_field(d, v, section, found, obj);
	}
	return true;
}

static bool scalar_value(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			 const char *expected)
{
	if (n->kind != ETSN_Y_SCALAR || n->quoted || strlen(n->text) != n->len) {
		etsn_diag_add(d, n->line, n->col, "%s: wrong type: expected %s, found %s", what,
			      expected, n->kind != ETSN_Y_SCALAR ? etsn_ynode_kind_name(n->kind)
								 : "a quoted string");
		return false;
	}
	return true;
}

bool etsn_cfgw_u64(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		   uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int err;

	if (!scalar_value(d, n, what, "a number"))
		return false;
	err = etsn_parse_u64(n->text, &v);
	if (err == -EINVAL) {
		etsn_diag_add(d, n->line, n->col, "%s: wrong type: '%s' is not a number", what,
			      n->text);
		return false;
	}
	if (err || v < min || v > max) {
		etsn_diag_add(d, n->line, n->col,
			      "%s: %s is out of range (%" PRIu64 " to %" PRIu64 ")", what, n->text,
			      min, max);
		return false;
	}
	*out = v;
	return true;
}

bool etsn_cfgw_u32(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		   uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (!etsn_cfgw_u64(d, n, what, min, max, &v))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool etsn_cfgw_bool(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		    bool *out)
{
	if (!scalar_value(d, n, what, "true or false"))
		return false;
	if (strcmp(n->text, "true") == 0 || strcmp(n->text, "false") == 0) {
		*out = n->text[0] == 't';
		return true;
	}
	etsn_diag_add(d, n->line, n->col, "%s: wrong type: expected true or false, found '%s'",
		      what, n->text);
	return false;
}

bool etsn_cfgw_string(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		      char *buf, size_t size, bool allow_empty)
{
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SCALAR, what))
		return false;
	if (strlen(n->text) != n->len) {
		etsn_diag_add(d, n->line, n->col, "%s: holds a NUL character", what);
		return false;
	}
	if (n->len >= size || (!n->len && !allow_empty)) {
		etsn_diag_add(d, n->line, n->col, "%s: length %zu is out of range (%d to %zu)",
			      what, n->len, allow_empty ? 0 : 1, size - 1);
		return false;
	}
	memcpy(buf, n->text, n->len + 1);
	return true;
}

bool etsn_cfgw_duration(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
			uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	int err;

	if (!scalar_value(d, n, what, "a duration"))
		return false;
	err = etsn_parse_duration_ns(n->text, &v);
	if (err == -EINVAL) {
		etsn_diag_add(d, n->line, n->col,
			      "%s: '%s' is not a duration (e.g. 250us, 1ms, 1.5s; bare numbers are ns)",
			      what, n->text);
		return false;
	}
	if (err || v < min || v > max) {
		etsn_diag_add(d, n->line, n->col,
			      "%s: %s is out of range (%" PRIu64 "ns to %" PRIu64 "ns)", what,
			      n->text, min, max);
		return false;
	}
	*out = v;
	return true;
}

bool etsn_cfgw_enum(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		    const char *const *names, size_t count, size_t *out)
{
	char known[256];
	size_t used = 0;

	if (!etsn_cfgw_expect(d, n, ETSN_Y_SCALAR, what))
		return false;
	for (size_t i = 0; i < count; i++) {
		if (strcmp(n->text, names[i]) == 0) {
			*out = i;
			return true;
		}
	}
	known[0] = '\0';
	for (size_t i = 0; i < count && used < sizeof(known); i++) {
		int k = snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "",
				 names[i]);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	etsn_diag_add(d, n->line, n->col, "%s: unknown value '%s' (one of: %s)", what, n->text,
		      known);
	return false;
}

/* Appends the whitespace-separated words of s to the buffer. */
static bool add_text(struct etsn_cfgw_words *w, size_t *used, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (*used + n + 1 > cap)
		return false;
	memcpy(w->buf + *used, s, n + 1);
	*used += n + 1;
	return true;
}

/* Scalars of a rule: each may hold several words. */
static bool rule_scalar(struct etsn_diag *d, const struct etsn_ynode *n, const char *what)
{
	if (n->kind != ETSN_Y_SCALAR) {
		etsn_diag_add(d, n->line, n->col,
			      "%s: wrong type: expected a word or a list of words, found %s", what,
			      etsn_ynode_kind_name(n->kind));
		return false;
	}
	if (strlen(n->text) != n->len) {
		etsn_diag_add(d, n->line, n->col, "%s: holds a NUL character", what);
		return false;
	}
	return true;
}

/* Total text of every scalar below n (bounds the buffer). */
static size_t text_size(const struct etsn_ynode *n)
{
	size_t s = n->kind == ETSN_Y_SCALAR ? n->len + 2 : 0;

	for (size_t i = 0; i < n->nkids; i++)
		s += text_size(n->kids[i]);
	return s;
}

static bool collect(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		    struct etsn_cfgw_words *w, size_t *used, size_t cap)
{
	if (n->kind == ETSN_Y_SCALAR)
		return rule_scalar(d, n, what) && add_text(w, used, cap, n->text);
	if (n->kind == ETSN_Y_SEQ) {
		for (size_t i = 0; i < n->nkids; i++)
			if (!rule_scalar(d, n->kids[i], what) ||
			    !add_text(w, used, cap, n->kids[i]->text))
				return false;
		return true;
	}
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct etsn_ynode *k = n->kids[i], *v = n->kids[i + 1];

		if (!rule_scalar(d, k, what))
			return false;
		for (size_t j = 0; j < i; j += 2) {
			if (strcmp(n->kids[j]->text, k->text) == 0) {
				etsn_diag_add(d, k->line, k->col, "%s: duplicate key '%s'", what,
					      k->text);
				return false;
			}
		}
		if (v->kind == ETSN_Y_SCALAR && !v->quoted && strcmp(v->text, "false") == 0)
			continue;
		if (!add_text(w, used, cap, k->text))
			return false;
		if (v->kind == ETSN_Y_SCALAR && !v->quoted && strcmp(v->text, "true") == 0)
			continue;
		if (v->kind == ETSN_Y_MAP) {
			rule_scalar(d, v, what);
			return false;
		}
		if (!collect(d, v, what, w, used, cap))
			return false;
	}
	return true;
}

bool etsn_cfgw_words(struct etsn_diag *d, const struct etsn_ynode *n, const char *what,
		     struct etsn_cfgw_words *w)
{
	size_t cap = text_size(n) + 1, used = 0, count = 0;
	char *save = NULL, *tok, *split;

	memset(w, 0, sizeof(*w));
	w->buf = malloc(cap);
	if (!w->buf) {
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
		return false;
	}
	if (!collect(d, n, what, w, &used, cap)) {
		etsn_cfgw_words_free(w);
		return false;
	}
	/* The collected texts, NUL-separated, split again at blanks. */
	for (size_t i = 0; i < used; i++)
		if (w->buf[i] == '\0')
			w->buf[i] = ' ';
	if (used)
		w->buf[used - 1] = '\0';
	else
		w->buf[0] = '\0';
	w->argv = calloc(used / 2 + 1, sizeof(*w->argv));
	if (!w->argv) {
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
		etsn_cfgw_words_free(w);
		return false;
	}
	split = w->buf;
	for (tok = strtok_r(split, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save))
		w->argv[count++] = tok;
	w->argc = (int)count;
	if (!count) {
		etsn_diag_add(d, n->line, n->col, "%s: empty rule", what);
		etsn_cfgw_words_free(w);
		return false;
	}
	return true;
}

void etsn_cfgw_words_free(struct etsn_cfgw_words *w)
{
	free(w->argv);
	free(w->buf);
	memset(w, 0, sizeof(*w));
}
