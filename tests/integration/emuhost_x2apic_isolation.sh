#!/bin/bash
# What a guest may not do on an x2APIC host (the emulated host with
# --apic x2apic; emuhost_x2apic_smp has the rest), through the x2APIC
# MSRs. The host's CPU 3 has APIC ID 256 (QEMU: two sockets of 256 cores,
# 512 possible CPUs, CPUs 0-2 on socket 0 and one cold-plugged on socket
# 1), as on a node with more than 255 CPUs:
#  - a VM on CPUs 1, 3 and 2: its MADT lists APIC ID 256 in an x2APIC
#    entry (type 9) and the LWK starts that AP with a 32-bit destination
#    (with an 8-bit MADT entry, 256 would be read as APIC ID 0, the
#    host's CPU 0, and the VM would fail at the INIT); on CPUs 3 and 1,
#    the BSP has APIC ID 256;
#  - the LWK's fixed IPI (lwk.ipi_outside) and INIT (lwk.init_outside) to
#    APIC ID 0 (the host's CPU 0), written to the ICR MSR, are never
#    sent: the VM fails with the reason; Linux counts no APIC error or
#    spurious interrupt and logs no stray vector, and (INIT) keeps
#    running tasks on every CPU;
#  - tk mode x2apic (tests/guests/tk/tk_x2apic.c), on CPU 3 (APIC ID
#    256, so its IPI to its own APIC ID has a destination above 8 bits):
#    nothing pending at the
#    first STI (the takeover drained the IRR through the MSRs; without
#    the drain Linux's timer vector 0xec arrives there); ID and LDR
#    writes get #GP (msr_denied); five LVT writes with NMI/SMI/ExtINT
#    delivery bits do not take effect: in the timer and error LVTs those
#    bits are reserved and get #GP, as x2APIC hardware gives (msr_denied
#    4 in all), the other three are ignored and counted (apic_denied 3),
#    while natively (the control, QEMU with +x2apic) all five take effect; the timer, SELF IPI and ICR self/own-ID
#    IPIs arrive once each; its control pend=0x60 must see the vector
#    and FAIL; a fixed IPI to the x2APIC broadcast ID 0xffffffff and an
#    INIT to APIC ID 0 fail the VM; a read of the xAPIC page fails it
#    with its own reason;
#  - 10 create/destroy cycles of a 3-core LWK VM (CPUs 3, 2, 1: APIC ID
#    256 among them); afterwards Linux has the same CPUs, memory blocks
#    and MemTotal, and no vmalloc area of the module is left.
# On the module before x2APIC support insmod fails ("boot Linux with
# nox2apic") and every check in the emulated host fails.
# run-all-timeout: 480
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

TK=$TESTS/guests/tk.img
need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$TESTS/hello" "$TK"

# The controls, natively under QEMU with x2APIC: the LVT writes take
# effect; a vector left pending arrives.
native() {
	STATUS=0
	OUT=$(timeout 120 qemu-system-x86_64 -cpu EPYC,+x2apic -kernel "$TK" \
		-append "$1" -display none -serial stdio -no-reboot -m 128M \
		-device isa-debug-exit,iobase=0xf4,iosize=4 2>&1) || STATUS=$?
	OUT=$(tr -d '\r' <<<"$OUT")
}
native x2apic
assert_match '^tk: x2apic: 5 of 5 non-fixed LVT writes took effect$'
assert_match '^tk: x2apic: LVT 0x832 write 0x440: fault 0, reads 0x440$'
assert_match '^tk: x2apic: write ID: fault 13, unchanged$'
assert_match '^tk: x2apic: PASS \(status 0\)$'
[ "$STATUS" = 1 ] || fail "native x2apic: QEMU status $STATUS"
native "x2apic pend=0x60"
assert_match '^tk: x2apic: after sti: vector 0x60 arrived 1 times$'
assert_match '^tk: x2apic: FAIL \(status 1\)$'

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --apic x2apic --mem 3G --timeout 420 \
	--qemu -smp --qemu 3,sockets=2,cores=256,threads=1,maxcpus=512 \
	--qemu -device --qemu EPYC-x86_64-cpu,socket-id=1,core-id=0,thread-id=0 \
	--add "$TESTS/hello" --add "$TK" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
errors() { awk "/^ *(ERR|SPU):/ {printf \"%s%s \", \$1, \$2}" /proc/interrupts; }
echo "before: $(snapshot)"
echo "apic errors before: $(errors)"
echo "cpu3 apicid: $(grep "^apicid" /proc/cpuinfo | sed -n "4s/^apicid[[:space:]]*: //p")"
insmod v3vmm.ko && echo "insmod: ok" || { dmesg | tail -3; exit 1; }
echo "vmalloc before: $(grep -c "\[v3vmm\]" /proc/vmallocinfo)"
# run TAG ARGS...: a VM until it ends; its console, state and counters.
run() {
	tag=$1
	shift
	name=$(./v3ctl create "$@") || exit 1
	i=0
	while [ $i -lt 300 ] && ./v3ctl list | grep -q "^$name  *running"; do
		sleep 0.2
		i=$((i + 1))
	done
	./v3ctl console "$name" | tr -d "\r" | sed "s|^|$tag |"
	./v3ctl stats "$name" | sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || exit 1
}
run big lwk.img --mem 512M --cpus 1,3,2 -- ./hello
run bigbsp lwk.img --mem 512M --cpus 3,1 -- ./hello
run ipi lwk.img --mem 512M --cores 2 --cmdline lwk.ipi_outside -- ./hello
run init lwk.img --mem 512M --cores 2 --cmdline lwk.init_outside -- ./hello
for cpu in 0 1 2 3; do
	taskset -c $cpu sh -c "echo task on cpu$cpu: ok"
