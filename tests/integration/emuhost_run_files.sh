#!/bin/bash
# `v3ctl run` forwarding in the emulated host:
#  - fwd_calls (open, read, write, lseek, pread, pwrite, fstat, stat,
#    lstat, access, mkdir, rmdir, rename, readlink, getdents64, unlink,
#    ftruncate, fsync, chdir, getcwd, stdio) prints the same results and
#    errno names under v3ctl run as on Linux, in a directory of the same
#    shape; the files it leaves are the same;
#  - a 256 MB file written through forwarding has the checksum of the
#    same file written by Linux (control: a file one byte short does
#    not), and the two throughputs are printed side by side;
#  - stdin: `echo data | v3ctl run ... reader` gets data;
#  - an unprivileged user given /dev/v3vmm through a group: a forwarded
#    open of a root-only file fails with EACCES (as the user's own open
#    does; control: root's v3ctl run reads it), and a file written in the
#    user's cwd is the user's.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" \
	"$TESTS/run_status" "$TESTS/fwd_calls" "$TESTS/bigwrite" "$TESTS/fwd_rtt"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 4G --timeout 1500 \
	--add "$TESTS/run_status" --add "$TESTS/fwd_calls" \
	--add "$TESTS/bigwrite" --add "$TESTS/fwd_rtt" '
insmod v3vmm.ko || exit 1
V=/v3vee
name=$(./v3ctl create lwk.img --mem 1G --cores 2 2>/dev/null) || exit 1
mkdir -p /tmp/linux /tmp/vm
ln -s target /tmp/linux/link
ln -s target /tmp/vm/link
(cd /tmp/linux && $V/fwd_calls >/tmp/linux.out)
(cd /tmp/vm && $V/v3ctl run $name -- $V/fwd_calls >/tmp/vm.out); echo "fwd_calls status=$?"
sed "s/^/calls: /" /tmp/vm.out
if cmp -s /tmp/linux.out /tmp/vm.out; then echo "calls: same as linux"; else echo "calls: DIFFER"; diff /tmp/linux.out /tmp/vm.out; fi
echo "left linux: $(ls /tmp/linux | tr "\n" " ")"
echo "left vm: $(ls /tmp/vm | tr "\n" " ")"
# 256 MB through forwarding, and by Linux.
cd /tmp
$V/v3ctl run $name -- $V/bigwrite /tmp/vm.bin 256 | sed "s/^/vm: /"
$V/bigwrite /tmp/linux.bin 256 | sed "s/^/linux: /"
a=$(md5sum </tmp/vm.bin); b=$(md5sum </tmp/linux.bin)
echo "size vm: $(stat -c %s /tmp/vm.bin)"
[ "$a" = "$b" ] && echo "checksum: same" || echo "checksum: DIFFER"
head -c 268435455 /tmp/linux.bin | md5sum | { read c rest; [ "$c  -" = "$b" ] && echo "control: same" || echo "control: differs"; }
rm -f /tmp/vm.bin /tmp/linux.bin
# The cost of the notification scheme: a round trip, and the proxy's
# CPU time while the program computes (the module polls every ~1 ms).
echo x >/tmp/one
$V/v3ctl run $name -- $V/fwd_rtt /tmp/one 2000 | sed "s/^/vm: /"
$V/fwd_rtt /tmp/one 2000 | sed "s/^/linux: /"
$V/v3ctl run $name -- $V/run_status loop >/dev/null &
pid=$!
sleep 3
t0=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
sleep 10
t1=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
echo "poll cpu: $((t1 - t0)) ticks of 10 ms in 10 s"
kill -INT $pid
wait $pid
# stdin
echo data | $V/v3ctl run $name -- $V/run_status read | sed "s/^/stdin: /"
# An unprivileged user in group v3.
echo "alice:x:1000:1000::/home/alice:/bin/sh" >>/etc/passwd
echo "alice:x:1000:" >>/etc/group
echo "v3:x:500:alice" >>/etc/group
mkdir -p /home/alice && chown 1000:1000 /home/alice
chgrp v3 /dev/v3vmm && chmod 660 /dev/v3vmm
echo secret >/root/secret.txt && chmod 600 /root/secret.txt && chmod 755 /root
su -s /bin/sh alice -c "id -un; cd /home/alice && cat /root/secret.txt" 2>&1 | sed "s/^/alice direct: /"
su -s /bin/sh alice -c "cd /home/alice && $V/v3ctl run $name -- $V/run_status cat /root/secret.txt; echo status=\$?" 2>&1 | grep -E "^(open|status)" | sed "s/^/alice cat: /"
su -s /bin/sh alice -c "cd /home/alice && $V/v3ctl run $name -- $V/run_status write mine.txt; echo status=\$?" 2>&1 | grep -E "^(wrote|write|status)" | sed "s/^/alice write: /"
ls -ln /home/alice/mine.txt | awk "{print \"alice file: uid \" \$3 \" \" \$5 \" bytes\"}"
$V/v3ctl run $name -- $V/run_status cat /root/secret.txt | grep -E "^secret" | sed "s/^/root cat: /"
$V/v3ctl destroy $name >/dev/null 2>&1 && echo destroyed
' 2>&1) || STATUS=$?

assert_status 0
assert_match '^fwd_calls status=0$'
assert_match '^calls: open missing: ENOENT$'
assert_match '^calls: rmdir d \(not empty\): ENOTEMPTY$'
assert_match '^calls: read got: world$'
assert_match '^calls: fgets: line 42$'
assert_match '^calls: same as linux$'
assert_match '^left vm: link $'
assert_match '^vm: bigwrite 256 MB in '
assert_match '^linux: bigwrite 256 MB in '
assert_match '^size vm: 268435456$'
assert_match '^checksum: same$'
assert_match '^control: differs$'
assert_match '^stdin: data$'
assert_match '^vm: rtt 2000 calls: [0-9.]+ us/call$'
assert_match '^linux: rtt 2000 calls: [0-9.]+ us/call$'
assert_match '^poll cpu: [0-9]+ ticks of 10 ms in 10 s$'
assert_match '^alice direct: alice$'
assert_match '^alice direct: .*Permission denied'
assert_match '^alice cat: open /root/secret.txt: EACCES$'
assert_match '^alice cat: status=1$'
assert_match '^alice write: wrote mine.txt$'
assert_match '^alice write: status=0$'
assert_match '^alice file: uid 1000 8 bytes$'
assert_match '^root cat: secret$'
assert_match '^destroyed$'
vm=$(sed -n 's/^vm: bigwrite 256 MB in .*: \([0-9.]*\) MB\/s$/\1/p' <<<"$OUT")
linux=$(sed -n 's/^linux: bigwrite 256 MB in .*: \([0-9.]*\) MB\/s$/\1/p' <<<"$OUT")
echo "emuhost_run_files: 256 MB write: v3ctl run $vm MB/s, Linux $linux MB/s"
grep -E "^(vm|linux): rtt|^poll cpu" <<<"$OUT" | sed "s/^/emuhost_run_files: /"
finish
