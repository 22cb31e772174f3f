#!/bin/bash
# A VM larger than the old fixed maximum of 8 cores, on an emulated host
# of 16 CPUs (emuhost --smp 16):
#  - asking for more cores than the host can give (16 of 16 online CPUs,
#    CPU 0 stays with Linux) is refused, saying how many can be taken
#    now, and changes nothing: the host's CPUs and memory are as before
#    and no VM exists;
#  - a 12-vCPU VM boots the LWK on 12 CPUs and HPCCG, with
#    OMP_NUM_THREADS unset, runs 12 OpenMP threads and converges;
#  - while it runs, `v3ctl regs` shows all 12 vCPUs in guest code, and a
#    second VM asking for 4 cores (3 are left) is refused with "3 CPUs
#    can be taken now";
#  - `v3ctl stats` shows all 12 vCPUs: host CPUs, APIC IDs, exits,
#    time in guest mode, run exits and the LWK's interrupt counts;
#  - with 12 taken, the module itself gives 3 more cores to a VM built
#    with raw ioctls, then refuses the 4th with ENOSPC; closing that
#    file gives the 3 back;
#  - the per-vCPU ioctls refuse out-of-range indexes, reserved fields,
#    bad arrays and short arrays with their specific errors and write no
#    more than the caller's room (tests/host/v3_vcpu_abi);
#  - destroy gives every CPU and memory block back (snapshot compare).
# The VM sizes come from the host: it fails on a module or v3ctl that
# cap a VM at 8 cores (ABI 3), where `--cores 12` is refused.
#
# OMP_NUM_THREADS is unset: the team size comes from the LWK's 12 CPUs.
# OMP_WAIT_POLICY=passive is set because 16 emulated CPUs share the 2
# cores of the build machine: libgomp's default spinning at each barrier
# makes 11 idle threads starve the working ones (HPCCG 8x8x8 did not end
# in 5 minutes that way); passive threads wait in the LWK's futex, whose
# idle CPUs halt (HLT is not intercepted), which leaves QEMU's threads to
# the ones computing.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"
# shellcheck source=tests/lib/hoststate_compare.sh
. "$(dirname "$0")/../lib/hoststate_compare.sh"
# shellcheck source=tests/lib/bench_checks.sh
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/hpccg" \
	"$TESTS/host/v3_vcpu_abi"

STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 16 --mem 4G --timeout 285 \
	--add "$TESTS/host/v3_vcpu_abi" --add "$ROOT/tests/lib/hoststate.sh" '
. ./hoststate.sh
echo "before: $(snapshot)"
insmod v3vmm.ko || exit 1
echo "online: $(nproc)"
# More than the host can give: refused before anything is taken.
./v3ctl create lwk.img --mem 1G --cores 16 -- ./hpccg 12 12 12 2>&1 |
	sed "s|^|toomany |"
echo "refused: $(snapshot)"
echo "list after refusal: $(./v3ctl list | tail -n +2 | wc -l)"
name=$(./v3ctl create lwk.img --mem 1G --cores 12 \
	--cmdline OMP_WAIT_POLICY=passive -- ./hpccg 12 12 12) || exit 1
# Once the LWK has started every AP: all 12 vCPUs answer the NMI in
# guest code (running, or halted: HLT is not intercepted).
for i in $(seq 600); do
	./v3ctl stats "$name" | grep -q "^vcpus_started: 12$" && break
	sleep 0.1
done
busy=$(snapshot)
./v3ctl regs "$name" | grep -E "^(ncores|where\.vcpu[0-9]+|regs\.vcpu[0-9]+\.rip):" |
	sed "s|^|busy |"
# Only 3 CPUs are left now.
./v3ctl create lwk.img --mem 1G --cores 4 -- ./hpccg 12 12 12 2>&1 |
	sed "s|^|second |"
./v3ctl console "$name" -f
./v3ctl stats "$name" | sed "s|^|stats |"
./v3_vcpu_abi "$name" 12
./v3_vcpu_abi --take-all
echo "after take-all: $(snapshot)"
echo "busy snapshot: $busy"
./v3ctl destroy "$name" && echo "destroyed"
echo "after: $(snapshot)"
rmmod v3vmm && echo "rmmod: ok"
' 2>&1) || STATUS=$?

