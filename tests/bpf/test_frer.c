// SPDX-License-Identifier: GPL-2.0-or-later
/* The FRER listener (bpf/etsn_frer_listener.bpf.c) run on real frames by
 * BPF_PROG_TEST_RUN: for each table of sequence numbers, the verdict on
 * every frame, the frame handed up (R-TAG removed) and the 802.1CB
 * counters, as 802.1CB 7.4.3.4 and 7.4.3.5 have them. Needs root;
 * without it every case is skipped and says why.
 * Last line: "frer: N passed, N failed, N skipped".
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_ether.h>

#include "etsn_frer.h"
#include "etsn_frer_listener.skel.h"
#include "etsn_frer_talker.skel.h"
#include "etsn_xdp.skel.h"

#define P XDP_PASS
#define D XDP_DROP
#define NOTAG (-1)
#define MAXSEQ 16
#define STREAM_ID 1
#define STREAM_VID 100

static const uint8_t stream_dst[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
static const uint8_t other_dst[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x99 };
static const uint8_t src_mac[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x02 };

struct frer_case {
	const char *name;
	uint32_t alg;
	uint32_t history_len;
	uint32_t flags;
	int vlan;		/* frames carry an 802.1Q tag before the R-TAG */
	int n;
	int seq[MAXSEQ];	/* NOTAG: no R-TAG */
	int verdict[MAXSEQ];
	int silence_before;	/* index of the frame that comes after a silence, or -1 */
	int later_before;	/* index of a frame whose clock was read before the last pass */
	struct etsn_frer_counters want;
	uint32_t age_mask;	/* bit i: the last pass (timer restart) is AGE_MS older before frame i */
	uint32_t test_mask;	/* bit i: a LatentErrorTest is due before frame i */
	uint32_t reset_mask;	/* bit i: a LatentErrorReset is due before frame i */
	int lat_error;		/* the latent error flag after the last frame */
};

/* Stream timers of the cases: reset-ms 60 s; frames aged twice by 40 s
 * reset a stream whose timer was not restarted in between. Latent error
 * tests and resets come only when a case makes them due.
 */
#define RESET_MS	60000
#define AGE_MS		40000
#define LAT_PERIOD_MS	600000
#define LAT_RESET_MS	3600000
#define LAT_DIFFERENCE	2

