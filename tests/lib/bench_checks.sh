# shellcheck shell=bash disable=SC2034
# Output checks shared by the benchmark tests run on the Linux host
# (tests/integration/bench-host-*.sh) and in the LWK (bench-lwk-*.sh).
# Source it after assert.sh; the checks read OUT and record failures with
# fail (both from assert.sh). Each test script keeps only what differs:
# how it runs the program, and checks that hold in one place only.
#
# Not a test itself: tests/run-all.sh runs only tests/integration/*.sh.

# ---- STREAM ---------------------------------------------------------------

# check_stream THREADS: the validation line, the array size of -n 100000,
# THREADS threads counted, and for each of the four kernels a positive rate
# with min <= avg <= max.
check_stream() {
	local want=$1 threads k line

	assert_match '^Solution Validates'
	assert_match '^Array size = 100000 \(elements\)'
	threads=$(sed -n 's/^Number of Threads counted = //p' <<<"$OUT")
	[ "$threads" = "$want" ] ||
		fail "expected 'Number of Threads counted = $want', found '${threads:-no such line}'"

	for k in Copy Scale Add Triad; do
		line=$(grep "^$k:" <<<"$OUT")
		if [ -z "$line" ]; then
			fail "expected a '$k:' row in the table, found none"
			continue
		fi
		awk '{ exit !($2 > 0 && $4 <= $3 && $3 <= $5) }' <<<"$line" ||
			fail "expected rate > 0 and min <= avg <= max for $k, found '$line'"
	done
}

# ---- HPCCG ----------------------------------------------------------------

# 16^3 grid: 4096 rows; the row lengths sum to (3 * 16 - 2)^3 = 97336.
NROW=4096
NNZ=97336
ITERS=149

# value_after PREFIX: the number following PREFIX on the first such line.
value_after() {
	sed -n "s/^$1[[:space:]]*\([-+0-9.eE]*\).*/\1/p" <<<"$OUT" | head -n 1
}

# lt A B: A < B as floating-point numbers.
lt() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'
}

# hpccg_values: sets r0, r, err and iters (the initial and final
# residuals, max |x - 1| and the iteration count) from OUT; any of them is
# empty if its line is missing. Declare them local in the caller.
hpccg_values() {
	r0=$(value_after 'Initial Residual =')
	r=$(value_after 'Final residual:')
	err=$(value_after 'Difference between computed and exact =')
	iters=$(value_after 'Number of iterations:')
}

# check_hpccg_convergence PROG RELATIVE_RESIDUAL_BOUND SOLUTION_ERROR_BOUND:
# final/initial residual and max |x - 1| (r0, r, err from hpccg_values)
# are under their bounds.
check_hpccg_convergence() {
	local prog=$1 rel_tol=$2 err_tol=$3 rel

	rel=$(awk -v a="$r" -v b="$r0" 'BEGIN { printf "%e", a / b }')
	lt "$rel" "$rel_tol" ||
		fail "$prog: expected final/initial residual < $rel_tol, found $r / $r0 = $rel"
	lt "$err" "$err_tol" ||
		fail "$prog: expected max |x - 1| < $err_tol, found $err"
}

# assert_hpccg_converged: HPCCG's report in OUT has its residual,
# iteration and error lines (hpccg_values sets r0, r, err, iters) and
# converged (residual ratio and max |x - 1| under 1e-6); 1 if the lines
# are missing.
assert_hpccg_converged() {
	hpccg_values
	if [ -z "$r0" ] || [ -z "$r" ] || [ -z "$err" ] || [ -z "$iters" ]; then
		fail "hpccg: expected its residual, iteration and error lines"
		return 1
	fi
	check_hpccg_convergence hpccg 1e-6 1e-6
}

# check_hpccg_flops PROG ITERATIONS: the FLOPS summary counts what HPCCG
# counts in ITERATIONS iterations: 4n DDOT, 6n WAXPBY, 2nnz SPARSEMV.
check_hpccg_flops() {
	local prog=$1 n=$2 flops spec name want got

	flops=$(sed -n '/^FLOPS Summary:/,/^MFLOPS/p' <<<"$OUT")
	for spec in "DDOT $((n * 4 * NROW))" \
		"WAXPBY $((n * 6 * NROW))" \
		"SPARSEMV $((n * 2 * NNZ))"; do
		read -r name want <<<"$spec"
		got=$(sed -n "s/^ $name *: *\([-+0-9.eE]*\).*/\1/p" <<<"$flops")
		awk -v a="$got" -v b="$want" \
			'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= b * 1e-6) }' ||
			fail "$prog: expected $name FLOPS $want, found '$got'"
	done
}

