/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every etsnctl command does the same way: recognise a request for
 * help, report bad usage (exit 2), reach the family and report the kernel's
 * refusal (exit 1). Messages go to stderr as "etsnctl <cmd>: <reason>".
 */
#ifndef EDGETSN_CLI_H
#define EDGETSN_CLI_H

#include <stdbool.h>

#include "genl.h"

/* "help", "-h" or "--help". */
bool etsn_cli_is_help(const char *word);

/* Prints "etsnctl <cmd>: <reason>" and the usage text; returns 2. */
int etsn_cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The usage error "<why> (in '<argv[i]> ... <argv[argc-1]>')": the words
 * a parser refused, quoted back; returns 2.
 */
int etsn_cli_bad_words(const char *cmd, const char *usage, int argc, char **argv, int i,
		       const char *why);
/* Takes "dev DEV" at argv[*i]; advances *i. false (and nothing printed)
 * when it is not there.
 */
bool etsn_cli_take_dev(int argc, char **argv, int *i, const char **dev);
/* 0 when dev can name a device, else the usage error (2). */
int etsn_cli_check_dev(const char *cmd, const char *usage, const char *dev);

/* Opens the family; on failure prints why and returns 1, else 0. */
int etsn_cli_open(struct etsn_genl *g, const char *cmd);

/* Prints g's error (the kernel's extack text verbatim) and returns 1. */
int etsn_cli_fail(const struct etsn_genl *g, const char *cmd);

#endif
