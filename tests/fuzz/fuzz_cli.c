// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer: etsnctl's word parsers on arbitrary command lines. The first
 * byte picks the parser (sched set, class set, stream add, classify add,
 * fw rule, fw synlimit, meter set, stream gate); the rest is split into
 * words at blanks, as the shell would. Each parser either fills its
 * output or refuses with a reason; those that promise to leave their
 * output untouched on error are held to it, and what the printers write
 * reads back as the same thing (fw rules, class settings).
 */
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "lib/class.h"
#include "lib/classify.h"
#include "lib/fw.h"
#include "lib/psfp.h"
#include "lib/sched.h"
#include "lib/words.h"

#define MAX_WORDS	64
#define POISON		0xa5

/* Refused: a reason given, the output as it was. */
static void check_refusal(const char *why, const void *out, size_t size)
{
	const unsigned char *p = out;

	if (!why || !*why)
		abort();
	for (size_t i = 0; i < size; i++)
		if (p[i] != POISON)
			abort();
}

static void fuzz_sched(int n, char **w)
{
	static struct etsn_sched s;
	char err[512] = "";
	bool ext;

	if (etsn_sched_parse_words(&s, n, w, fuzz_clock, err, sizeof(err))) {
		if (!err[0])
			abort();
		return;
	}
	etsn_sched_check(&s, &ext);
}

/* What etsn_class_print writes is `class set` words again. */
static void class_round_trip(const struct etsn_class_cfg *c)
{
	struct etsn_class_cfg back;
	char *text = NULL, *words[MAX_WORDS * 2], *line, *save = NULL;
	size_t len = 0;
	char err[256];
	int n = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return;
	etsn_class_print(out, c);
	fclose(out);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int k = etsn_split_line(line, words + n, MAX_WORDS * 2 - n);

		if (k < 0)
			abort();
		n += k;
	}
	if (n && etsn_class_parse_words(&back, n, words, err, sizeof(err)))
		abort();	/* printed words the parser refuses */
	if (n && memcmp(c, &back, sizeof(back)))
		abort();	/* printed different settings */
	free(text);
}

static void fuzz_class(int n, char **w)
{
	static struct etsn_class_cfg c;
	char err[512] = "";

	if (etsn_class_parse_words(&c, n, w, err, sizeof(err))) {
		if (!err[0])
			abort();
		return;
	}
	etsn_class_check(&c);
	class_round_trip(&c);
}

static void fuzz_stream(int n, char **w)
{
	char key[ETSN_PSFP_KEY_STRLEN], rate[ETSN_PSFP_RATE_STRLEN];
	struct etsn_psfp_rule r;
	const char *why = NULL;

	memset(&r, POISON, sizeof(r));
	if (etsn_psfp_parse_add(n, w, &r, &why)) {
		check_refusal(why, &r, sizeof(r));
		return;
	}
	etsn_psfp_format_key(&r.stream, key, sizeof(key));
	etsn_psfp_format_rate(r.meter.eir, rate, sizeof(rate));
}

static void fuzz_classify(int n, char **w)
{
	char key[ETSN_CLS_KEY_STRLEN];
	struct etsn_cls_rule r;
	const char *why = NULL;

	memset(&r, POISON, sizeof(r));
	if (etsn_cls_parse_add(n, w, &r, &why)) {
		check_refusal(why, &r, sizeof(r));
		return;
	}
	etsn_cls_format_key(&r.stream, key, sizeof(key));
}

/* A rule prints as the words that make it. */
static void fuzz_fw(int n, char **w)
{
	char text[ETSN_FW_RULE_STRLEN], *words[4];
	struct etsn_fw_rule r, back;
	const void *k1, *k2;
	const char *why = NULL;
	size_t n1, n2;
	int k;

	memset(&r, POISON, sizeof(r));
	if (etsn_fw_parse_rule(n, w, &r, &why)) {
		check_refusal(why, &r, sizeof(r));
		return;
	}
	etsn_fw_format_rule(&r, text, sizeof(text));
	k = etsn_split_line(text, words, 4);
	if (k < 0 || etsn_fw_parse_rule(k, words, &back, &why) || back.kind != r.kind)
		abort();
	k1 = etsn_fw_rule_key(&r, &n1);
	k2 = etsn_fw_rule_key(&back, &n2);
	if (n1 != n2 || memcmp(k1, k2, n1))
		abort();
}

static void fuzz_synlimit(int n, char **w)
{
	struct etsn_fw_syn_config cfg;
	const char *why = NULL;
	uint64_t rate, burst;

	memset(&cfg, POISON, sizeof(cfg));
	if (etsn_fw_parse_synlimit(n, w, &cfg, &why)) {
		check_refusal(why, &cfg, sizeof(cfg));
		return;
	}
	etsn_fw_syn_limit(&cfg, &rate, &burst);
}

static void fuzz_meter(int n, char **w)
{
	struct etsn_psfp_meter s;
	const char *why = NULL;

	memset(&s, POISON, sizeof(s));
	if (etsn_psfp_parse_meter(n, w, &s, &why))
		check_refusal(why, &s, sizeof(s));
}

static void fuzz_gate(int n, char **w)
{
	char text[ETSN_PSFP_GATE_STRLEN];
	struct etsn_psfp_gate g;
	const char *why = NULL;
	int64_t now;

	fuzz_clock(0, &now);
	if (etsn_psfp_parse_gate(n, w, now, &g, &why)) {
		if (!why || !*why)
			abort();
		return;
	}
	if (!g.count || g.count > ETSN_PSFP_GATE_MAX)
		abort();
	etsn_psfp_format_gate(&g, text, sizeof(text));
}

static void (*const parsers[])(int n, char **w) = {
	fuzz_sched, fuzz_class, fuzz_stream, fuzz_classify,
	fuzz_fw, fuzz_synlimit, fuzz_meter, fuzz_gate,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *words[MAX_WORDS], *save = NULL, *w;
	int n = 0;

	if (size < 1)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	for (w = strtok_r(copy, " \t\n", &save); w && n < MAX_WORDS;
	     w = strtok_r(NULL, " \t\n", &save))
		words[n++] = w;
	parsers[data[0] % (sizeof(parsers) / sizeof(parsers[0]))](n, words);
	free(copy);
	return 0;
}
