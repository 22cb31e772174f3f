#!/bin/bash
# HPCCG on the Linux host, double (hpccg) and single (phpccg) precision,
# on a 16x16x16 grid with two OpenMP threads. Expect convergence, judged
# here from the printed residuals and not only by the program's own
# verdict; FLOP counts as HPCCG counts them; a YAML report with its fields.
# A run cut short by --max-iter must exit 1.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/hpccg" "$BUILD/phpccg"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# check_program NAME RELATIVE_RESIDUAL_BOUND SOLUTION_ERROR_BOUND
check_program() {
	local prog=$1 rel_tol=$2 err_tol=$3 bin yaml r0 r err iters

	bin=$(realpath "$BUILD/$prog")
	yaml=$TMP/$prog.yaml
	STATUS=0
	OUT=$(cd "$TMP" && OMP_NUM_THREADS=2 "$bin" 16 16 16 \
		--yaml "$prog.yaml" 2>&1) || STATUS=$?
	assert_status 0
	assert_match '^Check: PASSED'
	assert_match '^OpenMP Threads: 2$'

	hpccg_values
	if [ -z "$r0" ] || [ -z "$r" ] || [ -z "$err" ]; then
		fail "$prog: expected 'Initial Residual =', 'Final residual:' and 'Difference between computed and exact =' lines"
		finish
	fi
	[ "$iters" = $ITERS ] ||
		fail "$prog: expected $ITERS iterations, found '$iters'"
	check_hpccg_convergence "$prog" "$rel_tol" "$err_tol"
	check_hpccg_flops "$prog" $ITERS

	if [ ! -s "$yaml" ]; then
		fail "$prog: expected the report $prog.yaml, found none"
		return
	fi
	check_hpccg_yaml "$prog" "$yaml" 2 $ITERS
	echo "$prog: residual $r0 -> $r, max |x - 1| = $err"
}

check_program hpccg 1e-6 1e-6
check_program phpccg 1e-4 1e-3
[ "$failures" -eq 0 ] || finish

# Default report name: hpccgYYYY_MM_DD_HH_MM_SS.yaml in the cwd.
mkdir "$TMP/default"
host_run "$TMP/default" "$BUILD/hpccg" 4 4 4
[ "$HOST_STATUS" -eq 0 ] ||
	fail "expected 'hpccg 4 4 4' to exit 0, found $HOST_STATUS"
ls "$TMP/default" | grep -Eq '^hpccg[0-9]{4}(_[0-9]{2}){5}\.yaml$' ||
	fail "expected hpccgYYYY_MM_DD_HH_MM_SS.yaml in the cwd, found: $(ls "$TMP/default")"

# Two iterations cannot converge: the check must fail the run.
host_run "$TMP" "$BUILD/hpccg" 16 16 16 --max-iter 3 --yaml short.yaml
[ "$HOST_STATUS" -eq 1 ] ||
	fail "expected exit 1 with --max-iter 3, found $HOST_STATUS"
grep -q '^Check: FAILED' <<<"$HOST_OUT" ||
	fail "expected 'Check: FAILED' with --max-iter 3"

host_run "$TMP" "$BUILD/hpccg" 16 16
[ "$HOST_STATUS" -eq 2 ] ||
	fail "expected exit 2 with two dimensions, found $HOST_STATUS"
finish
