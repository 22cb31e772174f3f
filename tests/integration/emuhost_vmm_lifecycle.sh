#!/bin/bash
# A VM's life in the emulated host, with the smallest Multiboot guest
# (tests/guests/mini.S: prints on COM1, exits 42 through port 0xf4):
#  - while it exists, its core is offline to Linux, its memory blocks are
#    gone and MemTotal dropped by --mem (less the struct pages Linux keeps
#    no more), /proc/iomem names v3vmm, the nested page table maps RAM with
#    no 4 KB page and uses a 1 GB page (4-5 GB is a whole movable GB);
#  - Linux cannot online that core while the VM owns it;
#  - v3ctl console shows its output, list and stats its exit status;
#  - after destroy the core runs a task again and Linux has the same CPUs
#    and memory blocks as before, and the same MemTotal but for one 4 KB
#    page per gigabyte: the direct-map page table Linux allocated at boot
#    (outside MemTotal) is freed into MemTotal when the memory is removed,
#    and its replacement at re-add is ordinary memory (Documentation/
#    vmm.md); rmmod works;
#  - 20 more create/destroy cycles, then 10 of a 3-core LWK VM (each
#    boots its 3 CPUs and runs a program), then one on --cpus 2,1 (those
#    CPUs, in that order), leave the same state and no
#    vmalloc area of the module behind; after rmmod, CPU hotplug still
#    works (smp_ops.play_dead is Linux's own again).
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$TESTS/guests/mini.img" "$BUILD/lwk.img" \
	"$TESTS/hello"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 3G --timeout 400 \
	--add "$TESTS/guests/mini.img" --add "$TESTS/hello" \
	--add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
vmalloc_v3() { grep -c "\[v3vmm\]" /proc/vmallocinfo; }
echo "before: $(snapshot)"
insmod v3vmm.ko || exit 1
echo "vmalloc before: $(vmalloc_v3)"
mt0=$(memtotal)
name=$(./v3ctl create mini.img --mem 1G --cores 1) || exit 1
echo "created: $name"
echo "cpu3 online: $(cpu_online 3)"
echo "memtotal drop: $((mt0 - $(memtotal)))"
echo "iomem v3vmm: $(grep -c "v3vmm guest RAM" /proc/iomem)"
# Linux may not start a core a VM owns (the INIT would wipe the VMM).
echo 1 2>/dev/null > /sys/devices/system/cpu/cpu3/online && echo "online cpu3 while owned: allowed"
echo "cpu3 online after the try: $(cpu_online 3)"
./v3ctl console "$name" -f
./v3ctl list
./v3ctl stats "$name" | grep -E "^(state|exit_status|npt_ram_1g|npt_ram_4k|mem_blocks|cores):"
./v3ctl destroy "$name" || exit 1
echo "after: $(snapshot)"
taskset -c 3 sh -c "echo task on cpu3: ok"
i=0
while [ $i -lt 20 ]; do
	n=$(./v3ctl create mini.img --mem 256M --cores 1 2>/dev/null) &&
		./v3ctl console "$n" -f >/dev/null &&
		./v3ctl destroy "$n" 2>/dev/null || { echo "cycle $i failed"; break; }
	i=$((i + 1))
done
echo "cycles: $i"
echo "after cycles: $(snapshot)"
i=0
while [ $i -lt 10 ]; do
	n=$(./v3ctl create lwk.img --mem 256M --cores 3 -- ./hello 2>/dev/null) || break
	console=$(./v3ctl console "$n" -f)
	./v3ctl destroy "$n" >/dev/null 2>&1 || break
	echo "$console" | grep -q "^lwk: 3 CPUs online$" &&
		echo "$console" | grep -q "^hello from hello$" || break
	i=$((i + 1))
