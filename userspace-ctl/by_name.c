// SPDX-License-Identifier: GPL-2.0
/*
 * What the commands that act on one VM by name (console, stats, regs,
 * destroy) share: their arguments and their messages for a failed
 * request.
 */
#include <errno.h>
#include <string.h>

#include "v3ctl.h"

/*
 * The arguments of a command that acts on one VM: exactly one NAME, and
 * at most the flag spelled as any of flag_names (NULL-terminated; NULL
 * for a command without one), which sets *flag. After "--" a NAME may
 * start with '-'. Returns ARG_GO_ON, or
 * the exit status of --help or of a usage error for the command to
 * return.
 */
int arg_vm_name(const struct command *cmd, int argc, char **argv,
		const char *const *flag_names, int *flag, const char **name)
{
	int options = 1; /* until "--": then a NAME may start with '-' */

	*name = NULL;
	for (int i = 1; i < argc; i++) {
		int is_flag = 0;

		if (options && strcmp(argv[i], "--") == 0) {
			options = 0;
			continue;
		}
		if (!options) {
			if (*name)
				return ctl_usage(cmd, "one NAME only: %s",
						 argv[i]);
			*name = argv[i];
			continue;
		}
		if (arg_is_help(argv[i]))
			return ctl_help(cmd);
		for (int f = 0; flag_names && flag_names[f]; f++)
			is_flag |= strcmp(argv[i], flag_names[f]) == 0;
		if (is_flag)
			*flag = 1;
		else if (argv[i][0] == '-')
			return ctl_usage(cmd, "unknown option %s", argv[i]);
		else if (*name)
			return ctl_usage(cmd, "one NAME only: %s", argv[i]);
		else
			*name = argv[i];
	}
	if (!*name)
		return ctl_usage(cmd, "no NAME given");
	return ARG_GO_ON;
}

/*
 * The message for a by-name request that failed with ret (-errno):
 * "no VM named", or "cannot WHAT of NAME: ...". Returns CTL_EXIT_ERROR.
 */
int ctl_vm_error(const char *name, int ret, const char *what)
{
	if (ret == -ENOENT || ret == -ENAMETOOLONG)
		ctl_error("no VM named %s", name);
	else
		ctl_error("cannot %s %s: %s", what, name, strerror(-ret));
	return CTL_EXIT_ERROR;
}
