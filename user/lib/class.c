// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "class.h"
#include "genl.h"
#include "parse.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A u32 in [min, UINT32_MAX], or "auto" as 0 when allow_auto. */
static int parse_u32(const char *s, uint32_t min, bool allow_auto, uint32_t *out)
{
	uint64_t v;

	if (allow_auto && strcmp(s, "auto") == 0) {
		*out = 0;
		return 0;
	}
	if (etsn_parse_u64(s, &v) || v < min || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static bool is_class_option(const char *w)
{
	static const char *const opts[] = {
		"limit", "bytes", "preemptible", "express", "max-sdu",
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

/* One option of class t at w[0]; returns the words used. */
static int parse_class_option(struct etsn_tc_settings *t, unsigned tc, int n, char **w,
			      char *err, size_t errlen)
{
	bool flag = strcmp(w[0], "preemptible") == 0 || strcmp(w[0], "express") == 0;

	if (!flag && n < 2)
		return fail(err, errlen, "tc %u: '%s' needs a value", tc, w[0]);
	if (flag) {
		if (t->has_preemptible)
			return fail(err, errlen, "tc %u: preemptible/express given twice", tc);
		t->has_preemptible = true;
		t->preemptible = w[0][0] == 'p';
		return 1;
	}
	if (strcmp(w[0], "limit") == 0) {
		if (t->has_limit_pkts)
			return fail(err, errlen, "tc %u: limit given twice", tc);
		if (parse_u32(w[1], 1, false, &t->limit_pkts))
			return fail(err, errlen, "tc %u: limit '%s' is not a frame count "
				    "(1 to %" PRIu32 ")", tc, w[1], UINT32_MAX);
		t->has_limit_pkts = true;
	} else if (strcmp(w[0], "bytes") == 0) {
		if (t->has_limit_bytes)
			return fail(err, errlen, "tc %u: bytes given twice", tc);
		if (parse_u32(w[1], 0, false, &t->limit_bytes))
			return fail(err, errlen, "tc %u: bytes '%s' is not a byte count "
				    "(0 = none, up to %" PRIu32 ")", tc, w[1], UINT32_MAX);
		t->has_limit_bytes = true;
	} else {
		if (t->has_max_sdu)
			return fail(err, errlen, "tc %u: max-sdu given twice", tc);
		if (parse_u32(w[1], 0, true, &t->max_sdu))
			return fail(err, errlen, "tc %u: max-sdu '%s' is not a byte count or auto",
				    tc, w[1]);
		t->has_max_sdu = true;
	}
	return 2;
}

static int parse_map(struct etsn_class_cfg *c, int n, char **w, char *err, size_t errlen)
{
	int got = 0;

	if (c->has_map)
		return fail(err, errlen, "map given twice");
	/* Count the numbers that follow, to name the shortfall exactly. */
	while (got < EDGETSN_NUM_PRIO && got + 1 < n) {
		uint64_t v;

		if (etsn_parse_u64(w[got + 1], &v))
			break;
		if (v >= EDGETSN_NUM_TC)
			return fail(err, errlen, "map: class %s of priority %d is above %d",
				    w[got + 1], got, EDGETSN_NUM_TC - 1);
		c->map[got++] = (uint8_t)v;
	}
	if (got < EDGETSN_NUM_PRIO)
		return fail(err, errlen, "map needs %d classes (of priorities 0 to %d), got %d",
			    EDGETSN_NUM_PRIO, EDGETSN_NUM_PRIO - 1, got);
	c->has_map = true;
	return 1 + EDGETSN_NUM_PRIO;
}

/* "P,P,..." of priorities 0..15, or "none": a bit mask. */
static int parse_prio_list(const char *s, uint16_t *out)
{
	uint16_t mask = 0;

	if (strcmp(s, "none") == 0) {
		*out = 0;
		return 0;
	}
	for (;;) {
		size_t n = strspn(s, "0123456789");
		char num[4];
		uint64_t v;

		/* Each item non-empty, a priority, and named once. */
		if (n == 0 || n >= sizeof(num))
			return -EINVAL;
		memcpy(num, s, n);
		num[n] = '\0';
		if (etsn_parse_u64(num, &v) || v >= EDGETSN_NUM_PRIO || (mask & (1u << v)))
			return -EINVAL;
		mask |= (uint16_t)(1u << v);
		if (s[n] == '\0')
			break;
		if (s[n] != ',')
			return -EINVAL;
		s += n + 1;
	}
	*out = mask;
	return 0;
}

/* A class mask: 0xHH or decimal, at most 0xff; "none" is 0. */
static int parse_class_mask(const char *s, uint8_t *out)
{
	uint64_t v = 0;

	if (strcmp(s, "none") == 0) {
		*out = 0;
		return 0;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		size_t n = strspn(s + 2, "0123456789abcdefABCDEF");

		if (n == 0 || n > 2 || s[2 + n] != '\0')
			return -EINVAL;
		v = strtoull(s + 2, NULL, 16);
	} else if (etsn_parse_u64(s, &v) || v > 0xff) {
		return -EINVAL;
	}
	*out = (uint8_t)v;
	return 0;
}

/* The management class words at w[0]; returns the words used. */
static int parse_mgmt(struct etsn_class_cfg *c, int n, char **w, char *err, size_t errlen)
{
	if (strcmp(w[0], "mgmt-ptp") == 0) {
		if (c->has_mgmt_ptp)
			return fail(err, errlen, "mgmt-ptp given twice");
		if (n < 2 || (strcmp(w[1], "on") != 0 && strcmp(w[1], "off") != 0))
			return fail(err, errlen, "mgmt-ptp needs on or off");
		c->mgmt_ptp = strcmp(w[1], "on") == 0;
		c->has_mgmt_ptp = true;
	} else if (strcmp(w[0], "mgmt-prios") == 0) {
		if (c->has_mgmt_prios)
			return fail(err, errlen, "mgmt-prios given twice");
		if (n < 2 || parse_prio_list(w[1], &c->mgmt_prios))
			return fail(err, errlen, "mgmt-prios needs priorities 0 to %d, "
				    "comma-separated (e.g. 6,7), or none", EDGETSN_NUM_PRIO - 1);
		c->has_mgmt_prios = true;
	} else {
		if (c->has_mgmt_protect)
			return fail(err, errlen, "mgmt-protect given twice");
		if (n < 2 || parse_class_mask(w[1], &c->mgmt_protect))
			return fail(err, errlen, "mgmt-protect needs a class mask 0x00 to 0xff, "
				    "or none");
		c->has_mgmt_protect = true;
	}
	return 2;
}

static bool is_mgmt_word(const char *w)
{
	return strcmp(w, "mgmt-ptp") == 0 || strcmp(w, "mgmt-prios") == 0 ||
	       strcmp(w, "mgmt-protect") == 0;
}

int etsn_class_parse_words(struct etsn_class_cfg *c, int argc, char **argv,
			   char *err, size_t errlen)
{
	struct etsn_tc_settings *cur = NULL;
	unsigned cur_tc = 0;
	int i = 0, n;

	memset(c, 0, sizeof(*c));
	while (i < argc) {
		char **w = argv + i;
		int left = argc - i;

		if (strcmp(w[0], "map") == 0) {
			n = parse_map(c, left, w, err, errlen);
		} else if (strcmp(w[0], "tc") == 0) {
			uint32_t tc;

			if (cur && !cur->has_limit_pkts && !cur->has_limit_bytes &&
			    !cur->has_preemptible && !cur->has_max_sdu)
				return fail(err, errlen, "tc %u: nothing to set", cur_tc);
			if (left < 2 || parse_u32(w[1], 0, false, &tc) || tc >= EDGETSN_NUM_TC)
				return fail(err, errlen, "'tc' needs a class number 0 to %d",
					    EDGETSN_NUM_TC - 1);
			if (c->tc[tc].present)
				return fail(err, errlen, "tc %" PRIu32 " given twice", tc);
			cur = &c->tc[tc];
			cur_tc = tc;
			cur->present = true;
			n = 2;
		} else if (is_class_option(w[0])) {
			if (!cur)
				return fail(err, errlen, "'%s' must follow 'tc N'", w[0]);
			n = parse_class_option(cur, cur_tc, left, w, err, errlen);
		} else if (strcmp(w[0], "speed") == 0) {
			if (c->has_speed)
				return fail(err, errlen, "speed given twice");
			if (left < 2 || parse_u32(w[1], 1, true, &c->speed))
				return fail(err, errlen, "speed needs Mb/s (at least 1) or auto");
			c->has_speed = true;
			n = 2;
		} else if (strcmp(w[0], "overhead") == 0) {
			if (c->has_overhead)
				return fail(err, errlen, "overhead given twice");
			if (left < 2 || parse_u32(w[1], 0, false, &c->overhead))
				return fail(err, errlen, "overhead needs a byte count");
			c->has_overhead = true;
			n = 2;
		} else if (is_mgmt_word(w[0])) {
			n = parse_mgmt(c, left, w, err, errlen);
		} else {
			return fail(err, errlen, "unknown keyword '%s'", w[0]);
		}
		if (n < 0)
			return n;
		i += n;
	}
	if (cur && !cur->has_limit_pkts && !cur->has_limit_bytes &&
	    !cur->has_preemptible && !cur->has_max_sdu)
		return fail(err, errlen, "tc %u: nothing to set", cur_tc);
	if (!c->has_map && !cur && !c->has_speed && !c->has_overhead &&
	    !c->has_mgmt_ptp && !c->has_mgmt_prios && !c->has_mgmt_protect)
		return fail(err, errlen, "nothing to set");
	return 0;
}

/* kmod/etsn_guard.h: ETSN_MAX_OVERHEAD, ETSN_MAX_SPEED. */
#define KERNEL_MAX_OVERHEAD 1024
#define KERNEL_MAX_SPEED 1600000

const char *etsn_class_check(const struct etsn_class_cfg *c)
{
	if (c->has_overhead && c->overhead > KERNEL_MAX_OVERHEAD)
		return "overhead must not exceed 1024 bytes";
	if (c->has_speed && c->speed > KERNEL_MAX_SPEED)
		return "link speed override must not exceed 1600000 Mb/s";
	return NULL;
}

int etsn_class_put(struct nl_msg *msg, const struct etsn_class_cfg *c)
{
	int err = 0;

	if (c->has_map)
		err = nla_put(msg, EDGETSN_A_PRIO_MAP, EDGETSN_NUM_PRIO, c->map);
	for (unsigned i = 0; !err && i < EDGETSN_NUM_TC; i++) {
		const struct etsn_tc_settings *t = &c->tc[i];
		struct nlattr *nest;

		if (!t->present)
			continue;
		nest = nla_nest_start(msg, EDGETSN_A_CLASS);
		if (!nest)
			return -NLE_NOMEM;
		err = nla_put_u8(msg, EDGETSN_A_CLASS_INDEX, (uint8_t)i);
		if (!err && t->has_limit_pkts)
			err = nla_put_u32(msg, EDGETSN_A_CLASS_LIMIT_PKTS, t->limit_pkts);
		if (!err && t->has_limit_bytes)
			err = nla_put_u32(msg, EDGETSN_A_CLASS_LIMIT_BYTES, t->limit_bytes);
		if (!err && t->has_preemptible)
			err = nla_put_u8(msg, EDGETSN_A_CLASS_PREEMPTIBLE, t->preemptible);
		if (!err && t->has_max_sdu)
			err = nla_put_u32(msg, EDGETSN_A_CLASS_MAX_SDU, t->max_sdu);
		if (!err)
			err = nla_nest_end(msg, nest);
	}
	if (!err && c->has_speed)
		err = nla_put_u32(msg, EDGETSN_A_LINK_SPEED_OVERRIDE, c->speed);
	if (!err && c->has_overhead)
		err = nla_put_u32(msg, EDGETSN_A_OVERHEAD, c->overhead);
	if (!err && c->has_mgmt_ptp)
		err = nla_put_u8(msg, EDGETSN_A_MGMT_EXEMPT, c->mgmt_ptp);
	if (!err && c->has_mgmt_prios)
		err = nla_put_u16(msg, EDGETSN_A_MGMT_PRIOS, c->mgmt_prios);
	if (!err && c->has_mgmt_protect)
		err = nla_put_u8(msg, EDGETSN_A_MGMT_PROTECT, c->mgmt_protect);
	return err;
}

static struct nla_policy class_policy[EDGETSN_A_CLASS_MAX + 1] = {
	[EDGETSN_A_CLASS_INDEX] = { .type = NLA_U8 },
	[EDGETSN_A_CLASS_LIMIT_PKTS] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_LIMIT_BYTES] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_PREEMPTIBLE] = { .type = NLA_U8 },
	[EDGETSN_A_CLASS_MAX_SDU] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE] = { .type = NLA_U32 },
	[EDGETSN_A_CLASS_CLOSED] = { .type = NLA_U8 },
};

int etsn_class_from_attrs(struct nlattr *attrs, int len, struct etsn_class_cfg *c)
{
	struct nlattr *tb[EDGETSN_A_MAX + 1], *a;
	int rem;

	memset(c, 0, sizeof(*c));
	if (etsn_genl_parse_attrs(attrs, len, tb))
		return -EPROTO;
	if ((c->has_map = tb[EDGETSN_A_PRIO_MAP]))
		memcpy(c->map, nla_data(tb[EDGETSN_A_PRIO_MAP]), EDGETSN_NUM_PRIO);
	if ((c->has_speed = tb[EDGETSN_A_LINK_SPEED_OVERRIDE]))
		c->speed = nla_get_u32(tb[EDGETSN_A_LINK_SPEED_OVERRIDE]);
	if ((c->has_overhead = tb[EDGETSN_A_OVERHEAD]))
		c->overhead = nla_get_u32(tb[EDGETSN_A_OVERHEAD]);
	if ((c->has_mgmt_ptp = tb[EDGETSN_A_MGMT_EXEMPT]))
		c->mgmt_ptp = nla_get_u8(tb[EDGETSN_A_MGMT_EXEMPT]);
	if ((c->has_mgmt_prios = tb[EDGETSN_A_MGMT_PRIOS]))
		c->mgmt_prios = nla_get_u16(tb[EDGETSN_A_MGMT_PRIOS]);
	if ((c->has_mgmt_protect = tb[EDGETSN_A_MGMT_PROTECT]))
		c->mgmt_protect = nla_get_u8(tb[EDGETSN_A_MGMT_PROTECT]);
	nla_for_each_attr(a, attrs, len, rem) {
		struct nlattr *tc[EDGETSN_A_CLASS_MAX + 1];
		struct etsn_tc_settings *t;
		uint8_t idx;

		if (nla_type(a) != EDGETSN_A_CLASS)
			continue;
		if (nla_parse_nested(tc, EDGETSN_A_CLASS_MAX, a, class_policy) < 0 ||
		    !tc[EDGETSN_A_CLASS_INDEX])
			return -EPROTO;
		idx = nla_get_u8(tc[EDGETSN_A_CLASS_INDEX]);
		if (idx >= EDGETSN_NUM_TC)
			return -EPROTO;
		t = &c->tc[idx];
		t->present = true;
		if ((t->has_limit_pkts = tc[EDGETSN_A_CLASS_LIMIT_PKTS]))
			t->limit_pkts = nla_get_u32(tc[EDGETSN_A_CLASS_LIMIT_PKTS]);
		if ((t->has_limit_bytes = tc[EDGETSN_A_CLASS_LIMIT_BYTES]))
			t->limit_bytes = nla_get_u32(tc[EDGETSN_A_CLASS_LIMIT_BYTES]);
		if ((t->has_preemptible = tc[EDGETSN_A_CLASS_PREEMPTIBLE]))
			t->preemptible = nla_get_u8(tc[EDGETSN_A_CLASS_PREEMPTIBLE]);
		if ((t->has_max_sdu = tc[EDGETSN_A_CLASS_MAX_SDU]))
			t->max_sdu = nla_get_u32(tc[EDGETSN_A_CLASS_MAX_SDU]);
		if ((t->has_max_sdu_effective = tc[EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE]))
			t->max_sdu_effective = nla_get_u32(tc[EDGETSN_A_CLASS_MAX_SDU_EFFECTIVE]);
		t->closed = tc[EDGETSN_A_CLASS_CLOSED] && nla_get_u8(tc[EDGETSN_A_CLASS_CLOSED]);
	}
	return 0;
}

void etsn_max_sdu_eff_out(struct etsn_out *o, const char *lead, bool closed, uint32_t sdu)
{
	etsn_out_text(o, "%s", lead);
	etsn_out_bool(o, "closed", closed ? "closed: no frame can leave" : NULL, closed, "", "");
	if (closed)
		return;
	if (sdu)
		etsn_out_u64(o, "max_sdu_effective_bytes", "max-sdu %" PRIu64, sdu);
	else
		etsn_out_text(o, "max-sdu: no limit");
}

/* Text reads back as `class set` words; derived values after '#'. JSON
 * leaves out what is absent: no byte limit, no max-SDU, no speed override.
 */
void etsn_class_out(struct etsn_out *o, const struct etsn_class_cfg *c)
{
	if (c->has_map) {
		etsn_out_open_array(o, "map", "map");
		for (int i = 0; i < EDGETSN_NUM_PRIO; i++)
			etsn_out_u64(o, ETSN_OUT_ITEM, " %" PRIu64, c->map[i]);
		etsn_out_text(o, "  # class of priority 0..15\n");
		etsn_out_close_array(o);
	}
	etsn_out_open_array(o, "classes", NULL);
	for (unsigned i = 0; i < EDGETSN_NUM_TC; i++) {
		const struct etsn_tc_settings *t = &c->tc[i];

		if (!t->present)
			continue;
		etsn_out_open(o, ETSN_OUT_ITEM, NULL);
		etsn_out_u64(o, "tc", "tc %" PRIu64, i);
		if (t->has_limit_pkts)
			etsn_out_u64(o, "limit_frames", " limit %" PRIu64, t->limit_pkts);
		if (t->has_limit_bytes)
			etsn_out_u64(o, t->limit_bytes ? "limit_bytes" : NULL, " bytes %" PRIu64,
				     t->limit_bytes);
		if (t->has_preemptible)
			etsn_out_bool(o, "preemptible", " %s", t->preemptible,
				      "preemptible", "express");
		if (t->has_max_sdu && t->max_sdu)
			etsn_out_u64(o, "max_sdu_bytes", " max-sdu %" PRIu64, t->max_sdu);
		else if (t->has_max_sdu)
			etsn_out_text(o, " max-sdu auto");
		if (t->has_max_sdu_effective)
			etsn_max_sdu_eff_out(o, "  # effective ", t->closed, t->max_sdu_effective);
		etsn_out_text(o, "\n");
		etsn_out_close(o);
	}
	etsn_out_close_array(o);
	if (c->has_speed && c->speed)
		etsn_out_u64(o, "speed_override_mbps",
			     "speed %" PRIu64 "  # Mb/s, overrides the device's\n", c->speed);
	else if (c->has_speed)
		etsn_out_text(o, "speed auto\n");
	if (c->has_overhead)
		etsn_out_u64(o, "overhead_bytes", "overhead %" PRIu64 "  # bytes per frame\n",
			     c->overhead);
	if (c->has_mgmt_ptp)
		etsn_out_bool(o, "mgmt_ptp", "mgmt-ptp %s  # PTP frames bypass the gates\n",
			      c->mgmt_ptp, "on", "off");
	if (c->has_mgmt_prios) {
		etsn_out_open_array(o, "mgmt_prios", "mgmt-prios ");
		if (!c->mgmt_prios)
			etsn_out_text(o, "none");
		for (int p = 0, first = 1; p < EDGETSN_NUM_PRIO; p++) {
			if (!(c->mgmt_prios & (1u << p)))
				continue;
			etsn_out_u64(o, ETSN_OUT_ITEM, first ? "%" PRIu64 : ",%" PRIu64,
				     (uint64_t)p);
			first = 0;
		}
		etsn_out_text(o, "  # priorities that bypass the gates\n");
		etsn_out_close_array(o);
	}
	if (c->has_mgmt_protect)
		etsn_out_u64(o, "mgmt_protect",
			     "mgmt-protect 0x%02" PRIx64 "  # classes whose windows they keep clear\n",
			     c->mgmt_protect);
}

void etsn_class_print(FILE *out, const struct etsn_class_cfg *c)
{
	struct etsn_out o;

	etsn_out_begin(&o, out, false);
	etsn_class_out(&o, c);
}
