#!/bin/bash
# A building ioctl whose answer cannot be copied back changes nothing
# (issue 17, finding 8). tests/host/v3_efault passes CREATE, ADD_MEMORY
# or ADD_CORE an argument in a read-only page: the module reads it, does
# the work, then cannot write the answer. It must return EFAULT having
# given back what it took, checked while the program still holds its
# file open: after CREATE no VM named efault is listed; after ADD_MEMORY
# no v3vmm memory is in /proc/iomem and the memory blocks and MemTotal
# are as before; after ADD_CORE the CPUs online are as before (and the
# one block ADD_MEMORY took is still the VM's).
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TESTS/host/v3_efault"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 3 --mem 2G --timeout 300 \
	--add "$TESTS/host/v3_efault" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
insmod v3vmm.ko || exit 1
before=$(snapshot)
echo "cpus before: $(cat /sys/devices/system/cpu/online)"
for mode in create memory core; do
	mkfifo /tmp/go
	./v3_efault $mode </tmp/go >/tmp/out &
	exec 3>/tmp/go
	i=0
	until grep -q "read-only page" /tmp/out || [ $i -ge 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat /tmp/out
	echo "$mode: listed: $(./v3ctl list 2>/dev/null | grep -c "^efault ")"
	echo "$mode: iomem v3vmm: $(grep -c "v3vmm guest RAM" /proc/iomem)"
	[ "$(snapshot)" = "$before" ] && echo "$mode: host state: as before" ||
		echo "$mode: host state: $(snapshot), before $before"
	echo "$mode: cpus: $(cat /sys/devices/system/cpu/online)"
	exec 3>&-
	wait
	rm /tmp/go
done
echo "after: $(snapshot)"
[ "$(snapshot)" = "$before" ] && echo "after all: as before"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

assert_status 0
assert_match '^create from a read-only page: Bad address$'
assert_match '^add memory from a read-only page: Bad address$'
assert_match '^add core from a read-only page: Bad address$'
assert_match '^add memory: ok$'
assert_match '^create: listed: 0$'
assert_match '^create: host state: as before$'
assert_match '^memory: iomem v3vmm: 0$'
assert_match '^memory: host state: as before$'
assert_match '^core: iomem v3vmm: 1$'
cpus=$(sed -n 's/^cpus before: //p' <<<"$OUT")
[ -n "$cpus" ] && grep -qx "core: cpus: $cpus" <<<"$OUT" ||
	fail "after ADD_CORE failed, the CPUs online differ from '$cpus'"
assert_match '^after all: as before$'
assert_match '^rmmod: ok$'
finish
