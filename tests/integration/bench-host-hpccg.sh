#!/bin/bash
# HPCCG on the Linux host, double (hpccg) and single (phpccg) precision,
# on a 16x16x16 grid with two OpenMP threads. Expect convergence, judged
# here from the printed residuals and not only by the program's own
# verdict; FLOP counts as HPCCG counts them; a YAML report with its fields.
# A run cut short by --max-iter must exit 1.
. "$(dirname "$0")/../lib/assert.sh"

need "$BUILD/hpccg" "$BUILD/phpccg"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# value_after PREFIX: the number following PREFIX on the first such line.
value_after() {
	sed -n "s/^$1[[:space:]]*\([-+0-9.eE]*\).*/\1/p" <<<"$OUT" | head -n 1
}

# lt A B: A < B as floating-point numbers.
lt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'
}

# 16^3 grid: 4096 rows; the row lengths sum to (3 * 16 - 2)^3 = 97336.
NROW=4096
NNZ=97336
ITERS=149

# check_program NAME RELATIVE_RESIDUAL_BOUND SOLUTION_ERROR_BOUND
check_program() {
	local prog=$1 rel_tol=$2 err_tol=$3 bin yaml r0 r err iters rel
	local flops spec name want got field yr

	bin=$(realpath "$BUILD/$prog")
	yaml=$TMP/$prog.yaml
	STATUS=0
	OUT=$(cd "$TMP" && OMP_NUM_THREADS=2 "$bin" 16 16 16 \
		--yaml "$prog.yaml" 2>&1) || STATUS=$?
	assert_status 0
	assert_match '^Check: PASSED'
	assert_match '^OpenMP Threads: 2$'

	r0=$(value_after 'Initial Residual =')
	r=$(value_after 'Final residual:')
	err=$(value_after 'Difference between computed and exact =')
	iters=$(value_after 'Number of iterations:')
	if [ -z "$r0" ] || [ -z "$r" ] || [ -z "$err" ]; then
		fail "$prog: expected 'Initial Residual =', 'Final residual:' and 'Difference between computed and exact =' lines"
		finish
	fi
	[ "$iters" = $ITERS ] ||
		fail "$prog: expected $ITERS iterations, found '$iters'"
	rel=$(awk -v a="$r" -v b="$r0" 'BEGIN { printf "%e", a / b }')
	lt "$rel" "$rel_tol" ||
		fail "$prog: expected final/initial residual < $rel_tol, found $r / $r0 = $rel"
	lt "$err" "$err_tol" ||
		fail "$prog: expected max |x - 1| < $err_tol, found $err"

	# FLOPs as HPCCG counts them: 4n DDOT, 6n WAXPBY, 2nnz SPARSEMV.
	flops=$(sed -n '/^FLOPS Summary:/,/^MFLOPS/p' <<<"$OUT")
	for spec in "DDOT $((ITERS * 4 * NROW))" \
		"WAXPBY $((ITERS * 6 * NROW))" \
		"SPARSEMV $((ITERS * 2 * NNZ))"; do
		read -r name want <<<"$spec"
		got=$(sed -n "s/^ $name *: *\([-+0-9.eE]*\).*/\1/p" <<<"$flops")
		awk -v a="$got" -v b="$want" \
			'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= b * 1e-6) }' ||
			fail "$prog: expected $name FLOPS $want, found '$got'"
	done

	if [ ! -s "$yaml" ]; then
		fail "$prog: expected the report $prog.yaml, found none"
		return
	fi
	for field in 'nx: 16' 'ny: 16' 'nz: 16' 'OpenMP Threads: 2' \
		"Number of iterations: $ITERS" 'Final residual: ' \
		'Time Summary:' 'FLOPS Summary:' 'MFLOPS Summary:' \
		'  Total: ' '  DDOT: ' '  WAXPBY: ' '  SPARSEMV: '; do
		grep -qF "$field" "$yaml" ||
			fail "$prog: expected '$field' in the YAML report"
	done
	[ "$(grep -c '^  DDOT: ' "$yaml")" = 3 ] ||
		fail "$prog: expected DDOT in the time, FLOPS and MFLOPS summaries of the YAML report"
	yr=$(sed -n 's/^Final residual: *//p' "$yaml")
	[ "$yr" = "$r" ] ||
		fail "$prog: expected YAML final residual $r, found '$yr'"
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
