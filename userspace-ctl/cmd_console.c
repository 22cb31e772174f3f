// SPDX-License-Identifier: GPL-2.0
/*
 * v3ctl console NAME [-f]: copies the VM's console ring to stdout with
 * CONSOLE_READ, from offset 0. With -f it keeps reading every 50 ms while
 * the VM runs; once the VM has stopped, one more empty read means all of
 * its output has been seen.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libv3vee.h"
#include "v3ctl.h"

#define CONSOLE_POLL_NS (50 * 1000 * 1000)

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= n;
	}
	return 0;
}

static void sleep_poll(void)
{
	struct timespec ts = { .tv_nsec = CONSOLE_POLL_NS };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int console_copy(int fd, const char *name, int follow)
{
	static char buf[64 * 1024];
	struct v3_console_chunk chunk;
	uint64_t offset = 0;
	int stopped = 0, reads = 0;

	for (;;) {
		int ret = v3_console_read(fd, name, &offset, buf, sizeof(buf),
					  &chunk);

		if ((ret == -ENOENT || ret == -ENAMETOOLONG) && reads > 0) {
			ctl_error("%s was destroyed", name);
			return CTL_EXIT_OK;
		}
		if (ret)
			return ctl_vm_error(name, ret, "read the console of");
		reads++;
		if (chunk.lost)
			ctl_note("%llu bytes of console output were "
				 "overwritten before they were read",
				 (unsigned long long)chunk.lost);
		if (chunk.got) {
			ret = write_all(STDOUT_FILENO, buf, chunk.got);
			if (ret) {
				ctl_error("stdout: %s", strerror(-ret));
				return CTL_EXIT_ERROR;
			}
			continue;
		}
		if (!follow || stopped)
			return CTL_EXIT_OK;
		/* Output written just before the VM stopped may still come:
		 * read once more once it is seen stopped. */
		if (chunk.state != V3_VM_RUNNING &&
		    chunk.state != V3_VM_CREATED) {
			stopped = 1;
			continue;
		}
		sleep_poll();
	}
}

static int console_run(const struct command *cmd, int argc, char **argv)
{
	static const char *const follow_flag[] = { "-f", "--follow", NULL };
	const char *name;
	int follow = 0, fd, ret;

	ret = arg_vm_name(cmd, argc, argv, follow_flag, &follow, &name);
	if (ret != ARG_GO_ON)
		return ret;
	fd = ctl_open_device();
	if (fd < 0)
		return CTL_EXIT_ERROR;
	ret = console_copy(fd, name, follow);
	v3_close(fd);
	return ret;
}

const struct command cmd_console = {
	.name = "console",
	.summary = "print a VM's console output",
	.help = "usage: v3ctl console NAME [-f]\n"
		"\n"
		"Writes the VM's console output to stdout from its start, as\n"
		"far as the module's 256 KB ring still holds it; a message\n"
		"on stderr says how much was overwritten before it was read.\n"
		"\n"
		"  -f, --follow  go on printing while the VM is created or\n"
		"                runs; return once it has stopped and all\n"
		"                of its output is printed\n"
		"  -h, --help    this help\n",
	.run = console_run,
};
