#!/bin/bash
# STREAM in the LWK on 4 CPUs with OMP_NUM_THREADS=4 and a small array:
# the same expectations as on the host (bench-host-stream), with 4
# threads: the validation line, 4 threads counted, and for each kernel a
# positive rate with min <= avg <= max.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

STREAM=$BUILD/stream
need "$STREAM"

lwk_run --smp 4 --mem 512M --append "OMP_NUM_THREADS=4" "$STREAM" -n 100000 -t 5
assert_match '^lwk: 4 CPUs online$'
check_stream 4
assert_not_contains "Failed Validation"
assert_match '^Number of Threads requested = 4$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
