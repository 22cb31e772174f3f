#!/bin/bash
# An unimplemented syscall (acct) and one Linux does not have (999) return
# -ENOSYS, each is logged once however often it is called, and the
# program carries on.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/enosys"
lwk_run "$TESTS/enosys"
assert_count 2 '^syscall 163 \(acct\) returned -1 errno=38 \(ENOSYS\)$'
assert_count 2 '^syscall 999 \(unknown\) returned -1 errno=38 \(ENOSYS\)$'
assert_not_contains "UNEXPECTED"
assert_match '^still running$'
assert_count 1 '^lwk: syscall 163 \(acct\) not implemented, returning -ENOSYS$'
assert_count 1 '^lwk: syscall 999 \(unknown\) not implemented, returning -ENOSYS$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
