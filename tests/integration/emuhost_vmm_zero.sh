#!/bin/bash
# Memory a VM gives back holds nothing of the guest: the mini guest fills
# its 256 MB (from 4 MB up) with the pattern "v3vee-guest-pat!"; after
# destroy, the memory blocks it had are Linux's again and a scan of them
# through /proc/kcore finds the pattern nowhere. The control: the same
# scanner finds the pattern in a page of its own (--self-test).
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TESTS/guests/mini.img" "$TESTS/kcore_scan"
PATTERN='v3vee-guest-pat!'
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 300 \
	--add "$TESTS/guests/mini.img" --add "$TESTS/kcore_scan" "
insmod v3vmm.ko || exit 1
./kcore_scan --self-test '$PATTERN'
./v3ctl create mini.img --mem 256M --cores 1 --name fill --cmdline fill >/dev/null 2>&1 || exit 1
./v3ctl console fill -f
ranges=\$(./v3ctl stats fill | sed -n 's/^mem_ranges: //p' | tr ',' ' ')
echo \"ranges: \$ranges\"
./v3ctl destroy fill || exit 1
for r in \$ranges; do
	start=\${r%-*}
	end=\${r#*-}
	./kcore_scan \$start \$((end - start + 1)) '$PATTERN'
done
" 2>&1) || STATUS=$?

assert_match '^self-test: found 256$'
assert_match '^mini guest: RAM filled with the pattern$'
assert_match '^ranges: 0x[0-9a-f]+-0x[0-9a-f]+'
assert_count 2 '^scanned 128 MB, found 0$'
assert_status 0
finish
