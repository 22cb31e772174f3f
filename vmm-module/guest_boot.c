// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a Multiboot v1 guest: the kernel image (a.out kludge header:
 * it states where its bytes go), the first module (the program) and
 * their command lines, the Multiboot info with a memory map that shows
 * the 3-4 GB hole, and a minimal ACPI (RSDP, XSDT, MADT listing the
 * guest's CPUs by their physical APIC IDs). Guest memory is already
 * zero, so BSS needs nothing.
 *
 * Guest-physical layout below 1 MB (all of it RAM of the VM):
 *	0x1000	Multiboot info       0x4000	kernel command line
 *	0x2000	memory map           0x5000	module command line
 *	0x3000	module list          0x6000	boot loader name
 *	0xe0000	RSDP, then XSDT and MADT (where the LWK and others look)
 */
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "vmm.h"

#define MB_HEADER_MAGIC 0x1badb002
#define MB_HEADER_SEARCH 8192
#define MB_FLAG_AOUT_KLUDGE BIT(16)

#define MBI_MEM BIT(0)
#define MBI_CMDLINE BIT(2)
#define MBI_MODS BIT(3)
#define MBI_MMAP BIT(6)
#define MBI_LOADER_NAME BIT(9)

#define GPA_MBI 0x1000
#define GPA_MMAP 0x2000
#define GPA_MODS 0x3000
#define GPA_CMDLINE 0x4000
#define GPA_MOD_CMDLINE 0x5000
#define GPA_LOADER_NAME 0x6000
#define GPA_RSDP 0xe0000
#define GPA_XSDT 0xe0040
#define GPA_MADT 0xe0100
#define GPA_LOW_END 0x9f000 /* RAM below this is free for the guest */
#define GPA_KERNEL_MIN SZ_1M
#define APIC_GPA 0xfee00000

struct mb_header {
	u32 magic, flags, checksum;
	u32 header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
};

struct mb_info {
	u32 flags, mem_lower, mem_upper, boot_device, cmdline;
	u32 mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
	u32 drives_length, drives_addr, config_table, boot_loader_name;
};

struct mb_module {
	u32 mod_start, mod_end, cmdline, reserved;
};

struct mb_mmap_entry {
	u32 size; /* of the rest of the entry: 20 */
	u64 base, length;
	u32 type;
} __packed;

struct acpi_header {
	char signature[4];
	u32 length;
	u8 revision, checksum;
	char oem_id[6], oem_table_id[8];
	u32 oem_revision, creator_id, creator_revision;
} __packed;

struct acpi_rsdp {
	char signature[8];
	u8 checksum;
	char oem_id[6];
	u8 revision;
	u32 rsdt;
	u32 length;
	u64 xsdt;
	u8 ext_checksum, reserved[3];
} __packed;

struct acpi_madt_lapic {
	u8 type, length, processor_id, apic_id;
	u32 flags;
} __packed;

/* Finds and checks the a.out-kludge Multiboot header; -ENOEXEC if bad. */
static int parse_header(const u8 *image, u64 len, struct mb_header *h,
			u64 *file_off, u64 *file_bytes)
{
	u64 limit = min_t(u64, len, MB_HEADER_SEARCH), off;

	for (off = 0; off + sizeof(*h) <= limit; off += 4) {
		memcpy(h, image + off, sizeof(*h));
		if (h->magic == MB_HEADER_MAGIC &&
		    (u32)(h->magic + h->flags + h->checksum) == 0)
			break;
	}
	if (off + sizeof(*h) > limit || !(h->flags & MB_FLAG_AOUT_KLUDGE))
		return -ENOEXEC;
	if (h->header_addr < h->load_addr || off < h->header_addr - h->load_addr)
		return -ENOEXEC;
	*file_off = off - (h->header_addr - h->load_addr);
	if (h->load_end_addr && h->load_end_addr < h->load_addr)
		return -ENOEXEC;
	*file_bytes = h->load_end_addr ? h->load_end_addr - h->load_addr :
					 len - *file_off;
	if (*file_off + *file_bytes > len) /* truncated */
		return -ENOEXEC;
	if (h->bss_end_addr && h->bss_end_addr < h->load_addr + *file_bytes)
		return -ENOEXEC;
	if (h->load_addr < GPA_KERNEL_MIN || h->entry_addr < h->load_addr ||
	    h->entry_addr >= h->load_addr + *file_bytes)
		return -ENOEXEC;
	return 0;
}

/* Copies user bytes to guest RAM, across block boundaries. */
static int copy_to_guest(struct vm *vm, u64 gpa, const void __user *src,
			 u64 len)
{
	while (len) {
		u64 chunk = min_t(u64, len, SZ_2M - (gpa & (SZ_2M - 1)));
		void *dst = guest_ptr(vm, gpa, chunk);

		if (!dst)
			return -EFBIG;
		if (copy_from_user(dst, src, chunk))
			return -EFAULT;
		gpa += chunk;
		src += chunk;
		len -= chunk;
	}
	return 0;
}

static void *low(struct vm *vm, u64 gpa, u64 len)
{
	return guest_ptr(vm, gpa, len); /* below 1 MB: always RAM */
}

static u8 acpi_sum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static void acpi_header(struct acpi_header *h, const char *sig, u32 len)
{
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = 1;
	memcpy(h->oem_id, "V3VEE ", 6);
	memcpy(h->oem_table_id, "V3VMM   ", 8);
	h->oem_revision = 1;
	h->creator_id = 0x65763376; /* "v3ve" */
	h->creator_revision = 1;
	h->checksum = -acpi_sum(h, len);
}

static void build_acpi(struct vm *vm)
{
	u32 madt_len = sizeof(struct acpi_header) + 8 +
		       vm->nvcpus * sizeof(struct acpi_madt_lapic);
	struct acpi_header *madt = low(vm, GPA_MADT, madt_len);
	struct acpi_header *xsdt = low(vm, GPA_XSDT, sizeof(*xsdt) + 8);
	struct acpi_rsdp *rsdp = low(vm, GPA_RSDP, sizeof(*rsdp));
	u8 *body = (u8 *)(madt + 1);

	*(u32 *)body = APIC_GPA; /* local APIC address */
	*(u32 *)(body + 4) = 0;  /* no 8259s */
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct acpi_madt_lapic *e = (void *)(body + 8) + i * sizeof(*e);

		e->type = 0;
		e->length = sizeof(*e);
		e->processor_id = i;
		e->apic_id = vm->vcpus[i]->apic_id;
		e->flags = 1; /* enabled */
	}
	acpi_header(madt, "APIC", madt_len);

	*(u64 *)(xsdt + 1) = GPA_MADT;
	acpi_header(xsdt, "XSDT", sizeof(*xsdt) + 8);

	memcpy(rsdp->signature, "RSD PTR ", 8);
	memcpy(rsdp->oem_id, "V3VEE ", 6);
	rsdp->revision = 2;
	rsdp->length = sizeof(*rsdp);
	rsdp->xsdt = GPA_XSDT;
	rsdp->checksum = -acpi_sum(rsdp, 20);
	rsdp->ext_checksum = -acpi_sum(rsdp, sizeof(*rsdp));
}

