// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl: creates, lists, watches and destroys LWK virtual machines through
 * /dev/v3vmm. This file holds main(), the command table and the message
 * helpers; each command lives in its own cmd_*.c and the ioctls in
 * libv3vee.c. Exit status: 0 on success, 1 on errors, 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "v3vee.h"
#include "v3ctl.h"

static const struct command *const commands[] = {
	&cmd_create, &cmd_run, &cmd_list, &cmd_console, &cmd_stats, &cmd_regs,
	&cmd_destroy, &cmd_host_check,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

unsigned int ctl_stdio_closed;

/* Fills closed standard descriptors with /dev/null (see v3ctl.h). */
static int fill_stdio(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", O_RDWR) != fd)
			return -1;
		ctl_stdio_closed |= 1u << fd;
	}
	return 0;
}

static void vmessage(const char *kind, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "v3ctl: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ctl_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

/* Not an error: progress, or what a command did. */
void ctl_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
}

void ctl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

/* A command's help starts with its usage lines, up to a blank line. */
int ctl_usage(const struct command *cmd, const char *fmt, ...)
{
	const char *end = strstr(cmd->help, "\n\n");
	size_t len = end ? (size_t)(end - cmd->help) : strlen(cmd->help);
	va_list ap;

	va_start(ap, fmt);
	vmessage("", fmt, ap);
	va_end(ap);
	fprintf(stderr, "%.*s\nTry 'v3ctl %s --help'.\n", (int)len, cmd->help,
		cmd->name);
	return CTL_EXIT_USAGE;
}

int ctl_help(const struct command *cmd)
{
	fputs(cmd->help, stdout);
	return CTL_EXIT_OK;
}

static void print_overview(FILE *out)
{
	fputs("usage: v3ctl COMMAND [ARGS...]\n"
	      "\n"
	      "Runs lightweight-kernel (LWK) guests on cores and memory taken "
	      "away\n"
	      "from Linux, through /dev/v3vmm (v3vmm.ko).\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-11s%s\n", commands[i]->name,
			commands[i]->summary);
	fputs("\n"
	      "'v3ctl COMMAND --help' describes a command. Exit status: 0 on\n"
	      "success, 1 on errors, 2 on usage errors.\n",
	      out);
}

int main(int argc, char **argv)
{
	const char *name;

	/* Nothing can be reported without a stderr: just fail. */
	if (fill_stdio())
		return CTL_EXIT_ERROR;
	if (argc < 2) {
		print_overview(stderr);
		return CTL_EXIT_USAGE;
	}
	name = argv[1];
	if (arg_is_help(name) || strcmp(name, "help") == 0) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			for (size_t i = 0; i < NCOMMANDS; i++)
				if (strcmp(argv[2], commands[i]->name) == 0)
					return ctl_help(commands[i]);
			ctl_error("no command '%s'", argv[2]);
			return CTL_EXIT_USAGE;
		}
		print_overview(stdout);
		return CTL_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("v3ctl (ABI version %u)\n", V3VEE_ABI_VERSION);
		return CTL_EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i]->name) == 0)
			return commands[i]->run(commands[i], argc - 1,
						argv + 1);
	ctl_error("no command '%s'", name);
	fputs("Try 'v3ctl --help'.\n", stderr);
	return CTL_EXIT_USAGE;
}
