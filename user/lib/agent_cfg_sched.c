// SPDX-License-Identifier: GPL-2.0-or-later
/* A gate schedule in IEEE 802.1Qcw ieee802-dot1q-sched names, turned into
 * the words of `etsnctl sched set` and read by user/lib/sched.c, so a
 * schedule means the same in the file and on the command line. Each value
 * is first read alone (with filler words that are always valid) so that an
 * error points at that value; then the whole schedule is read, and checked
 * as the kernel will check it (etsn_sched_check).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "agent_config_priv.h"

#define NS_PER_S ((uint64_t)1000000000)

struct sched_walk {
	struct etsn_diag *d;
	struct etsn_sched *scratch;
	struct etsn_class_cfg *qmaxsdu;
	const char *what;
	bool failed;
	/* The words of the whole schedule; texts live in the tree or in vals. */
	char **argv;
	int argc;
	/* Values made here (rational cycle times, YANG base times). */
	char vals[2][48];
	/* Where cycle-time errors found on the whole schedule point. */
	const struct etsn_ynode *cycle_node, *ext_node;
	bool seen_list, seen_table;
};

/* Parses the words alone; an error is reported at n with the parser's text. */
static bool words_ok(struct sched_walk *w, const struct etsn_ynode *n, const char *key,
		     int argc, char **argv)
{
	char err[256];

	if (etsn_sched_parse_words(w->scratch, argc, argv, NULL, err, sizeof(err)) == 0)
		return true;
	etsn_diag_add(w->d, n->line, n->col, "%s.%s: %s", w->what, key, err);
	w->failed = true;
	return false;
}

/* One "KEYWORD VALUE" pair, checked alone with a filler entry. */
static bool keyword_ok(struct sched_walk *w, const struct etsn_ynode *n, const char *key,
		       const char *kw, const char *value)
{
	char *argv[] = { (char *)kw, (char *)value, "entry", "S", "0", "1" };

	return words_ok(w, n, key, 6, argv);
}

static void push(struct sched_walk *w, const char *word)
{
	w->argv[w->argc++] = (char *)word;
}

/* A plain scalar, reported as the wrong type otherwise. */
static bool plain(struct sched_walk *w, const struct etsn_ynode *n, const char *key)
{
	char what[96];

	snprintf(what, sizeof(what), "%s.%s", w->what, key);
	if (etsn_cfgw_expect(w->d, n, ETSN_Y_SCALAR, what) && strlen(n->text) == n->len)
		return true;
	w->failed = true;
	return false;
}

static void on_clock(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct sched_walk *w = obj;

	(void)d;
	if (plain(w, n, "clock") && keyword_ok(w, n, "clock", "clock", n->text)) {
		push(w, "clock");
		push(w, n->text);
	}
}

/* YANG's two-number forms: ptp-time and rational. */
struct two_numbers {
	uint64_t a, b;
};

static const struct etsn_cfgw_key ptp_time_keys[] = {
	ETSN_CFGW_FIELD("seconds", ETSN_CFGW_UINT, struct two_numbers, a, 0,
			INT64_MAX / NS_PER_S - 1),
	ETSN_CFGW_FIELD("nanoseconds", ETSN_CFGW_UINT, struct two_numbers, b, 0, NS_PER_S - 1),
};

static const struct etsn_cfgw_key rational_keys[] = {
	ETSN_CFGW_FIELD("numerator", ETSN_CFGW_UINT, struct two_numbers, a, 1, UINT32_MAX),
	ETSN_CFGW_FIELD("denominator", ETSN_CFGW_UINT, struct two_numbers, b, 1, UINT32_MAX),
};

/* The mapping n read through keys; false (errors recorded) if it is wrong. */
static bool two_numbers(struct sched_walk *w, const struct etsn_ynode *n, const char *key,
			const struct etsn_cfgw_key *keys, struct two_numbers *out)
{
	size_t before = etsn_diag_errors(w->d);
	char what[96];

	snprintf(what, sizeof(what), "%s.%s", w->what, key);
	return etsn_cfgw_map(w->d, n, what, keys, 2, out) && etsn_diag_errors(w->d) == before;
}

