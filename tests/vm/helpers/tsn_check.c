// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tsn_check: places every frame tsn_rx recorded on a gate schedule and says
 * whether it left while a gate of its class was open.
 *
 *   tsn_check -b BASE_NS -C CYCLE_NS -e MASK:NS [-e MASK:NS...] [-m PRIO:TC...]
 *             [-o OFFSET_NS] [-g GRACE_NS] [-s SWITCH_FILE] [-f FROM_NS] [-u UNTIL_NS]
 *             [-n EXPECT] [-x MAX_OUT_FRAC] [-X MIN_OUT_FRAC] [FILE]
 *
 * Times are on the schedule's clock; OFFSET is that clock minus
 * CLOCK_REALTIME (tsn_tx prints TAI-REALTIME). Entries run in order from
 * BASE; the last one stretches to the cycle's end, entries past it are cut
 * (as taprio does). A priority without -m is its own class.
 *
 * A frame that left with its class's gate closed is "late" when it left at
 * most GRACE after that gate closed (the gate switch came late: timer
 * lateness), else "out". With -s, SWITCH_FILE lists when the qdisc's gate
 * timer really fired (schedule clock, one per line, e.g. from the
 * hrtimer_expire_entry trace event): each firing is matched to the latest
 * schedule boundary before it (see load_switches), and a frame counts as "late" when it left
 * at most GRACE after the firing that closed its gate (it was dequeued
 * before the late switch). Their lateness is reported. For frames sent while their gate was closed
 * ("waited"), the time from the window's opening to departure is the
 * departure error. -f/-u keep only frames that departed in [FROM, UNTIL),
 * to check each side of a schedule change. -n: exactly EXPECT distinct
 * sequence numbers must be there. -x/-X: exit 1 when the out fraction is
 * above/below the bound. Exit 2 on bad usage or input.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENTRIES 64
#define MAX_PRIO 16
#define NEVER INT64_MAX

struct sched {
	int64_t base, cycle;
	int n;
	int64_t start[MAX_ENTRIES], end[MAX_ENTRIES];	/* offsets in the cycle */
	uint32_t mask[MAX_ENTRIES];
};

struct dist {
	int64_t *v;
	size_t n, cap;
};

/* Real gate switch times, each with the boundary it handled. */
struct switches {
	int64_t *when, *nominal;
	size_t n;
};

struct counts {
	unsigned long frames, inwin, late, out;
};

static void die_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "tsn_check: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
	exit(2);
}

static int64_t parse_i64(const char *s, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end)
		die_usage(what, s);
	return v;
}

static void dist_add(struct dist *d, int64_t x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 1024;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (!d->v) {
			perror("tsn_check");
			exit(1);
		}
	}
	d->v[d->n++] = x;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted distribution. */
static int64_t pct(const struct dist *d, double q)
{
	size_t k = (size_t)(q * (double)d->n + 0.999999);

	if (k < 1)
		k = 1;
	if (k > d->n)
		k = d->n;
	return d->v[k - 1];
}

static void dist_print(const char *name, struct dist *d)
{
	if (!d->n) {
		printf("%s n 0\n", name);
		return;
	}
	qsort(d->v, d->n, sizeof(*d->v), cmp_i64);
	printf("%s n %zu p50 %" PRId64 " p99 %" PRId64 " max %" PRId64 "\n",
	       name, d->n, pct(d, 0.50), pct(d, 0.99), d->v[d->n - 1]);
}

static void add_entry(struct sched *s, const char *arg)
{
	char *colon;
	int64_t mask, dur;

	if (s->n == MAX_ENTRIES)
		die_usage("too many entries", NULL);
	colon = strchr(arg, ':');
	if (!colon)
		die_usage("entry is MASK:NS, got", arg);
	*colon = '\0';
	mask = parse_i64(arg, "bad gate mask");
	dur = parse_i64(colon + 1, "bad entry duration");
	if (mask < 0 || mask > 0xffff || dur <= 0)
		die_usage("entry out of range:", colon + 1);
	s->start[s->n] = s->n ? s->end[s->n - 1] : 0;
	s->end[s->n] = s->start[s->n] + dur;
	s->mask[s->n] = (uint32_t)mask;
	s->n++;
}

static void finish_sched(struct sched *s)
{
	int i;

	if (s->cycle <= 0 || !s->n)
		die_usage("need -C CYCLE_NS and at least one -e MASK:NS", NULL);
	for (i = 0; i < s->n; i++) {
		if (s->start[i] >= s->cycle) {
			s->n = i;
			break;
		}
		if (s->end[i] > s->cycle)
			s->end[i] = s->cycle;
	}
	s->end[s->n - 1] = s->cycle;
}

