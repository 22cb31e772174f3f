#!/bin/bash
# An x2APIC host (issue 12): the emulated host with --apic x2apic (q35,
# an Intel IOMMU remapping interrupts in x2APIC mode, `+x2apic`), where
# Linux runs its local APICs in x2APIC mode, as dmesg says:
#  - insmod succeeds (it refused such hosts before: "boot Linux with
#    nox2apic", and every check below failed);
#  - the LWK on 3 cores uses x2APIC ("local APIC in x2APIC mode": CPUID
#    offers it, APIC_BASE shows it) and boots its APs with INIT/SIPI
#    through the ICR MSR; no APIC write or MSR refused, no xAPIC page;
#  - quiet_phase: no VM exit and no interrupt on any vCPU during the
#    compute phase; as the control, 4 threads on 3 cores, whose
#    time-sliced core shows timer interrupts and exits;
#  - HPCCG converges and STREAM validates on 3 OpenMP threads;
#  - the host's NMIs through the x2APIC ICR: `v3ctl regs` on a VM whose 3
#    vCPUs compute (each answers from guest code, in the program), then
#    destroy while they compute;
#  - afterwards Linux has the same CPUs, memory blocks and MemTotal
#    (assert_host_restored), no vmalloc area of the module is left, and
#    rmmod works.
# emuhost_x2apic_isolation has what a guest may not do there.
# run-all-timeout: 480
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"
# shellcheck source=tests/lib/bench_checks.sh
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/stream" \
	"$BUILD/hpccg" "$TESTS/quiet_phase" "$TESTS/hello"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --apic x2apic --smp 4 --mem 4G --timeout 420 \
	--add "$TESTS/quiet_phase" --add "$TESTS/hello" \
	--add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
dmesg | grep -o -e "DMAR-IR: Enabled IRQ remapping in x2apic mode" -e "x2apic enabled"
echo "before: $(snapshot)"
insmod v3vmm.ko && echo "insmod: ok" || { dmesg | tail -3; exit 1; }
echo "vmalloc before: $(grep -c "\[v3vmm\]" /proc/vmallocinfo)"
# run TAG PROGRAM [ARGS...]: in a 3-core VM; console and stats tagged.
run() {
	tag=$1
	shift
	name=$(./v3ctl create lwk.img --mem 1G --cores 3 -- "$@") || exit 1
	./v3ctl console "$name" -f | sed "s|^|$tag |"
	./v3ctl stats "$name" | sed "s|^|$tag |"
	./v3ctl destroy "$name" >/dev/null || exit 1
}
run quiet ./quiet_phase 1
run control ./quiet_phase 1 4
run hpccg ./hpccg 16 16 16
run stream ./stream -n 100000
name=$(./v3ctl create lwk.img --mem 1G --cores 3 -- ./quiet_phase 600) || exit 1
sleep 4
./v3ctl regs "$name" | grep -E "^(where\.vcpu[0-9]|regs\.vcpu[0-9]\.rip):" | sed "s|^|busy |"
./v3ctl destroy "$name" >/dev/null && echo "busy destroyed"
echo "after: $(snapshot)"
echo "vmalloc after: $(grep -c "\[v3vmm\]" /proc/vmallocinfo)"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

# Linux runs its APICs in x2APIC mode, and the module loads.
assert_match '^DMAR-IR: Enabled IRQ remapping in x2apic mode$'
assert_match '^x2apic enabled$'
assert_match '^insmod: ok$'

# The LWK in x2APIC mode on 3 cores.
for tag in quiet control hpccg stream; do
	assert_match "^$tag lwk: local APIC in x2APIC mode, timer one-shot\$"
	assert_match "^$tag lwk: 3 CPUs online\$"
	assert_match "^$tag state: exited\$"
	assert_match "^$tag exit_status: 0\$"
	assert_match "^$tag vcpus_started: 3\$"
	assert_match "^$tag ipi_denied: 0\$"
	assert_match "^$tag apic_denied: 0\$"
	assert_match "^$tag msr_denied: 0\$"
	assert_match "^$tag npt_mmio_4k: 0\$"
done
# The control: the time-sliced core sees timer interrupts and exits.
assert_match '^control threads 4$'
assert_match '^control cpu [0-2] apic [0-9]+ timer_during [1-9][0-9]* irqs_during [1-9][0-9]* exits_during [1-9][0-9]*$'
# quiet_phase: each thread computed on its own core, nothing interrupted.
assert_quiet_phase 'quiet '
assert_not_contains 'exits_during n/a'
assert_count 3 '^quiet guest_timer_irqs\.vcpu[0-2]: 0$'

# HPCCG and STREAM on 3 threads, with correct results.
assert_match '^hpccg *OpenMP Threads: 3$'
OUT_ALL=$OUT
OUT=$(sed -n 's/^hpccg //p' <<<"$OUT_ALL")
assert_hpccg_converged
OUT=$(sed -n 's/^stream //p' <<<"$OUT_ALL")
check_stream 3
OUT=$OUT_ALL

assert_count 3 '^busy where\.vcpu[0-2]: guest$'
assert_count 3 '^busy regs\.vcpu[0-2]\.rip: 0x[0-9a-f]+$'
for rip in $(sed -n 's/^busy regs\.vcpu[0-2]\.rip: 0x//p' <<<"$OUT"); do
	[ $((16#$rip)) -gt 0 ] && [ $((16#$rip)) -lt $((16#800000000000)) ] ||
		fail "busy: expected each vCPU's rip in user space, found 0x$rip"
done
assert_match '^busy destroyed$'
assert_host_restored
assert_match '^vmalloc before: 0$'
assert_match '^vmalloc after: 0$'
assert_match '^rmmod: ok$'
assert_status 0
finish
