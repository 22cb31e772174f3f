# shellcheck shell=bash disable=SC2034
# Helpers for tests/integration/*.sh; source it, then:
#
#	lwk_run [run-lwk.sh options] PROGRAM [ARGS...]	sets OUT and STATUS
#	assert_status N
#	assert_contains TEXT		a line of OUT contains TEXT
#	assert_not_contains TEXT
#	assert_match REGEX		a line of OUT matches the ERE
#	assert_count N REGEX		exactly N lines of OUT match the ERE
#	expect_refusal MESSAGE [PROGRAM]	the LWK refuses PROGRAM
#	finish				exit 0, or print OUT and exit 1
#
# Asserts record failures and carry on, so one run reports everything it
# got wrong; finish prints the console output once at the end.
#
# The working directory is the repository root; TESTS is where the test
# programs are (build/tests).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
TESTS=$BUILD/tests
# Another runner with the same interface (options, PROGRAM ARGS, exit
# status) may stand in, e.g. one that runs the program under the VMM.
RUN_LWK=${RUN_LWK:-$ROOT/tests/lib/run-lwk.sh}
TEST_NAME=$(basename "$0" .sh)

OUT=""
STATUS=""
failures=0

# fail MESSAGE: record a failed expectation.
fail() {
	echo "$TEST_NAME: FAIL: $*"
	failures=$((failures + 1))
}

# need FILE...: the test cannot run without these; fail now and say so.
need() {
	local f

	for f in "$@"; do
		if [ ! -e "$f" ]; then
			echo "$TEST_NAME: FAIL: $f is missing (run make)"
			exit 1
		fi
	done
}

lwk_run() {
	STATUS=0
	OUT=$("$RUN_LWK" "$@" 2>&1) || STATUS=$?
	if [ "$STATUS" -eq 124 ]; then
		fail "the machine did not power off: run-lwk timed out"
	elif [ "$STATUS" -eq 127 ] && grep -q '^run-lwk: ' <<<"$OUT"; then
		fail "run-lwk could not boot the LWK"
		finish
	fi
	if grep -q '^lwk: panic: ' <<<"$OUT"; then
		fail "the LWK panicked"
	fi
}

# host_run DIR PROGRAM [ARGS...]: runs a test program on the Linux host in
# DIR; sets HOST_OUT and HOST_STATUS (for expectations).
host_run() {
	local dir=$1 prog

	shift
	prog=$(realpath "$1")
	shift
	HOST_STATUS=0
	HOST_OUT=$(cd "$dir" && "$prog" "$@" 2>&1) || HOST_STATUS=$?
}

assert_status() {
	if [ "$STATUS" != "$1" ]; then
		fail "expected exit status $1, run-lwk returned $STATUS"
	fi
}

assert_contains() {
	if ! grep -qF -- "$1" <<<"$OUT"; then
		fail "expected a line containing: $1"
	fi
}

assert_not_contains() {
	local line

	line=$(grep -F -m1 -- "$1" <<<"$OUT") || return 0
	fail "expected no line containing: $1; got: $line"
}

assert_match() {
	if ! grep -qE -- "$1" <<<"$OUT"; then
		fail "expected a line matching: $1"
	fi
}

# assert_quiet_phase [PREFIX]: quiet_phase's report in OUT (its lines
# led by PREFIX, e.g. "quiet "): 3 threads, each computed, on 3 different
# CPUs, and every CPU 0 timer interrupts, 0 interrupts, 0 exits meanwhile.
assert_quiet_phase() {
	local p=${1:-} t line chunks

	assert_match "^${p}threads 3$"
	for t in 0 1 2; do
		line=$(grep -E "^${p}thread $t cpu [0-9]+ chunks [0-9]+ " <<<"$OUT")
		chunks=$(sed -n 's/.* chunks \([0-9]*\) .*/\1/p' <<<"$line")
		[ -n "$chunks" ] && [ "$chunks" -gt 0 ] ||
			fail "quiet_phase: expected thread $t to compute, got '$line'"
	done
	[ "$(sed -n "s/^${p}thread [0-9] cpu \([0-9]*\) .*/\1/p" <<<"$OUT" | sort -u | wc -l)" = 3 ] ||
		fail "quiet_phase: expected its 3 threads on 3 different CPUs"
	assert_count 3 "^${p}cpu [0-2] apic [0-9]+ timer_during 0 irqs_during 0 exits_during 0$"
}

assert_count() {
	local n

	n=$(grep -cE -- "$2" <<<"$OUT") || true
	if [ "$n" != "$1" ]; then
		fail "expected $1 line(s) matching: $2; got $n"
	fi
}

# expect_refusal MESSAGE [PROGRAM [ARGS...]]: the LWK must refuse PROGRAM
# with one "lwk: error:" line containing MESSAGE and power off with
# status 126, without running anything.
expect_refusal() {
	local msg=$1

	shift
	[ $# -eq 0 ] || need "$1"
	lwk_run "$@"
	assert_count 1 '^lwk: error: '
	assert_match "^lwk: error: .*$msg"
	assert_not_contains "lwk: program exited"
	assert_status 126
}

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$TEST_NAME: $failures expectation(s) failed; console output was:"
		sed 's/^/| /' <<<"$OUT"
		exit 1
	fi
	# TEST_SHOW=1: the output of a passing test too (for its figures).
	[ "${TEST_SHOW:-0}" = 1 ] && sed 's/^/| /' <<<"$OUT"
	exit 0
}
