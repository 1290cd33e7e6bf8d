// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpf_corpus DIR: loads each BPF object of DIR (build/bpf) with libbpf,
 * sets its rules in private maps and runs the frame corpus through it
 * with BPF_PROG_TEST_RUN: the verdict and the counter of every frame.
 * Root only (the caller, tests/bpf/run.sh, skips otherwise).
 */
#include <stdio.h>
#include <string.h>

#include "corpus.h"
#include "harness.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* The verifier's log only when a load fails: libbpf warns then. */
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bpf_corpus DIR\n");
		return 2;
	}
	libbpf_set_print(quiet);
	corpus_fw(argv[1]);
	corpus_psfp(argv[1]);
	corpus_classify(argv[1]);
	corpus_dscp(argv[1]);
	return harness_summary();
}
