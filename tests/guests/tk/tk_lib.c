// SPDX-License-Identifier: GPL-2.0
/*
 * tk's library: the COM1 console, a small printf, the command line, the
 * IDT and the trap dispatcher, and the start that runs a mode.
 */
#include <stdarg.h>
#include "tk.h"

#define MB_BOOT_MAGIC 0x2badb002
#define MBI_CMDLINE (1u << 2)

struct fixup {
	u32 fault, resume;
};

struct idt_gate {
	u16 off_lo, sel;
	u8 zero, type;
	u16 off_hi;
};

extern const struct tk_mode __tk_modes_start[], __tk_modes_end[];
extern const struct fixup __tk_fixup_start[], __tk_fixup_end[];
extern const u8 tk_stubs[];

u32 tk_mbi;
volatile u32 tk_irq_count[256];
bool tk_x2apic;
volatile int tk_fault = -1;
volatile u32 tk_fault_error;
static tk_handler handlers[256];
static struct idt_gate idt[256];
static const char *cmdline = "";
static const char *mode_name = "";

void *memset(void *d, int c, u32 n)
{
	u8 *p = d;

	while (n--)
		*p++ = c;
	return d;
}

void *memcpy(void *d, const void *s, u32 n)
{
	u8 *p = d;
	const u8 *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

u32 tk_strlen(const char *s)
{
	u32 n = 0;

	while (s[n])
		n++;
	return n;
}

int tk_strncmp(const char *a, const char *b, u32 n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

int tk_strcmp(const char *a, const char *b)
{
	return tk_strncmp(a, b, ~0u);
}

void tk_putc(char c)
{
	if (c == '\n')
		outb(COM1, '\r');
	outb(COM1, c);
}

void tk_puts(const char *s)
{
	while (*s)
		tk_putc(*s++);
}

/* *v /= base, returning the remainder (no libgcc for 64-bit division). */
static u32 div_small(u64 *v, u32 base)
{
	u32 hi = *v >> 32, lo = *v, qhi = hi / base, qlo, rem = hi % base;

	asm("divl %4" : "=a"(qlo), "=d"(rem) : "a"(lo), "d"(rem), "rm"(base));
	*v = (u64)qhi << 32 | qlo;
	return rem;
}

static void put_num(u64 v, unsigned int base, int width, char pad)
{
	char buf[24];
	int n = 0;

	do
		buf[n++] = "0123456789abcdef"[div_small(&v, base)];
	while (v);
	while (n < width--)
		tk_putc(pad);
	while (n)
		tk_putc(buf[--n]);
}

/* %s %c %d %u %x %llx %llu, with an optional 0 and width: enough here. */
void tk_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		int width = 0, ll = 0;
		char pad = ' ';

		if (*fmt != '%') {
			tk_putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l') {
			ll++;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			tk_puts(va_arg(ap, const char *));
			break;
		case 'c':
			tk_putc(va_arg(ap, int));
			break;
		case 'd': {
			long long v = ll >= 2 ? va_arg(ap, long long) :
						va_arg(ap, int);

			if (v < 0) {
				tk_putc('-');
				v = -v;
			}
			put_num(v, 10, width, pad);
			break;
		}
		case 'u':
			put_num(ll >= 2 ? va_arg(ap, u64) : va_arg(ap, u32), 10,
				width, pad);
			break;
		case 'x':
			put_num(ll >= 2 ? va_arg(ap, u64) : va_arg(ap, u32), 16,
				width, pad);
			break;
		default:
			tk_putc('%');
			tk_putc(*fmt);
		}
	}
	va_end(ap);
}

void tk_exit(int status)
{
	outb(DEBUG_EXIT, status);
	for (;;)
		asm volatile("cli; hlt");
}

const char *tk_arg(const char *key)
{
	u32 klen = tk_strlen(key);
	const char *p = cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!tk_strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
		while (*p && *p != ' ')
			p++;
	}
	return NULL;
}

