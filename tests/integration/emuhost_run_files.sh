#!/bin/bash
# `v3ctl run` forwarding in the emulated host:
#  - fwd_calls (open, read, write, lseek, pread, pwrite, fstat, stat,
#    lstat, access, mkdir, rmdir, rename, readlink, getdents64, unlink,
#    ftruncate, fsync, chdir, getcwd, stdio) prints the same results and
#    errno names under v3ctl run as on Linux, in a directory of the same
#    shape; the files it leaves are the same;
#    (the 256 MB write and the costs: emuhost_run_bench);
#  - stdin: `echo data | v3ctl run ... reader` gets data; with stdin
#    closed, the program's read fails with EBADF;
#  - --cwd DIR: a relative file lands in DIR; --env-host passes the
#    caller's environment (control: without it the variable is unset);
#  - a forwarded open that lands on the host's procfs (//proc/self/...,
#    past the LWK's own /proc) is refused with EACCES;
#  - an unprivileged user given /dev/v3vmm through a group: v3ctl run on
#    root's VM is refused (its guest would act as the user: only a VM's
#    creator may hand it programs), and root's on the user's VM too; in
#    a VM of the user's own a forwarded open of a root-only file fails
#    with EACCES (as the user's own open does; control: root's v3ctl run
#    reads it in root's VM), and a file written in the user's cwd is the
#    user's.
# run-all-timeout: 500
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" \
	"$TESTS/run_status" "$TESTS/fwd_calls"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 4G --timeout 450 \
	--add "$TESTS/run_status" --add "$TESTS/fwd_calls" \ '
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
cd /tmp
# --cwd and --env-host (the control: the same variable without it).
mkdir -p /tmp/cwdtest
export RUN_TEST=fromhost
$V/v3ctl run $name --env-host --cwd /tmp/cwdtest -- $V/run_status write here.txt | grep -E "^(RUN_TEST|wrote)" | sed "s/^/cwd: /"
ls /tmp/cwdtest | sed "s/^/cwd file: /"
$V/v3ctl run $name -- $V/run_status | grep -E "^RUN_TEST" | sed "s/^/noenv: /"
unset RUN_TEST
# stdin
echo data | $V/v3ctl run $name -- $V/run_status read | sed "s/^/stdin: /"
# A stdin closed for v3ctl is closed for the program (the device file
# does not land on it).
{ $V/v3ctl run $name -- $V/run_status read <&-; echo "status=$?"; } | sed "s/^/closed stdin: /"
# The procfs of the host is never opened for a guest (it is the state of
# the proxy itself: /proc/self/mem); the control: cat on the host reads it.
$V/v3ctl run $name -- $V/run_status cat //proc/self/status | grep -E "^open" | sed "s/^/procfs: /"
cat //proc/self/status | grep -c "^Name:" | sed "s/^/procfs host: /"
# An unprivileged user in group v3.
echo "alice:x:1000:1000::/home/alice:/bin/sh" >>/etc/passwd
echo "alice:x:1000:" >>/etc/group
echo "v3:x:500:alice" >>/etc/group
mkdir -p /home/alice && chown 1000:1000 /home/alice
chgrp v3 /dev/v3vmm && chmod 660 /dev/v3vmm
echo secret >/root/secret.txt && chmod 600 /root/secret.txt && chmod 755 /root
su -s /bin/sh alice -c "id -un; cd /home/alice && cat /root/secret.txt" 2>&1 | sed "s/^/alice direct: /"
su -s /bin/sh alice -c "cd /home/alice && $V/v3ctl run $name -- $V/run_status; echo status=\$?" 2>&1 | sed "s/^/alice on root vm: /"
an=$(su -s /bin/sh alice -c "$V/v3ctl create $V/lwk.img --mem 256M --cores 1 --name alicevm 2>/dev/null")
echo "alice vm: $an"
su -s /bin/sh alice -c "cd /home/alice && $V/v3ctl run alicevm -- $V/run_status cat /root/secret.txt; echo status=\$?" 2>&1 | grep -E "^(open|status)" | sed "s/^/alice cat: /"
su -s /bin/sh alice -c "cd /home/alice && $V/v3ctl run alicevm -- $V/run_status write mine.txt; echo status=\$?" 2>&1 | grep -E "^(wrote|write|status)" | sed "s/^/alice write: /"
ls -ln /home/alice/mine.txt | awk "{print \"alice file: uid \" \$3 \" \" \$5 \" bytes\"}"
$V/v3ctl run alicevm -- $V/run_status 2>&1 | sed "s/^/root on alice vm: /"
$V/v3ctl run $name -- $V/run_status cat /root/secret.txt | grep -E "^secret" | sed "s/^/root cat: /"
$V/v3ctl destroy alicevm >/dev/null 2>&1 && echo "destroyed alicevm"
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
assert_match '^stdin: data$'
assert_match '^closed stdin: read: EBADF$'
assert_match '^closed stdin: status=2$'
assert_match '^cwd: RUN_TEST=fromhost$'
assert_match '^cwd: wrote here.txt$'
assert_match '^cwd file: here.txt$'
assert_match '^noenv: RUN_TEST=\(unset\)$'
assert_match '^alice direct: alice$'
assert_match '^alice direct: .*Permission denied'
assert_match '^alice cat: open /root/secret.txt: EACCES$'
assert_match '^alice cat: status=1$'
assert_match '^alice write: wrote mine.txt$'
assert_match '^alice write: status=0$'
assert_match '^alice file: uid 1000 8 bytes$'
assert_match '^procfs: open //proc/self/status: EACCES$'
assert_match '^procfs host: 1$'
assert_match '^alice on root vm: v3ctl: VM vm0 was created by another user: v3ctl run hands programs only to your own VMs'
assert_match '^alice on root vm: status=1$'
assert_match '^alice vm: alicevm$'
assert_match '^root on alice vm: v3ctl: VM alicevm was created by another user'
assert_match '^destroyed alicevm$'
assert_match '^root cat: secret$'
assert_match '^destroyed$'
finish
