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

SELFISH=$BUILD/selfish
need "$SELFISH"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# field LABEL TEXT: the numbers after "  LABEL   :" (one per thread).
field() {
	sed -n "s/^  $1 *: *\([-+0-9.eE]*\).*/\1/p" <<<"$2"
}

# cycles LABEL TEXT: the cycle count of "  LABEL : X us (N cycles)".
cycles() {
	sed -n "s/^  $1 *: *[0-9.]* us (\([0-9]*\) cycles)$/\1/p" <<<"$2"
}

# check_summary TEXT SECONDS: one thread's summary agrees with itself.
# Sets n to its detour count.
check_summary() {
	local sum=$1 want=$2 dur rate lost mn md mx th

	dur=$(field Duration "$sum")
	n=$(field Detours "$sum")
	rate=$(field 'Detours\/s' "$sum")
	lost=$(field 'Time lost' "$sum")
	if [ -z "$dur" ] || [ -z "$n" ] || [ -z "$rate" ] || [ -z "$lost" ]; then
		fail "expected Duration, Detours, Detours/s and Time lost lines"
		finish
	fi
	grep -q '^  Stopped *: duration reached$' <<<"$sum" ||
		fail "expected 'Stopped : duration reached'"
	awk -v d="$dur" -v w="$want" 'BEGIN { exit !(d >= w * 0.999 && d <= w + 1) }' ||
		fail "expected a duration near $want s, found $dur s"
	awk -v r="$rate" -v d="$dur" -v n="$n" \
		'BEGIN { exit !((r * d - n) ^ 2 <= (0.5 + n * 1e-4) ^ 2) }' ||
		fail "expected detours/s x duration = detours, found $rate x $dur vs $n"
	awk -v l="$lost" 'BEGIN { exit !(l >= 0 && l <= 100) }' ||
		fail "expected 0 <= % lost <= 100, found $lost"
	th=$(sed -n 's/.*threshold \([0-9]*\) cycles$/\1/p' <<<"$sum")
	[ "$th" = 1000 ] || fail "expected a threshold of 1000 cycles, found '$th'"
	if [ "$n" -gt 0 ]; then
		mn=$(cycles 'Min detour' "$sum")
		md=$(cycles 'Median detour' "$sum")
		mx=$(cycles 'Max detour' "$sum")
		if [ -z "$mn" ] || [ -z "$md" ] || [ -z "$mx" ]; then
			fail "expected min/median/max detour lines"
		elif ! [ "$th" -lt "$mn" ] || ! [ "$mn" -le "$md" ] ||
			! [ "$md" -le "$mx" ]; then
			fail "expected threshold < min <= median <= max, found $th, $mn, $md, $mx cycles"
		fi
	fi
	echo "$dur s, $n detours, $rate/s, $lost % lost"
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
assert_match '^TSC frequency: [0-9]+\.[0-9]+ MHz'
assert_match '^Threads: 1$'
assert_match '^Thread 0 \(pinned to CPU 0\): '
assert_match '^Detours written to detours\.csv$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
mhz=$(sed -n 's/^TSC frequency: \([0-9.]*\) MHz.*/\1/p' <<<"$OUT")
awk -v f="$mhz" 'BEGIN { exit !(f > 1) }' ||
	fail "expected a TSC frequency > 1 MHz, found '$mhz'"
check_summary "$OUT" 0.5
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
	[ "$(head -n 1 "$TMP/detours.csv")" = "start_us,duration_us,cycles,thread" ] ||
		fail "expected the CSV header start_us,duration_us,cycles,thread"
	rows=$(($(wc -l <"$TMP/detours.csv") - 1))
	[ "$rows" -eq "$n" ] ||
		fail "expected $n CSV rows (one per detour), found $rows"
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
	check_summary "$(sed -n "/^Thread $t /,/Max detour/p" <<<"$OUT")" 0.5
done
assert_match '^Detours written to detours\.csv$'
assert_match '^lwk: file /detours\.csv \([0-9]{3,} bytes\)$'
assert_match '^lwk: program exited with status 0$'
assert_status 0
no_ticks
finish
