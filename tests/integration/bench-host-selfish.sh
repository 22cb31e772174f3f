#!/bin/bash
# selfish-detour on the Linux host for one second; the host's own noise
# gives detours. Expect a summary that agrees with itself (detours/s x
# duration = detours, 0 <= % lost <= 100, threshold < min <= median <=
# max), a CSV with one row per detour, one summary per thread with -t 2,
# and -n obeyed.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

SELFISH=$(realpath "$BUILD/selfish" 2>/dev/null)
need "$BUILD/selfish"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

STATUS=0
OUT=$(cd "$TMP" && "$SELFISH" -d 1 --csv detours.csv 2>&1) || STATUS=$?
assert_status 0
check_tsc
assert_match '^  Stopped *: duration reached$'
check_summary "$OUT" 1

if [ -f "$TMP/detours.csv" ]; then
	check_detour_csv "$TMP/detours.csv"
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
