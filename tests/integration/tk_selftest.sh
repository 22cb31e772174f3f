#!/bin/bash
# The test kernel tk (tests/guests/tk) works natively: its trap machinery
# (a fixed-up #UD, an INT3 handler) passes, its status reaches the
# debug-exit port, and an unknown mode is refused with status 98 (the
# control: a failing mode does not read as a pass).
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

TK=$TESTS/guests/tk.img
need "$TK"
run_tk() {
	STATUS=0
	OUT=$(timeout 60 qemu-system-x86_64 -kernel "$TK" -append "$1" \
		-display none -serial stdio -no-reboot -m 128M \
		-device isa-debug-exit,iobase=0xf4,iosize=4 2>&1) || STATUS=$?
}

run_tk selftest
assert_contains 'tk: selftest: 0 failures'
assert_contains 'tk: selftest: PASS (status 0)'
assert_status 1 # QEMU's (0 << 1) | 1
run_tk "nosuchmode x=1"
assert_match '^tk: no mode named by the command line "nosuchmode x=1"; modes:.* selftest'
assert_status $(((98 << 1 | 1) & 255))
finish
