#!/bin/bash
# The code of v3vmm.ko that runs on a taken core references only the Linux
# symbols vmm-module/taken-core-symbols.txt allows
# (scripts/check-taken-core.sh on the objects of the last module build,
# $BUILD/vmm-obj). Then three controls, each a changed copy of the list
# that the check must refuse, naming object, function and symbol: so a
# pass above is not the check seeing nothing.
. "$(dirname "$0")/../lib/assert.sh"

list=vmm-module/taken-core-symbols.txt
need "$list" "$BUILD/vmm-obj/vmm-module/core_main.o"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check NAME LIST: runs the check; its output goes to $tmp/NAME.out.
check() {
	scripts/check-taken-core.sh -v "$2" "$BUILD/vmm-obj" >"$tmp/$1.out" 2>&1
}

if ! check real "$list"; then
	fail "taken-core code references symbols not allowed:"
	grep -v 'runs on a taken core' "$tmp/real.out"
fi
# The search found the code it must: roots and what they call in mixed
# objects.
for f in 'core_main.o core_main' 'svm_run.o svm_vmrun' \
	'svm.o svm_vcpu_run' 'vmx.o vmx_vcpu_run' 'vmx_run.o vmx_enter' 'guest_mem.o guest_ptr' \
	'console.o console_put' 'core_x86.o arch_core_enter'; do
	grep -q "runs on a taken core: .*$f\$" "$tmp/real.out" ||
		fail "the check did not find ${f#* } (${f% *}) on a taken core"
done
# ... and not the host side of the mixed objects.
for f in 'svm.o svm_vcpu_init' 'guest_mem.o guest_mem_take_block' \
	'console.o console_read' 'core_x86.o arch_send_nmi'; do
	grep -q "runs on a taken core: .*$f\$" "$tmp/real.out" &&
		fail "the check counts host-side ${f#* } (${f% *}) as taken-core code"
done

# Control 1: boot_cpu_data no longer allowed.
grep -v '^allow boot_cpu_data$' "$list" >"$tmp/l1"
check c1 "$tmp/l1" && fail "control 1: the check passed without boot_cpu_data allowed"
grep -Eq 'svm_exits.o: [a-z_]+ references boot_cpu_data' "$tmp/c1.out" ||
	fail "control 1: no report naming svm_exits.o and boot_cpu_data"

# Control 2: svm.o as a root, so its host-side setup counts as taken-core
# code, and that calls Linux's page allocator.
sed 's|^object vmm-module/arch/x86/svm.o$|& root|' "$list" >"$tmp/l2"
check c2 "$tmp/l2" && fail "control 2: the check passed with svm.o as a root"
grep -q 'svm.o: svm_vcpu_init references get_zeroed_page' "$tmp/c2.out" ||
	fail "control 2: no report of svm.o's setup calling get_zeroed_page"

# Control 3: guest_mem.o not listed, though guest_ptr runs on taken cores.
grep -v '^object vmm-module/guest_mem.o' "$list" >"$tmp/l3"
check c3 "$tmp/l3" && fail "control 3: the check passed without guest_mem.o listed"
grep -q 'guest_mem.o: guest_ptr runs on a taken core, but .* is not an object' "$tmp/c3.out" ||
	fail "control 3: no report that guest_ptr's object is not listed"

OUT=$(grep 'runs on a taken core' "$tmp/real.out")
finish
