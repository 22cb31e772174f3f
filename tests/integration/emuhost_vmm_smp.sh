#!/bin/bash
# Multi-core VMs in the emulated host (4 CPUs): the LWK gets 3 cores taken
# from Linux and boots its APs through the VMM's virtual INIT/SIPI.
#  - HPCCG and STREAM with OMP_NUM_THREADS unset run on 3 threads (they
#    say so) and converge / validate; the LWK SMP tests' OpenMP reduction
#    and barriers and the std::thread program give their exact results;
#  - quiet_phase runs one compute thread per core and reads the LWK's
#    counters (timer interrupts, all interrupts, VM exits of each vCPU)
#    just before and just after its compute phase: every vCPU shows zero
#    exits and zero interrupts in between, while each thread did work;
#    as a control, 4 threads on the 3 cores: the core that time-slices
#    two threads shows timer interrupts and VM exits (its timer writes)
#    in the phase, so the counters do see them;
#  - `v3ctl stats` shows 3 vCPUs started, the program run, and the LWK's
#    timer interrupt counts (0 on every core for quiet_phase);
#  - `v3ctl regs` on a VM whose 3 vCPUs compute: each vCPU answers the
#    NMI from guest code, its rip in the program (user space);
#  - a VM destroyed while its 3 vCPUs compute gives everything back;
#  - afterwards Linux has every CPU and memory block back.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"
# shellcheck source=tests/lib/bench_checks.sh
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/stream" \
	"$BUILD/hpccg" "$TESTS/quiet_phase" "$TESTS/omp_reduce" \
	"$TESTS/omp_barrier" "$TESTS/cxx_threads"

host_run . "$TESTS/cxx_threads"
want_turns=$(grep '^turns=' <<<"$HOST_OUT")
[ "$HOST_STATUS" -eq 0 ] && [ -n "$want_turns" ] ||
	{ fail "cxx_threads failed on the host (status $HOST_STATUS)"; finish; }

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 4G --timeout 900 \
	--add "$TESTS/quiet_phase" --add "$TESTS/omp_reduce" \
	--add "$TESTS/omp_barrier" --add "$TESTS/cxx_threads" \
	--add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
echo "before: $(snapshot)"
insmod v3vmm.ko || exit 1
# run TAG PROGRAM [ARGS...]: in a 3-core VM; console and stats tagged.
run() {
	tag=$1
	shift
	name=$(./v3ctl create lwk.img --mem 2G --cores 3 -- "$@") || exit 1
	./v3ctl console "$name" -f
	./v3ctl stats "$name" | sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || exit 1
}
run quiet ./quiet_phase 1
run control ./quiet_phase 1 4
run hpccg ./hpccg 16 16 16
run stream ./stream -n 100000
run reduce ./omp_reduce
run barrier ./omp_barrier 500
run cxx ./cxx_threads
# Destroyed while all three vCPUs compute: every one stops first.
name=$(./v3ctl create lwk.img --mem 2G --cores 3 -- ./quiet_phase 600) || exit 1
sleep 4
./v3ctl list | grep "^$name " | sed "s|^|busy list: |"
./v3ctl stats "$name" | grep -E "^vcpus_started:" | sed "s|^|busy |"
# A register snapshot by NMI: each vCPU is in the program, in user mode.
./v3ctl regs "$name" | grep -E "^(where\.vcpu[0-9]|regs\.vcpu[0-9]\.rip):" | sed "s|^|busy |"
./v3ctl destroy "$name" && echo "busy destroyed"
echo "after: $(snapshot)"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

assert_count 7 '^lwk: 3 CPUs online$'

# The control: some core time-sliced, with timer interrupts and exits.
assert_match '^threads 4$'
assert_match '^cpu [0-2] apic [0-9]+ timer_during [1-9][0-9]* irqs_during [1-9][0-9]* exits_during [1-9][0-9]*$'
OUT=$(sed '/^threads 4$/,/^done$/d' <<<"$OUT")

# quiet_phase: one thread per core, each did work; nothing interrupted
# the compute phase: no VM exit, no interrupt, on any vCPU.
assert_quiet_phase
assert_not_contains 'exits_during n/a'
assert_match '^quiet vcpus_started: 3$'
assert_match '^quiet program_runs: 1$'
assert_count 3 '^quiet guest_timer_irqs\.vcpu[0-2]: 0$'
assert_match '^quiet ipi_denied: 0$'
assert_match '^quiet npt_ram_4k: 0$'

# HPCCG and STREAM size their teams from the 3 CPUs.
assert_match '^ *OpenMP Threads: 3$'
assert_match '^Check: PASSED'
assert_hpccg_converged
assert_match '^hpccg state: exited$'
check_stream 3
assert_match '^stream exit_status: 0$'

# The LWK SMP tests' programs, on 3 CPUs.
assert_match '^team=3$'
assert_match '^sum=1\.6449[0-9]+ serial=1\.6449[0-9]+$'
assert_match '^phases=500$'
assert_match '^barrier_counter=1500$'
assert_match '^barrier_errors=0$'
assert_match "^$want_turns\$"
assert_match '^counter=400000$'
assert_count 3 '^OK$'
assert_not_contains FAILED
assert_count 7 '^lwk: program exited with status 0$'
for tag in quiet control hpccg stream reduce barrier cxx; do
	assert_match "^$tag state: exited$"
done

before=$(sed -n 's/^before: //p' <<<"$OUT")
after=$(sed -n 's/^after: //p' <<<"$OUT")
[ -n "$before" ] && [ "$(without_memtotal "$before")" = "$(without_memtotal "$after")" ] ||
	fail "CPUs or memory blocks differ: before '$before' after '$after'"
assert_match '^busy list: vm0 +running '
assert_match '^busy vcpus_started: 3$'
assert_match '^busy destroyed$'
assert_count 3 '^busy where\.vcpu[0-2]: guest$'
for rip in $(sed -n 's/^busy regs\.vcpu[0-2]\.rip: 0x//p' <<<"$OUT"); do
	[ $((16#$rip)) -gt 0 ] && [ $((16#$rip)) -lt $((16#800000000000)) ] ||
		fail "busy: expected each vCPU's rip in user space, found 0x$rip"
done
assert_count 3 '^busy regs\.vcpu[0-2]\.rip: 0x[0-9a-f]+$'
assert_match '^rmmod: ok$'
assert_status 0
finish
