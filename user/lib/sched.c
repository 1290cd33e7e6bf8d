// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "fmt.h"
#include "genl.h"
#include "parse.h"
#include "sched.h"
#include "words.h"

static const struct {
	const char *name;
	uint32_t id;
} clocks[] = {
	{ "tai", CLOCK_TAI }, { "realtime", CLOCK_REALTIME },
	{ "monotonic", CLOCK_MONOTONIC }, { "boottime", CLOCK_BOOTTIME },
};

int etsn_clock_parse(const char *s, uint32_t *clockid)
{
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		if (strcmp(s, clocks[i].name) == 0) {
			*clockid = clocks[i].id;
			return 0;
		}
	}
	return -EINVAL;
}

const char *etsn_clock_name(uint32_t clockid, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		if (clocks[i].id == clockid)
			return clocks[i].name;
	snprintf(buf, len, "clock%" PRIu32, clockid);
	return buf;
}

int etsn_clock_now(uint32_t clockid, int64_t *now)
{
	struct timespec ts;

	if (clock_gettime((clockid_t)clockid, &ts))
		return -errno;
	*now = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	return 0;
}

static const char *const op_letters[__EDGETSN_GATE_OP_MAX] = {
	[EDGETSN_GATE_OP_SET] = "S",
	[EDGETSN_GATE_OP_SET_AND_HOLD] = "H",
	[EDGETSN_GATE_OP_SET_AND_RELEASE] = "R",
};

static const char *const op_words[__EDGETSN_GATE_OP_MAX] = {
	[EDGETSN_GATE_OP_SET] = "set",
	[EDGETSN_GATE_OP_SET_AND_HOLD] = "hold",
	[EDGETSN_GATE_OP_SET_AND_RELEASE] = "release",
};

