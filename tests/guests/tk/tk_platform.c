// SPDX-License-Identifier: GPL-2.0
/*
 * The platform a generic kernel finds at boot (Documentation/platform.md):
 *
 * "pic": the legacy 8259 PICs as kernels set them up: the full ICW1-ICW4
 * sequence on both (vectors 0x20-0x2f, cascade on IRQ 2, 8086 mode),
 * every line masked, the masks read back, IRR and ISR read through OCW3;
 * then interrupts on for a while (spin=TSC cycles, default 300M), and no
 * PIC vector (0x20-0x2f) may arrive. "unmask=1" leaves IRQ 0 (the PIT)
 * unmasked: the native control, where the BIOS's PIT tick then arrives.
 *
 * "platform": RSDP (EBDA, then 0xe0000-0xfffff) -> XSDT (or RSDT) ->
 * MADT and FADT, each checksum checked, the FADT's DSDT too; prints what
 * it found. "cpus=N" checks the MADT's enabled local APICs,
 * "hw_reduced=1" the FADT's HW_REDUCED_ACPI flag.
 */
#include "tk.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define OCW3_READ_IRR 0x0a
#define OCW3_READ_ISR 0x0b

static u8 pic_reg(u16 cmd, u8 ocw3)
{
	outb(cmd, ocw3);
	return inb(cmd);
}

TK_MODE(pic)
{
	u64 spin = (u64)tk_arg_u32("spin", 300) * 1000000;
	u32 unmask = tk_arg_u32("unmask", 0), arrived = 0, other = 0;
	u8 m1, m2;
	int bad = 0;

	outb(PIC1_CMD, 0x11); /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 0x20); /* ICW2: vector base */
	outb(PIC2_DATA, 0x28);
	outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	/* ICW1 clears the mask; the ICWs after it must not have set it. */
	m1 = inb(PIC1_DATA);
	m2 = inb(PIC2_DATA);
	tk_printf("tk: pic: masks after ICW1-ICW4: 0x%x 0x%x\n", m1, m2);
	if (m1 || m2)
		bad++;
	outb(PIC1_DATA, 0xa5);
	outb(PIC2_DATA, 0x5a);
	m1 = inb(PIC1_DATA);
	m2 = inb(PIC2_DATA);
	tk_printf("tk: pic: masks 0xa5 0x5a read back as 0x%x 0x%x\n", m1, m2);
	if (m1 != 0xa5 || m2 != 0x5a)
		bad++;
	outb(PIC1_DATA, unmask ? 0xfe : 0xff);
	outb(PIC2_DATA, 0xff);
	m1 = inb(PIC1_DATA);
	m2 = inb(PIC2_DATA);
	tk_printf("tk: pic: masked: 0x%x 0x%x\n", m1, m2);
	if (m1 != (unmask ? 0xfe : 0xff) || m2 != 0xff)
		bad++;
	tk_printf("tk: pic: master IRR 0x%x ISR 0x%x, slave IRR 0x%x ISR "
		  "0x%x\n",
		  pic_reg(PIC1_CMD, OCW3_READ_IRR),
		  pic_reg(PIC1_CMD, OCW3_READ_ISR),
		  pic_reg(PIC2_CMD, OCW3_READ_IRR),
		  pic_reg(PIC2_CMD, OCW3_READ_ISR));
	if (pic_reg(PIC1_CMD, OCW3_READ_ISR) ||
	    pic_reg(PIC2_CMD, OCW3_READ_ISR))
		bad++;

	tk_sti();
	for (u64 t0 = rdtsc(); rdtsc() - t0 < spin;)
		asm volatile("pause");
	tk_cli();
	for (int v = 0x20; v < 0x30; v++)
		arrived += tk_irq_count[v];
	for (int v = 0x30; v < 256; v++)
		other += tk_irq_count[v];
	tk_printf("tk: pic: %u PIC interrupts (vectors 0x20-0x2f) in %u M "
		  "cycles with interrupts on%s; %u other\n",
		  arrived, (u32)(spin / 1000000),
		  unmask ? " and IRQ 0 unmasked" : "", other);
	if (unmask ? !arrived : arrived != 0)
		bad++;
	return bad;
}

struct acpi_header {
	char sig[4];
	u32 length;
	u8 revision, checksum;
	char oem_id[6], oem_table_id[8];
	u32 oem_revision, creator_id, creator_revision;
} __attribute__((packed));

static u8 sum(const void *p, u32 len)
{
	const u8 *b = p;
	u8 s = 0;

	while (len--)
		s += *b++;
	return s;
}

/* A 16-bit read from a fixed physical address (the BIOS data area). */
static u16 peek16(u32 addr)
{
	u16 v;

	asm volatile("movw (%1), %0" : "=r"(v) : "r"(addr));
	return v;
}

static u32 rsdp_find(u32 start, u32 len)
{
	for (u32 p = start; p + 20 <= start + len; p += 16)
		if (!tk_strncmp((const char *)p, "RSD PTR ", 8) &&
		    !sum((const void *)p, 20))
			return p;
	return 0;
}

/* A table at phys that is below 4 GB, of the signature, whole and summing
 * to 0; prints it. NULL if not. */
