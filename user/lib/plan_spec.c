// SPDX-License-Identifier: GPL-2.0-or-later
/* The planner's spec file: interface words and one stream per line, read
 * the way schedule files are (words, '#' comments, "PATH:LINE: reason").
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "plan.h"

#define MAX_WORDS 32

struct reader {
	struct etsn_plan_input *in;
	char *err;
	size_t errlen;
};

static int bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int number(struct reader *r, const char *what, const char *s, uint64_t max,
		  uint32_t *out)
{
	uint64_t v;

	if (etsn_parse_u64(s, &v) || v > max)
		return bad(r, "%s '%s' is not a number from 0 to %" PRIu64, what, s, max);
	*out = (uint32_t)v;
	return 0;
}

static int duration(struct reader *r, const char *what, const char *s, uint64_t *out)
{
	if (etsn_parse_duration_ns(s, out))
		return bad(r, "%s '%s' is not a duration (<n>[ns|us|ms|s])", what, s);
	return 0;
}

static int stream_key(struct reader *r, struct etsn_plan_stream *s, const char *k,
		      const char *v, unsigned *seen)
{
	static const char *const keys[] = {
		"interval", "max-frames-per-interval", "max-frame-size",
		"earliest-transmit-offset", "latest-transmit-offset", "max-latency", "class",
	};
	uint32_t cls = 0;
	unsigned i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(k, keys[i]) == 0)
			break;
	if (i == sizeof(keys) / sizeof(keys[0]))
		return bad(r, "stream %s: unknown key '%s'", s->name, k);
	if (*seen & (1U << i))
		return bad(r, "stream %s: %s given twice", s->name, k);
	*seen |= 1U << i;
	switch (i) {
	case 0: return duration(r, k, v, &s->interval);
	case 1: return number(r, k, v, UINT16_MAX, &s->max_frames);
	case 2: return number(r, k, v, UINT16_MAX, &s->max_frame_size);
	case 3: return duration(r, k, v, &s->earliest_offset);
	case 4: return duration(r, k, v, &s->latest_offset);
	case 5: return duration(r, k, v, &s->max_latency);
	}
	if (number(r, k, v, EDGETSN_NUM_TC - 1, &cls))
		return -EINVAL;
	s->tclass = (uint8_t)cls;
	return 0;
}

static int stream_line(struct reader *r, int n, char **w)
{
	struct etsn_plan_input *in = r->in;
	struct etsn_plan_stream *s;
	unsigned seen = 0;

	if (n < 2 || strlen(w[1]) >= ETSN_PLAN_NAME_LEN)
		return bad(r, "'stream' needs a NAME of 1 to %d characters", ETSN_PLAN_NAME_LEN - 1);
	for (uint32_t k = 0; k < in->num_streams; k++)
		if (strcmp(in->streams[k].name, w[1]) == 0)
			return bad(r, "stream %s given twice", w[1]);
	/* Room doubles at each power of two: one copy per stream on average. */
	if (!(in->num_streams & (in->num_streams - 1))) {
		void *p = realloc(in->streams, (in->num_streams ? in->num_streams * 2 : 1) *
				  sizeof(*in->streams));

		if (!p)
			return bad(r, "out of memory");
		in->streams = p;
	}
	s = &in->streams[in->num_streams];
	*s = (struct etsn_plan_stream){ .tclass = ETSN_PLAN_NO_CLASS };
	snprintf(s->name, sizeof(s->name), "%s", w[1]);
	for (int i = 2; i < n; i += 2) {
		if (i + 1 == n)
			return bad(r, "stream %s: '%s' needs a value", s->name, w[i]);
		if (stream_key(r, s, w[i], w[i + 1], &seen))
			return -EINVAL;
	}
	if ((seen & 7) != 7)
		return bad(r, "stream %s: interval, max-frames-per-interval and max-frame-size "
			   "are required", s->name);
	if (!(seen & 16))
		s->latest_offset = s->earliest_offset;
	in->num_streams++;
	return 0;
}

static int words(struct reader *r, int n, char **w)
{
	struct etsn_plan_input *in = r->in;

	if (!n)
		return 0;
	if (strcmp(w[0], "stream") == 0)
		return stream_line(r, n, w);
	if (n != 2)
		return bad(r, "'%s' takes one value", w[0]);
	if (strcmp(w[0], "link-speed") == 0)
		return number(r, w[0], w[1], 4000000, &in->speed_mbps);
	if (strcmp(w[0], "overhead") == 0)
		return number(r, w[0], w[1], 1024, &in->overhead);
	if (strcmp(w[0], "be-max-frame") == 0)
		return number(r, w[0], w[1], UINT16_MAX, &in->be_max_frame);
	if (strcmp(w[0], "best-effort") == 0) {
		size_t len = strlen(w[1]);
		char num[16];

		if (len < 2 || len >= sizeof(num) || w[1][len - 1] != '%')
			return bad(r, "best-effort '%s' is not a share like 20%%", w[1]);
		memcpy(num, w[1], len - 1);
		num[len - 1] = '\0';
		return number(r, "best-effort", num, 100, &in->be_percent);
	}
	if (strcmp(w[0], "preemption") == 0) {
		if (strcmp(w[1], "on") && strcmp(w[1], "off"))
			return bad(r, "preemption '%s': on or off", w[1]);
		in->preemption = strcmp(w[1], "on") == 0;
		return 0;
	}
	return bad(r, "unknown keyword '%s'", w[0]);
}

void etsn_plan_input_init(struct etsn_plan_input *in)
{
	*in = (struct etsn_plan_input){ .overhead = ETSN_PLAN_DEFAULT_OVERHEAD,
					.be_max_frame = ETSN_PLAN_DEFAULT_BE_FRAME };
}

int etsn_plan_parse_words(struct etsn_plan_input *in, int argc, char **argv,
			  char *err, size_t errlen)
{
	struct reader r = { .in = in, .err = err, .errlen = errlen };

	return words(&r, argc, argv);
}

int etsn_plan_parse_file(struct etsn_plan_input *in, const char *path,
			 char *err, size_t errlen)
{
	struct reader r = { .in = in, .err = err, .errlen = errlen };
	char *buf = NULL, *argv[MAX_WORDS], reason[256];
	unsigned lineno = 0;
	bool at_line = false;
	size_t cap = 0;
	int ret = 0;
	FILE *f;

	etsn_plan_input_init(in);
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	while (!ret && getline(&buf, &cap, f) >= 0) {
		at_line = true;
		char *save = NULL, *w;
		int n = 0;

		lineno++;
		buf[strcspn(buf, "#")] = '\0';
		for (w = strtok_r(buf, " \t\r\n", &save); w && !ret;
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == MAX_WORDS)
				ret = bad(&r, "more than %d words on one line", MAX_WORDS);
			else
				argv[n++] = w;
		}
		if (!ret)
			ret = words(&r, n, argv);
		at_line = ret != 0;
	}
	if (!ret && ferror(f))
		ret = bad(&r, "read error");
	else if (!ret && !in->speed_mbps)
		ret = bad(&r, "link-speed is required");
	else if (!ret && !in->num_streams)
		ret = bad(&r, "no 'stream' lines");
	if (ret) {
		snprintf(reason, sizeof(reason), "%s", err);
		if (at_line)
			snprintf(err, errlen, "%s:%u: %s", path, lineno, reason);
		else
			snprintf(err, errlen, "%s: %s", path, reason);
		free(in->streams);
		in->streams = NULL;
		in->num_streams = 0;
	}
	free(buf);
	fclose(f);
	return ret;
}
