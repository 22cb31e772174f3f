#!/bin/bash
# make bench: OS noise and overhead of every configuration, in emulated
# machines whose clock counts instructions (-icount shift=0,sleep=off:
# one instruction = one TSC cycle = 1 ns of virtual time), so that the
# figures are exact and repeatable. Documentation/performance.md.
#
# usage: bench/run-bench.sh [CONFIG...]
#
# CONFIGs (default: all, in this order):
#   a1 a3   Linux in the emulated host, stock, on 1 / 3 CPUs (all measured)
#   b1 b3   Linux with the measured CPUs isolated (nohz_full, isolcpus,
#           rcu_nocbs, irqaffinity=0), CPU 0 left to housekeeping
#   c1 c3   the LWK booted natively on 1 / 3 CPUs
#   d1 d3   the LWK in a v3vee VM on 1 / 3 cores taken from the host
#   cost    VM create/boot/destroy against a Linux process's memset
#   tcg     STREAM, HPCCG, phpccg and the create/destroy cost under plain
#           TCG (wall-clock time, secondary)
#   short   not in the default list: one 2-CPU host measuring Linux stock
#           on CPU 1 (sa), then the LWK in a VM on CPU 1 (sd), CPU 0
#           probed; one boot instead of two, for the short test
#
# Every vCPU that is not measured runs a selfish probe, the control that
# lets bench/analyze.py remove QEMU's round-robin artifact. Writes
# $BUILD/bench/raw/CONFIG.log (the machines' output), selfish.tsv,
# apps.tsv, cost.tsv, table.txt and the plots; prints the table.
#
# Environment: BENCH_SECONDS (selfish duration, default 1), BENCH_PLOTS
# (directory for the PNGs, default Documentation/perf; empty for none),
# BENCH_OUT (instead of $BUILD/bench), BENCH_APPS=0 (no STREAM/HPCCG
# runs in a1 b1 c1 d1: the short version of tests/integration), BUILD.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in
/*) build=$BUILD ;;
*) build=$ROOT/$BUILD ;;
esac
OUT=${BENCH_OUT:-$build/bench}
RAW=$OUT/raw
SECONDS_SELFISH=${BENCH_SECONDS:-1}
PLOTS=${BENCH_PLOTS-$ROOT/Documentation/perf}
EMUHOST=$ROOT/images/emuhost/emuhost
RUNLWK=$ROOT/tests/lib/run-lwk.sh
# -seed and a fixed RTC: RDRAND and the clock at boot are the same every
# run, so a run repeats instruction for instruction.
ICOUNT=(--qemu -icount --qemu shift=0,sleep=off --qemu -seed --qemu 1
	--qemu -rtc --qemu base=2026-01-01T00:00:00,clock=vm)
ALL="a1 a3 b1 b3 c1 c3 d1 d3 cost tcg"

configs=${*:-$ALL}
for c in $configs; do
	case " $ALL short " in
	*" $c "*) ;;
	*) echo "run-bench: unknown configuration $c (one of: $ALL)" >&2; exit 2 ;;
	esac
done
for f in v3vmm.ko v3ctl lwk.img selfish stream hpccg phpccg tscstamp; do
	[ -f "$build/$f" ] || { echo "run-bench: no $build/$f (make bench builds it)" >&2; exit 2; }
done
mkdir -p "$RAW"

# host NAME TITLE SMP APPEND COMMANDS [EXTRA EMUHOST ARGS...]: runs
# COMMANDS on an emulated host of SMP CPUs under icount (with the extra
# kernel command line APPEND) into $RAW/NAME.log.
host() {
	local name=$1 title=$2 smp=$3 append=$4 cmds=$5 rc=0
	local args=(--smp "$smp" --mem 2G --timeout 900 --add "$ROOT/bench/guest-lib.sh" --add "$build/tscstamp")

	shift 5
	[ -n "$append" ] && args+=(--append "$append")
	{
		echo "@@ kv title $title"
		nice "$EMUHOST" "${args[@]}" "$@" ". ./guest-lib.sh; $cmds" 2>&1 || rc=$?
		echo "@@ kv status $rc"
	} >"$RAW/$name.log"
	[ "$rc" -eq 0 ] || { echo "run-bench: $name: the emulated host failed ($rc), see $RAW/$name.log" >&2; exit 1; }
}

# lwk NAME SMP PROGRAM ARGS...: the LWK natively under icount, on the
# same CPU model as the emulated host; appends to $RAW/NAME.log.
lwk() {
	local name=$1 smp=$2 rc=0

	shift 2
	nice "$RUNLWK" --smp "$smp" --cpu EPYC --timeout 300 "${ICOUNT[@]}" \
		--append "lwk.irqstats lwk.showfiles" "$@" >>"$RAW/$name.log" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { echo "run-bench: $name: the LWK run failed ($rc), see $RAW/$name.log" >&2; exit 1; }
}

S=$SECONDS_SELFISH
ISO1="nohz_full=1 isolcpus=1 rcu_nocbs=1 irqaffinity=0"
ISO3="nohz_full=1-3 isolcpus=1-3 rcu_nocbs=1-3 irqaffinity=0"
LINUX_APPS1='apps LINUX env OMP_NUM_THREADS=1 taskset -c CPU'
VM_APPS1='apps VM vm_run 1 256M'
if [ "${BENCH_APPS:-1}" = 0 ]; then
	LINUX_APPS1=true
	VM_APPS1=true
fi
start=$(date +%s)
for c in $configs; do
	t0=$(date +%s)
	case $c in
	a1) host a1 "Linux stock, 1 CPU" 1 "" \
		"measure_linux 0 1 $S; ${LINUX_APPS1/CPU/0}" "${ICOUNT[@]}" ;;
	a3) host a3 "Linux stock, 3 CPUs" 3 "" \
		"measure_linux 0-2 3 $S" "${ICOUNT[@]}" ;;
	b1) host b1 "Linux isolated, 1 CPU" 2 "$ISO1" \
		"probe_start 0; measure_linux 1 1 $S; probe_stop; ${LINUX_APPS1/CPU/1}" "${ICOUNT[@]}" ;;
	b3) host b3 "Linux isolated, 3 CPUs" 4 "$ISO3" \
		"probe_start 0; measure_linux 1-3 3 $S; probe_stop" "${ICOUNT[@]}" ;;
	c1 | c3)
		n=${c#c}
		echo "@@ kv title LWK native, $n CPU$([ "$n" = 1 ] || echo s)" >"$RAW/$c.log"
		echo "@@ selfish measured" >>"$RAW/$c.log"
		lwk "$c" "$n" "$build/selfish" -d "$S" -t "$n" --threshold 1000 --csv d.csv
		echo "@@ end" >>"$RAW/$c.log"
		if [ "$n" = 1 ] && [ "${BENCH_APPS:-1}" != 0 ]; then
			for app in stream hpccg phpccg; do
				echo "@@ app LWK $app" >>"$RAW/$c.log"
				case $app in
				stream) lwk c1 1 "$build/stream" -n 1000000 -t 5 ;;
				*) lwk c1 1 "$build/$app" 16 16 16 ;;
				esac
			done
			echo "@@ app end" >>"$RAW/$c.log"
		fi ;;
	d1) host d1 "LWK in a VM, 1 core" 2 "" \
		"insmod v3vmm.ko || exit 1; probe_start 0; measure_vm 1 $S; probe_stop; $VM_APPS1" "${ICOUNT[@]}" ;;
	d3) host d3 "LWK in a VM, 3 cores" 4 "" \
		"insmod v3vmm.ko || exit 1; probe_start 0; measure_vm 3 $S; probe_stop" "${ICOUNT[@]}" ;;
	short)
		host short "" 2 "" \
			"echo '@@ part sa Linux stock, CPU 1 of 2'; probe_start 0; measure_linux 1 1 $S; probe_stop; insmod v3vmm.ko || exit 1; echo '@@ part sd LWK in a VM, CPU 1 of 2'; probe_start 0; measure_vm 1 $S; probe_stop" "${ICOUNT[@]}"
		# One log per part, each with its title.
		awk -v dir="$RAW" '/^@@ part / { f = dir "/" $3 ".log"; t = $0; sub(/^@@ part [^ ]* /, "", t); print "@@ kv title " t > f; next } f { print > f }' "$RAW/short.log" ;;
	cost) host cost "create/destroy, icount" 4 "" \
		"insmod v3vmm.ko || exit 1; ./tscstamp --hz | sed 's/^/@@ kv /'; memcost 1 256M; memcost 1 1024M; memcost 3 1024M; offline_cost 256; offline_cost 1024" \
		--mem 3G "${ICOUNT[@]}" ;;
	tcg) host tcg "plain TCG (wall clock)" 2 "" \
		"insmod v3vmm.ko || exit 1; ./tscstamp --hz | sed 's/^/@@ kv /'; ${LINUX_APPS1/CPU/1}; $VM_APPS1; memcost 1 256M; memcost 1 1024M; offline_cost 1024" \
		--mem 3G ;;
	esac
	echo "run-bench: $c done in $(($(date +%s) - t0)) s" >&2
done
echo "run-bench: all runs done in $(($(date +%s) - start)) s" >&2

# The tables cover whatever logs exist, so that one configuration can be
# rerun alone.
have=""
for c in $ALL sa sd; do
	[ -f "$RAW/$c.log" ] && have="$have $c"
done
# shellcheck disable=SC2086
python3 "$ROOT/bench/analyze.py" "$OUT" $have | tee "$OUT/table.txt"
if [ -n "$PLOTS" ] && [ -f "$OUT/selfish.tsv" ]; then
	"$ROOT/bench/plot.sh" "$OUT" "$PLOTS"
fi
# With the default plots, the table in Documentation/performance.md is
# the one just printed too.
if [ "$PLOTS" = "$ROOT/Documentation/perf" ]; then
	python3 "$ROOT/bench/doc-table.py" "$ROOT/Documentation/performance.md" "$OUT/table.txt"
fi