done
run tk tk.img --mem 128M --cpus 3 --cmdline x2apic
run pend tk.img --mem 128M --cores 1 --cmdline "x2apic pend=0x60"
run bcast tk.img --mem 128M --cores 1 --cmdline "x2apic dest=0xffffffff"
run tkinit tk.img --mem 128M --cores 1 --cmdline "x2apic dest=0 init=1"
run mmio tk.img --mem 128M --cores 1 --cmdline "x2apic mmio=1"
i=0
while [ $i -lt 10 ]; do
	n=$(./v3ctl create lwk.img --mem 256M --cores 3 -- ./hello 2>/dev/null) || break
	console=$(./v3ctl console "$n" -f)
	./v3ctl destroy "$n" >/dev/null 2>&1 || break
	echo "$console" | grep -q "^lwk: 3 CPUs online$" &&
		echo "$console" | grep -q "^hello from hello$" || break
	i=$((i + 1))
done
echo "3-core cycles: $i"
echo "after: $(snapshot)"
echo "vmalloc after: $(grep -c "\[v3vmm\]" /proc/vmallocinfo)"
echo "apic errors after: $(errors)"
echo "stray vectors: $(dmesg | grep -c -E "No irq handler|spurious APIC|APIC error")"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

assert_match '^cpu3 apicid: 256$'
assert_match '^insmod: ok$'
# APIC ID 256 in a VM: an AP, then the BSP.
assert_match '^big lwk: local APIC in x2APIC mode, timer one-shot$'
assert_match '^big lwk: 3 CPUs online$'
assert_match '^big apic_ids: 1 256 2$'
assert_match '^big hello from hello$'
assert_match '^big state: exited$'
assert_match '^bigbsp lwk: 2 CPUs online$'
assert_match '^bigbsp apic_ids: 256 1$'
assert_match '^bigbsp hello from hello$'
assert_match '^bigbsp state: exited$'
# IPIs aimed at the host: refused, the VM failed, nothing reached Linux.
for tag in ipi init; do
	assert_match "^$tag lwk: local APIC in x2APIC mode, timer one-shot\$"
	assert_match "^$tag lwk: 2 CPUs online\$"
	assert_match "^$tag state: failed\$"
	assert_match "^$tag fail_reason: IPI outside the VM refused: APIC ID 0, "
	assert_match "^$tag ipi_denied: 1\$"
	assert_not_contains "$tag lwk: the IPI left this CPU"
	assert_not_contains "$tag hello from hello"
done
assert_match '^ipi fail_reason: .*ICR 0x000040e7$'
assert_match '^init fail_reason: .*ICR 0x00004500$'
for cpu in 0 1 2 3; do
	assert_match "^task on cpu$cpu: ok\$"
done

# tk in x2APIC mode.
assert_match '^tk tk: x2apic: APIC_BASE 0xfee00d00 at start, 0xfee00d00 now$'
assert_match '^tk tk: x2apic: 0 unexpected interrupts$'
assert_match '^tk tk: x2apic: APIC ID 256, '
assert_match '^tk tk: x2apic: write ID: fault 13, unchanged$'
assert_match '^tk tk: x2apic: write LDR: fault 13, unchanged$'
assert_match '^tk tk: x2apic: LVT 0x832 write 0x440: fault 13, reads 0x10000$'
assert_match '^tk tk: x2apic: LVT 0x833 write 0x200: fault 0, reads 0x10000$'
assert_match '^tk tk: x2apic: LVT 0x834 write 0x400: fault 0, reads 0x10000$'
assert_match '^tk tk: x2apic: LVT 0x836 write 0x400: fault 0, reads 0x10000$'
assert_match '^tk tk: x2apic: LVT 0x837 write 0x741: fault 13, reads 0x10000$'
assert_match '^tk tk: x2apic: 0 of 5 non-fixed LVT writes took effect$'
for what in 'timer: vector 0x50' 'SELF IPI: vector 0x51' \
	'ICR self shorthand: vector 0x52' 'ICR to its own APIC ID: vector 0x53'; do
	assert_match "^tk tk: x2apic: $what arrived 1 times\$"
done
assert_match '^tk tk: x2apic: PASS \(status 0\)$'
assert_match '^tk state: exited$'
assert_match '^tk apic_denied: 3$'
assert_match '^tk apic_denied_last_reg: 0x360$'
assert_match '^tk msr_denied: 4$'
assert_match '^tk msr_denied_last: 0x837$'
assert_match '^tk ipi_denied: 0$'
assert_match '^tk npt_mmio_4k: 0$'
assert_match '^pend tk: x2apic: after sti: vector 0x60 arrived 1 times$'
assert_match '^pend tk: x2apic: FAIL \(status 1\)$'
assert_match '^bcast state: failed$'
assert_match '^bcast fail_reason: IPI outside the VM refused: APIC ID 4294967295, ICR 0x000040e7$'
assert_match '^bcast ipi_denied_last_icr: 0xffffffff000040e7$'
assert_match '^tkinit state: failed$'
assert_match '^tkinit fail_reason: IPI outside the VM refused: APIC ID 0, ICR 0x00004500$'
assert_not_contains 'the IPI left this CPU'
assert_match '^mmio state: failed$'
assert_match '^mmio fail_reason: xAPIC page touched at 0xfee00030 on an x2APIC host \(use the x2APIC MSRs\)$'
assert_not_contains 'xAPIC version register'

assert_match '^apic errors before: SPU:0 ERR:0 $'
assert_match '^apic errors after: SPU:0 ERR:0 $'
assert_match '^stray vectors: 0$'
assert_match '^3-core cycles: 10$'
assert_host_restored
assert_match '^vmalloc before: 0$'
assert_match '^vmalloc after: 0$'
assert_match '^rmmod: ok$'
assert_status 0
finish