/* Floor modulo: offset of t in its cycle, and that cycle's start. */
static int64_t cycle_start(const struct sched *s, int64_t t)
{
	int64_t rel = t - s->base, off = rel % s->cycle;

	if (off < 0)
		off += s->cycle;
	return t - off;
}

static int entry_at(const struct sched *s, int64_t off)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (off < s->end[i])
			return i;
	return s->n - 1;
}

/*
 * Where the frame at t stands for class tc: returns 1 if the gate is open
 * and sets *edge to when it opened (NEVER if always open); returns 0 if it
 * is closed and sets *edge to when it last closed (NEVER if never open).
 */
static int gate_state(const struct sched *s, int64_t t, int tc, int64_t *edge)
{
	int64_t cs = cycle_start(s, t);
	int k = entry_at(s, t - cs), steps;
	int open = !!(s->mask[k] & (1u << tc));

	/* Walk back over entries (and cycles) while the gate keeps its state. */
	for (steps = 0; steps < s->n; steps++) {
		int prev = k ? k - 1 : s->n - 1;
		int64_t prev_cs = k ? cs : cs - s->cycle;

		if (!!(s->mask[prev] & (1u << tc)) != open) {
			*edge = cs + s->start[k];
			return open;
		}
		k = prev;
		cs = prev_cs;
	}
	*edge = NEVER;
	return open;
}

/* The latest entry boundary at or before t. */
static int64_t boundary_at(const struct sched *s, int64_t t)
{
	int64_t cs = cycle_start(s, t);

	return cs + s->start[entry_at(s, t - cs)];
}

/*
 * Each firing is matched to the latest boundary at or before it: this
 * assumes a switch is less than one entry late. A firing later than that is
 * matched to a later boundary, so the one it handled has no firing and its
 * frames are judged on GRACE alone: stricter, never looser. The lateness
 * reported is then a lower bound.
 */
static void load_switches(const struct sched *s, const char *path, struct switches *sw,
			  struct dist *lateness)
{
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	int64_t t;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (fscanf(f, "%" SCNd64, &t) == 1) {
		int64_t nom = boundary_at(s, t);

		if (sw->n == cap) {
			cap = cap ? 2 * cap : 4096;
			sw->when = realloc(sw->when, cap * sizeof(*sw->when));
			sw->nominal = realloc(sw->nominal, cap * sizeof(*sw->nominal));
			if (!sw->when || !sw->nominal) {
				perror("tsn_check");
				exit(1);
			}
		}
		sw->when[sw->n] = t;
		sw->nominal[sw->n++] = nom;
		dist_add(lateness, t - nom);
	}
	if (!feof(f) || !sw->n) {
		fprintf(stderr, "tsn_check: %s: expected one switch time per line\n", path);
		exit(2);
	}
	fclose(f);
}