assert_match '^online: 16$'

# The refusal says how many can be taken now, and nothing changed.
assert_match '^toomany v3ctl: --cores 16: 15 CPUs can be taken now \(every online CPU but CPU 0, which stays with Linux: this host has 16 online\); nothing was taken$'
before=$(sed -n 's/^before: //p' <<<"$OUT")
refused=$(sed -n 's/^refused: //p' <<<"$OUT")
[ -n "$before" ] && [ "$before" = "$refused" ] ||
	fail "the refused create changed the host: before '$before' after '$refused'"
assert_match '^list after refusal: 0$'
assert_match '^second v3ctl: --cores 4: 3 CPUs can be taken now '

# The LWK and HPCCG on 12 CPUs.
assert_match '^lwk: 12 CPUs online$'
assert_match '^ *OpenMP Threads: 12$'
assert_match '^Check: PASSED'
assert_hpccg_converged
assert_match '^lwk: program exited with status 0$'

# `v3ctl regs`: all 12 vCPUs, each in guest code, each with a rip.
assert_match '^busy ncores: 12$'
assert_count 12 '^busy where\.vcpu([0-9]|1[01]): guest$'
assert_count 12 '^busy regs\.vcpu([0-9]|1[01])\.rip: 0x[0-9a-f]+$'

# `v3ctl stats`: every vCPU.
assert_match '^stats state: exited$'
assert_match '^stats exit_status: 0$'
assert_match '^stats ncores: 12$'
assert_match '^stats vcpus_started: 12$'
# Arrays print as space-separated values.
cores=$(sed -n 's/^stats cores: //p' <<<"$OUT")
[ "$(tr ' ' '\n' <<<"$cores" | grep -xE '[1-9]|1[0-5]' | sort -un | wc -l)" = 12 ] &&
	[ "$(wc -w <<<"$cores")" = 12 ] ||
	fail "stats: expected 12 different host CPUs from 1-15, found '$cores'"
apics=$(sed -n 's/^stats apic_ids: //p' <<<"$OUT")
[ "$(tr ' ' '\n' <<<"$apics" | grep -xE '[0-9]+' | sort -un | wc -l)" = 12 ] ||
	fail "stats: expected 12 different APIC IDs, found '$apics'"
# Each vCPU ran guest code and took exits (its timer, its hypercalls).
for c in $(seq 0 11); do
	assert_match "^stats vcpu_run_s\.vcpu$c: [0-9]+\.[0-9]+$"
	assert_match "^stats exits\.vcpu$c\.cpuid: [0-9]+$"
	assert_match "^stats run_exits\.vcpu$c: [0-9]+$"
	assert_match "^stats guest_timer_irqs\.vcpu$c: [0-9]+$"
	assert_match "^stats guest_irqs\.vcpu$c: [0-9]+$"
	run=$(sed -n "s/^stats vcpu_run_s\.vcpu$c: //p" <<<"$OUT")
	lt 0 "${run:-0}" || fail "stats: vCPU $c spent no time in guest mode ('$run')"
done
assert_count 12 '^stats exits\.vcpu([0-9]|1[01])\.apic: [0-9]+$'
assert_not_contains 'exits.vcpu12.'

# The module's own refusal once no CPU is left; nothing kept.
assert_match '^take-all: took 3, then ENOSPC$'
busy=$(sed -n 's/^busy snapshot: //p' <<<"$OUT")
after_take=$(sed -n 's/^after take-all: //p' <<<"$OUT")
[ -n "$busy" ] && [ "$(without_memtotal "$busy")" = "$(without_memtotal "$after_take")" ] ||
	fail "take-all changed the host: before '$busy' after '$after_take'"

# The per-vCPU ioctls, field by field.
assert_match '^abi: [0-9]+ checks, 0 failed$'
assert_not_contains 'abi: FAIL'
assert_count 4 '^abi: ok vcpu_stats (vcpu ncores|vcpu max|flags|reserved)$'
assert_count 2 '^abi: ok regs (no room|one short)$'

assert_match '^destroyed$'
assert_host_restored
assert_match '^rmmod: ok$'
assert_status 0
finish