static const struct frer_case cases[] = {
	{ "vector: in order", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 5,
	  { 1, 2, 3, 4, 5 }, { P, P, P, P, P }, -1, -1, { .passed = 5 }, 0, 0, 0, 0 },
	{ "vector: duplicates", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 6,
	  { 1, 1, 2, 2, 3, 3 }, { P, D, P, D, P, D }, -1, -1, { .passed = 3, .discarded = 3 }, 0, 0, 0, 0 },
	{ "vector: out of order within the history", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 6,
	  { 1, 3, 2, 4, 2, 3 }, { P, P, P, P, D, D }, -1, -1,
	  { .passed = 4, .discarded = 2, .out_of_order = 2 }, 0, 0, 0, 0 },
	{ "vector: rogue outside the history", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 6,
	  { 10, 14, 6, 13, 7, 11 }, { P, D, D, P, D, P }, -1, -1,
	  { .passed = 3, .rogue = 3, .out_of_order = 2, .lost = 0 }, 0, 0, 0, 0 },
	{ "vector: lost numbers leave the window", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 6,
	  { 1, 2, 4, 5, 6, 7 }, { P, P, P, P, P, P }, -1, -1,
	  { .passed = 6, .out_of_order = 1, .lost = 1 }, 0, 0, 0, 0 },
	{ "vector: wrap at 65535", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 7,
	  { 65533, 65534, 65535, 0, 65535, 1, 2 }, { P, P, P, P, D, P, P }, -1, -1,
	  { .passed = 6, .discarded = 1 }, 0, 0, 0, 0 },
	{ "vector: duplicate after wrap", ETSN_FRER_ALG_VECTOR, 8, 0, 0, 5,
	  { 65534, 1, 65535, 0, 65535 }, { P, P, P, P, D }, -1, -1,
	  { .passed = 4, .discarded = 1, .out_of_order = 3 }, 0, 0, 0, 0 },
	{ "vector: reset after silence", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 4,
	  { 1, 2, 500, 501 }, { P, P, P, P }, 2, -1, { .passed = 4, .resets = 1 }, 0, 0, 0, 0 },
	{ "vector: no reset when another CPU passed a frame since the clock read",
	  ETSN_FRER_ALG_VECTOR, 4, 0, 0, 3,
	  { 1, 2, 500 }, { P, P, D }, -1, 2, { .passed = 2, .rogue = 1 }, 0, 0, 0, 0 },
	{ "vector: no reset without silence", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 3,
	  { 1, 2, 500 }, { P, P, D }, -1, -1, { .passed = 2, .rogue = 1 }, 0, 0, 0, 0 },
	{ "vector: tagless dropped", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 3,
	  { 1, NOTAG, 2 }, { P, D, P }, -1, -1, { .passed = 2, .tagless = 1 }, 0, 0, 0, 0 },
	{ "vector: tagless taken (take-no-sequence)", ETSN_FRER_ALG_VECTOR, 4,
	  ETSN_FRER_F_TAKE_NO_SEQ, 0, 3,
	  { 1, NOTAG, 2 }, { P, P, P }, -1, -1, { .passed = 3, .tagless = 1 }, 0, 0, 0, 0 },
	{ "vector: R-TAG after a VLAN tag", ETSN_FRER_ALG_VECTOR, 2, 0, 1, 4,
	  { 7, 7, 8, 8 }, { P, D, P, D }, -1, -1, { .passed = 2, .discarded = 2 }, 0, 0, 0, 0 },
	{ "match: duplicates and jumps", ETSN_FRER_ALG_MATCH, 2, 0, 0, 7,
	  { 1, 1, 2, 9, 9, 3, 3 }, { P, D, P, P, D, P, D }, -1, -1,
	  { .passed = 4, .discarded = 3, .out_of_order = 2 }, 0, 0, 0, 0 },
	{ "match: wrap at 65535", ETSN_FRER_ALG_MATCH, 2, 0, 0, 4,
	  { 65535, 0, 0, 1 }, { P, P, D, P }, -1, -1, { .passed = 3, .discarded = 1 }, 0, 0, 0, 0 },
	/* A member stream repeating one number: the sequence recovery function
	 * is reset by the silence of passes and takes the number again; the
	 * individual recovery function's discards keep its timer running.
	 */
	{ "vector: repeats pass again after the reset timer", ETSN_FRER_ALG_VECTOR, 4, 0, 0, 3,
	  { 1, 1, 1 }, { P, D, P }, -1, -1, { .passed = 2, .discarded = 1, .resets = 1 },
	  0x6, 0, 0, 0 },
	{ "vector individual: discards restart the reset timer", ETSN_FRER_ALG_VECTOR, 4,
	  ETSN_FRER_F_INDIVIDUAL, 0, 3,
	  { 1, 1, 1 }, { P, D, D }, -1, -1, { .passed = 1, .discarded = 2 }, 0x6, 0, 0, 0 },
	{ "match individual: discards restart the reset timer", ETSN_FRER_ALG_MATCH, 2,
	  ETSN_FRER_F_INDIVIDUAL, 0, 3,
	  { 1, 1, 1 }, { P, D, D }, -1, -1, { .passed = 1, .discarded = 2 }, 0x6, 0, 0, 0 },
	/* Latent error detection, 2 paths, difference 2. Both paths deliver
	 * 1..4: the test at frame 6 finds Passed - Discarded as it was at the
	 * first frame's reset. Then one path is down (5..9): at frame 12 the
	 * difference has grown by 4 (> 2): a latent error.
	 */
	{ "latent: one path down is signalled", ETSN_FRER_ALG_VECTOR, 8, ETSN_FRER_F_LATENT, 0, 13,
	  { 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9 },
	  { P, D, P, D, P, D, P, D, P, P, P, P, P }, -1, -1,
	  { .passed = 9, .discarded = 4, .latent_errors = 1, .latent_resets = 1 },
	  0, (1 << 6) | (1 << 12), 0, 1 },
	{ "latent: both paths again, no error after a LatentErrorReset",
	  ETSN_FRER_ALG_VECTOR, 8, ETSN_FRER_F_LATENT, 0, 16,
	  { 1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 8, 9, 10, 10, 11 },
	  { P, D, P, D, P, D, P, D, P, P, P, P, P, P, D, P }, -1, -1,
	  { .passed = 11, .discarded = 5, .latent_errors = 2, .latent_resets = 2 },
	  0, (1 << 6) | (1 << 12) | (1 << 13) | (1 << 15), 1 << 13, 0 },
	{ "latent: within the difference, no error", ETSN_FRER_ALG_VECTOR, 8, ETSN_FRER_F_LATENT,
	  0, 7,
	  { 1, 1, 2, 3, 4, 4, 5 }, { P, D, P, P, P, D, P }, -1, -1,
	  { .passed = 5, .discarded = 2, .latent_resets = 1 }, 0, 1 << 6, 0, 0 },
};