/* When the timer really handled boundary b: -1 if it was not traced. */
static int64_t switch_for(const struct switches *sw, int64_t b)
{
	size_t lo = 0, hi = sw->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sw->nominal[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sw->n && sw->nominal[lo] == b ? sw->when[lo] : -1;
}

int main(int argc, char **argv)
{
	struct switches sw = { 0 };
	struct dist sw_late = { 0 };
	const char *switch_file = NULL;
	struct sched s = { 0 };
	int classes[MAX_PRIO], opt, i;
	int64_t offset = 0, grace = 0, from = INT64_MIN, until = INT64_MAX;
	double max_frac = -1, min_frac = -1, frac;
	long expect = -1;
	struct counts per[MAX_PRIO] = { { 0 } }, tot = { 0 };
	struct dist waited = { 0 }, after_close = { 0 }, latency = { 0 }, after_sw = { 0 };
	unsigned char *seen = NULL;
	unsigned long distinct = 0, dup = 0, lineno = 0;
	char line[256];
	FILE *in = stdin;
	int rc = 0;

	for (i = 0; i < MAX_PRIO; i++)
		classes[i] = i;
	while ((opt = getopt(argc, argv, "b:C:e:m:o:g:s:f:u:n:x:X:")) != -1) {
		switch (opt) {
		case 'b': s.base = parse_i64(optarg, "bad base time"); break;
		case 'C': s.cycle = parse_i64(optarg, "bad cycle time"); break;
		case 'e': add_entry(&s, optarg); break;
		case 'm': {
			int prio, tc;

			if (sscanf(optarg, "%d:%d", &prio, &tc) != 2 ||
			    prio < 0 || prio >= MAX_PRIO || tc < 0 || tc >= MAX_PRIO)
				die_usage("-m is PRIO:TC (0..15), got", optarg);
			classes[prio] = tc;
			break;
		}
		case 'o': offset = parse_i64(optarg, "bad offset"); break;
		case 'g': grace = parse_i64(optarg, "bad grace"); break;
		case 's': switch_file = optarg; break;
		case 'f': from = parse_i64(optarg, "bad from time"); break;
		case 'u': until = parse_i64(optarg, "bad until time"); break;
		case 'n': expect = (long)parse_i64(optarg, "bad expected count"); break;
		case 'x': max_frac = atof(optarg); break;
		case 'X': min_frac = atof(optarg); break;
		default: die_usage("bad option (see the comment at the top of tsn_check.c)", NULL);
		}
	}
	finish_sched(&s);
	if (switch_file)
		load_switches(&s, switch_file, &sw, &sw_late);
	if (optind < argc && !(in = fopen(argv[optind], "r"))) {
		perror(argv[optind]);
		return 2;
	}
	if (expect >= 0 && !(seen = calloc((size_t)expect + 1, 1))) {
		perror("tsn_check");
		return 1;
	}

	while (fgets(line, sizeof(line), in)) {
		unsigned long seq, prio;
		int64_t tx, rx, t, edge;
		struct counts *c;
		int tc;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%lu %lu %" SCNd64 " %" SCNd64, &seq, &prio, &tx, &rx) != 4 ||
		    prio >= MAX_PRIO) {
			fprintf(stderr, "tsn_check: line %lu: expected 'seq prio tx_ns rx_ns'\n", lineno);
			return 2;
		}
		if (seen) {
			if (seq >= (unsigned long)expect) {
				fprintf(stderr, "tsn_check: sequence %lu beyond the %ld expected\n", seq, expect);
				rc = 1;
			} else if (seen[seq]++) {
				dup++;
			} else {
				distinct++;
			}
		}
		t = rx + offset;
		if (t < from || t >= until)
			continue;
		tc = classes[prio];
		c = &per[tc];
		c->frames++;
		dist_add(&latency, rx - tx);
		if (gate_state(&s, t, tc, &edge)) {
			c->inwin++;
			if (edge != NEVER && tx + offset < edge)
				dist_add(&waited, t - edge);
		} else {
			int64_t after = edge == NEVER ? NEVER : t - edge;
			int64_t sw_at = edge != NEVER && switch_file ? switch_for(&sw, edge) : -1;

			dist_add(&after_close, after);
			if (sw_at >= 0)
				dist_add(&after_sw, t - sw_at);
			if (sw_at >= 0 ? t - sw_at <= grace : after <= grace)
				c->late++;
			else
				c->out++;
		}
	}

	for (i = 0; i < MAX_PRIO; i++) {
		if (!per[i].frames)
			continue;
		printf("class %d frames %lu inwin %lu late %lu out %lu\n",
		       i, per[i].frames, per[i].inwin, per[i].late, per[i].out);
		tot.frames += per[i].frames;
		tot.inwin += per[i].inwin;
		tot.late += per[i].late;
		tot.out += per[i].out;
	}
	frac = tot.frames ? (double)tot.out / (double)tot.frames : 0;
	printf("total frames %lu inwin %lu late %lu out %lu late_frac %.4f out_frac %.4f grace_ns %" PRId64 "\n",
	       tot.frames, tot.inwin, tot.late, tot.out,
	       tot.frames ? (double)tot.late / (double)tot.frames : 0, frac, grace);
	dist_print("open_to_departure_ns", &waited);
	dist_print("closed_gate_after_close_ns", &after_close);
	dist_print("send_to_departure_ns", &latency);
	if (switch_file) {
		dist_print("gate_switch_lateness_ns", &sw_late);
		/* Negative: the frame was dequeued before the late switch. */
		dist_print("closed_gate_after_switch_ns", &after_sw);
	}
	if (seen) {
		printf("sequence expected %ld distinct %lu duplicates %lu\n", expect, distinct, dup);
		if (distinct != (unsigned long)expect || dup) {
			fprintf(stderr, "tsn_check: %ld frames sent, %lu distinct received, %lu duplicated\n",
				expect, distinct, dup);
			rc = 1;
		}
	}
	if (!tot.frames) {
		fprintf(stderr, "tsn_check: no frame in the checked time range\n");
		rc = 1;
	}
	if (max_frac >= 0 && frac > max_frac) {
		fprintf(stderr, "tsn_check: out-of-window fraction %.4f above %.4f\n", frac, max_frac);
		rc = 1;
	}
	if (min_frac >= 0 && frac < min_frac) {
		fprintf(stderr, "tsn_check: out-of-window fraction %.4f below %.4f\n", frac, min_frac);
		rc = 1;
	}
	free(seen);
	free(waited.v);
	free(after_close.v);
	free(latency.v);
	free(sw_late.v);
	free(after_sw.v);
	free(sw.when);
	free(sw.nominal);
	return rc;
}
