#!/bin/bash
# Tickless cores. spin_threads runs N compute threads (the main thread is
# thread 0 and joins the others at the end: a futex wait without timeout)
# until a common deadline 1 s after it starts; threads are placed one per
# core first, so:
#
# - 4 threads on 4 CPUs: one thread per core and nothing sleeps with a
#   deadline, so no core ever arms its timer: every CPU reports timer=0.
# - 5 threads on 4 CPUs: one core holds two threads and must time-slice
#   them (10 ms slices): that core takes timer interrupts (at least 10 in
#   1 s; about 100 are due), the others still none, and both threads on
#   the shared core make progress before the deadline (a thread that got
#   no CPU until then would report 0 iterations) and get a fair share
#   (each at least a quarter of the pair's iterations).
. "$(dirname "$0")/../lib/assert.sh"

PROG=$TESTS/spin_threads
need "$PROG"

# timer CPU: that CPU's timer interrupt count from the lwk.irqstats line.
timer() {
	sed -n "s/^lwk: cpu $1 interrupts: timer=\\([0-9]*\\) .*/\\1/p" <<<"$OUT"
}

# Sets THREAD_CPU[i] and ITERS[i] from "thread I cpu C iterations N".
parse_threads() {
	local i c n

	THREAD_CPU=()
	ITERS=()
	while read -r i c n; do
		THREAD_CPU[i]=$c
		ITERS[i]=$n
	done < <(sed -n 's/^thread \([0-9]*\) cpu \(-\{0,1\}[0-9]*\) iterations \([0-9]*\)$/\1 \2 \3/p' <<<"$OUT")
}

# run NTHREADS: boots, runs spin_threads NTHREADS 1, checks the common part.
run() {
	local n=$1 i

	lwk_run --smp 4 --mem 512M --append "lwk.irqstats" "$PROG" "$n" 1
	assert_match '^lwk: 4 CPUs online$'
	assert_count "$n" '^thread [0-9]+ cpu -?[0-9]+ iterations [0-9]+$'
	assert_match '^done$'
	assert_match '^lwk: program exited with status 0$'
	assert_count 4 '^lwk: cpu [0-3] interrupts: timer=[0-9]+ '
	assert_status 0
	[ "$failures" -eq 0 ] || finish
	parse_threads
	for ((i = 0; i < n; i++)); do
		[ "${ITERS[i]:-0}" -gt 0 ] ||
			fail "$n threads: expected thread $i to progress, found ${ITERS[i]:-no} iterations"
		case ${THREAD_CPU[i]:-} in
		[0-3]) ;;
		*) fail "$n threads: expected thread $i on CPU 0-3, found '${THREAD_CPU[i]:-}'" ;;
		esac
	done
	[ "$failures" -eq 0 ] || finish
}

# One compute thread per core: no timer interrupt anywhere.
run 4
cpus=$(printf '%s\n' "${THREAD_CPU[@]}" | sort -u | wc -l)
[ "$cpus" -eq 4 ] ||
	fail "4 threads: expected one per CPU, found CPUs ${THREAD_CPU[*]}"
for c in 0 1 2 3; do
	[ "$(timer $c)" = 0 ] ||
		fail "4 threads: expected timer=0 on CPU $c (one thread per core, no deadline), found timer=$(timer $c)"
done
[ "$failures" -eq 0 ] || finish

# Five threads: exactly one core shares two of them and time-slices.
run 5
shared=$(printf '%s\n' "${THREAD_CPU[@]}" | sort | uniq -d)
ncpus=$(printf '%s\n' "${THREAD_CPU[@]}" | sort -u | wc -l)
if [ "$ncpus" -ne 4 ] || [ "$(wc -w <<<"$shared")" -ne 1 ]; then
	fail "5 threads: expected one CPU with two threads and three with one, found CPUs ${THREAD_CPU[*]}"
	finish
fi
pair=()
for i in "${!THREAD_CPU[@]}"; do
	[ "${THREAD_CPU[i]}" = "$shared" ] && pair+=("$i")
done
for c in 0 1 2 3; do
	t=$(timer $c)
	if [ "$c" = "$shared" ]; then
		[ "$t" -ge 10 ] ||
			fail "5 threads: expected time-slice interrupts (timer >= 10) on CPU $c, which runs threads ${pair[*]}, found timer=$t"
	else
		[ "$t" = 0 ] ||
			fail "5 threads: expected timer=0 on CPU $c (one thread), found timer=$t"
	fi
done
a=${ITERS[${pair[0]}]}
b=${ITERS[${pair[1]}]}
for i in "${pair[@]}"; do
	[ $((ITERS[i] * 4)) -ge $((a + b)) ] ||
		fail "5 threads: expected thread $i to get at least a quarter of CPU $shared, found ${ITERS[i]} of $((a + b)) iterations"
done
echo "CPU $shared shared by threads ${pair[*]}: $a and $b iterations, timer=$(timer "$shared")"
finish
