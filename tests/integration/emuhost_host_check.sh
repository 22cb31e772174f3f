#!/bin/bash
# v3ctl host-check on the emulated host: as booted for the tests it
# reports every requirement met but the module until insmod, then exits
# 0 ("a VM can be created now"); booted with no movable memory and with
# no_ipi_broadcast=0 after the =1, those two lines fail with their fix and
# it exits 1. The facts it prints are compared with the known setup.
# shellcheck source=tests/lib/assert.sh
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl"
STATUS=0
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 300 '
./v3ctl host-check; echo "before insmod: rc=$?"
insmod v3vmm.ko || exit 1
./v3ctl host-check; echo "after insmod: rc=$?"
' 2>&1) || STATUS=$?
assert_status 0
assert_match '^ok +virtualization: AMD SVM$'
assert_match '^ok +nested paging: present$'
assert_match '^ok +no_ipi_broadcast: set'
assert_match '^ok +direct map: [1-9][0-9]* GB of RAM under 1 GB pages \(v3vmm takes each of those gigabytes whole\)$'
assert_match '^ok +movable memory: 1024 MB can be taken now \(8 blocks of 128 MB\)'
assert_match '^ok +cpus: 3 can be taken \(every online CPU but CPU 0, the highest 3;'
assert_match '^FAIL +module: v3vmm.ko is not loaded: insmod v3vmm.ko'
assert_match '^ok +module: loaded, ABI [0-9]+$'
assert_count 1 '^verdict: a VM cannot be created now \(1 problem above\)$'
assert_contains 'before insmod: rc=1'
assert_count 1 '^verdict: a VM can be created now$'
assert_contains 'after insmod: rc=0'
assert_count 0 '^FAIL +(virtualization|nested paging|svm enabled|apic mode|no_ipi_broadcast|direct map|movable memory|cpus):'

# The same host without movable memory, and with the broadcast option
# turned back off by a later word (Linux reads the last one).
OUT=$("$ROOT/images/emuhost/emuhost" --smp 4 --mem 2G --timeout 300 \
	--movable 0 --append "no_ipi_broadcast=0" '
./v3ctl host-check; echo "rc=$?"
' 2>&1) || STATUS=$?
assert_match '^FAIL +movable memory: none online in ZONE_MOVABLE: boot Linux with movablecore='
assert_match '^FAIL +no_ipi_broadcast: not set: .*boot with no_ipi_broadcast=1$'
assert_match '^verdict: a VM cannot be created now \(3 problems above\)$'
assert_contains 'rc=1'
finish
