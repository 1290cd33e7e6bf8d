/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 802.1CB sequence recovery (7.4.3): the VectorRecoveryAlgorithm and the
 * MatchRecoveryAlgorithm on one stream's struct etsn_frer_rcvy. Called
 * with the stream's lock held, so no helper calls in here; the caller
 * reads the clock first. The standard's RemainingTicks timer is kept as
 * the time of the last frame passed: the reset it would cause happens
 * when the next frame comes, before that frame is judged.
 */
#ifndef ETSN_FRER_RCVY_H
#define ETSN_FRER_RCVY_H

#include "etsn_frer.h"

enum etsn_frer_verdict {
	ETSN_FRER_PASS,
	ETSN_FRER_DROP,
};

#define ETSN_FRER_NS_PER_MS	1000000ULL

static __always_inline __u32 etsn_frer_popcount(__u64 v)
{
	v = v - ((v >> 1) & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (v * 0x0101010101010101ULL) >> 56;
}

static __always_inline __u64 etsn_frer_len_mask(__u32 len)
{
	return len >= 64 ? ~0ULL : (1ULL << len) - 1;
}

/* SequenceRecoveryReset: the next tagged frame is taken whatever it holds. */
static __always_inline void etsn_frer_reset(struct etsn_frer_rcvy *r)
{
	r->take_any = 1;
	r->history = 0;
	r->cnt.resets++;
}

/* now was read before the lock: another CPU may have passed a frame
 * stamped later since. last_ns never goes back.
 */
static __always_inline void etsn_frer_restart_timer(struct etsn_frer_rcvy *r, __u64 now)
{
	if (now > r->last_ns)
		r->last_ns = now;
}

static __always_inline int etsn_frer_pass(struct etsn_frer_rcvy *r, __u64 now)
{
	r->cnt.passed++;
	etsn_frer_restart_timer(r, now);
	return ETSN_FRER_PASS;
}

/* A duplicate eliminated. An individual recovery function restarts its
 * timer on it as well (802.1CB 10.4.1.10).
 */
static __always_inline int etsn_frer_discard(struct etsn_frer_rcvy *r, __u64 now)
{
	r->cnt.discarded++;
	if (r->flags & ETSN_FRER_F_INDIVIDUAL)
		etsn_frer_restart_timer(r, now);
	return ETSN_FRER_DROP;
}

/* Passed * (paths - 1) - Discarded: constant while every path delivers
 * every frame once, drifting while a path loses frames.
 */
static __always_inline __s64 etsn_frer_lat_diff(const struct etsn_frer_rcvy *r)
{
	return (__s64)(r->cnt.passed * (r->lat_paths - 1)) - (__s64)r->cnt.discarded;
}

/* The latent error detection function (802.1CB 7.4.4): LatentErrorTest
 * every lat_period_ms and LatentErrorReset every lat_reset_ms. Their
 * timers are read at each frame, before it is judged: the counters only
 * change with frames, so a test that fell due in a silence finds what the
 * next frame's test finds. The first frame runs a LatentErrorReset
 * (7.4.4.3), which starts both timers.
 */
static __always_inline void etsn_frer_latent(struct etsn_frer_rcvy *r, __u64 now)
{
	__s64 diff;

	if (!(r->flags & ETSN_FRER_F_LATENT))
		return;
	if (r->lat_test_ns && now >= r->lat_test_ns) {
		diff = r->lat_base - etsn_frer_lat_diff(r);
		if (diff < 0)
			diff = -diff;
		r->lat_error = diff > r->lat_difference;
		if (r->lat_error)
			r->cnt.latent_errors++;
		r->lat_test_ns = now + (__u64)r->lat_period_ms * ETSN_FRER_NS_PER_MS;
	}
	if (now >= r->lat_reset_ns) {
		r->lat_base = etsn_frer_lat_diff(r);
		r->cnt.latent_resets++;
		r->lat_reset_ns = now + (__u64)r->lat_reset_ms * ETSN_FRER_NS_PER_MS;
		if (!r->lat_test_ns)
			r->lat_test_ns = now + (__u64)r->lat_period_ms * ETSN_FRER_NS_PER_MS;
	}
}

/* TakeAny: every bit of the history is set, so that numbers before the
 * first one taken are neither counted lost nor passed late.
 */
static __always_inline int etsn_frer_take(struct etsn_frer_rcvy *r, __u16 seq, __u64 now)
{
	r->take_any = 0;
	r->recov_seq = seq;
	r->history = etsn_frer_len_mask(r->history_len);
	return etsn_frer_pass(r, now);
}

/* ShiftSequenceHistory by delta (0 < delta < history_len): the numbers
 * that leave the window unseen are lost.
 */
static __always_inline void etsn_frer_shift(struct etsn_frer_rcvy *r, __u32 delta)
{
	__u32 len = r->history_len;
	__u64 out = ((1ULL << delta) - 1) << (len - delta);

	r->cnt.lost += delta - etsn_frer_popcount(r->history & out);
	r->history = ((r->history << delta) & etsn_frer_len_mask(len)) | 1;
}

static __always_inline int etsn_frer_vector(struct etsn_frer_rcvy *r, __u16 seq, __u64 now)
{
	__s32 len = r->history_len;
	__s32 delta = (__s16)(__u16)(seq - r->recov_seq);

	if (len < 2 || len > ETSN_FRER_HISTORY_MAX)
		return ETSN_FRER_DROP;	/* etsnctl never writes these */
	if (delta >= len || delta <= -len) {
		r->cnt.rogue++;
		return ETSN_FRER_DROP;
	}
	if (delta <= 0) {
		__u64 bit = 1ULL << (-delta & 63);

		if (r->history & bit)
			return etsn_frer_discard(r, now);
		r->history |= bit;
		r->cnt.out_of_order++;
		return etsn_frer_pass(r, now);
	}
	if (delta != 1)
		r->cnt.out_of_order++;
	etsn_frer_shift(r, delta);
	r->recov_seq = seq;
	return etsn_frer_pass(r, now);
}

static __always_inline int etsn_frer_match(struct etsn_frer_rcvy *r, __u16 seq, __u64 now)
{
	__u16 delta = seq - r->recov_seq;

	if (delta == 0)
		return etsn_frer_discard(r, now);
	if (delta != 1)
		r->cnt.out_of_order++;
	r->recov_seq = seq;
	return etsn_frer_pass(r, now);
}

/* The verdict on one frame of the stream: tagged says whether it carried
 * an R-TAG, seq its number; now is CLOCK_MONOTONIC.
 */
static __always_inline int etsn_frer_recover(struct etsn_frer_rcvy *r, int tagged, __u16 seq,
					     __u64 now)
{
	if (!r->take_any && now > r->last_ns &&
	    now - r->last_ns >= (__u64)r->reset_ms * ETSN_FRER_NS_PER_MS)
		etsn_frer_reset(r);
	etsn_frer_latent(r, now);
	if (!tagged) {
		r->cnt.tagless++;
		if (r->flags & ETSN_FRER_F_TAKE_NO_SEQ)
			return etsn_frer_pass(r, now);
		return ETSN_FRER_DROP;
	}
	if (r->take_any)
		return etsn_frer_take(r, seq, now);
	if (r->alg == ETSN_FRER_ALG_MATCH)
		return etsn_frer_match(r, seq, now);
	return etsn_frer_vector(r, seq, now);
}

#endif /* ETSN_FRER_RCVY_H */
