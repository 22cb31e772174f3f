#!/bin/bash
# OS noise, host Linux against the LWK in a VM, in the emulated host (4
# CPUs): selfish-detour with 3 threads for one second, first on the host's
# Linux (CPUs 0-2, with its ticks and daemons), then in the LWK in a VM on
# 3 cores taken from that Linux. Prints the figures side by side (detours
# per second and time lost, per thread), with the VM's exits during the
# run and the LWK's timer interrupts.
#
# Checked: every summary agrees with itself (bench_checks.sh), the VM's
# cores took no timer interrupt, and the VM's figures come with its exit
# counts. Which side is quieter is printed, not asserted: under TCG the
# emulator itself makes detours (Documentation/bench.md).
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/selfish"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 3G --timeout 400 '
echo "== linux"
./selfish -d 1 -t 3 --threshold 1000 || exit 1
insmod v3vmm.ko || exit 1
name=$(./v3ctl create lwk.img --mem 1G --cores 3 -- ./selfish -d 1 -t 3 --threshold 1000) || exit 1
echo "== vm"
./v3ctl console "$name" -f
./v3ctl stats "$name" | grep -E "^(state|run_exits|guest_timer_irqs)" | sed "s|^|vm |"
./v3ctl destroy "$name" >/dev/null || exit 1
' 2>&1) || STATUS=$?
assert_status 0

linux=$(sed -n '/^== linux$/,/^== vm$/p' <<<"$OUT")
vm=$(sed -n '/^== vm$/,$p' <<<"$OUT")
assert_match '^vm state: exited$'
assert_count 3 '^vm guest_timer_irqs\.vcpu[0-2]: 0$'
assert_count 3 '^vm run_exits\.vcpu[0-2]: [0-9]+$'
[ "$failures" -eq 0 ] || finish

echo "selfish-detour, 3 threads x 1 s, threshold 1000 cycles (emulated host, TCG):"
printf '  %-8s %-10s %14s %12s\n' where thread detours/s "% lost"
for side in linux vm; do
	text=$linux
	[ $side = vm ] && text=$vm
	for t in 0 1 2; do
		sum=$(sed -n "/^Thread $t /,/Max detour/p" <<<"$text")
		[ -n "$sum" ] || { fail "$side: no summary for thread $t"; continue; }
		check_summary "$sum" 1 >/dev/null
		printf '  %-8s %-10s %14s %12s\n' "$side" "$t" \
			"$(field 'Detours\/s' "$sum")" "$(field 'Time lost' "$sum")"
	done
done
echo "  VM exits during the run: $(sed -n 's/^vm run_exits\.vcpu\([0-2]\): /vcpu\1=/p' <<<"$OUT" | tr '\n' ' ')"
finish
