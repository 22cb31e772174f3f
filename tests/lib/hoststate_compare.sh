# shellcheck shell=bash
# Sourced by the VMM tests on the build host, to compare the snapshots
# tests/lib/hoststate.sh prints inside the emulated host
# ("cpus=... memtotal=N blocks=...").
#	without_memtotal SNAPSHOT	the snapshot less its MemTotal
#	memtotal_of SNAPSHOT		its MemTotal in kB
#	assert_host_restored		OUT's "before: SNAPSHOT" and "after:
#					SNAPSHOT" lines show the same CPUs and
#					memory blocks, and MemTotal the same but
#					for up to 4 kB more (a direct-map page
#					table page Linux may free into it,
#					emuhost_vmm_lifecycle); fails (assert.sh)

without_memtotal() { sed 's/memtotal=[0-9]* //' <<<"$1"; }
memtotal_of() { sed -n 's/.*memtotal=\([0-9]*\).*/\1/p' <<<"$1"; }

assert_host_restored() {
	local before after mt_gain

	before=$(sed -n 's/^before: //p' <<<"$OUT")
	after=$(sed -n 's/^after: //p' <<<"$OUT")
	if [ -z "$before" ] || [ -z "$after" ]; then
		fail "no before/after snapshot of the host"
		return
	fi
	[ "$(without_memtotal "$before")" = "$(without_memtotal "$after")" ] ||
		fail "CPUs or memory blocks differ: before '$before' after '$after'"
	mt_gain=$(($(memtotal_of "$after") - $(memtotal_of "$before")))
	[ "$mt_gain" -ge 0 ] && [ "$mt_gain" -le 4 ] ||
		fail "MemTotal changed by $mt_gain kB"
}
