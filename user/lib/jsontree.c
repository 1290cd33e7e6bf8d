// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsontree.h"

struct reader {
	const unsigned char *p, *end;
	unsigned int line, col;
	struct etsn_diag *d;
	bool failed;
};

static bool fail(struct reader *r, const char *why)
{
	if (!r->failed)
		etsn_diag_add(r->d, r->line, r->col, "JSON: %s", why);
	r->failed = true;
	return false;
}

static void advance(struct reader *r, size_t n)
{
	for (size_t i = 0; i < n; i++, r->p++) {
		if (*r->p == '\n') {
			r->line++;
			r->col = 1;
		} else {
			r->col++;
		}
	}
}

static void skip_blanks(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		advance(r, 1);
}

static struct etsn_ynode *new_node(struct reader *r, enum etsn_ynode_kind kind)
{
	struct etsn_ynode *n = calloc(1, sizeof(*n));

	if (!n) {
		fail(r, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = r->line;
	n->col = r->col;
	return n;
}

static bool add_kid(struct reader *r, struct etsn_ynode *parent, struct etsn_ynode *kid)
{
	struct etsn_ynode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));

	if (!k) {
		etsn_ytree_free(kid);
		return fail(r, "out of memory");
	}
	parent->kids = k;
	k[parent->nkids++] = kid;
	return true;
}

/* Bytes of the UTF-8 sequence at p (1-4), 0 if it is not valid UTF-8
 * (overlong forms, surrogates, above U+10FFFF, cut short).
 */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n, avail = (size_t)(end - p);
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

