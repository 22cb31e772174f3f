#!/bin/bash
# STREAM and selfish-detour built with v3vee-cc (newlib, no OpenMP, no
# threads) in the LWK natively, on one CPU. STREAM validates with the
# same checks as the glibc build (bench_checks.sh), which runs too, for
# the figures side by side (TCG: they measure the emulator, see
# Documentation/guest-libc.md). selfish runs its one thread for half a
# second with a summary that agrees with itself and its CSV shown on the
# console. Control: the newlib selfish refuses a second thread, which it
# cannot create.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

STREAM_NL=$BUILD/stream-newlib
SELFISH_NL=$BUILD/selfish-newlib
need "$STREAM_NL" "$SELFISH_NL" "$BUILD/stream"

rates() {
	awk '/^(Copy|Scale|Add|Triad):/ { printf "%s %s  ", $1, $2 }' <<<"$OUT"
}

lwk_run --mem 512M "$STREAM_NL" -n 100000 -t 5
check_stream 1
assert_match '^Number of Threads requested = 1$'
assert_not_contains "Failed Validation"
assert_match '^lwk: program exited with status 0$'
assert_status 0
newlib_rates=$(rates)

lwk_run --mem 512M "$BUILD/stream" -n 100000 -t 5
check_stream 1
assert_status 0
echo "STREAM -n 100000 in the LWK under TCG, best MB/s:"
echo "  newlib: $newlib_rates"
echo "  glibc:  $(rates)"

lwk_run --append "lwk.showfiles" "$SELFISH_NL" -d 0.5 --threshold 1000 \
	--csv /detours.csv
sum=$(sed -n '/^Thread 0: /,/Max detour/p' <<<"$OUT")
if [ -z "$sum" ]; then
	fail "expected an unpinned 'Thread 0: ...' summary"
else
	line=$(mktemp)
	check_summary "$sum" 0.5 >"$line"
	echo "selfish (newlib) in the LWK under TCG, 0.5 s: $(cat "$line")"
	rm -f "$line"
	grep -q '^  Stopped *: duration reached$' <<<"$sum" ||
		fail "expected 'Stopped : duration reached'"
	[ "$th" = 1000 ] || fail "expected a threshold of 1000 cycles, found '$th'"
	rows=$(sed -n '/^----- \/detours\.csv -----$/,/^----- end/p' <<<"$OUT" |
		grep -c '^[0-9.]*,[0-9.]*,[0-9]*,0,[0-9]*$')
	[ "$rows" = "$n" ] ||
		fail "expected $n CSV rows (one per detour), found $rows"
fi
assert_match '^Detours written to /detours\.csv$'
assert_status 0

lwk_run "$SELFISH_NL" -d 0.1 -t 2
assert_match "^selfish: bad thread count '2' \\(want 1\\.\\.1\\)$"
assert_status 2
finish
