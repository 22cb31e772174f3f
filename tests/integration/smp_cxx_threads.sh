#!/bin/bash
# std::thread, std::mutex and std::condition_variable on 4 CPUs: 4 threads
# take turns in a fixed order, two play ping-pong, four contend for a
# mutex; the totals and the turn-order checksum are exact and the same as
# on the host.
. "$(dirname "$0")/../lib/assert.sh"

PROG=$TESTS/cxx_threads
need "$PROG"
host_run . "$PROG"
want_turns=$(grep '^turns=' <<<"$HOST_OUT")
if [ "$HOST_STATUS" -ne 0 ] || [ -z "$want_turns" ]; then
	fail "cxx_threads failed on the host (status $HOST_STATUS): $HOST_OUT"
	finish
fi

lwk_run --smp 4 --mem 512M --timeout 120 "$PROG"
assert_match '^threads=4$'
assert_match '^turns=2000 order_errors=0 checksum=[0-9]+$'
assert_match "^$want_turns\$"
assert_match '^pings=2000$'
assert_match '^counter=400000$'
assert_match '^OK$'
assert_not_contains "FAILED"
assert_match '^lwk: program exited with status 0$'
assert_status 0
finish
