#!/bin/bash
# STREAM on the Linux host: a small array, two OpenMP threads. Expect the
# validation line, a thread count of 2 and, for each of the four kernels,
# a positive rate with min <= avg <= max; and a usage error for a bad size.
. "$(dirname "$0")/../lib/assert.sh"

STREAM=$BUILD/stream
need "$STREAM"

STATUS=0
OUT=$(OMP_NUM_THREADS=2 "$STREAM" -n 100000 -t 5 2>&1) || STATUS=$?
assert_status 0
assert_match '^Solution Validates'
assert_match '^Array size = 100000 \(elements\)'
threads=$(sed -n 's/^Number of Threads counted = //p' <<<"$OUT")
[ "$threads" = 2 ] ||
	fail "expected 'Number of Threads counted = 2', found '${threads:-no such line}'"

for k in Copy Scale Add Triad; do
	line=$(grep "^$k:" <<<"$OUT")
	if [ -z "$line" ]; then
		fail "expected a '$k:' row in the table, found none"
		continue
	fi
	awk '{ exit !($2 > 0 && $4 <= $3 && $3 <= $5) }' <<<"$line" ||
		fail "expected rate > 0 and min <= avg <= max for $k, found '$line'"
done
[ "$failures" -eq 0 ] || finish

STATUS=0
OUT=$("$STREAM" -n 0 2>&1) || STATUS=$?
assert_status 2
assert_contains "bad array size '0'"
finish
