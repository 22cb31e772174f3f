#!/bin/bash
# The guest's local APIC (issue 18, bugs 1, 4 and 8), with tk's modes of
# tests/guests/tk/tk_apic.c, natively under QEMU first (the control:
# each mode passes on hardware as QEMU models it), then as v3vee guests
# in one emulated-host boot:
#  - irr: nothing arrives at the guest's first STI, nor once it enables
#    its APIC, on 1- and 3-core VMs (the host's pending timer vector 0xec
#    is drained at takeover); the control `irr pend=0x50` leaves a
#    self-IPI pending before its STI and must see it arrive and FAIL;
#  - apicstore: a store of each form to the TPR, read back: 89, A3
#    moffs32, C7 imm32, 89 disp32, an ES override, XCHG (the register
#    gets the old TPR), and in 64-bit code A3 moffs64 (the issue's
#    encoding), 67 A3 moffs32, REX 89, REX 87;
#  - smp: a 3-core VM whose BSP starts its APs with shorthand INIT/SIPI
#    (all excluding self) through a real-mode trampoline, each AP checks
#    in with its APIC ID, then fixed IPIs all-excluding-self and
#    all-including-self reach exactly the CPUs they should; the BSP's
#    SVR and ICR written with A3 (moffs) and, as `store=mov`, with 89,
#    the 8259 PICs initialised and masked first (pic=1, in the irr
#    and smp VMs: the VMM emulates quiet PICs);
#    and on a 1-core VM; no other vector arrives on any of the CPUs
#    (each enables its APIC and waits with STI);
#  - stats: no IPI or APIC write refused, every vCPU started.
# On the module before the fix: irr reports vector 0xec, apicstore and
# smp fail the VM ("APIC write by an instruction not emulated"), and
# smp store=mov fails it with the shorthand INIT refused ("IPI outside
# the VM refused").
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

TK=$TESTS/guests/tk.img
need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TK"

# Natively: QEMU with 3 CPUs; every mode passes (QEMU's status 1).
for mode in "irr pic=1" apicstore "smp pic=1" "smp pic=1 store=mov"; do
	STATUS=0
	OUT=$(timeout 120 qemu-system-x86_64 -kernel "$TK" -append "$mode" \
		-display none -serial stdio -no-reboot -m 128M -smp 3 \
		-device isa-debug-exit,iobase=0xf4,iosize=4 2>&1) || STATUS=$?
	m=${mode%% *}
	assert_contains "tk: $m: PASS (status 0)"
	[ "$STATUS" = 1 ] || fail "native '$mode': QEMU status $STATUS"
done
STATUS=0
OUT=$(timeout 120 qemu-system-x86_64 -kernel "$TK" -append "irr pic=1 pend=0x50" \
	-display none -serial stdio -no-reboot -m 128M \
	-device isa-debug-exit,iobase=0xf4,iosize=4 2>&1) || STATUS=$?
assert_match '^tk: irr: after sti: vector 0x50 arrived 1 times'
assert_contains 'tk: irr: FAIL (status 1)'

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 900 \
	--add "$TK" '
insmod v3vmm.ko || exit 1
# run TAG CORES CMDLINE: tk in a VM; console, state and counters tagged.
run() {
	tag=$1 cores=$2
	shift 2
	name=$(./v3ctl create tk.img --mem 128M --cores "$cores" --cmdline "$*") || exit 1
	./v3ctl console "$name" -f | tr -d "\r" | sed "s|^|$tag |"
	./v3ctl list | sed -n "/^$name /,+1p" | sed "s|^|$tag list: |"
	./v3ctl stats "$name" | grep -E "^(state|exit_status|ipi_denied|apic_denied|vcpus_started):" | sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || exit 1
}
run irr 1 irr pic=1
run irr3 3 irr
run pend 1 irr pend=0x50
run store 1 apicstore
run smp 3 smp pic=1
run smpmov 3 smp store=mov
run smp1 1 smp
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

# Bug 1: nothing pending at the first STI, nor after the SVR enable.
for t in irr irr3; do
	assert_match "^$t tk: irr: 0 unexpected interrupts\$"
	assert_match "^$t tk: irr: PASS \(status 0\)"
	assert_match "^$t exit_status: 0\$"
done
assert_not_contains 'vector 0xec'
assert_not_contains 'unexpected vector'
# The control: a vector really left pending is seen.
assert_match '^pend tk: irr: after sti: vector 0x50 arrived 1 times'
assert_match '^pend tk: irr: FAIL \(status 1\)'
assert_match '^pend exit_status: 1$'

# Bug 4: every store form, read back.
for f in '89 \(mov %reg, \(%reg\)\): tpr 0x10' \
	'A3 moffs32 \(mov %eax, 0xfee00080\): tpr 0x20' \
	'C7 imm32 \(movl \$0x30, 0xfee00080\): tpr 0x30' \
	'89 disp32 \(mov %ecx, 0xfee00080\): tpr 0x40' \
	'26 89 \(mov %eax, %es:\(%edx\)\): tpr 0x50' \
	'87 \(xchg %eax, 0xfee00080\): tpr 0x60' \
	'xchg loaded 0x50' \
	'64-bit A3 moffs64 \(movabs %eax, 0xfee00080\): tpr 0x70' \
	'64-bit 67 A3 moffs32 \(addr32 mov %eax, 0xfee00080\): tpr 0x80' \
	'64-bit REX 89 \(mov %r9d, 0x80\(%r11\)\): tpr 0x90' \
	'64-bit REX 87 \(xchg %r15d, 0x80\(%r11\)\): tpr 0xa0' \
	'64-bit xchg loaded 0x90'; do
	assert_match "^store tk: apicstore: $f\$"
done
assert_match '^store tk: apicstore: PASS \(status 0\)'
assert_match '^store apic_denied: 0$'

# Bug 8 and the "Done when" kernel: 3 CPUs, both ICR store forms.
for t in smp smpmov; do
	assert_match "^$t tk: smp: 3 CPUs, BSP APIC ID [0-9]+"
	assert_count 2 "^$t tk: smp: AP with APIC ID [0-9]+ checked in\$"
	assert_match "^$t tk: smp: 2 APs checked in\$"
	assert_count 1 "^$t tk: smp: APIC ID [0-9]+: all-but-self IPI 0, all-incl-self IPI 1\$"
	assert_count 2 "^$t tk: smp: APIC ID [0-9]+: all-but-self IPI 1, all-incl-self IPI 1\$"
	assert_match "^$t tk: smp: PASS \(status 0\)"
	assert_match "^$t vcpus_started: 3\$"
	assert_match "^$t ipi_denied: 0\$"
	assert_match "^$t exit_status: 0\$"
done
assert_match '^smp tk: smp: 3 CPUs, .* APIC writes with mov %eax, moffs32 \(A3\)$'
assert_match '^smpmov tk: smp: 3 CPUs, .* APIC writes with mov %reg, \(%reg\) \(89\)$'
# A 1-core VM: all-excluding-self reaches nobody, the BSP takes its own.
assert_match '^smp1 tk: smp: APIC ID [0-9]+: all-but-self IPI 0, all-incl-self IPI 1$'
assert_match '^smp1 tk: smp: PASS \(status 0\)'
assert_not_contains 'failed'
assert_match '^rmmod: ok$'
assert_status 0
finish
