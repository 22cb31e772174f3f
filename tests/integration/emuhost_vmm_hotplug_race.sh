#!/bin/bash
# Linux's own CPU hotplug racing the takeover, in the emulated host (4
# CPUs): a shell offlines and onlines CPU 3 through sysfs in a loop while
# 30 one-core VMs (the mini guest) are created, run and destroyed. A
# sysfs offline can land between v3vmm claiming CPU 3 and offlining it;
# the core then dies on the VMM's IDT and is taken all the same (dmesg
# says so; how often varies from run to run), or was already Linux's and
# create fails with a message. Checked: every create either ran its guest
# to the end or failed with a v3ctl message; the kernel logged no oops or
# warning; afterwards Linux has the same CPUs, memory blocks and MemTotal
# as before, and rmmod works.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TESTS/guests/mini.img"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 400 \
	--add "$TESTS/guests/mini.img" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
echo "before: $(snapshot)"
insmod v3vmm.ko || exit 1
cpu3=/sys/devices/system/cpu/cpu3/online
(while [ ! -e /tmp/stop ]; do
	echo 0 >$cpu3 2>/dev/null
	echo 1 >$cpu3 2>/dev/null
done) &
i=0
while [ $i -lt 30 ]; do
	if n=$(./v3ctl create mini.img --mem 128M --cores 1 2>/tmp/err); then
		./v3ctl console "$n" -f | sed "s/^/run $i: /"
		./v3ctl destroy "$n" 2>/dev/null && echo "destroyed $i"
	else
		echo "refused $i: $(grep "^v3ctl: " /tmp/err | grep -v "taking memory" | head -n 1)"
	fi
	i=$((i + 1))
done
touch /tmp/stop
wait
echo 1 >$cpu3 2>/dev/null
echo "after: $(snapshot)"
rmmod v3vmm && echo "rmmod: ok"
echo "taken while offlined by sysfs: $(dmesg | grep -c "offlined by someone else meanwhile")"
echo "kernel complaints: $(dmesg | grep -c -E "BUG|Oops|WARNING|general protection|Call Trace")"
' 2>&1) || STATUS=$?

assert_status 0
ran=$(grep -c '^run [0-9]*: mini guest: hello on COM1$' <<<"$OUT")
destroyed=$(grep -c '^destroyed [0-9]*$' <<<"$OUT")
refused=$(grep -c '^refused [0-9]*: v3ctl: ' <<<"$OUT")
[ "$ran" = "$destroyed" ] && [ $((ran + refused)) -eq 30 ] ||
	fail "expected 30 VMs, each run and destroyed or refused with a message: ran $ran, destroyed $destroyed, refused $refused"
[ "$ran" -gt 0 ] || fail "expected some VMs to run, none did"
assert_host_restored
assert_match '^taken while offlined by sysfs: [0-9]+$'
assert_match '^kernel complaints: 0$'
assert_match '^rmmod: ok$'
finish
