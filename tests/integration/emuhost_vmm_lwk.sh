#!/bin/bash
# The LWK as a guest of v3vmm.ko in the emulated host, one core and 1 GB
# taken from Linux: STREAM validates and HPCCG converges, with their
# output read through `v3ctl console`. The LWK finds the VMM (CPUID
# 0x40000000) and prints through the console hypercall; `v3ctl stats`
# counts those hypercalls, and no 4 KB page maps guest RAM.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/bench_checks.sh
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/stream" "$BUILD/hpccg"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 3G --timeout 500 '
insmod v3vmm.ko || exit 1
run() {
	name=$(./v3ctl create lwk.img --mem 1G --cores 1 -- "$@" 2>/dev/null) || exit 1
	./v3ctl console "$name" -f
	./v3ctl stats "$name" | grep -E "^(state|exit_status|npt_ram_4k|exits.vcpu0.vmmcall|exits.vcpu0.ioio):" |
		sed "s|^|$1 |"
	./v3ctl destroy "$name" 2>/dev/null || exit 1
}
run ./stream -n 100000
run ./hpccg 16 16 16
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

assert_match '^lwk: running on v3vee \(hypercall console, TSC [0-9]+ kHz\)$'
check_stream 1
assert_match '^\./stream state: exited$'
assert_match '^\./stream exit_status: 0$'
assert_match '^\./stream npt_ram_4k: 0$'
assert_match '^\./stream exits\.vcpu0\.ioio: 0$'
calls=$(sed -n 's/^\.\/stream exits\.vcpu0\.vmmcall: //p' <<<"$OUT")
[ -n "$calls" ] && [ "$calls" -gt 10 ] ||
	fail "expected the LWK to print through hypercalls, vmmcall exits: '$calls'"

assert_match '^Check: PASSED'
assert_hpccg_converged && check_hpccg_flops hpccg "$iters"
assert_match '^\./hpccg state: exited$'
assert_match '^\./hpccg exit_status: 0$'
assert_match '^rmmod: ok$'
assert_status 0
finish
