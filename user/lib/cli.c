// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

bool etsn_cli_is_help(const char *word)
{
	return strcmp(word, "help") == 0 || strcmp(word, "-h") == 0 ||
	       strcmp(word, "--help") == 0;
}

int etsn_cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "etsnctl %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return 2;
}

int etsn_cli_bad_words(const char *cmd, const char *usage, int argc, char **argv, int i,
		       const char *why)
{
	char words[256] = "";

	for (int w = i; w < argc; w++)
		snprintf(words + strlen(words), sizeof(words) - strlen(words), "%s%s",
			 w > i ? " " : "", argv[w]);
	return etsn_cli_usage_error(cmd, usage, "%s (in '%s')", why, words);
}

bool etsn_cli_take_dev(int argc, char **argv, int *i, const char **dev)
{
	if (*i + 1 >= argc || strcmp(argv[*i], "dev") != 0)
		return false;
	*dev = argv[*i + 1];
	*i += 2;
	return true;
}

int etsn_cli_open(struct etsn_genl *g, const char *cmd)
{
	if (etsn_genl_open(g) == 0)
		return 0;
	fprintf(stderr, "etsnctl %s: %s\n", cmd, etsn_genl_strerror(g));
	return 1;
}

int etsn_cli_fail(const struct etsn_genl *g, const char *cmd)
{
	fprintf(stderr, "etsnctl %s: %s\n", cmd, etsn_genl_strerror(g));
	return 1;
}

int etsn_cli_check_dev(const char *cmd, const char *usage, const char *dev)
{
	if (etsn_genl_dev_name_valid(dev))
		return 0;
	return etsn_cli_usage_error(cmd, usage, "'%s' is not a device name", dev);
}
