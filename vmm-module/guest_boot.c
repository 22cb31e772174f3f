// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a Multiboot v1 guest: the kernel image (an a.out-kludge image
 * or an ELF32/ELF64 executable, laid out by mb_image.c), the first module
 * (the program) and their command lines, the Multiboot info with a memory
 * map that shows the 3-4 GB hole, and a minimal ACPI (RSDP, XSDT, a MADT
 * listing the guest's CPUs by their physical APIC IDs, a hardware-reduced
 * FADT and an empty DSDT). Guest memory is already zero; a segment's BSS
 * is zeroed again all the same.
 *
 * Guest-physical layout below 1 MB (all of it RAM of the VM):
 *	0x1000	Multiboot info       0x4000	kernel command line
 *	0x2000	memory map           0x5000	module command line
 *	0x3000	module list          0x6000	boot loader name
 *	0x7000-0x9efff	free: a kernel linked there is loaded there
 *	0xe0000	RSDP, then XSDT, FADT, DSDT, and the MADT last (it has an
 *		entry per vCPU and may fill the rest of the first MB) (where
 *		the LWK and others look); 0x9f000-0xfffff is reserved in the
 *		memory map
 * A kernel's segments may not overlap 0x0-0x6fff or 0x9f000-0xfffff
 * (mb_image.h, MB_LOW_*).
 */
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "vmm.h"
#include "mb_image.h"

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
#define GPA_FADT 0xe0100
#define GPA_DSDT 0xe0300
#define GPA_MADT 0xe0400 /* last: it grows with the vCPUs, up to 1 MB */
#define GPA_LOW_END MB_LOW_RESERVED /* RAM below this is free for the guest */
#define APIC_GPA 0xfee00000

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

/* ACPI: a CPU whose APIC ID does not fit the entry above (255 and up). */
struct acpi_madt_x2apic {
	u8 type, length;
	u16 reserved;
	u32 x2apic_id, flags, processor_uid;
} __packed;

#define MADT_LAPIC 0
#define MADT_X2APIC 9
#define MADT_ENABLED 1

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

static void acpi_header(struct acpi_header *h, const char *sig, u32 len,
			u8 revision)
{
	memcpy(h->signature, sig, 4);
	h->length = len;
	h->revision = revision;
	memcpy(h->oem_id, "V3VEE ", 6);
	memcpy(h->oem_table_id, "V3VMM   ", 8);
	h->oem_revision = 1;
	h->creator_id = 0x65763376; /* "v3ve" */
	h->creator_revision = 1;
	h->checksum = -acpi_sum(h, len);
}

/*
 * The FADT (ACPI 6.5, 5.2.9), hardware-reduced: no SCI, no PM1 or GPE
 * blocks, no PM timer, no FACS, no reset register, no sleep registers;
 * the IA-PC boot flags say there is no 8042 keyboard controller, no VGA
 * and no CMOS RTC, and LEGACY_DEVICES is clear (no ISA/LPC devices to
 * enumerate). Fields not set are 0: "not supported" throughout.
 */
#define FADT_LEN 276
#define FADT_DSDT 40
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS 112
#define FADT_MINOR_VERSION 131
#define FADT_X_DSDT 140
#define FADT_HYPERVISOR_ID 268
#define IAPC_VGA_NOT_PRESENT BIT(2)
#define IAPC_CMOS_RTC_NOT_PRESENT BIT(5)
#define FADT_WBINVD BIT(0)
#define FADT_PWR_BUTTON BIT(4) /* no fixed-feature power button */
#define FADT_SLP_BUTTON BIT(5) /* no fixed-feature sleep button */
#define FADT_HW_REDUCED_ACPI BIT(20)

static void build_fadt(struct vm *vm)
{
	u8 *fadt = low(vm, GPA_FADT, FADT_LEN);
	struct acpi_header *dsdt = low(vm, GPA_DSDT, sizeof(*dsdt));

	memset(fadt, 0, FADT_LEN);
	*(u32 *)(fadt + FADT_DSDT) = GPA_DSDT;
	*(u16 *)(fadt + FADT_IAPC_BOOT_ARCH) =
		IAPC_VGA_NOT_PRESENT | IAPC_CMOS_RTC_NOT_PRESENT;
	*(u32 *)(fadt + FADT_FLAGS) = FADT_WBINVD | FADT_PWR_BUTTON |
				      FADT_SLP_BUTTON | FADT_HW_REDUCED_ACPI;
	fadt[FADT_MINOR_VERSION] = 5;
	*(u64 *)(fadt + FADT_X_DSDT) = GPA_DSDT;
	memcpy(fadt + FADT_HYPERVISOR_ID, "v3vee\0\0\0", 8);
	acpi_header((struct acpi_header *)fadt, "FACP", FADT_LEN, 6);

	/* A DSDT is required; this one holds no AML (no devices). */
	memset(dsdt, 0, sizeof(*dsdt));
	acpi_header(dsdt, "DSDT", sizeof(*dsdt), 2);
}

/* The MADT's entry for vCPU i at p; returns its length. Processor Local
 * APIC entries for APIC IDs below 255 (as ACPI asks, in either APIC mode),
 * x2APIC entries for the others. */
