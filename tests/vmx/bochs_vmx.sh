#!/bin/bash
# The VMX back end, in one boot of the emulated Intel host (Bochs 2.7,
# corei7_skylake_x, 3 CPUs, 2 GB: images/emuhost/emuhost --intel). Run by
# `make check-vmx` (about 15 minutes; too slow for make check):
#  - insmod picks VMX (dmesg says so, with EPT 1 GB pages and VPID);
#  - a 1-core VM runs the LWK and its hello program, output through the
#    console hypercall (VMCALL), no 4 KB page of guest RAM;
#  - a 2-core VM (APs started through the virtual INIT/SIPI, real mode
#    under unrestricted guest) runs an OpenMP reduction with a team of 2;
#  - quiet_phase in a 2-core VM: zero VM exits and interrupts on both
#    vCPUs during the compute phase; the control (3 threads on 2 cores)
#    shows exits and timer interrupts in the phase. The phases last
#    0.25 s: in Bochs one second of the guest's (and Linux's) clock
#    costs 3.5 G emulated ticks, minutes of real time (vmm.md, "Time in
#    Bochs"), and 0.25 s is still 25 of the LWK's 10 ms slices;
#  - an IPI to a host APIC ID and a triple fault fail the VM only: the
#    host runs tasks on every CPU afterwards;
#  - the host's CPUs, memory blocks and MemTotal are as before, and
#    rmmod succeeds.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$TESTS/hello" \
	"$TESTS/omp_reduce" "$TESTS/quiet_phase"
command -v bochs >/dev/null || { fail "no bochs (scripts/install-deps.sh)"; finish; }

STATUS=0
OUT=$(nice "$ROOT/images/emuhost/emuhost" --intel --smp 3 --mem 2G \
	--timeout "${VMX_TIMEOUT:-3000}" \
	--add "$TESTS/hello" --add "$TESTS/omp_reduce" --add "$TESTS/quiet_phase" \
	--add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
echo "before: $(snapshot)"
insmod v3vmm.ko && echo "insmod: ok" || { dmesg | tail -n 5; exit 1; }
dmesg | grep -o "v3vmm: .*"
# run TAG CORES MEM PROGRAM [ARGS...]: console and stats, tagged.
run() {
	tag=$1 cores=$2 mem=$3
	shift 3
	name=$(./v3ctl create lwk.img --mem "$mem" --cores "$cores" -- "$@") ||
		{ echo "$tag: create failed"; return; }
	timeout 300 ./v3ctl console "$name" -f | sed "s|^|$tag |"
	./v3ctl stats "$name" | sed "s|^|$tag |"
	./v3ctl list | grep -q "^$name  *exited" ||
		./v3ctl regs "$name" | sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || echo "$tag: destroy failed"
}
# fails TAG CORES MEM CMDLINE: a VM that must end failed.
fails() {
	tag=$1 cores=$2 mem=$3
	name=$(./v3ctl create lwk.img --mem "$mem" --cores "$cores" --cmdline "$4" -- ./hello) ||
		{ echo "$tag: create failed"; return; }
	# Short polls: in Bochs one second of the host clock costs minutes of
	# real time while the taken cores spin (vmm.md, "Time in Bochs").
	i=0
	while [ $i -lt 3000 ] && ! ./v3ctl list | grep -q "^$name  *failed"; do
		sleep 0.1
		i=$((i + 1))
	done
	./v3ctl console "$name" | sed "s|^|$tag console: |"
	./v3ctl stats "$name" | grep -E "^(state|fail_reason|ipi_denied|vcpus_started):" |
		sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || echo "$tag: destroy failed"
}
run hello 1 256M ./hello
run reduce 2 512M ./omp_reduce
run quiet 2 512M ./quiet_phase 0.25
run control 2 512M ./quiet_phase 0.25 3
fails ipi 2 512M lwk.ipi_outside
fails tf 1 256M lwk.triplefault
for cpu in 0 1 2; do
	taskset -c $cpu sh -c "echo task on cpu$cpu: ok"
done
echo "after: $(snapshot)"
rmmod v3vmm && echo "rmmod: ok"
dmesg | grep -E "v3vmm|BUG|WARNING|Oops" | tail -n 20 | sed "s|^|dmesg: |"
' 2>&1) || STATUS=$?

assert_match '^insmod: ok$'
assert_match '^v3vmm: Intel VMX with EPT \(1 GB pages: yes, VPID: yes\)$'

assert_match '^hello lwk: running on v3vee \(hypercall console, TSC [0-9]+ kHz\)$'
assert_match '^hello hello from hello$'
assert_match '^hello state: exited$'
assert_match '^hello exit_status: 0$'
assert_match '^hello npt_ram_4k: 0$'

assert_match '^reduce lwk: 2 CPUs online$'
assert_match '^reduce team=2$'
assert_match '^reduce sum=1\.6449[0-9]+ serial=1\.6449[0-9]+$'
assert_match '^reduce exit_status: 0$'
assert_match '^reduce npt_ram_4k: 0$'

# Zero exits and interrupts on both vCPUs during the compute phase...
assert_match '^quiet threads 2$'
assert_count 2 '^quiet cpu [01] apic [0-9]+ timer_during 0 irqs_during 0 exits_during 0$'
assert_match '^quiet exit_status: 0$'
# ... where the control sees them.
assert_match '^control threads 3$'
assert_match '^control cpu [01] apic [0-9]+ timer_during [1-9][0-9]* irqs_during [1-9][0-9]* exits_during [1-9][0-9]*$'

assert_match '^ipi state: failed$'
assert_match '^ipi fail_reason: IPI outside the VM refused: APIC ID 0, .*ICR 0x000040e7$'
assert_match '^ipi ipi_denied: 1$'
assert_not_contains 'ipi console: hello'
assert_match '^tf console: lwk: triple fault on purpose \(lwk.triplefault\)$'
assert_match '^tf state: failed$'
assert_match '^tf fail_reason: triple fault'
for cpu in 0 1 2; do
	assert_match "^task on cpu$cpu: ok$"
done
assert_not_contains 'create failed'
assert_not_contains 'destroy failed'
assert_host_restored
assert_match '^rmmod: ok$'
assert_status 0
finish
