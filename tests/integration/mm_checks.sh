#!/bin/bash
# mmap/munmap/mprotect semantics: memory is populated at map time, given
# back at unmap, zero when fresh; a write to a page mprotect made
# read-only kills the program with a page fault (present|write|user).
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/mm_checks"
lwk_run --mem 512M "$TESTS/mm_checks"
assert_match '^OK$'
assert_status 0
lwk_run --mem 512M "$TESTS/mm_checks" protect
assert_match '^read back 1; writing to the read-only page$'
assert_not_contains "UNEXPECTED"
assert_match '^lwk: program killed: page fault \(vector 14\) error=0x7 '
assert_match '^lwk: program exited with status 139 \(killed by signal 11\)$'
finish
