/* SPDX-License-Identifier: GPL-2.0 */
/* Finding ACPI tables (lwk/arch/x86_64/acpi.c). */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <lwk/types.h>

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

/* The first table with this signature ("FACP", "APIC", ...), checksum
 * verified, or NULL. */
const struct acpi_header *acpi_find_table(const char *signature);

#endif