/* dst src [8100 vid] [F1C1 0000 seq] 88b5 payload. Returns the length. */
static size_t build_frame(uint8_t *buf, const uint8_t *dst, int vlan, int seq)
{
	size_t n = 0;
	int i;

	memcpy(buf, dst, ETH_ALEN);
	memcpy(buf + ETH_ALEN, src_mac, ETH_ALEN);
	n = 2 * ETH_ALEN;
	if (vlan) {
		buf[n++] = 0x81;
		buf[n++] = 0x00;
		buf[n++] = STREAM_VID >> 8;
		buf[n++] = STREAM_VID & 0xff;
	}
	if (seq != NOTAG) {
		buf[n++] = ETSN_FRER_ETH_P_RTAG >> 8;
		buf[n++] = ETSN_FRER_ETH_P_RTAG & 0xff;
		buf[n++] = 0;
		buf[n++] = 0;
		buf[n++] = seq >> 8;
		buf[n++] = seq & 0xff;
	}
	buf[n++] = 0x88;
	buf[n++] = 0xb5;
	for (i = 0; i < 46; i++)
		buf[n++] = i;
	return n;
}

static int run_frame(int prog, const uint8_t *dst, int vlan, int seq, int *verdict)
{
	uint8_t in[128], out[128], want[128];
	size_t len = build_frame(in, dst, vlan, seq);
	size_t wlen = build_frame(want, dst, vlan, NOTAG);
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = len,
		    .data_out = out, .data_size_out = sizeof(out));
	int err = bpf_prog_test_run_opts(prog, &o);

	if (err)
		return err;
	*verdict = o.retval;
	if (o.retval == XDP_PASS && (o.data_size_out != wlen || memcmp(out, want, wlen))) {
		printf("  frame %d: handed up %u bytes, not the frame without its R-TAG\n", seq,
		       o.data_size_out);
		return -EBADMSG;
	}
	return 0;
}

static int set_stream(struct etsn_frer_listener_bpf *skel, const struct frer_case *c)
{
	struct etsn_psfp_mac_key mk = { .vid = c->vlan ? STREAM_VID : 0 };
	struct etsn_frer_rcvy r = {
		.alg = c->alg, .flags = c->flags, .history_len = c->history_len,
		.reset_ms = RESET_MS, .take_any = 1, .key_kind = ETSN_PSFP_KEY_MAC,
		.lat_difference = LAT_DIFFERENCE, .lat_period_ms = LAT_PERIOD_MS, .lat_paths = 2,
		.lat_reset_ms = LAT_RESET_MS,
	};
	uint32_t id = STREAM_ID;
	int err;

	memcpy(mk.dst, stream_dst, ETH_ALEN);
	r.mac = mk;
	err = bpf_map__update_elem(skel->maps.etsn_frer_lmac, &mk, sizeof(mk), &id, sizeof(id),
				   BPF_ANY);
	if (err)
		return err;
	return bpf_map__update_elem(skel->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r),
				    BPF_ANY);
}

