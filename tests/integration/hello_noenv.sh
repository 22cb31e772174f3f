#!/bin/bash
# Without FOO on the command line the program sees no FOO, and lwk.
# options are not passed as environment variables.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/hello"
lwk_run --append "lwk.showfiles" "$TESTS/hello"
assert_contains "hello from $TESTS/hello"
assert_match '^argc=1$'
assert_match '^FOO=\(unset\)$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
