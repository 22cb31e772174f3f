#!/bin/bash
# build/lwk.iso (GRUB, BIOS) boots the LWK from a CD, runs hello with
# "a b", and the LWK powers the machine off through ACPI: no isa-debug-exit
# device here, so QEMU itself must end with status 0.
. "$(dirname "$0")/../lib/assert.sh"

iso=$BUILD/lwk.iso
need "$iso"
STATUS=0
# shellcheck disable=SC2034 # OUT is for assert.sh
OUT=$(timeout --foreground -k 5 60 qemu-system-x86_64 -accel tcg -cpu max \
	-m 512M -cdrom "$iso" -display none -serial stdio -monitor none \
	-no-reboot </dev/null 2>&1 | tr -d '\r'
	exit "${PIPESTATUS[0]}") || STATUS=$?
if [ "$STATUS" -eq 124 ] || [ "$STATUS" -eq 137 ]; then
	fail "the machine did not power off within 60 s"
fi

assert_match '^hello from hello$'
assert_match '^argc=3$'
assert_match '^argv\[1\]=a$'
assert_match '^argv\[2\]=b$'
assert_match '^lwk: program exited with status 0$'
# QEMU ended, so the power-off worked and the LWK must not claim otherwise.
assert_not_contains "power-off failed"
assert_status 0
finish
