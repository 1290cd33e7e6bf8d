// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>

#include "json.h"

/* etsnctl -p: one switch for every writer of the process, so commands
 * need not carry it.
 */
static bool pretty_default;

void etsn_json_set_pretty(bool pretty)
{
	pretty_default = pretty;
}

bool etsn_json_get_pretty(void)
{
	return pretty_default;
}

void etsn_json_init(struct etsn_json *j, FILE *out)
{
	*j = (struct etsn_json){ .out = out, .pretty = pretty_default };
}

static void newline_indent(struct etsn_json *j, int depth)
{
	fputc('\n', j->out);
	for (int i = 0; i < depth; i++)
		fputs("  ", j->out);
}

static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Comma and key before any value at the current depth. */
static void begin_value(struct etsn_json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->out);
	j->need_comma[j->depth] = true;
	if (j->pretty && j->depth > 0)
		newline_indent(j, j->depth);
	if (key) {
		put_string(j->out, key);
		fputs(j->pretty ? ": " : ":", j->out);
	}
}

static void open(struct etsn_json *j, const char *key, char c)
{
	begin_value(j, key);
	fputc(c, j->out);
	if (j->depth + 1 >= ETSN_JSON_MAX_DEPTH) {
		j->overflow = true;
		return;
	}
	j->need_comma[++j->depth] = false;
}

static void close_(struct etsn_json *j, char c)
{
	bool had_values = j->need_comma[j->depth];

	if (j->depth == 0)
		j->overflow = true;
	else
		j->depth--;
	if (j->pretty && had_values)
		newline_indent(j, j->depth);
	fputc(c, j->out);
}

void etsn_json_open_object(struct etsn_json *j, const char *key) { open(j, key, '{'); }
void etsn_json_close_object(struct etsn_json *j) { close_(j, '}'); }
void etsn_json_open_array(struct etsn_json *j, const char *key) { open(j, key, '['); }
void etsn_json_close_array(struct etsn_json *j) { close_(j, ']'); }

void etsn_json_string(struct etsn_json *j, const char *key, const char *value)
{
	begin_value(j, key);
	put_string(j->out, value);
}

void etsn_json_u64(struct etsn_json *j, const char *key, uint64_t value)
{
	begin_value(j, key);
	fprintf(j->out, "%" PRIu64, value);
}

void etsn_json_s64(struct etsn_json *j, const char *key, int64_t value)
{
	begin_value(j, key);
	fprintf(j->out, "%" PRId64, value);
}

void etsn_json_bool(struct etsn_json *j, const char *key, bool value)
{
	begin_value(j, key);
	fputs(value ? "true" : "false", j->out);
}

void etsn_json_null(struct etsn_json *j, const char *key)
{
	begin_value(j, key);
	fputs("null", j->out);
}

void etsn_json_raw(struct etsn_json *j, const char *key, const char *text)
{
	begin_value(j, key);
	fputs(text, j->out);
}

bool etsn_json_finish(struct etsn_json *j)
{
	fputc('\n', j->out);
	return !j->overflow && j->depth == 0;
}
