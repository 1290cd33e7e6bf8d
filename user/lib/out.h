/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One print path for text and JSON (iproute2's print_*(PRINT_ANY, ...)):
 * each call names a value once, with its JSON key and its text form, so
 * the two outputs cannot drift. Under -j only keys are written (one
 * document, nothing else on stdout); otherwise only the text formats are.
 * A NULL key is text only; a NULL format is JSON only. A value that is
 * absent is not printed at all: JSON omits its key (docs/json.md).
 * ETSN_OUT_ITEM as the key is a value of the array being written.
 */
#ifndef EDGETSN_OUT_H
#define EDGETSN_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"

extern const char ETSN_OUT_ITEM[];

struct etsn_out {
	bool json;
	FILE *f;
	struct etsn_json j;
	struct etsn_json *jw;	/* the writer: j, or one given to etsn_out_into */
	bool top_object;	/* begin opened the document's object; end closes it */
};

/* Starts the output of one command: with json, its top-level object. */
void etsn_out_begin(struct etsn_out *o, FILE *f, bool json);
/* The same, but the caller writes the document's one value itself: an
 * array, or an object opened with ETSN_OUT_ITEM (a list of devices).
 */
void etsn_out_begin_value(struct etsn_out *o, FILE *f, bool json);
/* JSON only, into a document j is writing (a value inside another one,
 * e.g. the agent's MQTT payloads); nothing to begin or end.
 */
void etsn_out_into(struct etsn_out *o, struct etsn_json *j);
/* The result of an action command (docs/json.md): JSON {"ifname": dev,
 * "action": action, ...}, text "DEV:" and what the caller adds.
 */
void etsn_out_result(struct etsn_out *o, bool json, const char *dev, const char *action);
/* A result with nothing more to say: under -j {"ifname", "action"}; in
 * text nothing, as tc says nothing when a change worked. false: a bug.
 */
bool etsn_out_result_quiet(bool json, const char *dev, const char *action);
/* Ends it; false if the JSON nesting was unbalanced (a bug). */
bool etsn_out_end(struct etsn_out *o);

/* fmt holds one conversion for the value: PRIu64, PRId64 or %s. */
void etsn_out_u64(struct etsn_out *o, const char *key, const char *fmt, uint64_t v);
void etsn_out_s64(struct etsn_out *o, const char *key, const char *fmt, int64_t v);
void etsn_out_str(struct etsn_out *o, const char *key, const char *fmt, const char *v);
/* Text: fmt with "yes"/"no"... given as the two words. */
void etsn_out_bool(struct etsn_out *o, const char *key, const char *fmt, bool v,
		   const char *yes, const char *no);
/* A named count: JSON "name": v, text " name v" (counters). */
void etsn_out_count(struct etsn_out *o, const char *name, uint64_t v);
/* A row of a table: JSON "name": v, text "  name(padded) v\n". */
void etsn_out_row(struct etsn_out *o, const char *name, uint64_t v);
/* Text only. */
void etsn_out_text(struct etsn_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The device a document is about: JSON "ifindex" and "ifname", text a
 * line "dev NAME (ifindex N)" ("dev ifindex N" when it has no name).
 */
void etsn_out_dev(struct etsn_out *o, uint32_t ifindex, const char *ifname);

/* A nested object or array; text is the label printed before it, or NULL. */
void etsn_out_open(struct etsn_out *o, const char *key, const char *text);
void etsn_out_close(struct etsn_out *o);
void etsn_out_open_array(struct etsn_out *o, const char *key, const char *text);
void etsn_out_close_array(struct etsn_out *o);

#endif
