/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The corpus of each BPF object in build/bpf (dir). */
#ifndef ETSN_TEST_CORPUS_H
#define ETSN_TEST_CORPUS_H

void corpus_fw(const char *dir);
void corpus_psfp(const char *dir);
void corpus_classify(const char *dir);
void corpus_dscp(const char *dir);

#endif