void etsn_utf8_scrub(char *s)
{
	unsigned char *p = (unsigned char *)s, *end = p + strlen(s);

	while (p < end) {
		size_t n = utf8_len(p, end);

		if (!n)
			*p++ = '?';
		else
			p += n;
	}
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The four hex digits of the backslash-u escape at p, if there are four. */
static bool hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return false;
	for (int i = 2; i < 6; i++) {
		unsigned char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v |= (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

/* \uXXXX, or a surrogate pair \uD8xx\uDCxx, as one code point. */
static bool unicode_escape(struct reader *r, uint32_t *cp)
{
	uint32_t lo;

	if (!hex4(r->p, r->end, cp))
		return fail(r, "\\u needs four hex digits");
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return fail(r, "a low surrogate without a high one");
	advance(r, 6);
	if (*cp < 0xd800 || *cp > 0xdbff)
		return true;
	if (!hex4(r->p, r->end, &lo) || lo < 0xdc00 || lo > 0xdfff)
		return fail(r, "a high surrogate without a low one");
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	advance(r, 6);
	return true;
}

/* The string at r->p (on its '"'); the text unescaped, its length. */
static bool string_text(struct reader *r, char **text, size_t *len)
{
	/* Unescaped text is never longer than the source. */
	char *out = malloc((size_t)(r->end - r->p) + 1);
	size_t n = 0;

	if (!out)
		return fail(r, "out of memory");
	advance(r, 1);
	for (;;) {
		size_t u;

		if (r->p >= r->end) {
			free(out);
			return fail(r, "a string without its closing quote");
		}
		if (*r->p == '"')
			break;
		if (*r->p < 0x20) {
			free(out);
			return fail(r, "a control character in a string (escape it)");
		}
		if (*r->p == '\\') {
			const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
			const char *e = r->end - r->p > 1 && r->p[1] ? strchr(from, r->p[1]) : NULL;
			uint32_t cp;

			if (e) {
				out[n++] = to[e - from];
				advance(r, 2);
				continue;
			}
			if (r->end - r->p > 1 && r->p[1] == 'u') {
				if (!unicode_escape(r, &cp)) {
					free(out);
					return false;
				}
				n += put_utf8(out + n, cp);
				continue;
			}
			free(out);
			return fail(r, "an unknown escape in a string");
		}
		u = utf8_len(r->p, r->end);
		if (!u) {
			free(out);
			return fail(r, "invalid UTF-8 in a string");
		}
		memcpy(out + n, r->p, u);
		n += u;
		advance(r, u);
	}
	advance(r, 1);
	out[n] = '\0';
	*text = out;
	*len = n;
	return true;
}

static size_t digits(const unsigned char *p, const unsigned char *end)
{
	size_t n = 0;

	while (p + n < end && p[n] >= '0' && p[n] <= '9')
		n++;
	return n;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? : its length, 0 if none. */
static size_t number_len(const unsigned char *p, const unsigned char *end)
{
	size_t n = 0, d;

	if (p < end && *p == '-')
		n++;
	d = digits(p + n, end);
	if (!d || (d > 1 && p[n] == '0'))
		return 0;
	n += d;
	if (p + n < end && p[n] == '.') {
		d = digits(p + n + 1, end);
		if (!d)
			return 0;
		n += 1 + d;
	}
	if (p + n < end && (p[n] | 0x20) == 'e') {
		n++;
		if (p + n < end && (p[n] == '+' || p[n] == '-'))
			n++;
		d = digits(p + n, end);
		if (!d)
			return 0;
		n += d;
	}
	return n;
}

/* A number or literal: an unquoted scalar holding the text as written. */
static struct etsn_ynode *bare_scalar(struct reader *r)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t n = number_len(r->p, r->end);
	struct etsn_ynode *s;

	for (size_t i = 0; i < 3 && !n; i++) {
		size_t wl = strlen(words[i]);

		if ((size_t)(r->end - r->p) >= wl && memcmp(r->p, words[i], wl) == 0)
			n = wl;
	}
	if (!n) {
		fail(r, "expected a value (string, number, object, array, true, false or null)");
		return NULL;
	}
	s = new_node(r, ETSN_Y_SCALAR);
	if (!s)
		return NULL;
	s->text = malloc(n + 1);
	if (!s->text) {
		free(s);
		fail(r, "out of memory");
		return NULL;
	}
	memcpy(s->text, r->p, n);
	s->text[n] = '\0';
	s->len = n;
	advance(r, n);
	return s;
}

static struct etsn_ynode *value(struct reader *r, unsigned int depth);

static struct etsn_ynode *string_node(struct reader *r)
{
	struct etsn_ynode *s = new_node(r, ETSN_Y_SCALAR);

	if (!s)
		return NULL;
	s->quoted = true;
	if (!string_text(r, &s->text, &s->len)) {
		free(s);
		return NULL;
	}
	return s;
}

/* Expects c after blanks; true and past it if found. */
static bool expect(struct reader *r, char c, const char *why)
{
	skip_blanks(r);
	if (r->p < r->end && *r->p == c) {
		advance(r, 1);
		return true;
	}
	return fail(r, why);
}

/* An object or an array, r->p on its opening bracket. */
static struct etsn_ynode *container(struct reader *r, unsigned int depth)
{
	bool object = *r->p == '{';
	char close = object ? '}' : ']';
	struct etsn_ynode *n = new_node(r, object ? ETSN_Y_MAP : ETSN_Y_SEQ);

	if (!n)
		return NULL;
	advance(r, 1);
	skip_blanks(r);
	if (r->p < r->end && *r->p == close) {
		advance(r, 1);
		return n;
	}
	for (;;) {
		struct etsn_ynode *kid;

		skip_blanks(r);
		if (object) {
			if (r->p >= r->end || *r->p != '"') {
				fail(r, "expected a key in double quotes");
				goto err;
			}
			kid = string_node(r);
			/* Keys are compared as C strings: "id\u0000x" must not pass as "id". */
			if (kid && strlen(kid->text) != kid->len) {
				r->line = kid->line;
				r->col = kid->col;
				etsn_ytree_free(kid);
				fail(r, "a key holds a NUL character");
				goto err;
			}
			if (!kid || !add_kid(r, n, kid) ||
			    !expect(r, ':', "expected ':' after a key"))
				goto err;
		}
		kid = value(r, depth + 1);
		if (!kid || !add_kid(r, n, kid))
			goto err;
		skip_blanks(r);
		if (r->p < r->end && *r->p == ',') {
			advance(r, 1);
			skip_blanks(r);
			if (r->p < r->end && *r->p == close) {
				fail(r, "a comma before a closing bracket");
				goto err;
			}
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			advance(r, 1);
			return n;
		}
		fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
		goto err;
	}
err:
	etsn_ytree_free(n);
	return NULL;
}

static struct etsn_ynode *value(struct reader *r, unsigned int depth)
{
	skip_blanks(r);
	if (r->p >= r->end) {
		fail(r, "expected a value, found the end");
		return NULL;
	}
	if (*r->p == '"')
		return string_node(r);
	if (*r->p == '{' || *r->p == '[') {
		if (depth >= ETSN_YTREE_MAX_DEPTH) {
			fail(r, "nested too deep");
			return NULL;
		}
		return container(r, depth);
	}
	return bare_scalar(r);
}

struct etsn_ynode *etsn_jtree_parse(const char *buf, size_t len, struct etsn_diag *d)
{
	struct reader r = {
		.p = (const unsigned char *)buf, .end = (const unsigned char *)buf + len,
		.line = 1, .col = 1, .d = d,
	};
	struct etsn_ynode *root = value(&r, 0);

	if (!root)
		return NULL;
	skip_blanks(&r);
	if (r.p < r.end) {
		fail(&r, "more after the value");
		etsn_ytree_free(root);
		return NULL;
	}
	return root;
}