enum age { AGE_SET, AGE_BY, AGE_TEST_DUE, AGE_RESET_DUE };

/* Moves the stream's timers. AGE_SET: the time of the last frame passed
 * is v (1: a silence of more than reset_ms; later than any clock read
 * yet: another CPU passed a frame after this one read the clock, before
 * it took the lock). AGE_BY: it is v ns older. AGE_TEST_DUE and
 * AGE_RESET_DUE: a LatentErrorTest or LatentErrorReset is due.
 */
static int age_stream(struct etsn_frer_listener_bpf *skel, enum age how, uint64_t v)
{
	struct etsn_frer_rcvy r;
	uint32_t id = STREAM_ID;
	int err;

	err = bpf_map__lookup_elem(skel->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r), 0);
	if (err)
		return err;
	if (how == AGE_SET)
		r.last_ns = v;
	else if (how == AGE_BY)
		r.last_ns = r.last_ns > v ? r.last_ns - v : 1;
	else if (how == AGE_TEST_DUE)
		r.lat_test_ns = 1;
	else
		r.lat_reset_ns = 1;
	return bpf_map__update_elem(skel->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r),
				    BPF_ANY);
}

/* Before frame i: the timer moves the case asks for. */
static int age_for(struct etsn_frer_listener_bpf *skel, const struct frer_case *c, int i)
{
	int err = 0;

	if (i == c->silence_before)
		err = age_stream(skel, AGE_SET, 1);
	if (!err && i == c->later_before)
		err = age_stream(skel, AGE_SET, UINT64_MAX - 1);
	if (!err && (c->age_mask >> i & 1))
		err = age_stream(skel, AGE_BY, AGE_MS * 1000000ULL);
	if (!err && (c->test_mask >> i & 1))
		err = age_stream(skel, AGE_TEST_DUE, 0);
	if (!err && (c->reset_mask >> i & 1))
		err = age_stream(skel, AGE_RESET_DUE, 0);
	return err;
}

#define CHECK_CNT(f) do { \
	if (got.f != c->want.f) { \
		printf("  %s: %llu, want %llu\n", #f, (unsigned long long)got.f, \
		       (unsigned long long)c->want.f); \
		ok = false; \
	} } while (0)

static bool run_case(struct etsn_frer_listener_bpf *skel, const struct frer_case *c)
{
	int prog = bpf_program__fd(skel->progs.etsn_frer_listener);
	struct etsn_frer_counters got;
	struct etsn_frer_rcvy r;
	uint32_t id = STREAM_ID;
	bool ok = true;
	int i, v;

	if (set_stream(skel, c)) {
		printf("  cannot write the stream's maps: %s\n", strerror(errno));
		return false;
	}
	for (i = 0; i < c->n; i++) {
		if (age_for(skel, c, i))
			return false;
		if (run_frame(prog, stream_dst, c->vlan, c->seq[i], &v)) {
			ok = false;
			continue;
		}
		if (v != c->verdict[i]) {
			printf("  frame %d (seq %d): %s, want %s\n", i, c->seq[i],
			       v == P ? "pass" : "drop", c->verdict[i] == P ? "pass" : "drop");
			ok = false;
		}
	}
	if (bpf_map__lookup_elem(skel->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r), 0))
		return false;
	got = r.cnt;
	CHECK_CNT(passed);
	CHECK_CNT(discarded);
	CHECK_CNT(out_of_order);
	CHECK_CNT(rogue);
	CHECK_CNT(lost);
	CHECK_CNT(tagless);
	CHECK_CNT(resets);
	CHECK_CNT(latent_errors);
	CHECK_CNT(latent_resets);
	if ((int)r.lat_error != c->lat_error) {
		printf("  latent error flag %u, want %d\n", r.lat_error, c->lat_error);
		ok = false;
	}
	return ok;
}

