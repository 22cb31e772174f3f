#!/bin/bash
# selfish-detour on the Linux host for one second; the host's own noise
# gives detours. Expect a summary that agrees with itself (detours/s x
# duration = detours, 0 <= % lost <= 100, threshold < min <= median <=
# max), a CSV with one row per detour, one summary per thread with -t 2,
# and -n obeyed.
. "$(dirname "$0")/../lib/assert.sh"

SELFISH=$(realpath "$BUILD/selfish" 2>/dev/null)
need "$BUILD/selfish"
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
	awk -v d="$dur" -v w="$want" 'BEGIN { exit !(d >= w * 0.999 && d <= w + 1) }' ||
		fail "expected a duration near $want s, found $dur s"
	awk -v r="$rate" -v d="$dur" -v n="$n" \
		'BEGIN { exit !((r * d - n) ^ 2 <= (0.5 + n * 1e-4) ^ 2) }' ||
		fail "expected detours/s x duration = detours, found $rate x $dur vs $n"
	awk -v l="$lost" 'BEGIN { exit !(l >= 0 && l <= 100) }' ||
		fail "expected 0 <= % lost <= 100, found $lost"
	if [ "$n" -gt 0 ]; then
		mn=$(cycles 'Min detour' "$sum")
		md=$(cycles 'Median detour' "$sum")
		mx=$(cycles 'Max detour' "$sum")
		th=$(sed -n 's/.*threshold \([0-9]*\) cycles$/\1/p' <<<"$sum")
		if [ -z "$mn" ] || [ -z "$md" ] || [ -z "$mx" ] || [ -z "$th" ]; then
			fail "expected min/median/max detour and threshold lines"
		elif ! [ "$th" -lt "$mn" ] || ! [ "$mn" -le "$md" ] ||
			! [ "$md" -le "$mx" ]; then
			fail "expected threshold < min <= median <= max, found $th, $mn, $md, $mx cycles"
		fi
	fi
	echo "$dur s, $n detours, $rate/s, $lost % lost"
}

STATUS=0
OUT=$(cd "$TMP" && "$SELFISH" -d 1 --csv detours.csv 2>&1) || STATUS=$?
assert_status 0
assert_match '^TSC frequency: [0-9]+\.[0-9]+ MHz'
assert_match '^  Stopped *: duration reached$'
mhz=$(sed -n 's/^TSC frequency: \([0-9.]*\) MHz.*/\1/p' <<<"$OUT")
awk -v f="$mhz" 'BEGIN { exit !(f > 1) }' ||
	fail "expected a TSC frequency > 1 MHz, found '$mhz'"
check_summary "$OUT" 1

if [ -f "$TMP/detours.csv" ]; then
	[ "$(head -n 1 "$TMP/detours.csv")" = "start_us,duration_us,cycles,thread" ] ||
		fail "expected the CSV header start_us,duration_us,cycles,thread"
	rows=$(($(wc -l <"$TMP/detours.csv") - 1))
	[ "$rows" -eq "$n" ] ||
		fail "expected $n CSV rows (one per detour), found $rows"
else
	fail "expected detours.csv, found none"
fi
[ "$failures" -eq 0 ] || finish

# Two pinned threads: one summary each.
STATUS=0
OUT=$("$SELFISH" -d 0.3 -t 2 2>&1) || STATUS=$?
assert_status 0
assert_count 2 '^Thread [01] '
for t in 0 1; do
	check_summary "$(sed -n "/^Thread $t /,/Max detour/p" <<<"$OUT")" 0.3
done
[ "$failures" -eq 0 ] || finish

# -n stops the run at that many detours (given that much noise).
STATUS=0
OUT=$("$SELFISH" -d 1 -n 3 2>&1) || STATUS=$?
assert_status 0
n=$(field Detours "$OUT")
if grep -q 'Stopped *: detour count reached' <<<"$OUT"; then
	[ "$n" = 3 ] || fail "expected 3 detours with -n 3, found '$n'"
elif [ -z "$n" ] || [ "$n" -gt 3 ]; then
	fail "expected at most 3 detours with -n 3, found '$n'"
fi

STATUS=0
OUT=$("$SELFISH" -d nope 2>&1) || STATUS=$?
assert_status 2
assert_contains "bad duration 'nope'"
finish