int etsn_gate_op_parse(const char *s, uint8_t *op)
{
	for (uint8_t i = 0; i < __EDGETSN_GATE_OP_MAX; i++) {
		if (strcmp(s, op_letters[i]) == 0 || strcmp(s, op_words[i]) == 0) {
			*op = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *etsn_gate_op_name(uint8_t op)
{
	return op < __EDGETSN_GATE_OP_MAX ? op_letters[op] : "?";
}

/* Gate mask: 0x-prefixed hex or decimal, at most 0xff. */
static int parse_mask(const char *s, uint8_t *mask)
{
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		const char *p = s + 2;

		if (!*p)
			return -EINVAL;
		for (; *p; p++) {
			int d;

			if (*p >= '0' && *p <= '9')
				d = *p - '0';
			else if (*p >= 'a' && *p <= 'f')
				d = *p - 'a' + 10;
			else if (*p >= 'A' && *p <= 'F')
				d = *p - 'A' + 10;
			else
				return -EINVAL;
			if (v > 0xff)
				return -ERANGE;
			v = v * 16 + (unsigned)d;
		}
	} else {
		int err = etsn_parse_u64(s, &v);

		if (err)
			return err;
	}
	if (v > 0xff)
		return -ERANGE;
	*mask = (uint8_t)v;
	return 0;
}

struct parser {
	struct etsn_sched *s;
	char *err;
	size_t errlen;
	/* base-time resolves once the clock is known, which may come later. */
	char base_time[64];
	unsigned base_time_line;
};

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int parse_duration(struct parser *p, const char *kw, const char *s, uint64_t *v)
{
	int err = etsn_parse_duration_ns(s, v);

	if (err == -ERANGE)
		return fail(p, "%s '%s' is too long", kw, s);
	if (err)
		return fail(p, "%s '%s' is not a duration (e.g. 250us, 1ms, 1000)", kw, s);
	return 0;
}

static int parse_entry(struct parser *p, char **w)
{
	struct etsn_sched_entry *e;
	uint64_t interval;
	uint8_t op, mask;
	int err;

	if (p->s->num_entries >= EDGETSN_MAX_ENTRIES)
		return fail(p, "more than %d entries", EDGETSN_MAX_ENTRIES);
	if (etsn_gate_op_parse(w[0], &op))
		return fail(p, "unknown entry operation '%s' (S, H or R)", w[0]);
	err = parse_mask(w[1], &mask);
	if (err == -ERANGE)
		return fail(p, "gate mask '%s' is above 0xff (classes 0 to %d)", w[1],
			    EDGETSN_NUM_TC - 1);
	if (err)
		return fail(p, "gate mask '%s' is not a number (hex 0x.. or decimal)", w[1]);
	err = parse_duration(p, "interval", w[2], &interval);
	if (err)
		return err;
	if (interval == 0)
		return fail(p, "interval must be at least 1ns");
	if (interval > UINT32_MAX)
		return fail(p, "interval '%s' is above %" PRIu32 "ns", w[2], UINT32_MAX);
	e = &p->s->entries[p->s->num_entries++];
	e->op = op;
	e->gates = mask;
	e->interval = (uint32_t)interval;
	return 0;
}

/* One keyword and its arguments from w[0..n); returns the words used. */
static int parse_keyword(struct parser *p, int n, char **w, unsigned line)
{
	struct etsn_sched *s = p->s;
	int err;

	if (strcmp(w[0], "entry") == 0) {
		if (n < 4)
			return fail(p, "'entry' needs OP MASK INTERVAL");
		err = parse_entry(p, w + 1);
		return err ? err : 4;
	}
	if (n < 2 && (strcmp(w[0], "base-time") == 0 || strcmp(w[0], "cycle-time") == 0 ||
		      strcmp(w[0], "extension") == 0 || strcmp(w[0], "clock") == 0))
		return fail(p, "'%s' needs a value", w[0]);
	if (strcmp(w[0], "base-time") == 0) {
		int64_t t;

		if (s->has_base_time)
			return fail(p, "base-time given twice");
		/* Syntax now, value once the clock is known. */
		err = etsn_parse_time_ns(w[1], 0, &t);
		if (err == -ERANGE)
			return fail(p, "base-time '%s' is out of range (times are 64-bit nanoseconds: "
				    "at most 9223372036s, about the year 2262)", w[1]);
		if (err || strlen(w[1]) >= sizeof(p->base_time))
			return fail(p, "base-time '%s' is not a time (seconds[.fraction], "
				    "<n>ns/us/ms/s, or +DURATION from now)", w[1]);
		s->has_base_time = true;
		snprintf(p->base_time, sizeof(p->base_time), "%s", w[1]);
		p->base_time_line = line;
		return 2;
	}
	if (strcmp(w[0], "cycle-time") == 0) {
		if (s->has_cycle_time)
			return fail(p, "cycle-time given twice");
		err = parse_duration(p, "cycle-time", w[1], &s->cycle_time);
		s->has_cycle_time = !err;
		return err ? err : 2;
	}
	if (strcmp(w[0], "extension") == 0) {
		if (s->has_extension)
			return fail(p, "extension given twice");
		err = parse_duration(p, "extension", w[1], &s->extension);
		s->has_extension = !err;
		return err ? err : 2;
	}
	if (strcmp(w[0], "clock") == 0) {
		if (s->has_clockid)
			return fail(p, "clock given twice");
		if (etsn_clock_parse(w[1], &s->clockid))
			return fail(p, "unknown clock '%s' (tai, realtime, monotonic, boottime)",
				    w[1]);
		s->has_clockid = true;
		return 2;
	}
	return fail(p, "unknown keyword '%s'", w[0]);
}

static int parse_words(struct parser *p, int argc, char **argv, unsigned line)
{
	for (int i = 0; i < argc;) {
		int n = parse_keyword(p, argc - i, argv + i, line);

		if (n < 0)
			return n;
		i += n;
	}
	return 0;
}

/* After the last word: entries present, base-time on its clock. */
static int finish(struct parser *p, etsn_clock_fn now_fn, int64_t *base)
{
	int64_t now = 0;
	int err;

	if (!p->s->num_entries)
		return fail(p, "no entries: a schedule needs at least one 'entry OP MASK INTERVAL'");
	if (!p->s->has_base_time || p->base_time[0] != '+')
		return p->s->has_base_time ? etsn_parse_time_ns(p->base_time, 0, base) : 0;
	err = now_fn(p->s->has_clockid ? p->s->clockid : CLOCK_TAI, &now);
	if (err)
		return fail(p, "cannot read the clock: %s", strerror(-err));
	if (etsn_parse_time_ns(p->base_time, now, base))
		return fail(p, "base-time '%s' is too far in the future", p->base_time);
	return 0;
}

int etsn_sched_parse_words(struct etsn_sched *s, int argc, char **argv,
			   etsn_clock_fn now, char *err, size_t errlen)
{
	struct parser p = { .s = s, .err = err, .errlen = errlen };
	int ret;

	memset(s, 0, sizeof(*s));
	ret = parse_words(&p, argc, argv, 0);
	if (!ret)
		ret = finish(&p, now ? now : etsn_clock_now, &s->base_time);
	return ret;
}

#define MAX_WORDS_PER_LINE 64

int etsn_sched_parse_stream(struct etsn_sched *s, FILE *f, const char *name,
			    etsn_clock_fn now, char *err, size_t errlen)
{
	struct parser p = { .s = s, .err = err, .errlen = errlen };
	char *line = NULL, *words[MAX_WORDS_PER_LINE];
	char reason[256];
	size_t cap = 0;
	unsigned lineno = 0;
	int n, ret = 0;

	memset(s, 0, sizeof(*s));
	while (!ret && getline(&line, &cap, f) >= 0) {
		lineno++;
		n = etsn_split_line(line, words, MAX_WORDS_PER_LINE);
		if (n < 0)
			ret = fail(&p, "more than %d words on one line", MAX_WORDS_PER_LINE);
		else
			ret = parse_words(&p, n, words, lineno);
	}
	free(line);
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: read error", name);
		return -EIO;
	}
	if (ret) {
		snprintf(reason, sizeof(reason), "%s", err);
		snprintf(err, errlen, "%s:%u: %s", name, lineno, reason);
		return ret;
	}
	ret = finish(&p, now ? now : etsn_clock_now, &s->base_time);
	if (ret) {
		snprintf(reason, sizeof(reason), "%s", err);
		if (p.base_time_line && s->num_entries)
			snprintf(err, errlen, "%s:%u: %s", name, p.base_time_line, reason);
		else
			snprintf(err, errlen, "%s: %s", name, reason);
	}
	return ret;
}

int etsn_sched_parse_file(struct etsn_sched *s, const char *path,
			  etsn_clock_fn now, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		ret = -errno;
		memset(s, 0, sizeof(*s));
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	ret = etsn_sched_parse_stream(s, f, path, now, err, errlen);
	fclose(f);
	return ret;
}

const char *etsn_sched_check(const struct etsn_sched *s, bool *ext_at_fault)
{
	uint64_t sum = 0, cycle;

	*ext_at_fault = false;
	if (!s->num_entries)
		return "schedule has no entries";
	if (s->num_entries > EDGETSN_MAX_ENTRIES)
		return "schedule has more than 1024 entries";
	if (s->has_base_time && s->base_time < 0)
		return "base time must not be negative";
	for (uint32_t i = 0; i < s->num_entries; i++) {
		if (s->entries[i].op >= __EDGETSN_GATE_OP_MAX)
			return "entry has an unknown operation";
		if (!s->entries[i].interval)
			return "entry interval must not be 0";
		sum += s->entries[i].interval;	/* at most 1024 * UINT32_MAX */
	}
	/* A cycle time left out (or 0) is the sum of the intervals. */
	cycle = s->has_cycle_time && s->cycle_time ? s->cycle_time : sum;
	if (cycle < sum)
		return "cycle time is shorter than the sum of the entry intervals";
	if (cycle > INT64_MAX)
		return "cycle time is too long";
	if (s->has_extension && s->extension >= cycle) {
		*ext_at_fault = true;
		return "cycle time extension must be shorter than the cycle";
	}
	return NULL;
}

size_t etsn_sched_msg_size(const struct etsn_sched *s)
{
	/* Nest, four scalars with padding, then entries of three scalars. */
	return 256 + (size_t)s->num_entries * (NLA_HDRLEN + 3 * NLA_ALIGN(NLA_HDRLEN + 4));
}

int etsn_sched_put(struct nl_msg *msg, int attrtype, const struct etsn_sched *s)
{
	struct nlattr *nest = nla_nest_start(msg, attrtype);
	int err = 0;

	if (!nest)
		return -NLE_NOMEM;
	if (s->has_base_time)
		err = nla_put_s64(msg, EDGETSN_A_SCHED_BASE_TIME, s->base_time);
	if (!err && s->has_cycle_time)
		err = nla_put_u64(msg, EDGETSN_A_SCHED_CYCLE_TIME, s->cycle_time);
	if (!err && s->has_extension)
		err = nla_put_u64(msg, EDGETSN_A_SCHED_CYCLE_TIME_EXT, s->extension);
	if (!err && s->has_clockid)
		err = nla_put_u32(msg, EDGETSN_A_SCHED_CLOCKID, s->clockid);
	for (uint32_t i = 0; !err && i < s->num_entries; i++) {
		struct nlattr *e = nla_nest_start(msg, EDGETSN_A_SCHED_ENTRY);

		if (!e)
			return -NLE_NOMEM;
		err = nla_put_u8(msg, EDGETSN_A_ENTRY_OP, s->entries[i].op);
		if (!err)
			err = nla_put_u8(msg, EDGETSN_A_ENTRY_GATES, s->entries[i].gates);
		if (!err)
			err = nla_put_u32(msg, EDGETSN_A_ENTRY_INTERVAL, s->entries[i].interval);
		if (!err)
			err = nla_nest_end(msg, e);
	}
	if (!err)
		err = nla_nest_end(msg, nest);
	return err;
}

static struct nla_policy sched_policy[EDGETSN_A_SCHED_MAX + 1] = {
	[EDGETSN_A_SCHED_BASE_TIME] = { .type = NLA_S64 },
	[EDGETSN_A_SCHED_CYCLE_TIME] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_CYCLE_TIME_EXT] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_CLOCKID] = { .type = NLA_U32 },
	[EDGETSN_A_SCHED_ENTRY] = { .type = NLA_NESTED },
};

