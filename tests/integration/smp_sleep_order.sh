#!/bin/bash
# Six threads on 4 CPUs sleep (nanosleep, clock_nanosleep relative and
# absolute) for 180, 150, ..., 30 ms, in creation order: they must wake in
# deadline order (the reverse), none early. Sleeps wait on the per-core
# one-shot timer, so with lwk.irqstats the CPUs report at least one timer
# interrupt per sleeper in total.
. "$(dirname "$0")/../lib/assert.sh"

PROG=$TESTS/sleep_order
need "$PROG"

lwk_run --smp 4 --mem 512M --append "lwk.irqstats" "$PROG"
assert_match '^lwk: 4 CPUs online$'
assert_count 6 '^thread [0-5] slept [0-9.]+ ms \(asked [0-9]+ ms\)$'
for i in 0 1 2 3 4 5; do
	assert_match "^thread $i slept [0-9.]+ ms \\(asked $(((6 - i) * 30)) ms\\)\$"
done
assert_match '^order=5 4 3 2 1 0$'
assert_match '^OK$'
assert_not_contains "FAILED"
assert_match '^lwk: program exited with status 0$'
assert_count 4 '^lwk: cpu [0-3] interrupts: timer=[0-9]+ '
timers=$(sed -n 's/^lwk: cpu [0-9]* interrupts: timer=\([0-9]*\) .*/\1/p' <<<"$OUT" |
	awk '{ s += $1 } END { print s + 0 }')
[ "$timers" -ge 6 ] ||
	fail "expected at least 6 timer interrupts in all (one per sleeper), found $timers"
assert_status 0
finish
