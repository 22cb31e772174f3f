#!/bin/bash
# A program writing through NULL is killed with a page-fault report
# (user-mode write to a not-present page at 0) and the machine still
# powers off with status 139.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/nullderef"
lwk_run "$TESTS/nullderef"
assert_match '^about to dereference NULL$'
assert_not_contains "must not happen"
assert_count 1 '^lwk: program killed: '
assert_match '^lwk: program killed: page fault \(vector 14\) error=0x0*6 rip=0x[0-9a-f]+ cr2=0x0+( |$)'
assert_match '^lwk:   rax='
assert_match '^lwk: program exited with status 139( \(killed by signal 11\))?$'
# 139 reaches run-lwk as 139 & 0x7f after QEMU's debug-exit encoding.
assert_status 11
finish
