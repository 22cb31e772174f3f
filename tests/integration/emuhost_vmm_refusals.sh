#!/bin/bash
# What v3ctl and v3vmm.ko refuse, and guests that fail, in the emulated
# host (4 CPUs, 2 GB of which 1 GB movable). Each bad input gets its own
# message and a non-zero exit, and Linux keeps exactly the CPUs, memory
# blocks and MemTotal it had (snapshots compared). Guests that fail
# (a triple fault in the LWK; in the mini guest a denied I/O port, and a
# denied MSR: #GP, which with no IDT becomes a triple fault) are
# reported failed with their registers; the host runs on, and destroy
# gives everything back.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$TESTS/guests/mini.img"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 400 \
	--add "$TESTS/guests/mini.img" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
s0=$(snapshot)
# try LABEL COMMAND...: runs a v3ctl command that must fail and change
# nothing; prints its message, exit status and whether the host changed.
try() {
	label=$1
	shift
	msg=$("$@" 2>&1)
	rc=$?
	echo "$label: rc=$rc $(echo "$msg" | grep "^v3ctl: " | grep -v "taking memory" | head -n 1)"
	[ "$(snapshot)" = "$s0" ] && echo "$label: unchanged" || echo "$label: CHANGED: $(snapshot)"
}
try nomodule ./v3ctl create mini.img --mem 128M --cores 1
insmod v3vmm.ko || exit 1
head -c 4000 lwk.img > truncated.img
try toobig ./v3ctl create mini.img --mem 8G --cores 1
try notmultiple ./v3ctl create mini.img --mem 1000M --cores 1
try cores0 ./v3ctl create mini.img --mem 128M --cores 0
try cores4 ./v3ctl create mini.img --mem 128M --cores 4
try cores9 ./v3ctl create mini.img --mem 128M --cores 9
try cpus0 ./v3ctl create mini.img --mem 128M --cpus 0
try cpusoffline ./v3ctl create mini.img --mem 128M --cpus 2,5
try cpustwice ./v3ctl create mini.img --mem 128M --cpus 1-3,2
try cpusdisagree ./v3ctl create mini.img --mem 128M --cores 2 --cpus 3
try notmb ./v3ctl create hoststate.sh --mem 128M --cores 1
try truncated ./v3ctl create truncated.img --mem 128M --cores 1
try noprogram ./v3ctl create lwk.img --mem 128M --cores 1 -- ./no-such-program
try unknown ./v3ctl destroy nosuchvm
try badname ./v3ctl create mini.img --mem 128M --cores 1 --name "bad name"
# A VM pins the module: rmmod is refused while it lives.
./v3ctl create mini.img --mem 128M --cores 1 --name pin >/dev/null 2>&1
rmmod v3vmm 2>&1 | sed "s/^/rmmod with a VM: /"
./v3ctl destroy pin 2>/dev/null
./v3ctl create mini.img --mem 128M --cores 1 --name dup >/dev/null 2>&1
s0=$(snapshot)
try duplicate ./v3ctl create mini.img --mem 128M --cores 1 --name dup
./v3ctl destroy dup 2>/dev/null
s0=$(snapshot)

# Guests that fail.
./v3ctl create lwk.img --mem 256M --cores 1 --name tf --cmdline lwk.triplefault >/dev/null 2>&1
./v3ctl console tf -f
./v3ctl list | sed "s/^/list: /"
./v3ctl stats tf | grep -E "^(state|fail_reason|regs\.rip):" | sed "s/^/tf /"
./v3ctl create mini.img --mem 128M --cores 1 --name port --cmdline port >/dev/null 2>&1
./v3ctl console port -f >/dev/null
./v3ctl stats port | grep -E "^(state|fail_reason):" | sed "s/^/port /"
./v3ctl destroy tf && ./v3ctl destroy port
# (4 CPUs: two VMs of one core at most at a time)
./v3ctl create mini.img --mem 128M --cores 1 --name msr --cmdline msr >/dev/null 2>&1
./v3ctl console msr -f >/dev/null
./v3ctl stats msr | grep -E "^(state|msr_denied|msr_denied_last|msr_denied_last_access):" | sed "s/^/msr /"
./v3ctl destroy msr
echo "host alive: $(echo ok)"
[ "$(snapshot)" = "$s0" ] && echo "after failed guests: unchanged"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

expect() { # LABEL MESSAGE-REGEX
	assert_match "^$1: rc=[1-9][0-9]* v3ctl: $2"
	assert_match "^$1: unchanged$"
}
expect nomodule '/dev/v3vmm not found: load the module first'
expect toobig '--mem 8G is more than the [0-9]+ MB of movable memory'
expect notmultiple '--mem 1000M is not a multiple of the memory block size \(128 MB\): use 896M or 1024M'
expect cores0 '--cores must be at least 1'
expect cores4 '--cores 4: 3 CPUs can be taken now \(every online CPU but CPU 0, which stays with Linux: this host has 4 online\); nothing was taken$'
expect cores9 '--cores 9: 3 CPUs can be taken now '
expect cpus0 '--cpus 0: CPU 0 stays with Linux$'
expect cpusoffline '--cpus 2,5: CPU 5 is not online \(a VM.s CPUs are offline; see /sys/devices/system/cpu/online\)$'
expect cpustwice '--cpus 1-3,2 lists CPU 2 twice$'
expect cpusdisagree '--cores 2 and --cpus 3 \(1 CPU\) disagree; --cpus alone is enough$'
expect notmb 'hoststate.sh is not a Multiboot kernel'
expect truncated 'truncated.img is truncated'
expect noprogram '\./no-such-program: No such file or directory'
expect unknown 'no VM named nosuchvm'
expect badname 'bad name bad name: use letters, digits'
assert_match '^rmmod with a VM: .*(in use|temporarily unavailable)'
expect duplicate 'a VM named dup exists already'
assert_match '^lwk: triple fault on purpose \(lwk.triplefault\)$'
assert_match '^list: tf +failed'
assert_match '^tf state: failed$'
assert_match '^tf fail_reason: triple fault \(shutdown\)$'
assert_match '^tf regs\.rip: 0x[0-9a-f]+$'
assert_match '^port state: failed$'
assert_match '^port fail_reason: denied I/O port: out to 0x80, 1 byte\(s\)$'
assert_match '^msr state: failed$'
assert_match '^msr msr_denied: 1$'
assert_match '^msr msr_denied_last: 0xc0010015$'
assert_match '^msr msr_denied_last_access: read$'
assert_match '^host alive: ok$'
assert_match '^after failed guests: unchanged$'
assert_match '^rmmod: ok$'
assert_status 0
finish
