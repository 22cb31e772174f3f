#!/bin/bash
# STREAM in the LWK on 4 CPUs with OMP_NUM_THREADS=4 and a small array:
# the same expectations as on the host (bench-host-stream), with 4
# threads: the validation line, 4 threads counted, and for each kernel a
# positive rate with min <= avg <= max.
. "$(dirname "$0")/../lib/assert.sh"

STREAM=$BUILD/stream
need "$STREAM"

lwk_run --smp 4 --mem 512M --append "OMP_NUM_THREADS=4" "$STREAM" -n 100000 -t 5
assert_match '^lwk: 4 CPUs online$'
assert_match '^Solution Validates'
assert_not_contains "Failed Validation"
assert_match '^Array size = 100000 \(elements\)'
assert_match '^Number of Threads requested = 4$'
threads=$(sed -n 's/^Number of Threads counted = //p' <<<"$OUT")
[ "$threads" = 4 ] ||
	fail "expected 'Number of Threads counted = 4', found '${threads:-no such line}'"

for k in Copy Scale Add Triad; do
	line=$(grep "^$k:" <<<"$OUT")
	if [ -z "$line" ]; then
		fail "expected a '$k:' row in the table, found none"
		continue
	fi
	awk '{ exit !($2 > 0 && $4 <= $3 && $3 <= $5) }' <<<"$line" ||
		fail "expected rate > 0 and min <= avg <= max for $k, found '$line'"
done
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
