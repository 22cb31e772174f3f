#!/bin/bash
# Linux's default 1 GB direct map (the emulated host boots without
# nogbpages, as a real node does). Linux 6.1 oopses when one block of a
# gigabyte it maps with a 1 GB page is removed alone, so v3vmm.ko removes
# such a gigabyte whole (Documentation/vmm.md, Memory):
#  - the control: the host does map its movable RAM with 1 GB pages
#    (DirectMap1G of 3 GB or more), or nothing below would be tested;
#  - a 128 MB VM takes a whole 1 GB-mapped gigabyte (DirectMap1G drops by
#    1 GB) but holds one block while it runs: the other seven are back
#    online before it starts (MemTotal drops by about 128 MB, not 1 GB);
#  - `--mem 2G` gets two whole 1 GB-aligned gigabytes (npt_ram_1g: 2, no
#    2 MB or 4 KB RAM page), one of them removed in one piece (DirectMap1G
#    drops by 1 GB more), 16 blocks claimed in /proc/iomem;
#  - destroy restores CPUs, memory blocks and MemTotal; 10 more cycles of
#    2 GB leave the same state; dmesg has no oops, BUG or WARNING;
#  - a 1 GB page over a gigabyte Linux still partly uses is split, and
#    every other block of it can be taken (3840 MB of 3968 MB online and
#    movable; the top block holds boot-time allocations); one block more
#    is refused with how much the host can give now, and changes nothing.
# The module from before this change refused the same create (EOPNOTSUPP,
# "boot the host with nogbpages").
# run-all-timeout: 600
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TESTS/guests/mini.img"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 2 --mem 5G --timeout 500 \
	--add "$TESTS/guests/mini.img" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
dm1g() { awk "/^DirectMap1G/ {print \$2}" /proc/meminfo; }
npt() { ./v3ctl stats "$1" | grep -E "^(npt_ram_1g|npt_ram_2m|npt_ram_4k|mem_blocks):"; }
echo "before: $(snapshot)"
g0=$(dm1g)
echo "directmap1g before: $g0"
# Only what comes after (the boot log has an SRSO "WARNING:" of its own).
dmesg -c >/dev/null
insmod v3vmm.ko || exit 1
mt0=$(memtotal)
n=$(./v3ctl create mini.img --mem 128M --cores 1) || exit 1
./v3ctl console "$n" -f >/dev/null
echo "small: directmap1g drop: $((g0 - $(dm1g)))"
echo "small: memtotal drop: $((mt0 - $(memtotal)))"
npt "$n" | sed "s/^/small: /"
./v3ctl destroy "$n" >/dev/null || exit 1
echo "after small: $(snapshot)"
g1=$(dm1g)
n=$(./v3ctl create mini.img --mem 2G --cores 1) || exit 1
./v3ctl console "$n" -f >/dev/null
echo "big: directmap1g drop: $((g1 - $(dm1g)))"
echo "big: iomem v3vmm: $(grep -c "v3vmm guest RAM" /proc/iomem)"
npt "$n" | sed "s/^/big: /"
./v3ctl destroy "$n" >/dev/null || exit 1
i=0
while [ $i -lt 10 ]; do
	n=$(./v3ctl create mini.img --mem 2G --cores 1 2>/dev/null) &&
		[ "$(npt "$n" | grep -c "^npt_ram_1g: 2$")" = 1 ] &&
		./v3ctl destroy "$n" >/dev/null 2>&1 || { echo "cycle $i failed"; break; }
	i=$((i + 1))
done
echo "cycles: $i"
echo "after: $(snapshot)"
# 4-5 GB is still under its 1 GB page, 7-8 GB too, and Linux holds part
# of each: one block of 4-5 GB is offlined here by hand, and the top
# block of RAM holds boot-time allocations (even in ZONE_MOVABLE). Their
# 1 GB pages are split, and every other block of them is taken.
echo offline > /sys/devices/system/memory/memory32/state
s1=$(snapshot)
g2=$(dm1g)
n=$(./v3ctl create mini.img --mem 3840M --cores 1) || exit 1
echo "partial: mem_blocks $(npt "$n" | sed -n "s/^mem_blocks: //p"), directmap1g drop $((g2 - $(dm1g)))"
./v3ctl destroy "$n" >/dev/null || exit 1
[ "$(snapshot)" = "$s1" ] && echo "partial: restored"
# One block more than that is refused with what can be had, and changes
# nothing.
./v3ctl create mini.img --mem 3968M --cores 1 2>&1 | grep -v "taking memory" | sed "s/^/refused: /"
[ "$(snapshot)" = "$s1" ] && echo "refused: unchanged"
echo online_movable > /sys/devices/system/memory/memory32/state
echo "kernel complaints: $(dmesg | grep -cE "Oops|BUG|WARNING|Call Trace")"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

assert_status 0
g0=$(sed -n 's/^directmap1g before: //p' <<<"$OUT")
[ -n "$g0" ] && [ "$g0" -ge $((3 * 1048576)) ] ||
	fail "the host does not map 3 GB or more with 1 GB pages (DirectMap1G '$g0' kB): the test would prove nothing"
assert_match '^small: directmap1g drop: 1048576$'
drop=$(sed -n 's/^small: memtotal drop: //p' <<<"$OUT")
# One 128 MB block less the struct pages Linux frees with it, give or
# take the spares' struct pages, which now live on the spares themselves.
[ -n "$drop" ] && [ "$drop" -ge $((120 * 1024)) ] && [ "$drop" -le $((131072 + 4)) ] ||
	fail "expected MemTotal to drop by about 128 MB while the small VM runs, dropped '$drop' kB"
assert_match '^small: mem_blocks: 1$'
assert_match '^small: npt_ram_4k: 0$'
assert_match '^big: directmap1g drop: 1048576$'
assert_match '^big: iomem v3vmm: 16$'
assert_match '^big: mem_blocks: 16$'
assert_match '^big: npt_ram_1g: 2$'
assert_match '^big: npt_ram_2m: 0$'
assert_match '^big: npt_ram_4k: 0$'
assert_match '^cycles: 10$'
assert_match '^partial: mem_blocks 30, directmap1g drop 2097152$'
assert_match '^partial: restored$'
assert_match '^refused: v3ctl: cannot take memory after 3840 MB of 3968 MB: No space left on device \(all of it was given back\)$'
assert_match '^refused: v3ctl: this host can give 3840 MB now \(--mem 3840M\)$'
assert_match '^refused: unchanged$'
assert_match '^kernel complaints: 0$'
assert_match '^rmmod: ok$'
# After the small VM, and after everything.
OUT_ALL=$OUT
OUT=$(sed -n 's/^after small: /after: /p; s/^before: /before: /p' <<<"$OUT_ALL")
assert_host_restored
OUT=$OUT_ALL
assert_host_restored
finish
