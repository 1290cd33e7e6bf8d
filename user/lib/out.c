// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdarg.h>

#include "out.h"

const char ETSN_OUT_ITEM[] = "";

/* The JSON key: none for array items. */
static const char *jkey(const char *key)
{
	return key == ETSN_OUT_ITEM ? NULL : key;
}

void etsn_out_begin(struct etsn_out *o, FILE *f, bool json)
{
	etsn_out_begin_value(o, f, json);
	o->top_object = json;
	if (json)
		etsn_json_open_object(o->jw, NULL);
}

void etsn_out_begin_value(struct etsn_out *o, FILE *f, bool json)
{
	o->json = json;
	o->f = f;
	o->jw = &o->j;
	o->top_object = false;
	if (json)
		etsn_json_init(o->jw, f);
}

void etsn_out_into(struct etsn_out *o, struct etsn_json *j)
{
	o->json = true;
	o->f = j->out;
	o->jw = j;
	o->top_object = false;
}

void etsn_out_result(struct etsn_out *o, bool json, const char *dev, const char *action)
{
	etsn_out_begin(o, stdout, json);
	if (json) {
		etsn_json_string(o->jw, "ifname", dev);
		etsn_json_string(o->jw, "action", action);
	} else {
		fprintf(o->f, "%s:", dev);
	}
}

bool etsn_out_result_quiet(bool json, const char *dev, const char *action)
{
	struct etsn_out o;

	if (!json)
		return true;
	etsn_out_result(&o, true, dev, action);
	return etsn_out_end(&o);
}

bool etsn_out_end(struct etsn_out *o)
{
	if (!o->json)
		return true;
	if (o->top_object)
		etsn_json_close_object(o->jw);
	return etsn_json_finish(o->jw);
}

/* The format is the caller's literal; -Wformat cannot see through it. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void etsn_out_u64(struct etsn_out *o, const char *key, const char *fmt, uint64_t v)
{
	if (o->json && key)
		etsn_json_u64(o->jw, jkey(key), v);
	else if (!o->json && fmt)
		fprintf(o->f, fmt, v);
}

void etsn_out_s64(struct etsn_out *o, const char *key, const char *fmt, int64_t v)
{
	if (o->json && key)
		etsn_json_s64(o->jw, jkey(key), v);
	else if (!o->json && fmt)
		fprintf(o->f, fmt, v);
}

void etsn_out_str(struct etsn_out *o, const char *key, const char *fmt, const char *v)
{
	if (o->json && key)
		etsn_json_string(o->jw, jkey(key), v);
	else if (!o->json && fmt)
		fprintf(o->f, fmt, v);
}

void etsn_out_bool(struct etsn_out *o, const char *key, const char *fmt, bool v,
		   const char *yes, const char *no)
{
	if (o->json && key)
		etsn_json_bool(o->jw, jkey(key), v);
	else if (!o->json && fmt)
		fprintf(o->f, fmt, v ? yes : no);
}

void etsn_out_count(struct etsn_out *o, const char *name, uint64_t v)
{
	if (o->json)
		etsn_json_u64(o->jw, name, v);
	else
		fprintf(o->f, " %s %" PRIu64, name, v);
}

void etsn_out_row(struct etsn_out *o, const char *name, uint64_t v)
{
	if (o->json)
		etsn_json_u64(o->jw, name, v);
	else
		fprintf(o->f, "  %-17s %" PRIu64 "\n", name, v);
}

void etsn_out_text(struct etsn_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

void etsn_out_dev(struct etsn_out *o, uint32_t ifindex, const char *ifname)
{
	if (o->json) {
		etsn_json_u64(o->jw, "ifindex", ifindex);
		etsn_json_string(o->jw, "ifname", ifname);
	} else if (ifname[0]) {
		fprintf(o->f, "dev %s (ifindex %" PRIu32 ")\n", ifname, ifindex);
	} else {
		fprintf(o->f, "dev ifindex %" PRIu32 "\n", ifindex);
	}
}

void etsn_out_open(struct etsn_out *o, const char *key, const char *text)
{
	if (o->json)
		etsn_json_open_object(o->jw, jkey(key));
	else if (text)
		fputs(text, o->f);
}

void etsn_out_close(struct etsn_out *o)
{
	if (o->json)
		etsn_json_close_object(o->jw);
}

void etsn_out_open_array(struct etsn_out *o, const char *key, const char *text)
{
	if (o->json)
		etsn_json_open_array(o->jw, jkey(key));
	else if (text)
		fputs(text, o->f);
}

void etsn_out_close_array(struct etsn_out *o)
{
	if (o->json)
		etsn_json_close_array(o->jw);
}
