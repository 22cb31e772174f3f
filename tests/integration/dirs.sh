#!/bin/bash
# creat(2) and rmdir(2), which glibc calls directly, work.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/dirs"
lwk_run "$TESTS/dirs"
assert_match '^OK$'
assert_match '^lwk: file /c.txt \(3 bytes\)$'
assert_status 0
finish
