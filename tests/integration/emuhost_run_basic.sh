#!/bin/bash
# `v3ctl run` in the emulated host: a VM created without a program waits
# for jobs; programs run one after another in it, each as a fresh process.
#  - HPCCG 32^3 runs from a scratch directory: its output comes back
#    through v3ctl run, its YAML report lands in that directory (the file
#    system calls are the caller's), status 0; with --no-forward (the
#    control) no report lands there;
#  - then STREAM, then a program exiting 3 (v3ctl run exits 3), its
#    arguments and environment as given (OMP_NUM_THREADS = the VM's
#    cores unless --env says otherwise); each run sees pid 1;
#  - the errors, each with its message, status 1, and the VM unharmed
#    (the next run works): no such VM, no such program, not executable,
#    dynamically linked, a VM created with its own program, a VM that
#    failed, a VM that ended;
#  - `create -- PROGRAM` still runs PROGRAM at once.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/stream" \
	"$BUILD/hpccg" "$TESTS/run_status" "$TESTS/dynamic" "$TESTS/hello"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 4G --timeout 290 \
	--add "$TESTS/run_status" --add "$TESTS/dynamic" --add "$TESTS/hello" '
insmod v3vmm.ko || exit 1
V=/v3vee
name=$(./v3ctl create lwk.img --mem 1G --cores 2 2>/dev/null) || exit 1
echo "created $name"
mkdir -p /tmp/work /tmp/nofwd
cd /tmp/work || exit 1
echo "before: $(ls /tmp/work | wc -l) files"
$V/v3ctl run $name -- $V/hpccg 32 32 32; echo "hpccg status=$?"
echo "yaml: $(ls /tmp/work/hpccg*.yaml 2>/dev/null | wc -l)"
cd /tmp/nofwd || exit 1
$V/v3ctl run $name --no-forward -- $V/hpccg 8 8 8 >/dev/null; echo "nofwd status=$?"
echo "nofwd yaml: $(ls /tmp/nofwd | wc -l)"
cd $V
./v3ctl run $name -- ./stream -n 100000 >/tmp/stream.out; echo "stream status=$?"
grep -E "^(Triad|Solution)" /tmp/stream.out
./v3ctl run $name -- ./run_status 3 a "b c"; echo "three status=$?"
./v3ctl run $name --env OMP_NUM_THREADS=7 --env RUN_TEST=yes ./run_status; echo "env status=$?"
# Errors.
./v3ctl run nosuchvm -- ./run_status; echo "novm status=$?"
./v3ctl run $name -- ./nosuchprog; echo "noprog status=$?"
cp run_status /tmp/noexec && chmod -x /tmp/noexec
./v3ctl run $name -- /tmp/noexec; echo "noexec status=$?"
./v3ctl run $name -- ./dynamic; echo "dynamic status=$?"
own=$(./v3ctl create lwk.img --mem 512M --cores 1 -- ./run_status loop 2>/dev/null)
./v3ctl run $own -- ./run_status; echo "own status=$?"
./v3ctl destroy $own >/dev/null
bad=$(./v3ctl create lwk.img --mem 512M --cores 1 --cmdline lwk.triplefault 2>/dev/null)
sleep 5
./v3ctl run $bad -- ./run_status; echo "failed status=$?"
./v3ctl destroy $bad >/dev/null
ended=$(./v3ctl create lwk.img --mem 512M --cores 1 -- ./hello 2>/dev/null)
./v3ctl console $ended -f >/dev/null
./v3ctl run $ended -- ./run_status; echo "ended status=$?"
./v3ctl destroy $ended >/dev/null
./v3ctl run $name -- ./run_status 0 again; echo "after status=$?"
./v3ctl stats $name | grep -E "^(state|program_runs):"
./v3ctl destroy $name >/dev/null && echo "destroyed"
' 2>&1) || STATUS=$?

assert_status 0
assert_match '^created vm[0-9]+$'
assert_match '^before: 0 files$'
assert_match '^Final residual: '
assert_match '^Check: PASSED'
assert_match '^hpccg status=0$'
assert_match '^yaml: 1$'
# The control: without forwarding the report stays in the LWK's memory.
assert_match '^nofwd status=0$'
assert_match '^nofwd yaml: 0$'
assert_match '^Solution Validates'
assert_match '^stream status=0$'
assert_match '^argc=4 argv0=\./run_status$'
assert_match '^arg3=b c$'
assert_match '^three status=3$'
assert_count 2 '^OMP_NUM_THREADS=2$'
assert_match '^OMP_NUM_THREADS=7$'
assert_match '^RUN_TEST=yes$'
assert_match '^env status=0$'
assert_count 3 'pid=1$'
assert_match '^v3ctl: no VM named nosuchvm$'
assert_match '^novm status=1$'
assert_match '^v3ctl: \./nosuchprog: no such program$'
assert_match '^noprog status=1$'
assert_match '^v3ctl: /tmp/noexec is not executable'
assert_match '^noexec status=1$'
assert_match '^v3ctl: \./dynamic is not a program the LWK can run: .*dynamic'
assert_match '^dynamic status=1$'
assert_match 'was created with its own program'
assert_match '^own status=1$'
assert_match '^v3ctl: VM vm[0-9]+ has failed'
assert_match '^failed status=1$'
assert_match '^v3ctl: VM vm[0-9]+ has ended \(status 0\)'
assert_match '^ended status=1$'
assert_match '^arg2=again$'
assert_match '^after status=0$'
assert_match '^state: running$'
assert_match '^program_runs: 6$'
assert_match '^destroyed$'
finish
