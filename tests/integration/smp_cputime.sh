#!/bin/bash
# getrusage(RUSAGE_SELF), times() and CLOCK_PROCESS_CPUTIME_ID count the
# CPU time of every thread; RUSAGE_THREAD only the caller's.
. "$(dirname "$0")/../lib/assert.sh"

need "$TESTS/cputime"
lwk_run --smp 3 "$TESTS/cputime"
assert_match '^OK$'
assert_status 0
finish
