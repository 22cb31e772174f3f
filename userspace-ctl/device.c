// SPDX-License-Identifier: GPL-2.0
/*
 * Opening /dev/v3vmm for any command: a missing device means the module is
 * not loaded, and a module of another ABI version would read our structs
 * wrongly, so both stop the command with a message that says what to do.
 */
#include <errno.h>
#include <string.h>

#include "libv3vee.h"
#include "v3ctl.h"

int ctl_open_device(void)
{
	uint32_t version;
	int ret, fd = v3_open(V3_DEVICE);

	if (fd == -ENOENT || fd == -ENXIO || fd == -ENODEV) {
		ctl_error(
			"%s not found: load the module first (insmod v3vmm.ko)",
			V3_DEVICE);
		return -1;
	}
	if (fd == -EACCES || fd == -EPERM) {
		ctl_error("%s: %s (v3ctl must run as root)", V3_DEVICE,
			  strerror(-fd));
		return -1;
	}
	if (fd < 0) {
		ctl_error("%s: %s", V3_DEVICE, strerror(-fd));
		return -1;
	}
	ret = v3_abi_version(fd, &version);
	if (ret) {
		ctl_error("%s does not answer the version call (%s): is it "
			  "v3vmm.ko?",
			  V3_DEVICE, strerror(-ret));
		v3_close(fd);
		return -1;
	}
	if (version != V3VEE_ABI_VERSION) {
		ctl_error("the loaded v3vmm.ko speaks ABI version %u, this "
			  "v3ctl speaks version %u: use the v3ctl built with "
			  "the module",
			  version, V3VEE_ABI_VERSION);
		v3_close(fd);
		return -1;
	}
	return fd;
}
