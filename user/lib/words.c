// SPDX-License-Identifier: GPL-2.0-or-later
/* Splitting a line of a words file; see words.h. */
#include <string.h>

#include "words.h"

int etsn_split_line(char *line, char **words, int max)
{
	char *save = NULL, *w;
	int n = 0;

	line[strcspn(line, "#")] = '\0';
	for (w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == max)
			return -1;
		words[n++] = w;
	}
	return n;
}
