#!/bin/bash
# `v3ctl run` throughput and costs in the emulated host:
#  - a 256 MB file written through forwarding (1 MB writes) has the
#    checksum of the same file written by Linux (control: a file one byte
#    short does not); the two throughputs are printed side by side
#    (Documentation/run.md records them; the goal is at least half);
#  - the round trip of a small forwarded call (a 1-byte pread), next to
#    the same call on Linux;
#  - the CPU time the proxy (v3ctl run, in the module's polling wait)
#    uses while the program computes for 5 s.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" \
	"$TESTS/run_status" "$TESTS/bigwrite" "$TESTS/fwd_rtt"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 4G --timeout 280 \
	--add "$TESTS/run_status" --add "$TESTS/bigwrite" \
	--add "$TESTS/fwd_rtt" '
insmod v3vmm.ko || exit 1
V=/v3vee
name=$(./v3ctl create lwk.img --mem 1G --cores 2 2>/dev/null) || exit 1
cd /tmp
# 256 MB through forwarding, and by Linux.
t=$(date +%s)
$V/v3ctl run $name -- $V/bigwrite /tmp/vm.bin 256 | sed "s/^/vm: /"
$V/bigwrite /tmp/linux.bin 256 | sed "s/^/linux: /"
echo "writes took $(($(date +%s) - t)) s"
a=$(md5sum </tmp/vm.bin); b=$(md5sum </tmp/linux.bin)
echo "size vm: $(stat -c %s /tmp/vm.bin)"
[ "$a" = "$b" ] && echo "checksum: same" || echo "checksum: DIFFER"
# The control: one byte less, and the comparison sees it.
truncate -s 268435455 /tmp/vm.bin
c=$(md5sum </tmp/vm.bin)
[ "$c" = "$b" ] && echo "control: same" || echo "control: differs"
rm -f /tmp/vm.bin /tmp/linux.bin
echo "checksums took $(($(date +%s) - t)) s"
# The cost of the notification scheme: a round trip, and the CPU time
# of the proxy while the program computes (the module polls every ~1 ms).
echo x >/tmp/one
$V/v3ctl run $name -- $V/fwd_rtt /tmp/one 300 | sed "s/^/vm: /"
$V/fwd_rtt /tmp/one 300 | sed "s/^/linux: /"
$V/v3ctl run $name -- $V/run_status loop >/dev/null &
pid=$!
sleep 3
t0=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
sleep 5
t1=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
echo "poll cpu: $((t1 - t0)) ticks of 10 ms in 5 s"
kill -INT $pid
wait $pid
$V/v3ctl destroy $name >/dev/null 2>&1 && echo destroyed
' 2>&1) || STATUS=$?

assert_status 0
assert_match '^vm: bigwrite 256 MB in '
assert_match '^linux: bigwrite 256 MB in '
assert_match '^size vm: 268435456$'
assert_match '^checksum: same$'
assert_match '^control: differs$'
assert_match '^vm: rtt 300 calls: [0-9.]+ us/call$'
assert_match '^linux: rtt 300 calls: [0-9.]+ us/call$'
assert_match '^poll cpu: [0-9]+ ticks of 10 ms in 5 s$'
assert_match '^destroyed$'
vm=$(sed -n 's/^vm: bigwrite 256 MB in .*: \([0-9.]*\) MB\/s$/\1/p' <<<"$OUT")
linux=$(sed -n 's/^linux: bigwrite 256 MB in .*: \([0-9.]*\) MB\/s$/\1/p' <<<"$OUT")
echo "emuhost_run_bench: 256 MB write: v3ctl run $vm MB/s, Linux $linux MB/s"
grep -E "^(vm|linux): rtt|^poll cpu" <<<"$OUT" | sed "s/^/emuhost_run_bench: /"
finish
