#!/bin/bash
# What a guest may not reach, in the emulated host (4 CPUs):
#  - the LWK (test option lwk.ipi_outside) sends a fixed IPI to an APIC ID
#    that is not one of its VM's (APIC ID 0: the host's CPU 0). The VMM
#    never sends it: Linux logs no stray vector and counts no APIC error;
#    the VM is failed with the ICR in its report and ipi_denied counts it;
#  - the same with an INIT (lwk.init_outside): had it reached CPU 0, the
#    host would have been reset; it keeps running tasks on every CPU;
#  - the mini guest reads the first byte past its RAM: the access is
#    reported (its guest-physical address) and fails the VM;
#  - the LWK (lwk.level_ipi) sends itself a level-triggered fixed IPI:
#    natively the APIC marks it level (TMR bit set: its EOI would go to
#    the I/O APICs); in a VM the VMM sends it edge-triggered (TMR clear),
#    so a guest's EOI never reaches the host's I/O APICs;
#  - after each, destroy gives every CPU and memory block back.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$TESTS/guests/mini.img" \
	"$TESTS/hello"
# The control: natively, without a VMM, the IPI arrives level-triggered.
NATIVE=$("$ROOT/tests/lib/run-lwk.sh" --append lwk.level_ipi "$TESTS/hello" 2>&1)
grep -q '^lwk: level-triggered IPI to this CPU (test option): pending 1, level 1$' <<<"$NATIVE" ||
	fail "natively, expected the level-triggered IPI pending and level; got: $(grep 'level-triggered' <<<"$NATIVE")"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 3G --timeout 400 \
	--add "$TESTS/guests/mini.img" --add "$TESTS/hello" \
	--add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
errors() { awk "/^ *ERR:/ {print \$2}" /proc/interrupts; }
echo "before: $(snapshot)"
echo "apic errors before: $(errors)"
insmod v3vmm.ko || exit 1
# fails TAG ARGS...: a VM that must end failed; its state, reason, counts.
fails() {
	tag=$1
	shift
	name=$(./v3ctl create "$@") || exit 1
	i=0
	while [ $i -lt 100 ] && ! ./v3ctl list | grep -q "^$name  *failed"; do
		sleep 0.2
		i=$((i + 1))
	done
	./v3ctl console "$name" | sed "s|^|$tag console: |"
	./v3ctl stats "$name" | grep -E "^(state|fail_reason|ipi_denied|ipi_denied_last_icr|vcpus_started):" |
		sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || exit 1
	echo "$tag after: $(snapshot)"
}
fails ipi lwk.img --mem 512M --cores 2 --cmdline lwk.ipi_outside -- ./hello
fails init lwk.img --mem 512M --cores 2 --cmdline lwk.init_outside -- ./hello
for cpu in 0 1 2 3; do
	taskset -c $cpu sh -c "echo task on cpu$cpu: ok"
done
fails beyond mini.img --mem 128M --cores 1 --cmdline beyond
name=$(./v3ctl create lwk.img --mem 256M --cores 1 --cmdline lwk.level_ipi -- ./hello) || exit 1
./v3ctl console "$name" -f | sed "s|^|level console: |"
./v3ctl destroy "$name" >/dev/null || exit 1
echo "apic errors after: $(errors)"
echo "stray vectors: $(dmesg | grep -c -E "No irq handler|spurious APIC|APIC error")"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

before=$(sed -n 's/^before: //p' <<<"$OUT")
for tag in ipi init; do
	assert_match "^$tag console: lwk: 2 CPUs online$"
	assert_match "^$tag state: failed$"
	assert_match "^$tag fail_reason: IPI outside the VM refused: APIC ID 0, "
	assert_match "^$tag ipi_denied: 1$"
	assert_match "^$tag vcpus_started: 2$"
	# The program never ran: the VMM stopped the kernel at the IPI.
	assert_not_contains "$tag console: lwk: the IPI left this CPU"
	assert_not_contains "$tag console: hello"
	after=$(sed -n "s/^$tag after: //p" <<<"$OUT")
	[ -n "$before" ] && [ "$(without_memtotal "$before")" = "$(without_memtotal "$after")" ] ||
		fail "$tag: CPUs or memory blocks differ: before '$before' after '$after'"
done
assert_match '^ipi fail_reason: .*ICR 0x000040e7$'
assert_match '^init fail_reason: .*ICR 0x00004500$'
for cpu in 0 1 2 3; do
	assert_match "^task on cpu$cpu: ok$"
done
assert_match '^level console: lwk: level-triggered IPI to this CPU \(test option\): pending 1, level 0$'
assert_match '^level console: hello from hello$'
assert_match '^beyond state: failed$'
assert_match '^beyond fail_reason: access outside RAM and devices at 0x8000000$'
assert_match '^apic errors before: 0$'
assert_match '^apic errors after: 0$'
assert_match '^stray vectors: 0$'
assert_match '^rmmod: ok$'
assert_status 0
finish
