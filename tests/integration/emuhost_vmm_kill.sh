#!/bin/bash
# A killed `v3ctl create` leaves the host as it was, without any
# `v3ctl destroy` (issue 17, finding 3). v3ctl create is killed with
# SIGKILL after its first memory block, after its core, and after
# loading (V3CTL_TEST_PAUSE, a test-only knob that makes create stop
# there), and once at whatever point one second into taking 1 GB; each
# time the module gives everything back as the file is closed. Checked
# after each kill: the same CPUs online, the same memory blocks online
# and in ZONE_MOVABLE, the same MemTotal (but for the 4 kB page-table
# page Linux may free into it: emuhost_vmm_lifecycle), no VM left, no
# kernel complaint. Run on two emulated hosts: one that leaves memory
# given back offline (memhp_default_state=offline: with the old module
# every block of a killed create stayed offline and MemTotal dropped),
# and one that onlines it into the default zone (memhp_default_state=
# online: the module must leave the blocks movable; on this Debian 6.1
# they came back movable with the old module too, so that half checks
# the module's zone check without having shown a failure).
#
# Then `v3ctl destroy` of a running 1 GB VM is killed 0.2 s in, once
# with SIGTERM and once with SIGKILL: VM_DESTROY runs on (stopping the
# core, add_cpu(), zeroing and re-adding each block), and every block
# must come back online and movable although the task asking for it is
# dying. The module used to start a kernel thread per block range from
# the caller's task to online it; kthread_run() from a task with a fatal
# signal pending fails with -EINTR at once: with that module, on the
# offline host the remaining blocks stayed offline (MemTotal 774 MB and
# 903 MB lower), and on the online host they came back in ZONE_NORMAL,
# not movable; both signals, both hosts.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TESTS/guests/mini.img"
STATUS=0
ALL=""
for policy in offline online; do
	OUT=$("$ROOT/images/emuhost/emuhost" --smp 3 --mem 3G --timeout 300 \
		--append "memhp_default_state=$policy" \
		--add "$TESTS/guests/mini.img" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
insmod v3vmm.ko || exit 1
echo "auto online: $(cat /sys/devices/system/memory/auto_online_blocks)"
state() { echo "$(snapshot) movable=$(movable_blocks)"; }
kill_at() { # STEP [MEM]
	before=$(state)
	rm -f /tmp/err
	if [ "$1" = timed ]; then
		./v3ctl create mini.img --mem 1G --cores 1 >/dev/null 2>/tmp/err &
		pid=$!
		sleep 1
	else
		V3CTL_TEST_PAUSE=$1 ./v3ctl create mini.img --mem 512M --cores 1 \
			>/dev/null 2>/tmp/err &
		pid=$!
		i=0
		until grep -q "test pause after $1" /tmp/err 2>/dev/null || [ $i -ge 600 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		grep -q "test pause after $1" /tmp/err && echo "$1: paused"
	fi
	kill -9 $pid
	wait $pid 2>/dev/null
	after=$(state)
	echo "$1: before: $before"
	echo "$1: after: $after"
	echo "$1: vms: $(./v3ctl list 2>/dev/null | grep -c "^vm")"
}
kill_destroy() { # SIGNAL
	before=$(state)
	name=$(./v3ctl create mini.img --mem 1G --cores 1 2>/dev/null)
	./v3ctl destroy "$name" >/dev/null 2>&1 &
	pid=$!
	sleep 0.2
	kill -"$1" $pid
	wait $pid 2>/dev/null
	after=$(state)
	echo "destroy-$1: created: $name"
	echo "destroy-$1: before: $before"
	echo "destroy-$1: after: $after"
	echo "destroy-$1: vms: $(./v3ctl list 2>/dev/null | grep -c "^vm")"
}
kill_at memory
kill_at core
kill_at load
kill_at timed
kill_destroy TERM
kill_destroy KILL
echo "onlining complaints: $(dmesg | grep -c "v3vmm: cannot")"
echo "kernel complaints: $(dmesg | grep -c -E "BUG:|Oops|WARNING: CPU|general protection|Call Trace|rcu.*stall")"
dmesg | grep "v3vmm: cannot online" | head -n 3
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?
	ALL="$ALL$(sed "s/^/$policy: /" <<<"$OUT")
"
	assert_status 0
	assert_match "^auto online: $policy$"
	for step in memory core load; do
		assert_match "^$step: paused$"
	done
	for step in memory core load timed destroy-TERM destroy-KILL; do
		before=$(sed -n "s/^$step: before: //p" <<<"$OUT")
		after=$(sed -n "s/^$step: after: //p" <<<"$OUT")
		if [ -z "$before" ] || [ "$(without_memtotal "$before")" != "$(without_memtotal "$after")" ]; then
			fail "$policy, killed at $step: CPUs, online or movable blocks differ: before '$before' after '$after'"
		fi
		gain=$(($(memtotal_of "$after") - $(memtotal_of "$before")))
		[ "$gain" -ge 0 ] && [ "$gain" -le 4 ] ||
			fail "$policy, killed at $step: MemTotal changed by $gain kB"
		assert_match "^$step: vms: 0$"
	done
	assert_match '^destroy-TERM: created: vm[0-9]+$'
	assert_match '^destroy-KILL: created: vm[0-9]+$'
	assert_match '^onlining complaints: 0$'
	assert_match '^kernel complaints: 0$'
	assert_match '^rmmod: ok$'
done
OUT=$ALL
finish
