#!/bin/bash
# v3vmm.ko takes memory blocks from Linux and gives them back (issue 5,
# work in progress): in the emulated host, insmod creates /dev/v3vmm; a VM
# takes 3 blocks of 128 MB (MemTotal drops by 384 MB less the blocks'
# struct-page array, which Linux frees with them: 384 MB * 63/64; the
# blocks are claimed as "v3vmm guest RAM" in /proc/iomem); closing the device
# gives them back (the same memory blocks are online again as before);
# a bad VM name is refused; rmmod works.
#
# The host boots with nogbpages: on Debian's 6.1 kernel, removing a single
# 128 MB block from memory the kernel maps with 1 GB pages oopses in
# remove_pagetable() (Documentation/vmm-plan.md). Whole 1 GB-aligned
# gigabytes are removed cleanly; taking memory in gigabytes is next.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko"
need "$TESTS/v3_memtake"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 2 --mem 2G --timeout 240 \
	--append nogbpages --add "$TESTS/v3_memtake" '
online_blocks() {
	for b in /sys/devices/system/memory/memory*; do
		[ "$(cat $b/state)" = online ] && echo ${b##*/}
	done | sort | tr "\n" " "
}
memtotal() { awk "/^MemTotal/ {print \$2}" /proc/meminfo; }
echo "before: $(memtotal) kB; online: $(online_blocks)"
insmod v3vmm.ko || exit 1
[ -c /dev/v3vmm ] && echo "device: ok"
./v3_memtake vm0 3 "echo during: \$(awk \"/^MemTotal/ {print \\\$2}\" /proc/meminfo) kB; grep -c \"v3vmm guest RAM\" /proc/iomem | sed \"s/^/claimed: /\""
echo "after: $(memtotal) kB; online: $(online_blocks)"
./v3_memtake "bad name" 0
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

before=$(sed -n 's/^before: \([0-9]*\) kB.*/\1/p' <<<"$OUT")
during=$(sed -n 's/^during: \([0-9]*\) kB.*/\1/p' <<<"$OUT")
online_before=$(sed -n 's/^before: .*online: //p' <<<"$OUT")
online_after=$(sed -n 's/^after: .*online: //p' <<<"$OUT")
assert_match '^device: ok$'
assert_count 3 '^block [0-2]: 0x[0-9a-f]+ \+128 MB'
assert_match '^vm vm0: 3 blocks, 384 MB$'
assert_match '^claimed: 3$'
if [ -z "$before" ] || [ -z "$during" ] ||
	[ $((before - during)) -ne 387072 ]; then
	fail "expected MemTotal to drop by 387072 kB, before='$before' during='$during'"
fi
if [ -z "$online_before" ] || [ "$online_before" != "$online_after" ]; then
	fail "expected the same online memory blocks after, before='$online_before' after='$online_after'"
fi
assert_match '^CREATE bad name: Invalid argument$'
assert_match '^rmmod: ok$'
assert_status 0
finish
