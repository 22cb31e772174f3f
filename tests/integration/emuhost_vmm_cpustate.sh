#!/bin/bash
# Nothing of the host's CPU state reaches a guest (issue 17, finding 1).
# In the emulated host (EPYC under QEMU TCG: XSAVE and AVX, no PKU),
# tests/host/fill_state leaves a per-CPU hardware breakpoint's address in
# CPU 2's DR0 and a pattern in its YMM0-15, then exits; at once a VM of
# tk "state" is created on that CPU (--cpus 2; v3ctl itself runs on CPU
# 0). As its first action the guest reports XMM0-15, the upper halves of
# YMM0-15, MXCSR and DR0-DR3: all must be in their reset state, and XCR0
# Linux's value. Twice, so that the second VM also shows what the first
# left behind on a core that went back to Linux and was taken again.
# Without the reset the pattern and the address show (the test fails).
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

TK=$TESTS/guests/tk.img
need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TK" "$TESTS/host/fill_state"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 3 --mem 2G --timeout 300 \
	--add "$TK" --add "$TESTS/host/fill_state" '
insmod v3vmm.ko || exit 1
grep -o -w -E "xsave|avx|pku|ospke" /proc/cpuinfo | sort -u | tr "\n" " " | sed "s/^/cpu flags: /"; echo
for run in 1 2; do
	./fill_state 2 || exit 1
	n=$(taskset -c 0 ./v3ctl create tk.img --mem 128M --cpus 2 --cmdline state) || exit 1
	taskset -c 0 ./v3ctl console "$n" -f | tr -d "\r" | sed "s/^/run $run: /"
	taskset -c 0 ./v3ctl destroy "$n" >/dev/null || exit 1
done
dmesg | grep -o "v3vmm: guests start with XCR0.*"
' 2>&1) || STATUS=$?

assert_status 0
assert_match '^fill_state: CPU 2: breakpoint at 0x[0-9a-f]+ opened and closed$'
assert_match '^fill_state: CPU 2: pattern 0x5ec0deNN in ymm0-15$'
xcr0=$(sed -n 's/^v3vmm: guests start with XCR0 \(0x[0-9a-f]*\).*/\1/p' <<<"$OUT")
[ -n "$xcr0" ] || fail "the module did not say which XCR0 guests start with"
for run in 1 2; do
	assert_match "^run $run: tk: state: PASS \(status 0\)$"
	assert_match "^run $run: tk: state: xmm non-zero 0 of 16, ymm upper non-zero 0, dr0-3 non-zero 0$"
	assert_match "^run $run: tk: state: mxcsr = 0x1f80, avx yes$"
	assert_match "^run $run: tk: state: xcr0 = $xcr0$"
done
grep -q '^run .*5ec0de' <<<"$OUT" && fail "the host's pattern reached a guest"
finish
