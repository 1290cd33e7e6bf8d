/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Streaming JSON writer for `-j` output: commas, nesting and string
 * escaping in one place, so commands only name keys and values.
 */
#ifndef EDGETSN_JSON_H
#define EDGETSN_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define ETSN_JSON_MAX_DEPTH 16

struct etsn_json {
	FILE *out;
	int depth;
	bool need_comma[ETSN_JSON_MAX_DEPTH];
	bool overflow;
	bool pretty;
};

/* Writers initialised after this indent their documents (etsnctl -p). */
void etsn_json_set_pretty(bool pretty);
bool etsn_json_get_pretty(void);
void etsn_json_init(struct etsn_json *j, FILE *out);
/* key is NULL for values inside arrays and for the top-level value. */
void etsn_json_open_object(struct etsn_json *j, const char *key);
void etsn_json_close_object(struct etsn_json *j);
void etsn_json_open_array(struct etsn_json *j, const char *key);
void etsn_json_close_array(struct etsn_json *j);
void etsn_json_string(struct etsn_json *j, const char *key, const char *value);
void etsn_json_u64(struct etsn_json *j, const char *key, uint64_t value);
void etsn_json_s64(struct etsn_json *j, const char *key, int64_t value);
void etsn_json_bool(struct etsn_json *j, const char *key, bool value);
void etsn_json_null(struct etsn_json *j, const char *key);
/* A value that is JSON text already (checked by the caller), as it is. */
void etsn_json_raw(struct etsn_json *j, const char *key, const char *text);
/* Ends the document with a newline; false if nesting was unbalanced. */
bool etsn_json_finish(struct etsn_json *j);

#endif
