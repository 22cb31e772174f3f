#!/bin/bash
# Runs the unit tests ($BUILD/unit/test_*) and the integration tests
# (tests/integration/*.sh), two at a time, and reports them in order:
#
#	PASS name
#	FAIL name
#	    <its output, indented>
#	...
#	N passed, N failed
#
# usage: tests/run-all.sh [-j N] [NAME...]
#
# With NAMEs, runs only those tests (hello, enosys, test_fs, ...). Exits
# non-zero if any test failed. Build first (make all unit-tests).
#
# A test is killed after 300 s (or $TEST_TIMEOUT), or after N s if its
# file has a line "# run-all-timeout: N" (for the few that boot a big
# emulated host).
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
export BUILD
jobs_max=2
test_timeout=300

if [ "${1:-}" = "-j" ]; then
	jobs_max=$2
	shift 2
fi

names=()
cmds=()
# TEST_DIR: another folder of tests instead of the unit and integration
# tests (make check-vmx: tests/vmx); TEST_TIMEOUT: seconds per test.
test_dir=${TEST_DIR:-tests/integration}
test_timeout=${TEST_TIMEOUT:-$test_timeout}
if [ -z "${TEST_DIR:-}" ]; then
	for t in "$BUILD"/unit/test_*; do
		[ -x "$t" ] || continue
		names+=("$(basename "$t")")
		cmds+=("$t")
	done
fi
for t in "$test_dir"/*.sh; do
	[ -e "$t" ] || continue
	names+=("$(basename "$t" .sh)")
	cmds+=("$t")
done

# Keep only the tests named on the command line, in the order given.
if [ $# -gt 0 ]; then
	all_names=("${names[@]}")
	all_cmds=("${cmds[@]}")
	names=()
	cmds=()
	for want in "$@"; do
		found=0
		for i in "${!all_names[@]}"; do
			if [ "${all_names[$i]}" = "$want" ]; then
				names+=("$want")
				cmds+=("${all_cmds[$i]}")
				found=1
			fi
		done
		if [ $found -eq 0 ]; then
			echo "run-all: no test named $want" >&2
			exit 2
		fi
	done
fi

n=${#names[@]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
next=0

run_one() {
	local i=$1 rc=0

	local limit=$test_timeout own

	own=$(sed -n 's/^# run-all-timeout: \([0-9][0-9]*\)$/\1/p' "${cmds[$i]}" 2>/dev/null | head -1)
	[ -n "$own" ] && limit=$own
	timeout -k 5 "$limit" "${cmds[$i]}" >"$tmp/$i.out" 2>&1 </dev/null ||
		rc=$?
	[ $rc -eq 124 ] && echo "run-all: test killed after $limit s" >>"$tmp/$i.out"
	echo $rc >"$tmp/$i.rc.tmp"
	mv "$tmp/$i.rc.tmp" "$tmp/$i.rc"
}

# Print, in order, every finished test not printed yet.
report() {
	while [ $next -lt "$n" ] && [ -f "$tmp/$next.rc" ]; do
		if [ "$(cat "$tmp/$next.rc")" -eq 0 ]; then
			echo "PASS ${names[$next]}"
			passed=$((passed + 1))
		else
			echo "FAIL ${names[$next]}"
			sed 's/^/    /' "$tmp/$next.out"
			failed=$((failed + 1))
		fi
		next=$((next + 1))
	done
}

for i in "${!names[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
		report
	done
	run_one "$i" &
done
while [ $next -lt "$n" ]; do
	wait -n 2>/dev/null || sleep 0.1
	report
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]
