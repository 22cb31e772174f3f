# shellcheck shell=bash
# Sourced by the VMM tests on the build host, to compare the snapshots
# tests/lib/hoststate.sh prints inside the emulated host
# ("cpus=... memtotal=N blocks=...").
#	without_memtotal SNAPSHOT	the snapshot less its MemTotal
#	memtotal_of SNAPSHOT		its MemTotal in kB

without_memtotal() { sed 's/memtotal=[0-9]* //' <<<"$1"; }
memtotal_of() { sed -n 's/.*memtotal=\([0-9]*\).*/\1/p' <<<"$1"; }