u32 tk_arg_u32(const char *key, u32 def)
{
	const char *p = tk_arg(key);
	u32 v = 0, base = 10;

	if (!p)
		return def;
	if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		u32 d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else
			break;
		v = v * base + d;
	}
	return v;
}

void tk_set_handler(u8 vector, tk_handler h)
{
	handlers[vector] = h;
}

void tk_trap(struct tk_frame *f)
{
	if (handlers[f->vector]) {
		handlers[f->vector](f);
		return;
	}
	if (f->vector >= 32) {
		tk_irq_count[f->vector]++;
		if (tk_x2apic)
			tk_wrmsr(0x80b, 0); /* EOI */
		else
			tk_apic_write(0xb0, 0); /* EOI */
		return;
	}
	for (const struct fixup *x = __tk_fixup_start; x < __tk_fixup_end; x++) {
		if (x->fault == f->eip) {
			tk_fault = f->vector;
			tk_fault_error = f->error;
			f->eip = x->resume;
			return;
		}
	}
	tk_printf("tk: %s: unexpected exception %u at eip 0x%x, error 0x%x\n",
		  mode_name, f->vector, f->eip, f->error);
	tk_exit(99);
}

int tk_rdmsr(u32 msr, u64 *val)
{
	u32 lo = 0, hi = 0;

	tk_fault = -1;
	asm volatile(TK_SAFE("rdmsr") : "+a"(lo), "+d"(hi) : "c"(msr));
	*val = lo | (u64)hi << 32;
	return tk_fault < 0 ? 0 : tk_fault;
}

int tk_wrmsr(u32 msr, u64 val)
{
	tk_fault = -1;
	asm volatile(TK_SAFE("wrmsr")::"c"(msr), "a"((u32)val),
		     "d"((u32)(val >> 32))
		     : "memory");
	return tk_fault < 0 ? 0 : tk_fault;
}

static void idt_init(void)
{
	struct {
		u16 limit;
		u32 base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (u32)idt };

	for (int v = 0; v < 256; v++) {
		u32 stub = (u32)tk_stubs + v * 16;

		idt[v] = (struct idt_gate){ stub & 0xffff, 0x08, 0, 0x8e,
					    stub >> 16 };
	}
	asm volatile("lidt %0" ::"m"(ptr));
}

/* The mode named by the word at cmdline, or NULL; sets *len. */
static const struct tk_mode *find_mode(u32 *len)
{
	while (*cmdline == ' ')
		cmdline++;
	for (*len = 0; cmdline[*len] && cmdline[*len] != ' '; (*len)++)
		;
	for (const struct tk_mode *m = __tk_modes_start; m < __tk_modes_end;
	     m++) {
		if (tk_strlen(m->name) == *len &&
		    !tk_strncmp(m->name, cmdline, *len))
			return m;
	}
	return NULL;
}

void tk_start_c(u32 magic, u32 mbi)
{
	const struct tk_mode *m;
	int status;
	u32 len;

	tk_mbi = mbi;
	idt_init();
	if (magic == MB_BOOT_MAGIC && (*(u32 *)mbi & MBI_CMDLINE))
		cmdline = (const char *)*(u32 *)(mbi + 16);
	/* Loaders such as QEMU and GRUB put the kernel's path first. */
	m = find_mode(&len);
	if (!m && cmdline[len]) {
		cmdline += len;
		m = find_mode(&len);
	}
	if (!m) {
		tk_printf("tk: no mode named by the command line \"%s\"; modes:",
			  cmdline);
		for (m = __tk_modes_start; m < __tk_modes_end; m++)
			tk_printf(" %s", m->name);
		tk_printf("\n");
		tk_exit(98);
	}
	mode_name = m->name;
	cmdline += len;
	tk_printf("tk: %s: start\n", mode_name);
	status = m->run();
	tk_printf("tk: %s: %s (status %d)\n", mode_name,
		  status ? "FAIL" : "PASS", status);
	tk_exit(status);
}
