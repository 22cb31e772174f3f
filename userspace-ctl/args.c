// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line options, parsed by hand rather than with getopt_long: the
 * commands take a few long options in any order around their positional
 * arguments, and "create" must see exactly where "--" was, because what
 * follows it is the guest program's own argv.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "v3ctl.h"

int arg_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/*
 * If argv[*i] is the option name ("--mem") as "--mem VALUE" or
 * "--mem=VALUE", sets *value, leaves *i on the option's last word and
 * returns 1. Returns 0 if argv[*i] is something else, -1 if the value is
 * missing.
 */
int arg_option(int argc, char **argv, int *i, const char *name,
	       const char **value)
{
	size_t len = strlen(name);
	const char *arg = argv[*i];

	if (strncmp(arg, name, len) != 0)
		return 0;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	if (arg[len] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

/* A decimal integer in [min, max]: 0, -EINVAL, or -ERANGE. */
int arg_int(const char *s, long min, long max, long *value)
{
	char *end;
	long v;

	/* strtol() would skip leading blanks; a number starts with one. */
	if (!(*s == '-' || *s == '+' || (*s >= '0' && *s <= '9')))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*value = v;
	return 0;
}
