#!/bin/bash
# selfish-detour in the LWK on 4 CPUs for half a second: one thread with
# a CSV (shown on the console with lwk.showfiles), then four threads
# pinned to CPUs 0-3 with a CSV each run writes to the in-memory file
# system. As on the host (bench-host-selfish): each summary agrees with
# itself (detours/s x duration = detours, 0 <= % lost <= 100, threshold <
# min <= median <= max) and the CSV has one row per detour.
#
# The threshold is the absolute 1000 cycles of the ANL variant: under TCG
# two close TSC reads sometimes differ by 1 cycle, which would make the
# default (4 x the shortest pass) a threshold of 4 cycles and nearly every
# pass a detour.
#
# The LWK is tickless: with one thread per core and nothing sleeping, no
# core ever arms its timer, so lwk.irqstats must report timer=0 on every
# CPU.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

SELFISH=$BUILD/selfish
need "$SELFISH"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# check_lwk_summary TEXT SECONDS: check_summary, and in the LWK that
# summary also says the run stopped at its duration, with a threshold of
# the 1000 cycles asked for.
check_lwk_summary() {
	check_summary "$1" "$2"
	grep -q '^  Stopped *: duration reached$' <<<"$1" ||
		fail "expected 'Stopped : duration reached'"
	[ "$th" = 1000 ] || fail "expected a threshold of 1000 cycles, found '$th'"
}

# no_ticks: every CPU reports timer=0.
no_ticks() {
	local line

	assert_count 4 '^lwk: cpu [0-3] interrupts: timer=[0-9]+ '
	while read -r line; do
		fail "expected no timer interrupts (tickless), found: $line"
	done < <(grep -E '^lwk: cpu [0-9]+ interrupts: timer=[1-9]' <<<"$OUT")
}

# One thread, its detours shown on the console.
lwk_run --smp 4 --mem 512M --append "lwk.irqstats lwk.showfiles" \
	"$SELFISH" -d 0.5 --threshold 1000 --csv detours.csv
assert_match '^lwk: 4 CPUs online$'
check_tsc
assert_match '^Threads: 1$'
assert_match '^Thread 0 \(pinned to CPU 0\): '
assert_match '^Detours written to detours\.csv$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
check_lwk_summary "$OUT" 0.5
no_ticks
[ "$failures" -eq 0 ] || finish
size=$(sed -n 's|^lwk: file /detours\.csv (\([0-9]*\) bytes)$|\1|p' <<<"$OUT")
sed -n '\|^----- /detours\.csv -----$|,\|^----- end /detours\.csv -----$|p' \
	<<<"$OUT" | sed '1d;$d' >"$TMP/detours.csv"
if [ -z "$size" ]; then
	fail "expected 'lwk: file /detours.csv (N bytes)', found none"
else
	[ "$(wc -c <"$TMP/detours.csv")" = "$size" ] ||
		fail "expected $size bytes of /detours.csv on the console, found $(wc -c <"$TMP/detours.csv")"
	check_detour_csv "$TMP/detours.csv"
fi
[ "$failures" -eq 0 ] || finish

# Four threads pinned to CPUs 0-3 (sched_setaffinity), one summary each;
# the CSV (tens of MB under TCG) is not shown, only its size reported.
lwk_run --smp 4 --mem 512M --timeout 120 --append "lwk.irqstats" \
	"$SELFISH" -d 0.5 -t 4 --threshold 1000 --csv detours.csv
assert_match '^Threads: 4$'
assert_count 4 '^Thread [0-3] '
assert_not_contains "cannot pin"
for t in 0 1 2 3; do
	assert_match "^Thread $t \\(pinned to CPU $t\\): "
	check_lwk_summary "$(sed -n "/^Thread $t /,/Max detour/p" <<<"$OUT")" 0.5
done
assert_match '^Detours written to detours\.csv$'
assert_match '^lwk: file /detours\.csv \([0-9]{3,} bytes\)$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
no_ticks
finish