/* { seconds, nanoseconds } as the words' "S.NNNNNNNNN". */
static bool base_time_yang(struct sched_walk *w, const struct etsn_ynode *n)
{
	struct two_numbers t = { 0, 0 };

	if (!two_numbers(w, n, "admin-base-time", ptp_time_keys, &t))
		return false;
	snprintf(w->vals[0], sizeof(w->vals[0]), "%" PRIu64 ".%09" PRIu64, t.a, t.b);
	return true;
}

static void on_base_time(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct sched_walk *w = obj;
	const char *v;

	(void)d;
	if (n->kind == ETSN_Y_MAP) {
		if (!base_time_yang(w, n)) {
			w->failed = true;
			return;
		}
		v = w->vals[0];
	} else {
		if (!plain(w, n, "admin-base-time"))
			return;
		v = n->text;
	}
	if (v[0] == '+') {
		etsn_diag_add(d, n->line, n->col,
			      "%s.admin-base-time: '%s' is relative; a config needs an absolute time on the clock (0 aligns cycles to its epoch)",
			      w->what, v);
		w->failed = true;
		return;
	}
	if (keyword_ok(w, n, "admin-base-time", "base-time", v)) {
		push(w, "base-time");
		push(w, v);
	}
}

/* { numerator, denominator } seconds, as whole ns. */
static bool cycle_rational(struct sched_walk *w, const struct etsn_ynode *n)
{
	struct two_numbers r = { 0, 0 };

	if (!two_numbers(w, n, "admin-cycle-time", rational_keys, &r))
		return false;
	if (!r.a || !r.b || (r.a * NS_PER_S) % r.b) {
		etsn_diag_add(w->d, n->line, n->col,
			      "%s.admin-cycle-time: needs numerator and denominator giving whole nanoseconds",
			      w->what);
		return false;
	}
	snprintf(w->vals[1], sizeof(w->vals[1]), "%" PRIu64, r.a * NS_PER_S / r.b);
	return true;
}

static void on_cycle_time(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct sched_walk *w = obj;
	const char *v;

	(void)d;
	w->cycle_node = n;
	if (n->kind == ETSN_Y_MAP) {
		if (!cycle_rational(w, n)) {
			w->failed = true;
			return;
		}
		v = w->vals[1];
	} else {
		if (!plain(w, n, "admin-cycle-time"))
			return;
		v = n->text;
	}
	if (keyword_ok(w, n, "admin-cycle-time", "cycle-time", v)) {
		push(w, "cycle-time");
		push(w, v);
	}
}

static void on_extension(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct sched_walk *w = obj;

	(void)d;
	w->ext_node = n;
	if (plain(w, n, "admin-cycle-time-extension") &&
	    keyword_ok(w, n, "admin-cycle-time-extension", "extension", n->text)) {
		push(w, "extension");
		push(w, n->text);
	}
}

/* 802.1Qcw operation names and the letters etsnctl reads. */
const char *const etsn_agent_op_names[3] = {
	"set-gate-states", "set-and-hold-mac", "set-and-release-mac",
};
static const char *const op_letters[] = { "S", "H", "R" };

struct entry_walk {
	struct sched_walk *w;
	const struct etsn_ynode *op, *gates, *interval, *index;
};

static const struct etsn_cfgw_key entry_keys[] = {
	ETSN_CFGW_NODE_FIELD("index", struct entry_walk, index),
	ETSN_CFGW_NODE_FIELD("operation-name", struct entry_walk, op),
	ETSN_CFGW_NODE_FIELD("gate-states-value", struct entry_walk, gates),
	ETSN_CFGW_NODE_FIELD("time-interval-value", struct entry_walk, interval),
};

