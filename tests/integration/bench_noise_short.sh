#!/bin/bash
# The short version of make bench: bench/run-bench.sh short c1, selfish
# for 0.5 s of virtual time, under -icount shift=0,sleep=off (exact
# instruction counts). Two machines: a 2-CPU emulated host that measures
# its Linux on CPU 1 (sa), then the LWK in a VM on that CPU taken (sd),
# with a probe on CPU 0 both times; and the LWK booted natively (c1).
#
# Asserted:
# - sa, Linux stock: its 250 Hz tick, 120-130 local timer interrupts on
#   CPU 1 in the 0.5 s window and 240-300 detours/s once the round-robin
#   artifact is removed;
# - c1, the LWK natively: 0 detours, 0 interrupts;
# - sd, the LWK in a VM: 0 VM exits and 0 interrupts on its core during
#   the run, 0 guest timer interrupts over the whole run (v3ctl stats),
#   and no detour beyond what the control (the probe on CPU 0) attributes
#   to CPU 0 in the emulator's round robin: no more detours, and no more
#   instructions in them, than the gaps charged to CPU 0;
# - the controls show the checks can fail: sd's raw figures, artifact
#   included, do show detours (the removal has something to remove), and
#   the same checks run on sa (Linux on the same CPU) fail.
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/v3vmm.ko" "$BUILD/v3ctl" "$BUILD/lwk.img" "$BUILD/selfish" "$BUILD/tscstamp"
command -v python3 >/dev/null || { fail "no python3 (make deps)"; finish; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

STATUS=0
OUT=$(BENCH_OUT=$TMP BENCH_SECONDS=0.5 BENCH_APPS=0 BENCH_PLOTS= \
	nice "$ROOT/bench/run-bench.sh" short c1 2>&1) || STATUS=$?
assert_status 0
[ -f "$TMP/selfish.tsv" ] || { fail "no selfish.tsv"; finish; }

# col CONFIG NAME: the column NAME of CONFIG's row of selfish.tsv.
col() {
	awk -F'\t' -v c="$1" -v n="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$1 == c { print $(k[n]) }' "$TMP/selfish.tsv"
}

# within_control CONFIG: fails (status 1, the reason on stdout) unless
# what CONFIG has left once the probes' turns are removed is within what
# the control charged to the probed CPU 0: no more detours than the gaps
# charged to CPU 0 (ctl_n), no more instructions in them than in those
# (ctl_sum). QEMU sometimes ends CPU 0's turn inside one of its
# interrupt handlers (at a timer deadline or its round-robin kick),
# before the probe resumes; the rest of the handler then sits between
# two stretches of the measured loop (Documentation/performance.md).
within_control() {
	local n w sum cn csum
	n=$(col "$1" det/s)
	w=$(col "$1" window_s)
	sum=$(col "$1" sum)
	cn=$(col "$1" ctl_n)
	csum=$(col "$1" ctl_sum)
	awk -v n="$n" -v w="$w" -v s="$sum" -v cn="$cn" -v cs="$csum" \
		'BEGIN { exit !(n * w <= cn + 0.5 && s <= cs) }' ||
		{ echo "$1: $n net detours/s over $w s ($sum instructions), beyond the control's $cn ($csum instructions)"; return 1; }
}

# eq CONFIG NAME VALUE
eq() {
	local v
	v=$(col "$1" "$2")
	[ "$v" = "$3" ] || fail "$1: expected $2 = $3, found '$v'"
}

# between CONFIG NAME LO HI (numbers)
between() {
	local v
	v=$(col "$1" "$2")
	awk -v v="$v" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v != "" && v >= lo && v <= hi) }' ||
		fail "$1: expected $3 <= $2 <= $4, found '$v'"
}

# vm_quiet CONFIG: fails (status 1, the reasons on stdout) unless CONFIG's
# measured CPU took no VM exit, no interrupt and no guest timer interrupt,
# and had no detour beyond the control's.
vm_quiet() {
	local k v bad=0
	for k in vm_exits timer_irqs irqs guest_timer; do
		v=$(col "$1" $k)
		[ "$v" = 0 ] || { echo "$1: $k = '$v', expected 0"; bad=1; }
	done
	within_control "$1" || bad=1
	return $bad
}

# sa: the tick, 250 Hz, on CPU 1.
between sa window_s 0.49 0.51
between sa timer_irqs 120 130
between sa det/s 240 300

# c1: nothing at all.
eq c1 raw_det/s 0.000
eq c1 det/s 0.000
eq c1 timer_irqs 0
eq c1 irqs 0

# sd: nothing beyond the host's CPU 0.
between sd window_s 0.49 0.51
vm_quiet sd || fail "$(vm_quiet sd)"

# The controls.
between sd raw_det/s 1 1e9
if why=$(vm_quiet sa); then
	fail "control: the VM checks passed on Linux (sa); they cannot tell noise apart"
elif ! grep -q "^sa: timer_irqs = '1[0-9][0-9]'" <<<"$why"; then
	fail "control: expected the VM checks to fail on sa's timer interrupts, got: $why"
fi
[ "$failures" -eq 0 ] && cat "$TMP/table.txt"
finish
