#!/bin/bash
# STREAM and selfish-detour built with v3vee-cc (newlib) in the LWK as a
# guest of v3vmm.ko in the emulated host, one core and 1 GB: STREAM
# validates as the glibc build does (run too, for the figures side by
# side) and selfish's summary agrees with itself, with the VM's exit
# status 0 for each.
# run-all-timeout: 600
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/stream" \
	"$BUILD/stream-newlib" "$BUILD/selfish-newlib"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 3G --timeout 500 \
	--add "$BUILD/stream-newlib" --add "$BUILD/selfish-newlib" '
insmod v3vmm.ko || exit 1
run() {
	echo "== $1"
	name=$(./v3ctl create lwk.img --mem 1G --cores 1 -- "$@" 2>/dev/null) || exit 1
	./v3ctl console "$name" -f
	./v3ctl stats "$name" | grep -E "^(state|exit_status):" | sed "s|^|$1 |"
	./v3ctl destroy "$name" 2>/dev/null || exit 1
}
run ./stream-newlib -n 100000
run ./stream -n 100000
run ./selfish-newlib -d 1 --threshold 1000
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?
assert_status 0

all=$OUT
for prog in stream-newlib stream; do
	OUT=$(sed -n "/^== \\.\\/$prog\$/,/^\\.\\/$prog exit_status/p" <<<"$all")
	check_stream 1
	assert_match "^\\./$prog state: exited\$"
	assert_match "^\\./$prog exit_status: 0\$"
	echo "STREAM in a VM (TCG), $prog, best MB/s:" \
		"$(awk '/^(Copy|Scale|Add|Triad):/ { printf "%s %s  ", $1, $2 }' <<<"$OUT")"
done
OUT=$(sed -n '/^== \.\/selfish-newlib$/,$p' <<<"$all")
sum=$(sed -n '/^Thread 0: /,/Max detour/p' <<<"$OUT")
if [ -z "$sum" ]; then
	fail "selfish-newlib: expected a 'Thread 0: ...' summary"
else
	line=$(mktemp)
	check_summary "$sum" 1 >"$line"
	echo "selfish (newlib) in a VM (TCG), 1 s: $(cat "$line")"
	rm -f "$line"
fi
assert_match '^\./selfish-newlib exit_status: 0$'
OUT=$all
assert_match '^rmmod: ok$'
finish