static void entry(struct sched_walk *w, const struct etsn_ynode *n, size_t i)
{
	struct entry_walk e = { .w = w };
	const char *letter = "S";
	char what[96];
	size_t op;
	uint64_t idx;

	snprintf(what, sizeof(what), "%s.admin-control-list[%zu]", w->what, i);
	if (!etsn_cfgw_map(w->d, n, what, entry_keys, 4, &e)) {
		w->failed = true;
		return;
	}
	if (e.index) {
		snprintf(what, sizeof(what), "%s.admin-control-list[%zu].index", w->what, i);
		if (etsn_cfgw_u64(w->d, e.index, what, 0, UINT32_MAX, &idx) && idx != i) {
			etsn_diag_add(w->d, e.index->line, e.index->col,
				      "%s: %" PRIu64 " is not the entry's position %zu (indexes run 0, 1, 2, ...)",
				      what, idx, i);
			w->failed = true;
		}
	}
	if (e.op) {
		snprintf(what, sizeof(what), "%s.admin-control-list[%zu].operation-name",
			 w->what, i);
		if (etsn_cfgw_enum(w->d, e.op, what, etsn_agent_op_names, 3, &op))
			letter = op_letters[op];
		else
			w->failed = true;
	}
	if (!e.gates || !e.interval) {
		etsn_diag_add(w->d, n->line, n->col,
			      "%s.admin-control-list[%zu]: needs gate-states-value and time-interval-value",
			      w->what, i);
		w->failed = true;
		return;
	}
	snprintf(what, sizeof(what), "admin-control-list[%zu].gate-states-value", i);
	if (plain(w, e.gates, what)) {
		char *argv[] = { "entry", "S", e.gates->text, "1" };

		words_ok(w, e.gates, what, 4, argv);
	}
	snprintf(what, sizeof(what), "admin-control-list[%zu].time-interval-value", i);
	if (plain(w, e.interval, what)) {
		char *argv[] = { "entry", "S", "0", e.interval->text };

		words_ok(w, e.interval, what, 4, argv);
	}
	push(w, "entry");
	push(w, letter);
	push(w, e.gates->text);
	push(w, e.interval->text);
}

static void on_control_list(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct sched_walk *w = obj;
	char what[96];

	w->seen_list = true;
	snprintf(what, sizeof(what), "%s.admin-control-list", w->what);
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SEQ, what)) {
		w->failed = true;
		return;
	}
	if (n->nkids > EDGETSN_MAX_ENTRIES) {
		etsn_diag_add(d, n->line, n->col, "%s: %zu entries, at most %d", what, n->nkids,
			      EDGETSN_MAX_ENTRIES);
		w->failed = true;
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		entry(w, n->kids[i], i);
}

struct sdu_walk {
	const struct etsn_ynode *tc, *sdu;
};

static const struct etsn_cfgw_key sdu_keys[] = {
	ETSN_CFGW_NODE_FIELD("traffic-class", struct sdu_walk, tc),
	ETSN_CFGW_NODE_FIELD("queue-max-sdu", struct sdu_walk, sdu),
};