# check_hpccg_yaml PROG FILE THREADS ITERATIONS: the YAML report FILE has
# its fields, for a 16x16x16 grid, THREADS OpenMP threads and ITERATIONS
# iterations, DDOT in all three summaries, and the final residual r (from
# hpccg_values).
check_hpccg_yaml() {
	local prog=$1 yaml=$2 threads=$3 n=$4 field yr

	for field in 'nx: 16' 'ny: 16' 'nz: 16' "OpenMP Threads: $threads" \
		"Number of iterations: $n" 'Final residual: ' \
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
}

# ---- selfish-detour -------------------------------------------------------

# field LABEL TEXT: the numbers after "  LABEL   :" (one per thread).
field() {
	sed -n "s/^  $1 *: *\([-+0-9.eE]*\).*/\1/p" <<<"$2"
}

# cycles LABEL TEXT: the cycle count of "  LABEL : X us (N cycles)".
cycles() {
	sed -n "s/^  $1 *: *[0-9.]* us (\([0-9]*\) cycles)$/\1/p" <<<"$2"
}

# check_tsc: a "TSC frequency: X MHz" line with X > 1.
check_tsc() {
	local mhz

	assert_match '^TSC frequency: [0-9]+\.[0-9]+ MHz'
	mhz=$(sed -n 's/^TSC frequency: \([0-9.]*\) MHz.*/\1/p' <<<"$OUT")
	awk -v f="$mhz" 'BEGIN { exit !(f > 1) }' ||
		fail "expected a TSC frequency > 1 MHz, found '$mhz'"
}

# check_summary TEXT SECONDS: one thread's summary agrees with itself: a
# duration near SECONDS, detours/s x duration = detours, 0 <= % lost <=
# 100, and, if there were detours, threshold < min <= median <= max.
# Sets n to its detour count and th to its threshold in cycles.
check_summary() {
	local sum=$1 want=$2 dur rate lost mn md mx

	dur=$(field Duration "$sum")
	n=$(field Detours "$sum")
	rate=$(field 'Detours\/s' "$sum")
	lost=$(field 'Time lost' "$sum")
	if [ -z "$dur" ] || [ -z "$n" ] || [ -z "$rate" ] || [ -z "$lost" ]; then
		fail "expected Duration, Detours, Detours/s and Time lost lines"
		finish
	fi
	awk -v d="$dur" -v w="$want" 'BEGIN { exit !(d >= w * 0.999 && d <= w + 1) }' ||
		fail "expected a duration near $want s, found $dur s"
	awk -v r="$rate" -v d="$dur" -v n="$n" \
		'BEGIN { exit !((r * d - n) ^ 2 <= (0.5 + n * 1e-4) ^ 2) }' ||
		fail "expected detours/s x duration = detours, found $rate x $dur vs $n"
	awk -v l="$lost" 'BEGIN { exit !(l >= 0 && l <= 100) }' ||
		fail "expected 0 <= % lost <= 100, found $lost"
	th=$(sed -n 's/.*threshold \([0-9]*\) cycles$/\1/p' <<<"$sum")
	if [ "$n" -gt 0 ]; then
		mn=$(cycles 'Min detour' "$sum")
		md=$(cycles 'Median detour' "$sum")
		mx=$(cycles 'Max detour' "$sum")
		if [ -z "$mn" ] || [ -z "$md" ] || [ -z "$mx" ] || [ -z "$th" ]; then
			fail "expected min/median/max detour and threshold lines"
		elif ! [ "$th" -lt "$mn" ] || ! [ "$mn" -le "$md" ] ||
			! [ "$md" -le "$mx" ]; then
			fail "expected threshold < min <= median <= max, found $th, $mn, $md, $mx cycles"
		fi
	fi
	echo "$dur s, $n detours, $rate/s, $lost % lost"
}

# check_detour_csv FILE: the CSV header, then one row per detour (n, from
# check_summary).
check_detour_csv() {
	local csv=$1 rows

	[ "$(head -n 1 "$csv")" = "start_us,duration_us,cycles,thread,start_tsc" ] ||
		fail "expected the CSV header start_us,duration_us,cycles,thread,start_tsc"
	rows=$(($(wc -l <"$csv") - 1))
	[ "$rows" -eq "$n" ] ||
		fail "expected $n CSV rows (one per detour), found $rows"
}