/* A frame of no FRER stream passes, its R-TAG removed, and touches no stream. */
static bool other_stream_passes(struct etsn_frer_listener_bpf *skel)
{
	int prog = bpf_program__fd(skel->progs.etsn_frer_listener);
	int v = -1;

	return !run_frame(prog, other_dst, 0, 5, &v) && v == XDP_PASS;
}

/* Two paths at once: two threads (two CPUs) each run every number of
 * 0..RACE_N-1 through the listener, as the two member interfaces would.
 * With the stream's lock, each number passes exactly once in all, and
 * every frame lands in exactly one counter.
 */
#define RACE_N 20000

struct racer {
	int prog;
	uint8_t passed[RACE_N];
	int err;
};

static void *race(void *arg)
{
	struct racer *r = arg;

	for (int n = 0; n < RACE_N && !r->err; n++) {
		int v;

		r->err = run_frame(r->prog, stream_dst, 0, n, &v);
		r->passed[n] = v == XDP_PASS;
	}
	return NULL;
}

static bool two_paths_at_once(struct etsn_frer_listener_bpf *skel)
{
	static const struct frer_case c = { "race", ETSN_FRER_ALG_VECTOR, 64, 0, 0, 0, { 0 },
					    { 0 }, -1, -1, { 0 }, 0, 0, 0, 0 };
	struct racer *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct etsn_frer_rcvy r;
	uint32_t id = STREAM_ID;
	pthread_t ta, tb;
	bool ok = a && b;
	int twice = 0, never = 0;

	if (ok && set_stream(skel, &c))
		ok = false;
	if (ok) {
		a->prog = b->prog = bpf_program__fd(skel->progs.etsn_frer_listener);
		pthread_create(&ta, NULL, race, a);
		pthread_create(&tb, NULL, race, b);
		pthread_join(ta, NULL);
		pthread_join(tb, NULL);
		ok = !a->err && !b->err;
	}
	for (int n = 0; ok && n < RACE_N; n++) {
		twice += a->passed[n] && b->passed[n];
		never += !a->passed[n] && !b->passed[n];
	}
	if (ok && bpf_map__lookup_elem(skel->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r), 0))
		ok = false;
	if (ok && (twice || never || r.cnt.passed != RACE_N ||
		   r.cnt.passed + r.cnt.discarded + r.cnt.rogue != 2 * RACE_N)) {
		printf("  passed twice %d, never %d; passed %llu discarded %llu rogue %llu of %d\n",
		       twice, never, (unsigned long long)r.cnt.passed,
		       (unsigned long long)r.cnt.discarded, (unsigned long long)r.cnt.rogue,
		       2 * RACE_N);
		ok = false;
	}
	free(a);
	free(b);
	return ok;
}

/* The listener in the firewall's chain (etsn_xdp_next, slot FRER), as
 * etsnctl puts it on a device with the firewall: the firewall runs first
 * and parses behind the R-TAG; what it passes is eliminated by FRER and
 * handed up without its R-TAG; what it drops never reaches FRER.
 */
