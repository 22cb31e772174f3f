#!/bin/bash
# An OpenMP parallel-for reduction (sum of 1/i^2) on 4 CPUs: the sum
# matches a serial one, and all 4 threads of the team ran iterations, both
# with OMP_NUM_THREADS=4 and without it (libgomp then sizes the team from
# the CPUs the LWK reports online and in the affinity mask).
. "$(dirname "$0")/../lib/assert.sh"

PROG=$TESTS/omp_reduce
need "$PROG"

# check RUN_LWK_ARGS...: one run must give 4 threads and OK.
check() {
	lwk_run --smp 4 --mem 512M "$@" "$PROG"
	assert_match '^lwk: 4 CPUs online$'
	assert_match '^max_threads=4$'
	assert_match '^team=4$'
	assert_match '^threads=4$'
	assert_match '^sum=1\.6449[0-9]+ serial=1\.6449[0-9]+$'
	assert_match '^OK$'
	assert_not_contains "FAILED"
	assert_match '^lwk: program exited with status 0$'
	assert_status 0
	[ "$failures" -eq 0 ] || finish
}

check --append "OMP_NUM_THREADS=4"
check
finish
