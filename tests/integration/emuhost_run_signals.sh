#!/bin/bash
# `v3ctl run` signals and a quiet compute phase, in the emulated host:
#  - a program in an endless loop ends on SIGINT to v3ctl run (status
#    130), and the next run in the VM works; while it loops, a second
#    v3ctl run is refused (busy), and destroy too;
#  - SIGTERM: 143; SIGKILL of v3ctl run itself: the program is killed
#    and the next run works;
#  - a program that ignores SIGINT, SIGTERM and SIGHUP outlives two
#    signals (it still runs: the control) and ends at the third (SIGKILL,
#    status 137); killed right after its start, the same;
#  - a SIGINT handler runs (twice), the program goes on and exits 42;
#  - quiet_phase started with v3ctl run, on 3 cores, after other
#    programs ran in the VM: every vCPU shows 0 exits and 0 interrupts
#    in its compute phase; the control (4 threads on 3 cores) shows some.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" \
	"$TESTS/run_status" "$TESTS/quiet_phase"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 4G --timeout 290 \
	--add "$TESTS/run_status" --add "$TESTS/quiet_phase" '
insmod v3vmm.ko || exit 1
name=$(./v3ctl create lwk.img --mem 1G --cores 3 2>/dev/null) || exit 1
# bg SIG: a looping program, its v3ctl run sent SIG after 3 s.
./v3ctl run $name -- ./run_status loop >/tmp/loop.out 2>&1 &
pid=$!
sleep 4
./v3ctl run $name -- ./run_status 0; echo "second status=$?"
./v3ctl destroy $name; echo "destroy status=$?"
grep -c looping /tmp/loop.out | sed "s/^/looping: /"
kill -INT $pid; wait $pid; echo "sigint status=$?"
./v3ctl run $name -- ./run_status 5; echo "next status=$?"
./v3ctl run $name -- ./run_status loop >/dev/null 2>&1 &
pid=$!
sleep 4; kill -TERM $pid; wait $pid; echo "sigterm status=$?"
./v3ctl run $name -- ./run_status loop >/dev/null 2>&1 &
pid=$!
sleep 4; kill -KILL $pid; wait $pid; echo "sigkill status=$?"
./v3ctl run $name -- ./run_status 6; echo "after kill status=$?"
# Killed at once, before its program can have started: the next run
# waits for that end and works.
./v3ctl run $name -- ./run_status loop >/dev/null 2>&1 &
pid=$!
sleep 0.2; kill -KILL $pid; wait $pid
./v3ctl run $name -- ./run_status 7; echo "after early kill status=$?"
./v3ctl run $name -- ./run_status ignore >/tmp/ign.out 2>&1 &
pid=$!
sleep 4; kill -INT $pid; sleep 1; kill -HUP $pid; sleep 2
kill -0 $pid 2>/dev/null && echo "ignoring: still running after two"
kill -TERM $pid; wait $pid; echo "ignore status=$?"
grep "third signal" /tmp/ign.out
./v3ctl run $name -- ./run_status handler >/tmp/h.out 2>&1 &
pid=$!
sleep 4; kill -INT $pid; sleep 2; kill -INT $pid; wait $pid; echo "handler status=$?"
grep -E "^(handler ran|handled)" /tmp/h.out
./v3ctl run $name -- ./quiet_phase 1
./v3ctl run $name -- ./quiet_phase 1 4 | sed "s/^/control /"
./v3ctl stats $name | grep -E "^(program_runs|guest_timer_irqs)"
./v3ctl destroy $name >/dev/null 2>&1 && echo destroyed
' 2>&1) || STATUS=$?

assert_status 0
assert_match '^v3ctl: VM vm0 is busy with another v3ctl run \(runs are refused, not queued\)$'
assert_match '^second status=1$'
assert_match '^v3ctl: cannot destroy vm0: a v3ctl run is using it; end that run first'
assert_match '^destroy status=1$'
assert_match '^looping: 1$'
assert_match '^sigint status=130$'
assert_match '^next status=5$'
assert_match '^sigterm status=143$'
assert_match '^sigkill status=137$'
assert_match '^after kill status=6$'
assert_match '^after early kill status=7$'
assert_match '^ignoring: still running after two$'
assert_match '^ignore status=137$'
assert_match 'third signal: killing the program'
# A handler runs (twice: the mask comes back after rt_sigreturn), and the
# program goes on with its state; status 42 is its own.
assert_count 2 '^handler ran for signal 2$'
assert_match '^handled=2 fpu=ok$'
assert_match '^handler status=42$'
# quiet_phase: 3 threads on 3 CPUs, nothing in the phase.
assert_match '^threads 3$'
assert_count 3 '^cpu [0-2] apic [0-9]+ timer_during 0 irqs_during 0 exits_during 0$'
assert_not_contains 'exits_during n/a'
# The control sees the time-slicing core's timer interrupts and exits.
assert_match '^control threads 4$'
assert_match '^control cpu [0-2] apic [0-9]+ timer_during [1-9][0-9]* irqs_during [1-9][0-9]* exits_during [1-9][0-9]*$'
assert_match '^destroyed$'
finish