/* The memory map: low RAM, the BIOS area, then every RAM range. */
static u32 build_mmap(struct vm *vm, u32 *mem_upper_kb)
{
	struct mb_mmap_entry *e = low(vm, GPA_MMAP, SZ_4K);
	unsigned int n = 0;
	u64 below_hole = 0;

	e[n++] = (struct mb_mmap_entry){ 20, 0, GPA_LOW_END, 1 };
	e[n++] = (struct mb_mmap_entry){ 20, GPA_LOW_END, SZ_1M - GPA_LOW_END, 2 };
	for (unsigned int i = 0; i < vm->nram; i++) {
		u64 start = max_t(u64, vm->ram[i].gpa, SZ_1M);
		u64 end = vm->ram[i].gpa + vm->ram[i].bytes;

		if (end <= start)
			continue;
		if (e[n - 1].type == 1 && e[n - 1].base + e[n - 1].length == start)
			e[n - 1].length += end - start;
		else
			e[n++] = (struct mb_mmap_entry){ 20, start, end - start, 1 };
		if (start == SZ_1M || below_hole == start)
			below_hole = end;
	}
	*mem_upper_kb = below_hole > SZ_1M ? (below_hole - SZ_1M) >> 10 : 0;
	return n * sizeof(*e);
}

static int copy_string(struct vm *vm, u64 gpa, u64 user, u32 len)
{
	char *dst = low(vm, gpa, V3_CMDLINE_MAX);

	if (len >= V3_CMDLINE_MAX)
		return -E2BIG;
	if (user && copy_from_user(dst, u64_to_user_ptr(user), len))
		return -EFAULT;
	dst[len] = '\0';
	return 0;
}

