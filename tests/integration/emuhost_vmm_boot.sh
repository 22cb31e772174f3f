#!/bin/bash
# Ordinary Multiboot kernels as v3vee guests (issue 18 items 6, 7, 9;
# issue 17 finding 11), in one emulated-host boot:
#  - tk32.elf: tk as an ELF32 file whose Multiboot header has no a.out
#    kludge (flags 0), loaded from its program headers;
#  - mb64.elf: an ELF64 Multiboot kernel (32-bit entry, long mode, a line
#    from 64-bit code);
#  - tk_low.elf: tk linked at 0x8000, below 1 MB;
#  - tk "pic": the full ICW1-ICW4 sequence on both 8259s, masks read back,
#    no PIC interrupt after STI;
#  - tk "platform": RSDP -> XSDT -> MADT (2 CPUs) and a hardware-reduced
#    FADT with its DSDT, checksums checked;
#  - `create -- v3vmm.ko`: a kernel module as the PROGRAM is refused
#    before anything is taken (the host unchanged).
# Controls, natively under QEMU first: tk32.elf, "pic" (and "pic
# unmask=1", where the BIOS's PIT tick does arrive: the test can see an
# interrupt) and "platform" pass on plain QEMU; QEMU's own loader refuses
# ELF64 Multiboot files (so mb64 has no native control), and tk_low's
# native run is not a control: QEMU keeps its own Multiboot structures
# around 0x9000, inside tk_low's image, and tk finds no command line.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

G=$TESTS/guests
need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$G/tk.img" \
	"$G/tk32.elf" "$G/tk_low.elf" "$G/mb64.elf"

native() { # LABEL KERNEL CMDLINE: QEMU's output, prefixed
	timeout 60 qemu-system-x86_64 -kernel "$2" -append "$3" -display none \
		-serial stdio -no-reboot -m 128M \
		-device isa-debug-exit,iobase=0xf4,iosize=4 2>&1 | sed "s/^/native $1: /"
}
NATIVE=$(
	native elf32 "$G/tk32.elf" selftest
	native pic "$G/tk.img" pic
	native unmask "$G/tk.img" "pic unmask=1"
	native platform "$G/tk.img" platform
	native elf64 "$G/mb64.elf" ""
)

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 500 \
	--add "$G/tk.img" --add "$G/tk32.elf" --add "$G/tk_low.elf" \
	--add "$G/mb64.elf" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
insmod v3vmm.ko || exit 1
s0=$(snapshot)
# run NAME CORES IMAGE [CMDLINE]: boots it, prints its console, its end.
run() {
	name=$1 cores=$2 image=$3
	if ! ./v3ctl create "$image" --mem 128M --cores "$cores" --name "$name" \
		--cmdline "$4" >/dev/null 2>create.err; then
		echo "$name: create refused: $(cat create.err)"
		return
	fi
	timeout 120 ./v3ctl console "$name" -f | sed "s/^/$name: /"
	./v3ctl list | awk -v n="$name" "\$1 == n { print n \": state \" \$2 }"
	./v3ctl stats "$name" | sed -n "s/^fail_reason: /$name: failed: /p"
	./v3ctl destroy "$name"
}
run elf32 1 tk32.elf selftest
run elf64 1 mb64.elf
run low 1 tk_low.elf selftest
run pic 1 tk.img pic
run platform 2 tk.img "platform cpus=2 hw_reduced=1"
msg=$(./v3ctl create lwk.img --mem 128M --cores 1 -- v3vmm.ko 2>&1)
echo "ko: rc=$? $(echo "$msg" | grep -v "taking memory" | head -n 1)"
[ "$(snapshot)" = "$s0" ] && echo "host: unchanged" || echo "host: CHANGED: $(snapshot)"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?
OUT="$NATIVE
$OUT"

# (tk ends its lines with CR LF: no $ anchors on console lines.)
# The native controls.
assert_contains 'native elf32: tk: selftest: PASS (status 0)'
assert_contains 'native pic: tk: pic: PASS (status 0)'
assert_contains 'native unmask: tk: pic: 1 PIC interrupts'
assert_contains 'native platform: tk: platform: PASS (status 0)'
assert_contains 'native elf64: qemu-system-x86_64: Cannot load x86-64 image, give a 32bit one.'

# ELF32, ELF64 and a kernel below 1 MB boot.
assert_contains 'elf32: tk: selftest: PASS (status 0)'
assert_match '^elf32: state exited\(0\)$'
assert_contains 'elf64: mb64: hello from 64-bit long mode, ror(0x123456789abcdef0, 32) = 0x9abcdef012345678'
assert_match '^elf64: state exited\(0\)$'
assert_contains 'low: tk: selftest: PASS (status 0)'
assert_match '^low: state exited\(0\)$'
# The PICs: initialised, masked, read back, quiet.
assert_contains 'pic: tk: pic: masks after ICW1-ICW4: 0x0 0x0'
assert_contains 'pic: tk: pic: masks 0xa5 0x5a read back as 0xa5 0x5a'
assert_contains 'pic: tk: pic: master IRR 0x0 ISR 0x0, slave IRR 0x0 ISR 0x0'
assert_match '^pic: tk: pic: 0 PIC interrupts \(vectors 0x20-0x2f\)'
assert_match '^pic: state exited\(0\)$'
# ACPI: MADT with both vCPUs, a hardware-reduced FADT, its DSDT.
assert_contains 'platform: tk: platform: RSDP at 0xe0000, revision 2, OEM V3VEE'
assert_match '^platform: tk: platform: XSDT at 0xe0040, 52 bytes, revision 1, checksum ok'
assert_match '^platform: tk: platform: FACP at 0x[0-9a-f]+, 276 bytes, revision 6, checksum ok'
assert_contains 'platform: tk: platform: MADT: local APIC at 0xfee00000, flags 0x0, 2 enabled CPUs'
assert_match '^platform: tk: platform: FADT: flags 0x100031 \(HW_REDUCED_ACPI 1\), IA-PC boot flags 0x24, SCI 0, PM timer 0x0'
assert_match '^platform: tk: platform: DSDT at 0x[0-9a-f]+, 36 bytes, revision 2, checksum ok'
assert_match '^platform: state exited\(0\)$'
assert_not_contains 'create refused'
assert_not_contains 'failed:'
# A kernel module is not a program.
assert_match '^ko: rc=[1-9][0-9]* v3ctl: v3vmm.ko is not a program the LWK can run: not an executable \(ET_REL: an object file or kernel module\)$'
assert_contains 'host: unchanged'
assert_contains 'rmmod: ok'
assert_status 0
finish
