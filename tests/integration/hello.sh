#!/bin/bash
# A static C program gets its argv (a comma included, which QEMU's -initrd
# needs escaped) and its environment (FOO=bar from the kernel command
# line), and exits 0.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/hello"
lwk_run --append "FOO=bar" "$TESTS/hello" a b,3 last-arg
assert_contains "hello from $TESTS/hello"
assert_match '^argc=4$'
assert_match '^argv\[1\]=a$'
assert_match '^argv\[2\]=b,3$'
assert_match '^argv\[3\]=last-arg$'
assert_match '^FOO=bar$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
