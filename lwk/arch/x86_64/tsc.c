// SPDX-License-Identifier: GPL-2.0
/*
 * Time from the TSC. Its rate comes from CPUID when the CPU or the
 * hypervisor states it, else from a 50 ms measurement against PIT
 * channel 2 (which needs no interrupts). The wall clock is the CMOS RTC,
 * read once at boot. A v3vee guest has neither PIT nor RTC: the VMM
 * states the rate and tells the wall clock.
 */
#include <lwk/printk.h>
#include <lwk/time.h>
#include <arch/cpu.h>
#include <arch/v3vee.h>

static uint64_t tsc_rate_hz;
static uint64_t tsc_at_boot;
static uint64_t realtime_at_boot_ns;

uint64_t tsc_read(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t tsc_hz(void)
{
	return tsc_rate_hz;
}

uint64_t tsc_to_ns(uint64_t cycles)
{
	/* Split to avoid overflow: cycles * 1e9 overflows after ~18 s. */
	return cycles / tsc_rate_hz * NSEC_PER_SEC +
	       (cycles % tsc_rate_hz) * NSEC_PER_SEC / tsc_rate_hz;
}

uint64_t clock_monotonic_ns(void)
{
	return tsc_to_ns(tsc_read() - tsc_at_boot);
}

uint64_t clock_realtime_ns(void)
{
	return realtime_at_boot_ns + clock_monotonic_ns();
}

static uint64_t tsc_hz_from_cpuid(void)
{
	uint32_t max = cpuid(0, 0).eax;
	uint32_t hv_max = cpuid(0x40000000, 0).eax;

	if (max >= 0x15) {
		struct cpuid_regs r = cpuid(0x15, 0);

		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax;
	}
	/* KVM, VMware and v3vee state the TSC rate (kHz) in this leaf. */
	if (hv_max >= 0x40000010 && hv_max < 0x50000000) {
		uint32_t khz = cpuid(0x40000010, 0).eax;

		if (khz)
			return (uint64_t)khz * 1000;
	}
	return 0;
}

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61

static uint64_t tsc_hz_from_pit(void)
{
	const unsigned ms = 50;
	unsigned count = PIT_HZ * ms / 1000;
	uint64_t t0, t1;

	/* Gate on, speaker off; channel 2, mode 0, binary, lo/hi. */
	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);
	outb(PIT_CMD, 0xb0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	/* Restart the count by toggling the gate. */
	outb(PIT_GATE, inb(PIT_GATE) & ~0x01);
	outb(PIT_GATE, inb(PIT_GATE) | 0x01);
	t0 = tsc_read();
	for (unsigned long spins = 0; !(inb(PIT_GATE) & 0x20); spins++) {
		if (spins > 100000000UL)
			return 0;
	}
	t1 = tsc_read();
	return (t1 - t0) * 1000 / ms;
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned bcd(uint8_t v, bool is_bcd)
{
	return is_bcd ? (v & 0x0f) + (v >> 4) * 10 : v;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

static uint64_t rtc_read_epoch_ns(void)
{
	uint8_t sec, min, hour, day, mon, year, status_b;

	/* Wait until no update is in progress, then read. */
	for (int i = 0; i < 100000 && (cmos_read(0x0a) & 0x80); i++)
		cpu_relax();
	sec = cmos_read(0x00);
	min = cmos_read(0x02);
	hour = cmos_read(0x04);
	day = cmos_read(0x07);
	mon = cmos_read(0x08);
	year = cmos_read(0x09);
	status_b = cmos_read(0x0b);

	bool is_bcd = !(status_b & 0x04);
	bool pm = hour & 0x80;
	unsigned h = bcd(hour & 0x7f, is_bcd);

	if (!(status_b & 0x02)) /* 12-hour clock */
		h = (h % 12) + (pm ? 12 : 0);
	int64_t days = days_from_civil(2000 + bcd(year, is_bcd),
				       bcd(mon, is_bcd), bcd(day, is_bcd));
	int64_t secs = days * 86400 + h * 3600 + bcd(min, is_bcd) * 60 +
		       bcd(sec, is_bcd);

	return secs > 0 ? (uint64_t)secs * NSEC_PER_SEC : 0;
}

/* Sets the rate and the wall clock; returns where the rate came from. */
static const char *time_init_native(void)
{
	const char *source = "CPUID";

	tsc_rate_hz = tsc_hz_from_cpuid();
	if (!tsc_rate_hz) {
		source = "PIT";
		tsc_rate_hz = tsc_hz_from_pit();
	}
	if (!tsc_rate_hz) {
		source = "a guess (no PIT)";
		tsc_rate_hz = 2000000000ULL;
	}
	realtime_at_boot_ns = rtc_read_epoch_ns();
	return source;
}

/* The PIT and CMOS ports are denied in the VM (touching them would end
 * it), so there is no fallback for a missing rate. */
static const char *time_init_v3vee(void)
{
	uint64_t now_ns, since_boot_ns;

	tsc_rate_hz = (uint64_t)v3vee_tsc_khz() * 1000;
	if (!tsc_rate_hz)
		panic("v3vee states no TSC rate (CPUID 0x40000010 EAX is 0) and the VM has no PIT to measure it against");
	if (v3vee_has(V3_FEAT_WALLCLOCK)) {
		now_ns = v3vee_wallclock_ns();
		since_boot_ns = clock_monotonic_ns();
		if (now_ns > since_boot_ns)
			realtime_at_boot_ns = now_ns - since_boot_ns;
	}
	/* Without the wall-clock hypercall the wall clock starts at 1970. */
	return "CPUID";
}

void time_init(void)
{
	const char *source;

	tsc_at_boot = tsc_read();
	source = on_v3vee() ? time_init_v3vee() : time_init_native();
	printk("lwk: TSC %lu.%03lu MHz (from %s)\n", tsc_rate_hz / 1000000,
	       (tsc_rate_hz / 1000) % 1000, source);
}
