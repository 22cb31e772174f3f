/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What v3ctl's commands share: the command table entry each one defines,
 * messages, exit statuses, option parsing and opening /dev/v3vmm.
 */
#ifndef V3CTL_H
#define V3CTL_H

#define CTL_EXIT_OK 0
#define CTL_EXIT_ERROR 1
#define CTL_EXIT_USAGE 2

struct command {
	const char *name;
	const char *summary; /* one line for "v3ctl --help" */
	const char *help; /* usage line, description and options */
	int (*run)(const struct command *cmd, int argc, char **argv);
};

extern const struct command cmd_create, cmd_list, cmd_console, cmd_stats,
	cmd_regs, cmd_destroy, cmd_host_check, cmd_run;

/*
 * Bit N set: descriptor N (0-2) was closed when v3ctl started. main()
 * then opens /dev/null there, so that no file v3ctl opens lands on a
 * standard descriptor; `run` gives the program that descriptor closed.
 */
extern unsigned int ctl_stdio_closed;

/* "v3ctl: ..." on stderr, with a newline; warnings say "warning: ". */
void ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ctl_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The message, then the command's usage line; returns CTL_EXIT_USAGE. */
int ctl_usage(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The command's help on stdout; returns CTL_EXIT_OK. */
int ctl_help(const struct command *cmd);

/* Options (args.c). */
int arg_is_help(const char *arg);
int arg_option(int argc, char **argv, int *i, const char *name,
	       const char **value);
int arg_int(const char *s, long min, long max, long *value);

/* Commands on one VM by name (by_name.c). */
#define ARG_GO_ON (-1) /* arg_vm_name(): parsed, go on */
int arg_vm_name(const struct command *cmd, int argc, char **argv,
		const char *const *flag_names, int *flag, const char **name);
int ctl_vm_error(const char *name, int ret, const char *what);

/* Opens /dev/v3vmm and checks its ABI version; prints why not (device.c). */
int ctl_open_device(void);

#endif
