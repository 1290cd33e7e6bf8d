/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every etsnctl command sees. A command lives in user/cmd_<name>.c,
 * exports one `int cmd_<name>(struct etsn_ctx *, int argc, char **argv)`
 * (argv[0] is its own name) and gets one line in the table in etsnctl.c.
 * Exit codes: 0 done, 1 the operation failed (kernel said no, I/O), 2 bad
 * usage. Errors go to stderr as "etsnctl <cmd>: <reason>".
 */
#ifndef ETSNCTL_H
#define ETSNCTL_H

#include <stdbool.h>

struct etsn_ctx {
	bool json;
};

#define ETSN_EXIT_OK		0
#define ETSN_EXIT_FAIL		1
#define ETSN_EXIT_USAGE		2

#endif /* ETSNCTL_H */
