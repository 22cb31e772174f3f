#!/bin/bash
# lwk.triplefault: right after parsing its command line the LWK says so
# and triple-faults the CPU. Natively that resets the machine; QEMU runs
# with -no-reboot (tests/lib/run-lwk.sh), so it stops with exit code 0
# instead of booting again. The program never starts. (Under v3vee the
# same option makes the VMM fail the VM; the VMM's tests check that.)
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/hello"
lwk_run --timeout 30 --append "lwk.triplefault" "$TESTS/hello"
assert_count 1 '^lwk: triple fault on purpose \(lwk\.triplefault\)$'
# Booted once: a reset that was not turned into a stop boots it again.
assert_count 1 '^v3vee LWK .* booting$'
assert_not_contains "hello from"
assert_not_contains "lwk: program exited"
assert_not_contains "lwk: kernel fault"
# Nothing follows the message: not the next boot line, not a panic.
last=$(grep -v '^$' <<<"$OUT" | tail -n 1)
if [ "$last" != "lwk: triple fault on purpose (lwk.triplefault)" ]; then
	fail "expected the message to be the last line, got: $last"
fi
# QEMU stopped by itself: a reset under -no-reboot exits with 0.
assert_status 0
finish
