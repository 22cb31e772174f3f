// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI table discovery: RSDP in the BIOS areas, then the XSDT (or RSDT).
 * Only static tables are read; there is no AML interpreter.
 */
#include <lwk/string.h>
#include <arch/acpi.h>
#include <arch/paging.h>

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __packed;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += b[i];
	return sum == 0;
}

static const struct rsdp *scan(uint64_t start, uint64_t len)
{
	for (uint64_t p = start; p + sizeof(struct rsdp) <= start + len;
	     p += 16) {
		const struct rsdp *r = phys_to_virt(p);

		if (!memcmp(r->signature, "RSD PTR ", 8) && checksum_ok(r, 20))
			return r;
	}
	return NULL;
}

static const struct rsdp *find_rsdp(void)
{
	uint64_t ebda = (uint64_t)*(uint16_t *)phys_to_virt(0x40e) << 4;
	const struct rsdp *r = NULL;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		r = scan(ebda, 1024);
	return r ? r : scan(0xe0000, 0x20000);
}

static const struct acpi_header *table_at(uint64_t phys, const char *sig)
{
	const struct acpi_header *h;

	if (!phys || phys >= 4 * GiB)
		return NULL;
	h = phys_to_virt(phys);
	if (sig && memcmp(h->signature, sig, 4))
		return NULL;
	if (h->length < sizeof(*h) || !checksum_ok(h, h->length))
		return NULL;
	return h;
}

const struct acpi_header *acpi_find_table(const char *signature)
{
	const struct rsdp *rsdp = find_rsdp();
	const struct acpi_header *root;
	size_t entry_size;

	if (!rsdp)
		return NULL;
	if (rsdp->revision >= 2 && rsdp->xsdt) {
		root = table_at(rsdp->xsdt, "XSDT");
		entry_size = 8;
	} else {
		root = table_at(rsdp->rsdt, "RSDT");
		entry_size = 4;
	}
	if (!root)
		return NULL;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	size_t n = (root->length - sizeof(*root)) / entry_size;

	for (size_t i = 0; i < n; i++) {
		uint64_t phys = 0;

		memcpy(&phys, entries + i * entry_size, entry_size);
		const struct acpi_header *h = table_at(phys, signature);

		if (h)
			return h;
	}
	return NULL;
}
