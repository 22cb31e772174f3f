#!/bin/bash
# A static-pie program (ET_DYN, no interpreter) is loaded, relocates
# itself and runs.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/static_pie"
lwk_run "$TESTS/static_pie"
assert_match '^static-pie: main at 0x[0-9a-f]+$'
assert_match '^static-pie: relocated pointer ok, value 42$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
