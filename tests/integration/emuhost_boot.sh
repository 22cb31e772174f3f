#!/bin/bash
# The emulated host (images/emuhost/emuhost) boots with 2 CPUs and 2 GB,
# runs the given commands as root in the directory holding the --add
# files, prints their output and exits with their status; a memory block
# in ZONE_MOVABLE can be offlined (MemTotal drops by one block) and
# onlined again, and CPU 1 can be unplugged and plugged back. One boot.
# Then a host that panics while booting (no init) is booted exactly once
# more and ends with status 125; the good boot above was not retried.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

EMUHOST=$ROOT/images/emuhost/emuhost
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
token="added-$$-$RANDOM"
echo "$token" >"$work/added.txt"

# The commands end with `exit 7`, which must come back as our status.
read -r -d '' cmds <<'EOF'
echo "hello from the emulated host"
echo "pwd=$(pwd)"
echo "uid=$(id -u)"
echo "added=$(cat added.txt)"
echo "nproc=$(nproc)"

mem() { awk '/^MemTotal:/ { print $2 }' /proc/meminfo; }
echo "block_kb=$(($(printf %d 0x$(cat /sys/devices/system/memory/block_size_bytes)) / 1024))"
echo "mem_before=$(mem)"
# Offlining can fail with EBUSY for a moment (pages on their way to an
# LRU list look unmovable); the VMM retries too.
for m in /sys/devices/system/memory/memory*; do
	[ "$(cat $m/valid_zones)" = Movable ] || continue
	for try in 1 2 3 4 5; do
		echo offline >$m/state 2>/dev/null && break
		sleep 0.2
	done
	[ "$(cat $m/state)" = offline ] || continue
	echo "offlined=$(basename $m)"
	echo "mem_offline=$(mem)"
	echo online_movable >$m/state && echo "onlined=$(basename $m)"
	echo "zone_after=$(cat $m/valid_zones) state_after=$(cat $m/state)"
	break
done
echo "mem_after=$(mem)"

echo 0 >/sys/devices/system/cpu/cpu1/online && echo "cpu1 offline"
echo "nproc_off=$(nproc) online_off=$(cat /sys/devices/system/cpu/online)"
echo 1 >/sys/devices/system/cpu/cpu1/online && echo "cpu1 online"
echo "nproc_on=$(nproc) online_on=$(cat /sys/devices/system/cpu/online)"
echo "last line"
exit 7
EOF

STATUS=0
OUT=$("$EMUHOST" --smp 2 --mem 2G --timeout 120 --add "$work/added.txt" \
	"$cmds" 2>"$work/stderr") || STATUS=$?
if [ "$STATUS" -ge 124 ]; then
	fail "emuhost failed (status $STATUS): $(cat "$work/stderr")"
	finish
fi

assert_status 7
assert_match '^hello from the emulated host$'
assert_match '^pwd=/v3vee$'
assert_match '^uid=0$'
assert_match "^added=$token\$"
assert_match '^nproc=2$'
assert_match '^last line$'
# Only the commands' output: no kernel messages, no QEMU warnings.
assert_not_contains 'emuhost: status'
assert_not_contains 'qemu-system'
assert_count 0 '^\[ *[0-9]+\.[0-9]+\] '

value() {
	sed -n "s/^$1=//p" <<<"$OUT" | head -n 1
}
block_kb=$(value block_kb)
before=$(value mem_before)
offline=$(value mem_offline)
after=$(value mem_after)
assert_match '^offlined=memory[0-9]+$'
assert_match '^onlined=memory[0-9]+$'
assert_match '^zone_after=Movable state_after=online$'
if [ -z "$block_kb" ] || [ -z "$before" ] || [ -z "$offline" ] ||
	[ -z "$after" ]; then
	fail "no memory figures"
else
	[ $((before - offline)) -eq "$block_kb" ] ||
		fail "MemTotal dropped by $((before - offline)) kB, not one block ($block_kb kB)"
	[ "$after" -eq "$before" ] ||
		fail "MemTotal is $after kB after onlining, $before kB before"
fi

assert_match '^cpu1 offline$'
assert_match '^nproc_off=1 online_off=0$'
assert_match '^cpu1 online$'
assert_match '^nproc_on=2 online_on=0-1$'
grep -q 'booting it again' "$work/stderr" &&
	fail "the good boot was retried: $(cat "$work/stderr")"

STATUS=0
OUT=$("$EMUHOST" --smp 1 --mem 512M --timeout 120 \
	--append "rdinit=/nonexistent init=/nonexistent" 'echo never' \
	2>"$work/stderr") || STATUS=$?
assert_status 125
assert_not_contains never
retries=$(grep -c 'the host panicked while booting, before the commands ran; booting it again' "$work/stderr")
[ "$retries" -eq 1 ] || fail "a host panicking at boot was booted again $retries times, not once"
finish
