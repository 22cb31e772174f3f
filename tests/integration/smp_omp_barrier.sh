#!/bin/bash
# Thousands of OpenMP barriers among 4 threads on 4 CPUs, with a counter
# checked after each and a critical section: every count is exact. Once
# with libgomp's default wait policy (spin, then futex) and once with
# OMP_WAIT_POLICY=passive (straight to futex waits and cross-CPU wakes).
. "$(dirname "$0")/../lib/assert.sh"

PROG=$TESTS/omp_barrier
need "$PROG"
PHASES=2000

for policy in "" "OMP_WAIT_POLICY=passive"; do
	lwk_run --smp 4 --mem 512M --timeout 120 \
		--append "OMP_NUM_THREADS=4 $policy" "$PROG" $PHASES
	assert_match '^threads=4$'
	assert_match "^phases=$PHASES\$"
	assert_match "^barrier_counter=$((PHASES * 4))\$"
	assert_match '^barrier_errors=0$'
	assert_match "^critical=$((PHASES * 4))\$"
	assert_match '^OK$'
	assert_not_contains "FAILED"
	assert_match '^lwk: program exited with status 0$'
	assert_status 0
	[ "$failures" -eq 0 ] || finish
done
finish