static struct nla_policy entry_policy[EDGETSN_A_ENTRY_MAX + 1] = {
	[EDGETSN_A_ENTRY_OP] = { .type = NLA_U8 },
	[EDGETSN_A_ENTRY_GATES] = { .type = NLA_U8 },
	[EDGETSN_A_ENTRY_INTERVAL] = { .type = NLA_U32 },
};

int etsn_sched_from_nest(struct nlattr *nest, struct etsn_sched *s)
{
	struct nlattr *tb[EDGETSN_A_SCHED_MAX + 1], *a;
	int rem;

	memset(s, 0, sizeof(*s));
	if (nla_parse_nested(tb, EDGETSN_A_SCHED_MAX, nest, sched_policy) < 0)
		return -EPROTO;
	if ((s->has_base_time = tb[EDGETSN_A_SCHED_BASE_TIME]))
		s->base_time = nla_get_s64(tb[EDGETSN_A_SCHED_BASE_TIME]);
	if ((s->has_cycle_time = tb[EDGETSN_A_SCHED_CYCLE_TIME]))
		s->cycle_time = nla_get_u64(tb[EDGETSN_A_SCHED_CYCLE_TIME]);
	if ((s->has_extension = tb[EDGETSN_A_SCHED_CYCLE_TIME_EXT]))
		s->extension = nla_get_u64(tb[EDGETSN_A_SCHED_CYCLE_TIME_EXT]);
	if ((s->has_clockid = tb[EDGETSN_A_SCHED_CLOCKID]))
		s->clockid = nla_get_u32(tb[EDGETSN_A_SCHED_CLOCKID]);
	nla_for_each_nested(a, nest, rem) {
		struct nlattr *te[EDGETSN_A_ENTRY_MAX + 1];
		struct etsn_sched_entry *e;

		if (nla_type(a) != EDGETSN_A_SCHED_ENTRY)
			continue;
		if (s->num_entries == EDGETSN_MAX_ENTRIES)
			return -E2BIG;
		if (nla_parse_nested(te, EDGETSN_A_ENTRY_MAX, a, entry_policy) < 0 ||
		    !te[EDGETSN_A_ENTRY_GATES] || !te[EDGETSN_A_ENTRY_INTERVAL])
			return -EPROTO;
		e = &s->entries[s->num_entries++];
		e->op = te[EDGETSN_A_ENTRY_OP] ? nla_get_u8(te[EDGETSN_A_ENTRY_OP])
					       : EDGETSN_GATE_OP_SET;
		e->gates = nla_get_u8(te[EDGETSN_A_ENTRY_GATES]);
		e->interval = nla_get_u32(te[EDGETSN_A_ENTRY_INTERVAL]);
	}
	return 0;
}

