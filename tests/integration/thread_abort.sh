#!/bin/bash
# abort() in a thread other than main ends the whole program as killed by
# SIGABRT (status 134), not by a fault.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/thread_abort"
lwk_run --smp 2 "$TESTS/thread_abort"
assert_match '^thread about to abort$'
assert_not_contains "UNEXPECTED"
assert_match '^lwk: program raised signal 6$'
assert_match '^lwk: program exited with status 134 \(killed by signal 6\)$'
finish
