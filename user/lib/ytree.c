// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ytree.h"

const char *etsn_ynode_kind_name(enum etsn_ynode_kind kind)
{
	switch (kind) {
	case ETSN_Y_SCALAR:
		return "a scalar";
	case ETSN_Y_MAP:
		return "a mapping";
	default:
		return "a list";
	}
}

void etsn_ytree_free(struct etsn_ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		etsn_ytree_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

struct loader {
	yaml_parser_t parser;
	struct etsn_diag *d;
	bool failed;
	/* libyaml counts characters; marks map to bytes through a cursor. */
	const unsigned char *buf;
	size_t len, at_char, at_byte;
};

/* The byte offset of character index idx (after a BOM, as libyaml counts). */
static size_t byte_of(struct loader *l, size_t idx)
{
	if (idx < l->at_char || !l->at_byte) {
		l->at_char = 0;
		l->at_byte = l->len >= 3 && !memcmp(l->buf, "\xef\xbb\xbf", 3) ? 3 : 0;
	}
	while (l->at_char < idx && l->at_byte < l->len) {
		l->at_byte++;
		while (l->at_byte < l->len && (l->buf[l->at_byte] & 0xc0) == 0x80)
			l->at_byte++;
		l->at_char++;
	}
	return l->at_byte;
}

/* Reports once: after a syntax error libyaml's state is final anyway. */
static void fail_at(struct loader *l, const yaml_mark_t *m, const char *what)
{
	if (!l->failed)
		etsn_diag_add(l->d, (unsigned int)m->line + 1, (unsigned int)m->column + 1, "%s",
			      what);
	l->failed = true;
}

static bool next_event(struct loader *l, yaml_event_t *ev)
{
	if (yaml_parser_parse(&l->parser, ev))
		return true;
	if (!l->failed) {
		const yaml_mark_t *m = &l->parser.problem_mark;
		char why[256];

		snprintf(why, sizeof(why), "YAML syntax: %s%s%s",
			 l->parser.problem ? l->parser.problem : "malformed document",
			 l->parser.context ? " " : "",
			 l->parser.context ? l->parser.context : "");
		etsn_diag_add(l->d, (unsigned int)m->line + 1, (unsigned int)m->column + 1,
			      "%s", why);
	}
	l->failed = true;
	return false;
}

static struct etsn_ynode *new_node(struct loader *l, enum etsn_ynode_kind kind,
				   const yaml_mark_t *m)
{
	struct etsn_ynode *n = calloc(1, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->line = (unsigned int)m->line + 1;
		n->col = (unsigned int)m->column + 1;
		n->start = byte_of(l, m->index);
		n->end = n->start;
	}
	return n;
}

static bool add_kid(struct etsn_ynode *parent, struct etsn_ynode *kid)
{
	struct etsn_ynode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));

	if (!k)
		return false;
	parent->kids = k;
	k[parent->nkids++] = kid;
	return true;
}

static struct etsn_ynode *load_node(struct loader *l, yaml_event_t *ev, int depth);

/* The items of a mapping or sequence up to its end event. */
static bool load_kids(struct loader *l, struct etsn_ynode *n, yaml_event_type_t end, int depth)
{
	for (;;) {
		struct etsn_ynode *kid;
		yaml_event_t ev;

		if (!next_event(l, &ev))
			return false;
		if (ev.type == end) {
			/* A flow collection ends at its bracket; a block one
			 * at its last item (libyaml's end is the next token).
			 */
			if (n->start < l->len && (l->buf[n->start] == '{' || l->buf[n->start] == '['))
				n->end = byte_of(l, ev.end_mark.index);
			else if (n->nkids)
				n->end = n->kids[n->nkids - 1]->end;
			yaml_event_delete(&ev);
			return true;
		}
		kid = load_node(l, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!kid)
			return false;
		if (!add_kid(n, kid)) {
			etsn_ytree_free(kid);
			fail_at(l, &l->parser.mark, "out of memory");
			return false;
		}
	}
}

static const char *anchor_of(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.anchor;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.anchor;
	default:
		return NULL;
	}
}

/* A tag the user wrote: libyaml gives plain scalars none. */
static bool has_tag(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.tag != NULL;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.tag != NULL;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.tag != NULL;
	default:
		return false;
	}
}

static struct etsn_ynode *load_node(struct loader *l, yaml_event_t *ev, int depth)
{
	struct etsn_ynode *n = NULL;

	if (depth > ETSN_YTREE_MAX_DEPTH) {
		fail_at(l, &ev->start_mark, "nested deeper than 32 levels");
		return NULL;
	}
	if (ev->type == YAML_ALIAS_EVENT || anchor_of(ev)) {
		fail_at(l, &ev->start_mark, "anchors and aliases (& and *) are not supported");
		return NULL;
	}
	if (has_tag(ev)) {
		fail_at(l, &ev->start_mark, "tags (!) are not supported");
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = new_node(l, ETSN_Y_SCALAR, &ev->start_mark);
		if (!n)
			break;
		n->len = ev->data.scalar.length;
		n->text = malloc(n->len + 1);
		if (!n->text) {
			free(n);
			n = NULL;
			break;
		}
		memcpy(n->text, ev->data.scalar.value, n->len);
		n->text[n->len] = '\0';
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		n->end = byte_of(l, ev->end_mark.index);
		return n;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT: {
		bool map = ev->type == YAML_MAPPING_START_EVENT;

		n = new_node(l, map ? ETSN_Y_MAP : ETSN_Y_SEQ, &ev->start_mark);
		if (!n)
			break;
		if (!load_kids(l, n, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT,
			       depth)) {
			etsn_ytree_free(n);
			return NULL;
		}
		return n;
	}
	default:
		fail_at(l, &ev->start_mark, "unexpected YAML event");
		return NULL;
	}
	fail_at(l, &ev->start_mark, "out of memory");
	return NULL;
}

/* Events of one event type in a row, or false (error reported). */
static bool expect(struct loader *l, yaml_event_type_t type, const char *what)
{
	yaml_event_t ev;
	bool ok;

	if (!next_event(l, &ev))
		return false;
	ok = ev.type == type;
	if (!ok)
		fail_at(l, &ev.start_mark, what);
	yaml_event_delete(&ev);
	return ok;
}

struct etsn_ynode *etsn_ytree_parse(const char *buf, size_t len, struct etsn_diag *d)
{
	struct loader l = { .d = d, .buf = (const unsigned char *)buf, .len = len };
	struct etsn_ynode *root = NULL;
	yaml_event_t ev;

	if (!yaml_parser_initialize(&l.parser)) {
		etsn_diag_add(d, 1, 1, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)buf, len);
	if (!expect(&l, YAML_STREAM_START_EVENT, "not a YAML stream") || !next_event(&l, &ev))
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {	/* empty file */
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);	/* document start */
	if (!next_event(&l, &ev))
		goto out;
	root = load_node(&l, &ev, 0);
	yaml_event_delete(&ev);
	if (!root || !expect(&l, YAML_DOCUMENT_END_EVENT, "more than one value at the top"))
		goto out;
	if (!next_event(&l, &ev))
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT)
		fail_at(&l, &ev.start_mark, "a second YAML document: one file holds one");
	yaml_event_delete(&ev);
out:
	yaml_parser_delete(&l.parser);
	if (l.failed) {
		etsn_ytree_free(root);
		return NULL;
	}
	return root;
}
