#!/bin/bash
# The instructions v3vmm completes for the guest behave as on AMD
# hardware (Documentation/platform.md, "CPUID and MSRs"): the test
# kernel's modes osxsave, singlestep, msrs, rdpmc, prefixes and efer
# (tests/guests/tk/tk_exits.c) run as v3vee guests one after another in
# one emulated host, and each passes. The control: each also runs on
# plain QEMU (-cpu EPYC, the emulated host's model), where TCG behaves as
# hardware for osxsave, singlestep and prefixes; where TCG does not
# (no #GP for reserved MSR bits, the AMD counter MSRs read 0, TSC writes
# do not move RDTSC, APIC_BASE disable and LME under paging accepted,
# RDPMC is #UD) the test asserts TCG's own result, so a mode that passed
# whatever it ran on would show. After the VMs, the host CPU the VMs ran
# on has Linux's TSC_AUX (its CPU number) again.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

TK=$TESTS/guests/tk.img
need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TK"
MODES="osxsave singlestep msrs rdpmc prefixes efer"

# Native control.
for m in $MODES; do
	STATUS=0
	OUT=$(timeout 60 qemu-system-x86_64 -cpu EPYC -kernel "$TK" \
		-append "$m" -display none -serial stdio -no-reboot -m 128M \
		-device isa-debug-exit,iobase=0xf4,iosize=4 2>/dev/null) ||
		STATUS=$?
	NATIVE="$NATIVE$(tr -d '\r' <<<"$OUT" | sed 's/^tk: /native tk: /')
native $m status $STATUS
"
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# tscaux CPU: TSC_AUX as RDTSCP reads it on that CPU.
cat >"$TMP/tscaux.c" <<'EOF'
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned int lo, hi, aux;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(atoi(argv[1]), &set);
	if (argc != 2 || sched_setaffinity(0, sizeof(set), &set))
		return 1;
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	printf("%u\n", aux);
	return 0;
}
EOF
gcc -static -O2 -o "$TMP/tscaux" "$TMP/tscaux.c" || fail "cannot build tscaux"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 500 \
	--add "$TK" --add "$TMP/tscaux" "
insmod v3vmm.ko || exit 1
echo \"host tsc_aux before: \$(./tscaux 3)\"
for m in $MODES; do
	./v3ctl create tk.img --mem 128M --cpus 3 --name \$m --cmdline \$m >/dev/null 2>&1 ||
		echo \"\$m: create failed\"
	timeout 60 ./v3ctl console \$m -f || echo \"\$m: console timed out\"
	./v3ctl stats \$m | grep -E '^(state|fail_reason|exit_status):' | sed \"s/^/\$m /\"
	./v3ctl destroy \$m
done
echo \"host tsc_aux after: \$(./tscaux 3)\"
rmmod v3vmm && echo 'rmmod: ok'
" 2>&1) || STATUS=$?
OUT=$(tr -d '\r' <<<"$OUT") # tk ends its lines with CR LF
VMOUT=$OUT
OUT="$NATIVE$OUT"

# As v3vee guests: every mode passes.
for m in $MODES; do
	assert_match "^tk: $m: PASS \(status 0\)$"
	assert_match "^$m state: exited$"
	assert_match "^$m exit_status: 0$"
done
grep -q '^tk: .*: FAIL' <<<"$VMOUT" && fail "a check failed in a guest"
# What the modes did, beyond their verdicts.
assert_match '^tk: osxsave: OSXSAVE set with CR4.OSXSAVE set: ok$'
assert_match '^tk: singlestep: cpuid: ok$'
assert_match '^tk: singlestep: vmmcall: ok$'
assert_match '^tk: singlestep: rdmsr of an absent MSR: faulted with vector 13$'
assert_match '^tk: msrs: TSC_AUX keeps 0x55, RDTSCP reads it: ok$'
assert_match '^tk: prefixes: 3e 0f 01 d9 \(vmmcall\): ok$'
grep -q '^tk: prefixes: .*: faulted' <<<"$VMOUT" &&
	fail "a prefixed instruction faulted in a guest"
# Linux's TSC_AUX on CPU 3 before and after (its CPU number).
assert_match '^host tsc_aux before: 3$'
assert_match '^host tsc_aux after: 3$'
assert_match '^rmmod: ok$'
assert_status 0

# Native: hardware behaviour where TCG has it...
for m in osxsave singlestep prefixes; do
	assert_match "^native tk: $m: PASS \(status 0\)$"
done
assert_match '^native tk: singlestep: cpuid: ok$'
assert_match '^native tk: singlestep: vmmcall: faulted with vector 6$'
assert_match '^native tk: msrs: TSC_AUX keeps 0x55, RDTSCP reads it: ok$'
assert_match '^native tk: efer: LMA stays 0 after a write of 1: ok$'
assert_match '^native tk: efer: LME set with paging off, LMA 0: ok$'
assert_match '^native tk: rdpmc: RDPRU is #UD: ok$'
# ...and TCG's own where it differs from hardware.
assert_match '^native tk: msrs: PerfEvtSel0-3 keep what is written: FAIL'
assert_match '^native tk: msrs: TSC write moves RDTSC: FAIL'
assert_match '^native tk: msrs: APIC_BASE enable clear is #GP, APIC stays enabled: FAIL'
assert_match '^native tk: rdpmc: counter 0: fault 6, read 0x0$'
assert_match '^native tk: efer: reserved bit 1 is #GP: FAIL'
assert_match '^native tk: efer: LME set with paging on is #GP: FAIL'
assert_match "^native efer status $(((2 << 1 | 1) & 255))$"
finish