static bool chained_after_firewall(struct etsn_frer_listener_bpf *skel)
{
	static const struct frer_case c = { "chain", ETSN_FRER_ALG_VECTOR, 8, 0, 0, 0, { 0 },
					    { 0 }, -1, -1, { 0 }, 0, 0, 0, 0 };
	static const int seq[] = { 1, 1, 2, 2, 3 }, want[] = { P, D, P, D, P };
	uint32_t slot = ETSN_XDP_NEXT_FRER, id = STREAM_ID;
	struct etsn_xdp_bpf *fw;
	struct etsn_frer_rcvy r;
	uint8_t in[128], out[128];
	struct bpf_map *m;
	bool ok = true;
	int lfd, ffd, v;
	size_t len;

	fw = etsn_xdp_bpf__open();
	if (!fw)
		return false;
	bpf_object__for_each_map(m, fw->obj)
		bpf_map__set_pin_path(m, NULL);
	if (etsn_xdp_bpf__load(fw) || set_stream(skel, &c)) {
		printf("  cannot load the firewall or write the stream: %s\n", strerror(errno));
		etsn_xdp_bpf__destroy(fw);
		return false;
	}
	lfd = bpf_program__fd(skel->progs.etsn_frer_listener);
	ffd = bpf_program__fd(fw->progs.etsn_xdp_fw);
	if (bpf_map__update_elem(fw->maps.etsn_xdp_next, &slot, sizeof(slot), &lfd, sizeof(lfd),
				 BPF_ANY)) {
		printf("  cannot chain the listener: %s\n", strerror(errno));
		etsn_xdp_bpf__destroy(fw);
		return false;
	}
	for (int i = 0; i < 5 && ok; i++) {
		if (run_frame(ffd, stream_dst, 0, seq[i], &v) || v != want[i]) {
			printf("  frame %d (seq %d) through the firewall: %d, want %d\n", i, seq[i],
			       v, want[i]);
			ok = false;
		}
	}
	/* A truncated IPv4 header behind the R-TAG: malformed, the firewall drops it. */
	len = build_frame(in, stream_dst, 0, 4);
	in[18] = 0x08;
	in[19] = 0x00;
	len = 30;
	if (ok) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = len,
			    .data_out = out, .data_size_out = sizeof(out));

		if (bpf_prog_test_run_opts(ffd, &o) || o.retval != XDP_DROP) {
			printf("  a malformed IPv4 frame behind an R-TAG: %u, want drop\n",
			       o.retval);
			ok = false;
		}
	}
	if (ok && bpf_map__lookup_elem(skel->maps.etsn_frer_rcvy, &id, sizeof(id), &r, sizeof(r), 0))
		ok = false;
	if (ok && (r.cnt.passed != 3 || r.cnt.discarded != 2)) {
		printf("  passed %llu discarded %llu, want 3 and 2 (the dropped frame not seen)\n",
		       (unsigned long long)r.cnt.passed, (unsigned long long)r.cnt.discarded);
		ok = false;
	}
	etsn_xdp_bpf__destroy(fw);
	return ok;
}

/* The talker on a frame of dst: the frame it lets leave, in out. */
static int talk(int prog, const uint8_t *dst, int vlan, uint8_t *out, uint32_t *out_len,
		int *verdict)
{
	uint8_t in[128];
	size_t len = build_frame(in, dst, vlan, NOTAG);
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in, .data_size_in = len,
		    .data_out = out, .data_size_out = 128);
	int err = bpf_prog_test_run_opts(prog, &o);

	*out_len = o.data_size_out;
	*verdict = o.retval;
	return err;
}

/* Sequence numbers 0, 1, 2 in R-TAGs after the MACs (or the VLAN tag,
 * rewritten to vid1), the rest of the frame as it was; other frames
 * untouched. The replica leaves by lo, where nothing listens.
 */