int guest_boot_load(struct vm *vm, const struct v3_vm_load *req)
{
	u64 file_off, file_bytes, kernel_end, mod_at;
	struct mb_info *mbi;
	struct mb_header h;
	u8 *head;
	int err;

	if (req->flags || req->reserved || !req->image_len)
		return -EINVAL;
	if (vm->ram_top < SZ_16M)
		return -EFBIG;
	head = kmalloc(MB_HEADER_SEARCH, GFP_KERNEL);
	if (!head)
		return -ENOMEM;
	if (copy_from_user(head, u64_to_user_ptr(req->image),
			   min_t(u64, req->image_len, MB_HEADER_SEARCH))) {
		kfree(head);
		return -EFAULT;
	}
	err = parse_header(head, req->image_len, &h, &file_off, &file_bytes);
	kfree(head);
	if (err)
		return err;
	kernel_end = max_t(u64, h.bss_end_addr, h.load_addr + file_bytes);
	if (!guest_ptr(vm, h.load_addr, kernel_end - h.load_addr))
		return -EFBIG; /* must fit in the first piece of RAM */
	err = copy_to_guest(vm, h.load_addr,
			    u64_to_user_ptr(req->image + file_off), file_bytes);
	if (err)
		return err;

	mbi = low(vm, GPA_MBI, sizeof(*mbi));
	memset(mbi, 0, sizeof(*mbi));
	mbi->flags = MBI_MEM | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME;
	mbi->mem_lower = GPA_LOW_END >> 10;
	mbi->mmap_length = build_mmap(vm, &mbi->mem_upper);
	mbi->mmap_addr = GPA_MMAP;
	strscpy(low(vm, GPA_LOADER_NAME, 16), "v3vee", 16);
	mbi->boot_loader_name = GPA_LOADER_NAME;
	err = copy_string(vm, GPA_CMDLINE, req->cmdline, req->cmdline_len);
	if (err)
		return err;
	mbi->cmdline = GPA_CMDLINE;

	if (req->module_len) {
		struct mb_module *mod = low(vm, GPA_MODS, sizeof(*mod));

		mod_at = ALIGN(kernel_end, SZ_2M);
		if (mod_at + req->module_len > vm->ram_top ||
		    mod_at + req->module_len > U32_MAX)
			return -EFBIG;
		err = copy_to_guest(vm, mod_at, u64_to_user_ptr(req->module),
				    req->module_len);
		if (!err)
			err = copy_string(vm, GPA_MOD_CMDLINE, req->module_cmdline,
					  req->module_cmdline_len);
		if (err)
			return err;
		mod->mod_start = mod_at;
		mod->mod_end = mod_at + req->module_len;
		mod->cmdline = GPA_MOD_CMDLINE;
		mbi->flags |= MBI_MODS;
		mbi->mods_count = 1;
		mbi->mods_addr = GPA_MODS;
	}
	build_acpi(vm);
	vm->entry = h.entry_addr;
	vm->mbi = GPA_MBI;
	return 0;
}