done
echo "3-core cycles: $i"
# --cpus: these CPUs, vCPU 0 on the first listed.
n=$(./v3ctl create lwk.img --mem 256M --cpus 2,1 -- ./hello) || exit 1
echo "cpus 1 2 3 online: $(cpu_online 1) $(cpu_online 2) $(cpu_online 3)"
./v3ctl console "$n" -f | grep "CPUs online" | sed "s/^/cpus: /"
./v3ctl stats "$n" | grep -E "^cores:" | sed "s/^/cpus /"
./v3ctl destroy "$n" 2>&1 | sed "s/^/cpus: /"
echo "after 3-core cycles: $(snapshot)"
echo "vmalloc after: $(vmalloc_v3)"
rmmod v3vmm && echo "rmmod: ok"
# Unloading put smp_ops.play_dead back: CPU hotplug still works.
echo 0 > /sys/devices/system/cpu/cpu3/online && echo 1 > /sys/devices/system/cpu/cpu3/online &&
	echo "hotplug after rmmod: $(cpu_online 3)"
' 2>&1) || STATUS=$?

assert_match '^created: vm0$'
assert_match '^cpu3 online: 0$'
drop=$(sed -n 's/^memtotal drop: //p' <<<"$OUT")
# 1 GB less the struct pages (1/64) and the direct-map page table (4 kB)
# Linux frees with the blocks.
if [ -z "$drop" ] || [ "$drop" -lt $((1048576 * 63 / 64 - 4)) ] ||
	[ "$drop" -gt 1048576 ]; then
	fail "expected MemTotal to drop by 1 GB (less 1/64), dropped '$drop' kB"
fi
assert_match '^iomem v3vmm: 8$'
assert_not_contains 'online cpu3 while owned: allowed'
assert_match '^cpu3 online after the try: 0$'
assert_match '^mini guest: hello on COM1$'
assert_match '^vm0 +exited\(42\) +1024 MB +1 '
assert_match '^state: exited$'
assert_match '^exit_status: 42$'
assert_match '^npt_ram_4k: 0$'
assert_match '^npt_ram_1g: 1$'
assert_match '^cores: 3$'
before=$(sed -n 's/^before: //p' <<<"$OUT")
after=$(sed -n 's/^after: //p' <<<"$OUT")
after_cycles=$(sed -n 's/^after cycles: //p' <<<"$OUT")
[ -n "$before" ] && [ "$(without_memtotal "$before")" = "$(without_memtotal "$after")" ] ||
	fail "CPUs or memory blocks differ after destroy: before '$before' after '$after'"
mt_before=$(memtotal_of "$before")
mt_after=$(memtotal_of "$after")
if [ -z "$mt_before" ] || [ -z "$mt_after" ] || [ "$mt_after" -lt "$mt_before" ] ||
	[ "$mt_after" -gt $((mt_before + 4)) ]; then
	fail "MemTotal after destroy: expected $mt_before kB (+ at most 4), got '$mt_after'"
fi
[ "$after" = "$after_cycles" ] ||
	fail "host state changed over 20 cycles: after the first '$after', after 20 more '$after_cycles'"
after_smp=$(sed -n 's/^after 3-core cycles: //p' <<<"$OUT")
[ "$after" = "$after_smp" ] ||
	fail "host state changed over 10 3-core cycles and a --cpus VM: '$after', then '$after_smp'"
assert_match '^3-core cycles: 10$'
assert_match '^cpus 1 2 3 online: 0 0 1$'
assert_match '^cpus: lwk: 2 CPUs online$'
assert_match '^cpus cores: 2 1$'
assert_match '^cpus: v3ctl: vm[0-9]+ destroyed: 256 MB and CPUs 2,1 returned to Linux$'
assert_match '^task on cpu3: ok$'
assert_match '^cycles: 20$'
assert_match '^vmalloc before: 0$'
assert_match '^vmalloc after: 0$'
assert_match '^rmmod: ok$'
assert_match '^hotplug after rmmod: 1$'
assert_status 0
finish