static bool talker_tags(int vlan)
{
	struct etsn_psfp_mac_key mk = { .vid = vlan ? STREAM_VID : 0 };
	struct etsn_frer_talker t = {
		.ifindex2 = 1, .vid1 = vlan ? 200 : 0, .key_kind = ETSN_PSFP_KEY_MAC,
	};
	struct etsn_frer_talker_bpf *skel;
	struct bpf_map *m;
	uint8_t out[128], want[128];
	uint32_t id = STREAM_ID, n;
	bool ok = true;
	int prog, seq, v;

	skel = etsn_frer_talker_bpf__open();
	if (!skel)
		return false;
	bpf_object__for_each_map(m, skel->obj)
		bpf_map__set_pin_path(m, NULL);
	if (etsn_frer_talker_bpf__load(skel)) {
		printf("  the verifier refused the talker: %s\n", strerror(errno));
		etsn_frer_talker_bpf__destroy(skel);
		return false;
	}
	memcpy(mk.dst, stream_dst, ETH_ALEN);
	if (bpf_map__update_elem(skel->maps.etsn_frer_tmac, &mk, sizeof(mk), &id, sizeof(id), 0) ||
	    bpf_map__update_elem(skel->maps.etsn_frer_talk, &id, sizeof(id), &t, sizeof(t), 0)) {
		etsn_frer_talker_bpf__destroy(skel);
		return false;
	}
	prog = bpf_program__fd(skel->progs.etsn_frer_talker);
	for (seq = 0; seq < 3 && ok; seq++) {
		size_t wlen = build_frame(want, stream_dst, vlan, seq);

		if (vlan) {
			want[14] = 200 >> 8;
			want[15] = 200 & 0xff;
		}
		if (talk(prog, stream_dst, vlan, out, &n, &v) || v != 0 /* TC_ACT_OK */ ||
		    n != wlen || memcmp(out, want, wlen)) {
			printf("  frame %d: verdict %d, %u bytes, not the tagged frame\n", seq, v, n);
			ok = false;
		}
	}
	if (ok) {
		size_t wlen = build_frame(want, other_dst, vlan, NOTAG);

		if (talk(prog, other_dst, vlan, out, &n, &v) || v != 0 || n != wlen ||
		    memcmp(out, want, wlen)) {
			printf("  a frame of no stream was changed\n");
			ok = false;
		}
	}
	if (ok && (bpf_map__lookup_elem(skel->maps.etsn_frer_talk, &id, sizeof(id), &t,
					sizeof(t), 0) || t.sent != 3 || t.seq != 3)) {
		printf("  sent %llu, seq %u, want 3 and 3\n", (unsigned long long)t.sent, t.seq);
		ok = false;
	}
	etsn_frer_talker_bpf__destroy(skel);
	return ok;
}

static void report(bool ok, const char *name, int *passed, int *failed)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", name);
	ok ? (*passed)++ : (*failed)++;
}

int main(void)
{
	int ncases = sizeof(cases) / sizeof(cases[0]) + 5;
	struct etsn_frer_listener_bpf *skel;
	int passed = 0, failed = 0, i;
	struct bpf_map *m;

	if (geteuid() != 0) {
		printf("frer: skipped: BPF_PROG_TEST_RUN needs root\n");
		printf("frer: 0 passed, 0 failed, %d skipped\n", ncases);
		return 0;
	}
	skel = etsn_frer_listener_bpf__open();
	if (!skel) {
		printf("frer: cannot open the listener: %s\n", strerror(errno));
		printf("frer: 0 passed, %d failed, 0 skipped\n", ncases);
		return 1;
	}
	/* Private maps: nothing pinned, nothing shared with a live listener. */
	bpf_object__for_each_map(m, skel->obj)
		bpf_map__set_pin_path(m, NULL);
	if (etsn_frer_listener_bpf__load(skel)) {
		printf("frer: the verifier refused the listener: %s\n", strerror(errno));
		printf("frer: 0 passed, %d failed, 0 skipped\n", ncases);
		etsn_frer_listener_bpf__destroy(skel);
		return 1;
	}
	for (i = 0; i < ncases - 5; i++)
		report(run_case(skel, &cases[i]), cases[i].name, &passed, &failed);
	report(other_stream_passes(skel), "a frame of no stream passes without its R-TAG", &passed,
	       &failed);
	report(two_paths_at_once(skel), "two paths on two CPUs: each number passes once",
	       &passed, &failed);
	report(chained_after_firewall(skel), "chained after the XDP firewall: filtered, then eliminated",
	       &passed, &failed);
	etsn_frer_listener_bpf__destroy(skel);
	report(talker_tags(0), "talker: R-TAG after the MACs, numbers 0, 1, 2", &passed, &failed);
	report(talker_tags(1), "talker: R-TAG after the VLAN tag, path VLAN rewritten", &passed,
	       &failed);
	printf("frer: %d passed, %d failed, 0 skipped\n", passed, failed);
	return failed != 0;
}
