#!/bin/bash
# STREAM on the Linux host: a small array, two OpenMP threads. Expect the
# validation line, a thread count of 2 and, for each of the four kernels,
# a positive rate with min <= avg <= max; and a usage error for a bad size.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

STREAM=$BUILD/stream
need "$STREAM"

STATUS=0
OUT=$(OMP_NUM_THREADS=2 "$STREAM" -n 100000 -t 5 2>&1) || STATUS=$?
assert_status 0
check_stream 2
[ "$failures" -eq 0 ] || finish

STATUS=0
OUT=$("$STREAM" -n 0 2>&1) || STATUS=$?
assert_status 2
assert_contains "bad array size '0'"
finish