static const struct acpi_header *table(u64 phys, const char *what)
{
	const struct acpi_header *h;

	if (!phys || phys >= 0x100000000ull) {
		tk_printf("tk: platform: %s at 0x%llx: not reachable\n", what,
			  phys);
		return NULL;
	}
	h = (const void *)(u32)phys;
	if (h->length < sizeof(*h) || h->length > 0x100000) {
		tk_printf("tk: platform: %s at 0x%x: bad length %u\n", what,
			  (u32)phys, h->length);
		return NULL;
	}
	tk_printf("tk: platform: %c%c%c%c at 0x%x, %u bytes, revision %u, "
		  "checksum %s\n",
		  h->sig[0], h->sig[1], h->sig[2], h->sig[3], (u32)phys,
		  h->length, h->revision, sum(h, h->length) ? "BAD" : "ok");
	return sum(h, h->length) ? NULL : h;
}

static int check_madt(const struct acpi_header *madt, u32 want_cpus)
{
	const u8 *p = (const u8 *)(madt + 1) + 8;
	const u8 *end = (const u8 *)madt + madt->length;
	u32 cpus = 0;

	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1])
		if (p[0] == 0 && p[1] >= 8 && (*(const u32 *)(p + 4) & 1))
			cpus++;
	tk_printf("tk: platform: MADT: local APIC at 0x%x, flags 0x%x, %u "
		  "enabled CPUs\n",
		  *(const u32 *)(madt + 1), *((const u32 *)(madt + 1) + 1),
		  cpus);
	return !cpus || (want_cpus && cpus != want_cpus);
}

static int check_fadt(const struct acpi_header *fadt, u32 want_hw_reduced)
{
	const u8 *f = (const u8 *)fadt;
	u32 flags = fadt->length >= 116 ? *(const u32 *)(f + 112) : 0;
	u16 boot = fadt->length >= 111 ? *(const u16 *)(f + 109) : 0;
	u64 dsdt = *(const u32 *)(f + 40);
	u32 sci = *(const u16 *)(f + 46), pm_timer = *(const u32 *)(f + 76);

	if (fadt->length >= 148 && *(const u64 *)(f + 140))
		dsdt = *(const u64 *)(f + 140);
	tk_printf("tk: platform: FADT: flags 0x%x (HW_REDUCED_ACPI %u), "
		  "IA-PC boot flags 0x%x, SCI %u, PM timer 0x%x, DSDT 0x%llx\n",
		  flags, (flags >> 20) & 1, boot, sci, pm_timer, dsdt);
	if (want_hw_reduced && !(flags & (1u << 20)))
		return 1;
	if (!dsdt)
		return 0;
	const struct acpi_header *d = table(dsdt, "DSDT");

	return !d || tk_strncmp(d->sig, "DSDT", 4);
}

TK_MODE(platform)
{
	u32 ebda = (u32)peek16(0x40e) << 4, rsdp = 0, entry_size;
	const struct acpi_header *root, *madt = NULL, *fadt = NULL;
	u64 root_phys;
	int bad = 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		rsdp = rsdp_find(ebda, 1024);
	if (!rsdp)
		rsdp = rsdp_find(0xe0000, 0x20000);
	if (!rsdp) {
		tk_printf("tk: platform: no RSDP\n");
		return 1;
	}
	u8 rev = *(const u8 *)(rsdp + 15);

	tk_printf("tk: platform: RSDP at 0x%x, revision %u, OEM %c%c%c%c%c%c\n",
		  rsdp, rev, *(char *)(rsdp + 9), *(char *)(rsdp + 10),
		  *(char *)(rsdp + 11), *(char *)(rsdp + 12),
		  *(char *)(rsdp + 13), *(char *)(rsdp + 14));
	if (rev >= 2 && *(const u64 *)(rsdp + 24)) {
		if (sum((const void *)rsdp, *(const u32 *)(rsdp + 20))) {
			tk_printf("tk: platform: RSDP extended checksum BAD\n");
			bad++;
		}
		root_phys = *(const u64 *)(rsdp + 24);
		entry_size = 8;
		root = table(root_phys, "XSDT");
	} else {
		root_phys = *(const u32 *)(rsdp + 16);
		entry_size = 4;
		root = table(root_phys, "RSDT");
	}
	if (!root)
		return bad + 1;
	for (u32 off = sizeof(*root); off + entry_size <= root->length;
	     off += entry_size) {
		const u8 *e = (const u8 *)root + off;
		u64 phys = entry_size == 8 ? *(const u64 *)e : *(const u32 *)e;
		const struct acpi_header *t = table(phys, "table");

		if (!t) {
			bad++;
			continue;
		}
		if (!tk_strncmp(t->sig, "APIC", 4))
			madt = t;
		if (!tk_strncmp(t->sig, "FACP", 4))
			fadt = t;
	}
	if (!madt || !fadt) {
		tk_printf("tk: platform: MADT %s, FADT %s\n",
			  madt ? "found" : "MISSING",
			  fadt ? "found" : "MISSING");
		return bad + 1;
	}
	bad += check_madt(madt, tk_arg_u32("cpus", 0));
	bad += check_fadt(fadt, tk_arg_u32("hw_reduced", 0));
	return bad;
}
