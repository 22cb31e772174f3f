// SPDX-License-Identifier: GPL-2.0
/*
 * Memory blocks in sysfs (Documentation/admin-guide/mm/memory-hotplug.rst
 * in Linux): block_size_bytes holds the block size in hex; memoryN/state
 * is "online" or "offline"; memoryN/valid_zones names the zone of an
 * online block. v3vmm can take only blocks in ZONE_MOVABLE (v3ctl counts
 * them before a create) and onlines the blocks it gives back itself
 * (v3ctl destroy checks that they are online).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostmem.h"

/* Reads a small sysfs file into buf, without its trailing newline. */
static int read_attr(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	do {
		n = read(fd, buf, size - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int hostmem_block_size(const char *dir, uint64_t *bytes)
{
	char path[512], buf[64], *end;
	unsigned long long v;
	int ret;

	snprintf(path, sizeof(path), "%s/block_size_bytes", dir);
	ret = read_attr(path, buf, sizeof(buf));
	if (ret)
		return ret;
	errno = 0;
	v = strtoull(buf, &end, 16);
	if (errno || end == buf || *end != '\0' || v == 0)
		return -EINVAL;
	*bytes = v;
	return 0;
}

/* Is memoryN (named by its sysfs directory) online and in ZONE_MOVABLE? */
static int block_is_online_movable(const char *dir, const char *name)
{
	char path[512], buf[128];

	snprintf(path, sizeof(path), "%s/%s/state", dir, name);
	if (read_attr(path, buf, sizeof(buf)) || strcmp(buf, "online") != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s/valid_zones", dir, name);
	if (read_attr(path, buf, sizeof(buf)))
		return 0;
	buf[strcspn(buf, " \t")] = '\0';
	return strcmp(buf, "Movable") == 0;
}

/* Sums the blocks Linux could give up now: online and movable. */
int hostmem_movable_bytes(const char *dir, uint64_t block, uint64_t *bytes)
{
	struct dirent *de;
	uint64_t sum = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		const char *digits = de->d_name + strlen("memory");

		if (strncmp(de->d_name, "memory", strlen("memory")) != 0 ||
		    *digits < '0' || *digits > '9' ||
		    digits[strspn(digits, "0123456789")] != '\0')
			continue;
		if (block_is_online_movable(dir, de->d_name))
			sum += block;
	}
	closedir(d);
	*bytes = sum;
	return 0;
}

int hostmem_block_state(const char *dir, uint64_t index, char *state,
			size_t size)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/memory%" PRIu64 "/state", dir, index);
	return read_attr(path, state, size);
}

int hostmem_block_zone(const char *dir, uint64_t index, char *zone,
		       size_t size)
{
	char path[512];
	int ret;

	snprintf(path, sizeof(path), "%s/memory%" PRIu64 "/valid_zones", dir,
		 index);
	ret = read_attr(path, zone, size);
	if (!ret)
		zone[strcspn(zone, " \t")] = '\0';
	return ret;
}
