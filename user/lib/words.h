/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Line-oriented files of etsnctl words (schedule files, stream batches):
 * one line, '#' to its end a comment, words separated by blanks.
 */
#ifndef EDGETSN_WORDS_H
#define EDGETSN_WORDS_H

/* Cuts line (in place) into at most max words; returns how many, or -1
 * when there are more than max.
 */
int etsn_split_line(char *line, char **words, int max);

#endif
