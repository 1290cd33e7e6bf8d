// SPDX-License-Identifier: GPL-2.0-or-later
/* Times edgetsnd's policy apply (user/lib/policy_apply.c) of a config
 * file on this host: the first apply, then the same config again (which
 * must write nothing). Run by tools/bench-agent-policy.sh in a namespace
 * of its own; prints one line per apply and the peak RSS, and exits 1
 * when an apply fails or the second one changes anything.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "lib/agent_config.h"
#include "lib/policy_apply.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run(const struct etsn_agent_config *c, const char *what, size_t *changes)
{
	struct etsn_policy_undo u = { 0 };
	char err[256] = "";
	double t0 = now_ms();
	int ret;

	*changes = 0;
	ret = etsn_policy_apply(c, &u, changes, err, sizeof(err));
	if (ret)
		etsn_policy_apply_undo(&u);
	etsn_policy_apply_free(&u);
	if (ret)
		fprintf(stderr, "%s: %s\n", what, err);
	else
		printf("%s: %zu changes in %.1f ms\n", what, *changes, now_ms() - t0);
	return ret;
}

int main(int argc, char **argv)
{
	struct etsn_agent_check_opts opts = { .host = true };
	struct etsn_agent_config *c;
	struct etsn_diag d;
	size_t first, second;
	double t0;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CONFIG\n", argv[0]);
		return 2;
	}
	etsn_diag_init(&d, argv[1]);
	t0 = now_ms();
	c = etsn_agent_config_load(&opts, &d);
	for (size_t i = 0; !c && i < d.count; i++)
		fprintf(stderr, "%s\n", d.msgs[i].text);
	etsn_diag_free(&d);
	if (!c)
		return 2;
	printf("parse: %.1f ms\n", now_ms() - t0);
	ret = run(c, "apply", &first) || run(c, "re-apply", &second);
	if (!ret) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		printf("peak RSS: %ld KiB (config held, after both applies)\n", ru.ru_maxrss);
	}
	etsn_agent_config_free(c);
	return ret || second ? 1 : 0;
}
