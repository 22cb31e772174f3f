#!/bin/bash
# HPCCG in the LWK on 4 CPUs with OMP_NUM_THREADS=4, 16x16x16, double
# (hpccg, report named with --yaml) and single precision (phpccg, report
# under its default name). The same expectations as on the host
# (bench-host-hpccg), judged from the printed residuals, FLOP counts and
# the report, which lwk.showfiles prints on the console at exit.
#
# Single precision with 4 threads: the order in which libgomp combines
# the threads' partial dot products varies from run to run, and r.r can
# reach exactly 0 before iteration 149, which ends the loop (the program
# does this on the host too). So phpccg may stop early, but only with a
# final residual of 0.
. "$(dirname "$0")/../lib/assert.sh"
. "$(dirname "$0")/../lib/bench_checks.sh"

need "$BUILD/hpccg" "$BUILD/phpccg"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# check_program NAME RELATIVE_RESIDUAL_BOUND SOLUTION_ERROR_BOUND [--yaml F]
check_program() {
	local prog=$1 rel_tol=$2 err_tol=$3 r0 r err iters file size shown

	shift 3
	lwk_run --smp 4 --mem 512M --timeout 120 \
		--append "lwk.showfiles OMP_NUM_THREADS=4" "$BUILD/$prog" 16 16 16 "$@"
	assert_match '^lwk: 4 CPUs online$'
	assert_match '^Check: PASSED'
	assert_match '^OpenMP Threads: 4$'
	assert_match '^lwk: program exited with status 0$'
	assert_status 0

	hpccg_values
	if [ -z "$r0" ] || [ -z "$r" ] || [ -z "$err" ] || [ -z "$iters" ]; then
		fail "$prog: expected 'Initial Residual =', 'Final residual:', 'Number of iterations:' and 'Difference between computed and exact =' lines"
		finish
	fi
	if [ "$prog" = phpccg ] && [ "$iters" -lt $ITERS ] && [ "$iters" -ge 1 ]; then
		lt "$r" 1e-300 ||
			fail "$prog: stopped after $iters iterations with a final residual of $r, not 0"
	elif [ "$iters" != $ITERS ]; then
		fail "$prog: expected $ITERS iterations, found '$iters'"
	fi
	check_hpccg_convergence "$prog" "$rel_tol" "$err_tol"
	check_hpccg_flops "$prog" "$iters"

	# The report: "lwk: file /NAME (N bytes)", then its contents.
	if [ "${1:-}" = --yaml ]; then
		file=/$2
		assert_match "^YAML report: $2\$"
	else
		file=$(sed -n 's/^YAML report: \(.*\)$/\/\1/p' <<<"$OUT")
		[[ $file =~ ^/hpccg[0-9]{4}(_[0-9]{2}){5}\.yaml$ ]] ||
			fail "$prog: expected the default report name hpccgYYYY_MM_DD_HH_MM_SS.yaml, found '${file#/}'"
	fi
	size=$(sed -n "s|^lwk: file $file (\\([0-9]*\\) bytes)\$|\\1|p" <<<"$OUT")
	if [ -z "$size" ]; then
		fail "$prog: expected 'lwk: file $file (N bytes)', found none"
		return
	fi
	sed -n "\\|^----- $file -----\$|,\\|^----- end $file -----\$|p" <<<"$OUT" |
		sed '1d;$d' >"$TMP/$prog.yaml"
	shown=$(wc -c <"$TMP/$prog.yaml")
	[ "$shown" = "$size" ] ||
		fail "$prog: expected $size bytes of $file on the console, found $shown"
	check_hpccg_yaml "$prog" "$TMP/$prog.yaml" 4 "$iters"
	echo "$prog: $iters iterations, residual $r0 -> $r, max |x - 1| = $err"
}

check_program hpccg 1e-6 1e-6 --yaml hpccg.yaml
check_program phpccg 1e-4 1e-3
finish