static u32 madt_cpu_entry(struct vm *vm, unsigned int i, u8 *p)
{
	u32 apic_id = vm->vcpus[i]->apic_id;

	if (apic_id < 255) {
		struct acpi_madt_lapic *e = (void *)p;

		e->type = MADT_LAPIC;
		e->length = sizeof(*e);
		e->processor_id = i;
		e->apic_id = apic_id;
		e->flags = MADT_ENABLED;
		return sizeof(*e);
	} else {
		struct acpi_madt_x2apic *e = (void *)p;

		e->type = MADT_X2APIC;
		e->length = sizeof(*e);
		e->reserved = 0;
		e->x2apic_id = apic_id;
		e->flags = MADT_ENABLED;
		e->processor_uid = i;
		return sizeof(*e);
	}
}

/* -E2BIG if the MADT would not fit below 1 MB (thousands of vCPUs). */
static int build_acpi(struct vm *vm)
{
	u64 madt_len = sizeof(struct acpi_header) + 8;
	struct acpi_header *madt;
	struct acpi_header *xsdt = low(vm, GPA_XSDT, sizeof(*xsdt) + 16);
	struct acpi_rsdp *rsdp = low(vm, GPA_RSDP, sizeof(*rsdp));
	u8 *body;

	for (unsigned int i = 0; i < vm->nvcpus; i++)
		madt_len += vm->vcpus[i]->apic_id < 255 ?
				    sizeof(struct acpi_madt_lapic) :
				    sizeof(struct acpi_madt_x2apic);
	if (madt_len > SZ_1M - GPA_MADT)
		return -E2BIG;
	madt = low(vm, GPA_MADT, madt_len);
	body = (u8 *)(madt + 1);
	*(u32 *)body = APIC_GPA; /* local APIC address */
	*(u32 *)(body + 4) = 0; /* PCAT_COMPAT clear: no 8259s to disable */
	body += 8;
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		body += madt_cpu_entry(vm, i, body);
	acpi_header(madt, "APIC", madt_len, 1);
	build_fadt(vm);

	*(u64 *)(xsdt + 1) = GPA_MADT;
	*((u64 *)(xsdt + 1) + 1) = GPA_FADT;
	acpi_header(xsdt, "XSDT", sizeof(*xsdt) + 16, 1);

	memcpy(rsdp->signature, "RSD PTR ", 8);
	memcpy(rsdp->oem_id, "V3VEE ", 6);
	rsdp->revision = 2;
	rsdp->length = sizeof(*rsdp);
	rsdp->xsdt = GPA_XSDT;
	rsdp->checksum = -acpi_sum(rsdp, 20);
	rsdp->ext_checksum = -acpi_sum(rsdp, sizeof(*rsdp));
	return 0;
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

/* Copies the kernel's segments to guest RAM; each must lie in one RAM range. */
static int load_segments(struct vm *vm, const struct mb_layout *l, u64 image)
{
	for (unsigned int i = 0; i < l->nsegs; i++) {
		const struct mb_segment *s = &l->seg[i];
		u8 *dst = guest_ptr(vm, s->addr, s->memsz);
		int err;

		if (!dst)
			return -EFBIG; /* not RAM, or across the 3-4 GB hole */
		err = copy_to_guest(vm, s->addr,
				    u64_to_user_ptr(image + s->offset),
				    s->filesz);
		if (err)
			return err;
		memset(dst + s->filesz, 0, s->memsz - s->filesz);
	}
	return 0;
}

/* Parses the image's first MB_HEAD_BYTES as v3ctl did (mb_image.c). */
static int parse_image(const struct v3_vm_load *req, struct mb_layout *l)
{
	u64 head_len = min_t(u64, req->image_len, MB_HEAD_BYTES);
	enum mb_status status;
	u8 *head = kvmalloc(head_len, GFP_KERNEL);

	if (!head)
		return -ENOMEM;
	if (copy_from_user(head, u64_to_user_ptr(req->image), head_len)) {
		kvfree(head);
		return -EFAULT;
	}
	status = mb_parse(head, head_len, req->image_len, l, NULL, 0);
	kvfree(head);
	if (status == MB_BAD_PLACE)
		return -EADDRINUSE; /* over the loader's areas, or above 4 GB */
	return status == MB_OK ? 0 : -ENOEXEC;
}

/* The program, as module 1 at the first 2 MB boundary after the kernel. */
static int load_module(struct vm *vm, const struct v3_vm_load *req,
		       const struct mb_layout *l, struct mb_info *mbi)
{
	struct mb_module *mod = low(vm, GPA_MODS, sizeof(*mod));
	u64 mod_at;
	int err;

	if (!mb_module_place(l->end, req->module_len, vm->ram_top, &mod_at))
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
	return 0;
}

int guest_boot_load(struct vm *vm, const struct v3_vm_load *req)
{
	struct mb_layout *l;
	struct mb_info *mbi;
	int err;

	if (req->flags || req->reserved || !req->image_len)
		return -EINVAL;
	if (vm->ram_top < SZ_16M)
		return -EFBIG;
	l = kmalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	err = parse_image(req, l);
	if (!err)
		err = load_segments(vm, l, req->image);
	if (err)
		goto out;

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
		goto out;
	mbi->cmdline = GPA_CMDLINE;
	if (req->module_len) {
		err = load_module(vm, req, l, mbi);
		if (err)
			goto out;
	}
	err = build_acpi(vm);
	if (err)
		goto out;
	vm->entry = l->entry;
	vm->mbi = GPA_MBI;
out:
	kfree(l);
	return err;
}
