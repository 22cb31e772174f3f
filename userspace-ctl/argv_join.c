// SPDX-License-Identifier: GPL-2.0
/*
 * The Multiboot module command line is the program's argv, argv[0]
 * included (Documentation/boot-protocol.md). It is the program's base
 * name, then each argument, separated by single spaces. The LWK splits it
 * again at blanks and treats '"' as a quote, so a word that is empty or
 * holds a blank is written in double quotes, and a word that holds '"'
 * cannot be passed at all.
 */
#include <errno.h>
#include <string.h>

#include "argv_join.h"

static int word_needs_quotes(const char *word)
{
	return *word == '\0' || strpbrk(word, " \t") != NULL;
}

/* Appends s to buf at *used; -E2BIG when it does not fit with a NUL. */
static int append(char *buf, size_t size, size_t *used, const char *s)
{
	size_t len = strlen(s);

	if (len >= size - *used)
		return -E2BIG;
	memcpy(buf + *used, s, len + 1);
	*used += len;
	return 0;
}

static int append_word(char *buf, size_t size, size_t *used, const char *word)
{
	int quote = word_needs_quotes(word);
	int ret = 0;

	if (*used)
		ret = append(buf, size, used, " ");
	if (!ret && quote)
		ret = append(buf, size, used, "\"");
	if (!ret)
		ret = append(buf, size, used, word);
	if (!ret && quote)
		ret = append(buf, size, used, "\"");
	return ret;
}

/*
 * Writes "basename(program) args..." into buf. Returns 0; -EINVAL with
 * *bad set to the word that holds a '"'; -E2BIG when there are more words
 * than the LWK reads or the line does not fit in size bytes (with NUL).
 */
int argv_join(const char *program, char *const args[], int nargs, char *buf,
	      size_t size, const char **bad)
{
	const char *base = strrchr(program, '/');
	size_t used = 0;
	int ret;

	base = base ? base + 1 : program;
	*bad = NULL;
	if (size == 0 || nargs + 1 > ARGV_JOIN_MAX_WORDS)
		return -E2BIG;
	buf[0] = '\0';
	for (int i = -1; i < nargs; i++) {
		const char *word = i < 0 ? base : args[i];

		if (strchr(word, '"')) {
			*bad = word;
			return -EINVAL;
		}
		ret = append_word(buf, size, &used, word);
		if (ret)
			return ret;
	}
	return 0;
}