/* Text output reads back as a schedule file: values first, humans after '#'. */
void etsn_sched_out(struct etsn_out *o, const char *key, const char *label,
		    const struct etsn_sched *s, int indent)
{
	char b[48];

	etsn_out_open(o, key, label);
	if (s->has_clockid) {
		etsn_out_text(o, "%*s", indent, "");
		etsn_out_str(o, "clock", "clock %s\n", etsn_clock_name(s->clockid, b, sizeof(b)));
	}
	if (s->has_base_time) {
		etsn_out_text(o, "%*sbase-time %s  # ", indent, "",
			      etsn_fmt_time(s->base_time, b, sizeof(b)));
		etsn_out_s64(o, "base_time_ns", "%" PRId64 "ns\n", s->base_time);
	}
	if (s->has_cycle_time) {
		etsn_out_text(o, "%*s", indent, "");
		etsn_out_u64(o, "cycle_time_ns", "cycle-time %" PRIu64, s->cycle_time);
		etsn_out_text(o, "  # %s\n", etsn_fmt_duration(s->cycle_time, b, sizeof(b)));
	}
	if (s->has_extension) {
		etsn_out_text(o, "%*s", indent, "");
		etsn_out_u64(o, "extension_ns", "extension %" PRIu64, s->extension);
		etsn_out_text(o, "  # %s\n", etsn_fmt_duration(s->extension, b, sizeof(b)));
	}
	etsn_out_open_array(o, "entries", NULL);
	for (uint32_t i = 0; i < s->num_entries; i++) {
		const struct etsn_sched_entry *e = &s->entries[i];

		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(o, "index", NULL, i);
		etsn_out_text(o, "%*sentry ", indent, "");
		etsn_out_str(o, "op", "%s ", etsn_gate_op_name(e->op));
		etsn_out_u64(o, "gates", "0x%02" PRIx64 " ", e->gates);
		etsn_out_u64(o, "interval_ns", "%-10" PRIu64, e->interval);
		etsn_out_text(o, " # %" PRIu32 ": %s\n", i,
			      etsn_fmt_duration(e->interval, b, sizeof(b)));
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
	etsn_out_close(o);
}

void etsn_sched_print(FILE *out, const struct etsn_sched *s, int indent)
{
	struct etsn_out o;

	etsn_out_begin(&o, out, false);
	etsn_sched_out(&o, NULL, NULL, s, indent);
}

void etsn_sched_json(struct etsn_json *j, const char *key, const struct etsn_sched *s)
{
	struct etsn_out o;

	etsn_out_into(&o, j);
	etsn_sched_out(&o, key, NULL, s, 0);
}

static struct nla_policy status_policy[EDGETSN_A_STATUS_MAX + 1] = {
	[EDGETSN_A_STATUS_CONFIG_PENDING] = { .type = NLA_FLAG },
	[EDGETSN_A_STATUS_CONFIG_CHANGE_TIME] = { .type = NLA_S64 },
	[EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR] = { .type = NLA_U64 },
	[EDGETSN_A_STATUS_CURRENT_ENTRY] = { .type = NLA_U32 },
	[EDGETSN_A_STATUS_CURRENT_TIME] = { .type = NLA_S64 },
	[EDGETSN_A_STATUS_GATES] = { .type = NLA_U8 },
	[EDGETSN_A_STATUS_CLOCKID] = { .type = NLA_U32 },
};

static int status_from_nest(struct nlattr *nest, struct etsn_sched_status *st)
{
	struct nlattr *tb[EDGETSN_A_STATUS_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (nla_parse_nested(tb, EDGETSN_A_STATUS_MAX, nest, status_policy) < 0)
		return -EPROTO;
	st->config_pending = tb[EDGETSN_A_STATUS_CONFIG_PENDING];
	if ((st->has_config_change_time = tb[EDGETSN_A_STATUS_CONFIG_CHANGE_TIME]))
		st->config_change_time = nla_get_s64(tb[EDGETSN_A_STATUS_CONFIG_CHANGE_TIME]);
	if ((st->has_config_change_error = tb[EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR]))
		st->config_change_error = nla_get_u64(tb[EDGETSN_A_STATUS_CONFIG_CHANGE_ERROR]);
	if ((st->has_current_entry = tb[EDGETSN_A_STATUS_CURRENT_ENTRY]))
		st->current_entry = nla_get_u32(tb[EDGETSN_A_STATUS_CURRENT_ENTRY]);
	if ((st->has_current_time = tb[EDGETSN_A_STATUS_CURRENT_TIME]))
		st->current_time = nla_get_s64(tb[EDGETSN_A_STATUS_CURRENT_TIME]);
	if ((st->has_gates = tb[EDGETSN_A_STATUS_GATES]))
		st->gates = nla_get_u8(tb[EDGETSN_A_STATUS_GATES]);
	if ((st->has_clockid = tb[EDGETSN_A_STATUS_CLOCKID]))
		st->clockid = nla_get_u32(tb[EDGETSN_A_STATUS_CLOCKID]);
	return 0;
}

static struct nla_policy counters_policy[EDGETSN_A_SCHED_STATS_MAX + 1] = {
	[EDGETSN_A_SCHED_STATS_CYCLES] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_STATS_CONFIG_CHANGES] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_STATS_TIMER_LATE] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_STATS_TIMER_LATENESS_MAX] = { .type = NLA_U64 },
	[EDGETSN_A_SCHED_STATS_CLOCK_STEPS] = { .type = NLA_U64 },
};