/* The table's max-SDUs are class settings: `tc N max-sdu V` words. */
static void on_sdu_table(struct etsn_diag *d, const struct etsn_ynode *n, void *obj)
{
	struct sched_walk *w = obj;
	char what[96], err[256];

	w->seen_table = true;
	snprintf(what, sizeof(what), "%s.queue-max-sdu-table", w->what);
	if (!w->qmaxsdu) {
		etsn_diag_add(d, n->line, n->col,
			      "%s: only the primary schedule has one (max-SDU is a class setting)",
			      what);
		return;
	}
	if (!etsn_cfgw_expect(d, n, ETSN_Y_SEQ, what))
		return;
	for (size_t i = 0; i < n->nkids; i++) {
		struct sdu_walk s = { 0 };
		struct etsn_class_cfg one;
		uint32_t tc;

		snprintf(what, sizeof(what), "%s.queue-max-sdu-table[%zu]", w->what, i);
		if (!etsn_cfgw_map(d, n->kids[i], what, sdu_keys, 2, &s))
			continue;
		if (!s.tc || !s.sdu) {
			etsn_diag_add(d, n->kids[i]->line, n->kids[i]->col,
				      "%s: needs traffic-class and queue-max-sdu", what);
			continue;
		}
		if (!etsn_cfgw_u32(d, s.tc, what, 0, EDGETSN_NUM_TC - 1, &tc) ||
		    !etsn_cfgw_expect(d, s.sdu, ETSN_Y_SCALAR, what))
			continue;
		if (w->qmaxsdu->tc[tc].has_max_sdu) {
			etsn_diag_add(d, s.tc->line, s.tc->col,
				      "%s: traffic class %" PRIu32 " has a max-SDU already", what, tc);
			continue;
		}
		char tcw[4];
		char *argv[] = { "tc", tcw, "max-sdu", s.sdu->text };

		snprintf(tcw, sizeof(tcw), "%" PRIu32, tc);
		if (etsn_class_parse_words(&one, 4, argv, err, sizeof(err))) {
			etsn_diag_add(d, s.sdu->line, s.sdu->col, "%s: %s", what, err);
			continue;
		}
		w->qmaxsdu->tc[tc].present = true;
		w->qmaxsdu->tc[tc].has_max_sdu = true;
		w->qmaxsdu->tc[tc].max_sdu = one.tc[tc].max_sdu;
	}
}

static const struct etsn_cfgw_key sched_keys[] = {
	{ .name = "clock", .fn = on_clock },
	{ .name = "admin-base-time", .fn = on_base_time },
	{ .name = "admin-cycle-time", .fn = on_cycle_time },
	{ .name = "admin-cycle-time-extension", .fn = on_extension },
	{ .name = "admin-control-list", .fn = on_control_list },
	{ .name = "queue-max-sdu-table", .fn = on_sdu_table },
};

/* The whole schedule: parsed from its words, then the kernel's checks. */
static struct etsn_sched *finish(struct sched_walk *w, const struct etsn_ynode *n)
{
	struct etsn_sched *s = w->scratch;
	const struct etsn_ynode *at;
	bool ext_at_fault;
	char err[256];
	const char *why;

	if (!w->seen_list) {
		etsn_diag_add(w->d, n->line, n->col,
			      "%s: needs admin-control-list (at least one entry)", w->what);
		return NULL;
	}
	if (w->failed)
		return NULL;
	if (etsn_sched_parse_words(s, w->argc, w->argv, NULL, err, sizeof(err))) {
		etsn_diag_add(w->d, n->line, n->col, "%s: %s", w->what, err);
		return NULL;
	}
	why = etsn_sched_check(s, &ext_at_fault);
	if (!why)
		return s;
	at = ext_at_fault ? w->ext_node : w->cycle_node;
	if (!at)
		at = n;
	etsn_diag_add(w->d, at->line, at->col, "%s: the kernel would refuse it: %s", w->what, why);
	return NULL;
}

struct etsn_sched *etsn_agent_cfg_sched(struct etsn_diag *d, const struct etsn_ynode *n,
					const char *what, struct etsn_class_cfg *qmaxsdu)
{
	struct sched_walk w = { .d = d, .what = what, .qmaxsdu = qmaxsdu };
	struct etsn_sched *s = NULL;
	size_t words = 16;

	if (n->kind == ETSN_Y_MAP)
		for (size_t i = 1; i < n->nkids; i += 2)
			if (n->kids[i]->kind == ETSN_Y_SEQ)
				words += 4 * n->kids[i]->nkids;
	w.scratch = malloc(sizeof(*w.scratch));
	w.argv = calloc(words, sizeof(*w.argv));
	if (!w.scratch || !w.argv) {
		etsn_diag_add(d, n->line, n->col, "%s: out of memory", what);
		goto out;
	}
	if (!etsn_cfgw_map(d, n, what, sched_keys, sizeof(sched_keys) / sizeof(sched_keys[0]),
			   &w))
		goto out;
	s = finish(&w, n);
out:
	free(w.argv);
	if (!s)
		free(w.scratch);
	return s;
}
