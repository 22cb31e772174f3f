/* SPDX-License-Identifier: GPL-2.0 */
/* Memory sizes as people type them ("512M", "4G") and as v3ctl prints them. */
#ifndef V3CTL_SIZES_H
#define V3CTL_SIZES_H

#include <stddef.h>
#include <stdint.h>

#define MB (1024ULL * 1024)

int size_parse(const char *s, uint64_t *bytes);
void size_format(uint64_t bytes, char *buf, size_t size);
int size_check_multiple(const char *option, const char *arg, uint64_t bytes,
			uint64_t block, char *msg, size_t size);

#endif
