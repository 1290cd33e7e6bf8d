// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "target.h"

struct bpf_object *target_load(struct target *t, const char *dir, const char *file,
			       const char *prog)
{
	struct bpf_object *obj = harness_load(dir, file);

	if (!obj) {
		harness_result(0, "%s: %s does not load", t->name, file);
		return NULL;
	}
	t->prog = harness_prog(obj, prog);
	if (t->prog < 0) {
		harness_result(0, "%s: no program %s in %s", t->name, prog, file);
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

/* The counter that moved by other than its expectation, or -1. */
static int wrong_counter(const struct target *t, const uint64_t *before, const uint64_t *after,
			 int ctr)
{
	int first = -1;

	for (int i = 0; i < t->nctr; i++) {
		if (after[i] - before[i] == (i == ctr ? 1u : 0u))
			continue;
		/* Name the counter that moved rather than the one that did not. */
		if (first < 0 || after[i] != before[i])
			first = i;
		if (after[i] != before[i])
			break;
	}
	return first;
}

void expect(const struct target *t, const char *label, const struct frame *f, size_t len,
	    struct want w)
{
	uint64_t before[TARGET_MAX_CTR], after[TARGET_MAX_CTR];
	uint32_t ret = ~0u, prio = PRIO_IN;
	int err, bad;

	if (!len)
		len = f->len;
	t->read(t, before);
	if (t->tc)
		err = harness_run_tc(t->prog, f, len, &ret, &prio);
	else
		err = harness_run_xdp(t->prog, f, len, &ret);
	t->read(t, after);
	if (err) {
		harness_result(0, "%s: %s (%zu bytes): test run: %s", t->name, label, len,
			       strerror(-err));
		return;
	}
	bad = wrong_counter(t, before, after, w.ctr);
	if (ret != w.ret || (t->tc && prio != w.prio) || bad >= 0) {
		char prios[64] = "";

		if (t->tc)
			snprintf(prios, sizeof(prios), ", priority %" PRIu32 " want %" PRIu32, prio,
				 w.prio);
		harness_result(0, "%s: %s (%zu bytes): verdict %" PRIu32 " want %" PRIu32
			       "%s, counter %s moved by %" PRId64 ", want %s +1",
			       t->name, label, len, ret, w.ret, prios,
			       bad >= 0 ? t->ctr_name(bad) : "none",
			       bad >= 0 ? (int64_t)(after[bad] - before[bad]) : 0,
			       w.ctr >= 0 ? t->ctr_name(w.ctr) : "none");
		return;
	}
	harness_result(1, "%s", label);
}

/* The shortest cut the kernel's test run takes: 14 bytes, and for an skb
 * whose (outer) EtherType is IPv4 or IPv6 also that fixed header (6.1 and
 * later refuse less with EINVAL; an egress skb always holds it).
 */
static size_t shortest(const struct target *t, const struct frame *f)
{
	uint16_t type = f->b[12] << 8 | f->b[13];

	if (t->tc && type == 0x0800)
		return 14 + 20;
	if (t->tc && type == 0x86dd)
		return 14 + 40;
	return 14;
}

void expect_cuts(const struct target *t, const char *label, const struct frame *f,
		 struct want w, struct want cut)
{
	char l[160];

	expect(t, label, f, 0, w);
	for (size_t len = shortest(t, f); len < f->hdr_end; len++) {
		snprintf(l, sizeof(l), "%s cut", label);
		expect(t, l, f, len, cut);
	}
}