static uint64_t get_u64_or_0(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

int etsn_sched_counters_from_nest(struct nlattr *nest, struct etsn_sched_counters *c)
{
	struct nlattr *tb[EDGETSN_A_SCHED_STATS_MAX + 1];

	memset(c, 0, sizeof(*c));
	if (nla_parse_nested(tb, EDGETSN_A_SCHED_STATS_MAX, nest, counters_policy) < 0)
		return -EPROTO;
	c->cycles = get_u64_or_0(tb[EDGETSN_A_SCHED_STATS_CYCLES]);
	c->config_changes = get_u64_or_0(tb[EDGETSN_A_SCHED_STATS_CONFIG_CHANGES]);
	c->timer_late = get_u64_or_0(tb[EDGETSN_A_SCHED_STATS_TIMER_LATE]);
	c->timer_lateness_max = get_u64_or_0(tb[EDGETSN_A_SCHED_STATS_TIMER_LATENESS_MAX]);
	c->clock_steps = get_u64_or_0(tb[EDGETSN_A_SCHED_STATS_CLOCK_STEPS]);
	return 0;
}

void etsn_sched_counters_out(struct etsn_out *o, const struct etsn_sched_counters *c)
{
	char b[48];

	etsn_out_open(o, "schedule_counters", "schedule:");
	etsn_out_u64(o, "cycles", " cycles %" PRIu64, c->cycles);
	etsn_out_u64(o, "config_changes", " config-changes %" PRIu64, c->config_changes);
	etsn_out_u64(o, "timer_late", " timer-late %" PRIu64, c->timer_late);
	etsn_out_u64(o, "timer_lateness_max_ns", " timer-lateness-max %" PRIu64 "ns",
		     c->timer_lateness_max);
	etsn_out_text(o, " (%s)", etsn_fmt_duration(c->timer_lateness_max, b, sizeof(b)));
	etsn_out_u64(o, "clock_steps", " clock-steps %" PRIu64, c->clock_steps);
	etsn_out_text(o, "\n");
	etsn_out_close(o);
}

int etsn_sched_reply_from_attrs(struct nlattr *attrs, int len, struct etsn_sched_reply *r)
{
	struct nlattr *tb[EDGETSN_A_MAX + 1];
	struct etsn_dev_id id;
	int err = 0;

	memset(r, 0, sizeof(*r));
	if (etsn_genl_parse_attrs(attrs, len, tb))
		return -EPROTO;
	etsn_dev_id_from_attrs(tb, &id);
	r->ifindex = id.ifindex;
	memcpy(r->ifname, id.ifname, sizeof(r->ifname));
	if ((r->has_oper = tb[EDGETSN_A_SCHED_OPER]))
		err = etsn_sched_from_nest(tb[EDGETSN_A_SCHED_OPER], &r->oper);
	if (!err && (r->has_admin = tb[EDGETSN_A_SCHED_ADMIN]))
		err = etsn_sched_from_nest(tb[EDGETSN_A_SCHED_ADMIN], &r->admin);
	if (!err && (r->has_status = tb[EDGETSN_A_STATUS]))
		err = status_from_nest(tb[EDGETSN_A_STATUS], &r->status);
	return err;
}

static void status_out(struct etsn_out *o, const struct etsn_sched_status *st)
{
	char b[48];

	etsn_out_open(o, "status", "status:\n");
	etsn_out_bool(o, "config_pending", "  config-pending %s\n", st->config_pending,
		      "yes", "no");
	if (st->has_clockid)
		etsn_out_str(o, "clock", "  clock %s\n",
			     etsn_clock_name(st->clockid, b, sizeof(b)));
	if (st->has_config_change_time) {
		etsn_out_text(o, "  config-change-time %s  # ",
			      etsn_fmt_time(st->config_change_time, b, sizeof(b)));
		etsn_out_s64(o, "config_change_time_ns", "%" PRId64 "ns\n",
			     st->config_change_time);
	}
	if (st->has_config_change_error)
		etsn_out_u64(o, "config_change_errors", "  config-change-errors %" PRIu64 "\n",
			     st->config_change_error);
	if (st->has_current_time) {
		etsn_out_s64(o, "current_time_ns", NULL, st->current_time);
		etsn_out_text(o, "  current-time %s\n",
			      etsn_fmt_time(st->current_time, b, sizeof(b)));
	}
	if (st->has_current_entry)
		etsn_out_u64(o, "current_entry", "  current-entry %" PRIu64 "\n",
			     st->current_entry);
	if (st->has_gates)
		etsn_out_u64(o, "gates", "  gates 0x%02" PRIx64 "\n", st->gates);
	etsn_out_close(o);
}

void etsn_sched_reply_out(struct etsn_out *o, const struct etsn_sched_reply *r,
			  const struct etsn_sched_counters *counters)
{
	etsn_out_dev(o, r->ifindex, r->ifname);
	if (r->has_status)
		status_out(o, &r->status);
	/* No schedule: the key is left out (docs/json.md). */
	if (r->has_oper)
		etsn_sched_out(o, "oper", "oper:\n", &r->oper, 2);
	else
		etsn_out_text(o, "oper: none (all gates open)\n");
	if (r->has_admin)
		etsn_sched_out(o, "admin", "admin:\n", &r->admin, 2);
	else
		etsn_out_text(o, "admin: none pending\n");
	if (counters)
		etsn_sched_counters_out(o, counters);
}
